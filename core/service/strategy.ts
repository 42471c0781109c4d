import type { StackConfig } from "../config/types";
import { pauseHooks, type PauseHookInput } from "./lifecycleHooks";

/**
 * The deployment half of an ECS service's inputs, from config: how a new
 * revision replaces the old one, and what makes a failed one roll back.
 */
export interface DeploymentSettings {
    deploymentController: { type: "ECS" };
    deploymentCircuitBreaker: { enable: true; rollback: true };
    deploymentMinimumHealthyPercent: number;
    deploymentMaximumPercent: number;
    deploymentConfiguration: {
        strategy: StackConfig["service"]["strategy"];
        bakeTimeInMinutes?: string;
        canaryConfiguration?: { canaryPercent: number; canaryBakeTimeInMinutes: string };
        linearConfiguration?: { stepPercent: number; stepBakeTimeInMinutes: string };
        /** PAUSE hooks (service.pauses); absent without pauses, so a stack without them renders as before. */
        lifecycleHooks?: PauseHookInput[];
    };
    healthCheckGracePeriodSeconds?: number;
    waitForSteadyState: boolean;
    /** Ctrl-C during `pulumi up` rolls the deployment back instead of leaving it half done. */
    sigintRollback: boolean;
}

export function deploymentSettings(service: StackConfig["service"], hasLoadBalancer: boolean): DeploymentSettings {
    const s = service.strategy;
    const shifting = s !== "ROLLING";
    return {
        // ECS-native strategies need the ECS controller (not CODE_DEPLOY or EXTERNAL).
        deploymentController: { type: "ECS" },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: service.minimumHealthyPercent,
        deploymentMaximumPercent: service.maximumPercent,
        deploymentConfiguration: {
            strategy: s,
            // The provider types these minutes as strings.
            bakeTimeInMinutes: shifting ? String(service.bakeTimeMinutes) : undefined,
            canaryConfiguration:
                s === "CANARY"
                    ? {
                          canaryPercent: service.canaryPercent,
                          canaryBakeTimeInMinutes: String(service.canaryBakeTimeMinutes),
                      }
                    : undefined,
            linearConfiguration:
                s === "LINEAR"
                    ? {
                          stepPercent: service.linearStepPercent,
                          stepBakeTimeInMinutes: String(service.linearStepBakeTimeMinutes),
                      }
                    : undefined,
            lifecycleHooks: service.pauses.length > 0 ? pauseHooks(service.pauses) : undefined,
        },
        // ECS uses the grace period only with a load balancer; without one the container's startPeriod does its job.
        healthCheckGracePeriodSeconds: hasLoadBalancer ? service.healthCheckGracePeriodSeconds : undefined,
        waitForSteadyState: service.waitForSteadyState,
        sigintRollback: service.waitForSteadyState, // the provider requires waitForSteadyState for it
    };
}
