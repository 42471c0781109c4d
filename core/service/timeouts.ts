import type { StackConfig } from "../config/types";
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
 * plus the start allowance, never below the provider's default.
 */
export function serviceTimeouts(
    service: StackConfig["service"],
    containerDefinitions: unknown,
): { create: string; update: string; minutes: number; worstCaseSeconds: number } {
    const estimate = estimateRollout(rolloutInputsFromConfig(service, containerDefinitions));
    const minutes = Math.max(
        PROVIDER_SERVICE_TIMEOUT_MINUTES,
        Math.ceil(estimate.serialSeconds / 60) + START_ALLOWANCE_MINUTES,
    );
    return { create: `${minutes}m`, update: `${minutes}m`, minutes, worstCaseSeconds: estimate.serialSeconds };
}
