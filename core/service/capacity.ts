import type { CapacityConfig } from "../config/types";

/** One item of ECS's capacityProviderStrategy, as the provider's ServiceCapacityProviderStrategy takes it. */
export interface CapacityProviderStrategyItem {
    capacityProvider: "FARGATE" | "FARGATE_SPOT";
    weight: number;
    base?: number;
}

/** What a cluster must offer for any capacity object to place tasks. */
export const FARGATE_CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;

/**
 * The strategy for a capacity object: on-demand FARGATE carries the base, and the weights split the rest.
 * Providers of weight 0 are left out: ECS places no task on them, and base is only allowed on one provider
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html).
 */
export function capacityProviderStrategy(c: CapacityConfig): CapacityProviderStrategyItem[] {
    const items: CapacityProviderStrategyItem[] = [];
    if (c.onDemand > 0)
        items.push({ capacityProvider: "FARGATE", weight: c.onDemand, ...(c.base > 0 ? { base: c.base } : {}) });
    if (c.spot > 0) items.push({ capacityProvider: "FARGATE_SPOT", weight: c.spot });
    return items;
}
