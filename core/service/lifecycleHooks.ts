import { HOOK_STAGES, type HookStage, type PauseConfig, type StackConfig, type Strategy } from "../config/types";

/*
 * Where ECS can pause a deployment, from AWS's own descriptions:
 * - ECS API Reference, DeploymentLifecycleHook.lifecycleStages (the doc comment in @aws-sdk/client-ecs 3.1162
 *   dist-types/models/models_0.d.ts): the eight hook stages; "PAUSE hooks cannot be configured at
 *   TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT stages. These stages are only valid for AWS_LAMBDA hooks";
 *   PRE_PRODUCTION_TRAFFIC_SHIFT: "For linear and canary deployments, this stage is invoked before every traffic
 *   shift step".
 * - ECS Developer Guide, "Lifecycle hooks for Amazon ECS service deployments" and "Pause hooks for Amazon ECS
 *   service deployments" (deployment-lifecycle-hooks.html, pause-lifecycle-hooks.html): lifecycle stages and
 *   their hooks belong to the blue/green, canary and linear deployments (deployment-type-blue-green.html,
 *   canary-deployment.html, deployment-type-linear.html list them); a rolling update has no lifecycle stages.
 * - The timeout: DeploymentLifecycleHookTimeoutConfiguration, timeoutInMinutes 1..20160, action ROLLBACK | CONTINUE.
 */

/** The strategies whose deployments go through lifecycle stages, so take pauses. */
export const PAUSE_STRATEGIES: readonly Strategy[] = ["BLUE_GREEN", "CANARY", "LINEAR"];
/** Stages only an AWS_LAMBDA hook can use. */
export const LAMBDA_ONLY_STAGES: readonly HookStage[] = ["TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT"];
export const PAUSE_TIMEOUT_MINUTES = { min: 1, max: 20160 } as const;

/** The stages a PAUSE hook can hold a deployment of this strategy at, in the order a deployment reaches them. */
export function pauseStages(strategy: Strategy): HookStage[] {
    if (!PAUSE_STRATEGIES.includes(strategy)) return [];
    return HOOK_STAGES.filter((s) => !LAMBDA_ONLY_STAGES.includes(s));
}

/** How many times one deployment reaches a stage: the pre-shift stage repeats before each canary or linear step. */
export function stageVisits(stage: HookStage, service: StackConfig["service"]): number {
    if (stage !== "PRE_PRODUCTION_TRAFFIC_SHIFT") return 1;
    if (service.strategy === "CANARY") return service.canaryPercent >= 100 ? 1 : 2;
    if (service.strategy === "LINEAR") return Math.ceil(100 / service.linearStepPercent);
    return 1;
}

/** The longest one deployment can stand at its pauses: each pause's timeout, at every visit of its stage. */
export function pauseSeconds(service: StackConfig["service"]): number {
    return service.pauses.reduce((sum, p) => sum + p.timeoutMinutes * 60 * stageVisits(p.stage, service), 0);
}

/** One element of the provider's deploymentConfiguration.lifecycleHooks (@pulumi/aws 7.48 ServiceDeploymentConfigurationLifecycleHook). */
export interface PauseHookInput {
    targetType: "PAUSE";
    lifecycleStages: HookStage[];
    /** The provider types these minutes as a string (tf: nullable int), like the bake times. */
    timeoutConfiguration: { action: PauseConfig["onTimeout"]; timeoutInMinutes: string };
}

/** One PAUSE hook per pause; a PAUSE hook has no Lambda target and no role (hookTargetArn, roleArn unused). */
export function pauseHooks(pauses: PauseConfig[]): PauseHookInput[] {
    return pauses.map((p) => ({
        targetType: "PAUSE",
        lifecycleStages: [p.stage],
        timeoutConfiguration: { action: p.onTimeout, timeoutInMinutes: String(p.timeoutMinutes) },
    }));
}
