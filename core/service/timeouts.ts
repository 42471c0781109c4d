import { MAX_WAIT_SECONDS, type StackConfig } from "../config/types";
import { pauseSeconds } from "./lifecycleHooks";
import { estimateRollout, rolloutInputsFromConfig } from "./rolloutEstimate";

/** terraform-provider-aws internal/service/ecs/service.go: Timeouts Create/Update 20 minutes, Delete 20 minutes. */
export const PROVIDER_SERVICE_TIMEOUT_MINUTES = 20;
/**
 * What the rollout estimate leaves out (it counts task start as 0): image
 * pull, ENI attachment and ECS's own scheduling, per deployment.
 */
export const START_ALLOWANCE_MINUTES = 10;

/**
 * The service's create/update timeouts: the strategy's worst case (every wait
 * added, bake, canary and linear steps included, at the autoscaler's maximum)
 * plus the start allowance, plus each pause's timeout at every visit of its
 * stage (a deployment may stand at a pause that long before ECS acts on it),
 * never below the provider's default.
 */
export function serviceTimeouts(
    service: StackConfig["service"],
    containerDefinitions: unknown,
): { create: string; update: string; minutes: number; worstCaseSeconds: number; pauseSeconds: number } {
    const estimate = estimateRollout(rolloutInputsFromConfig(service, containerDefinitions));
    const pauses = pauseSeconds(service);
    const minutes = Math.max(
        PROVIDER_SERVICE_TIMEOUT_MINUTES,
        Math.ceil((estimate.serialSeconds + pauses) / 60) + START_ALLOWANCE_MINUTES,
    );
    return {
        create: `${minutes}m`,
        update: `${minutes}m`,
        minutes,
        worstCaseSeconds: estimate.serialSeconds,
        pauseSeconds: pauses,
    };
}

/**
 * How long the rollout watch in `pulumi up` waits: service.rolloutTimeoutSeconds when set (config
 * refuses one shorter than the pauses), otherwise the service's own timeout, so the watch can wait
 * at each pause as long as its hook's timeout; at most MAX_WAIT_SECONDS, the deploy's credentials' life.
 */
export function rolloutWatchTimeoutSeconds(service: StackConfig["service"], containerDefinitions: unknown): number {
    if (service.rolloutTimeoutSeconds !== undefined) return service.rolloutTimeoutSeconds;
    return Math.min(MAX_WAIT_SECONDS, serviceTimeouts(service, containerDefinitions).minutes * 60);
}
