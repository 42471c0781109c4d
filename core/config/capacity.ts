/**
 * A capacity object ({ spot, onDemand, base }): how a service's tasks split between
 * Fargate Spot and on-demand Fargate. The web service reads it at service.capacity;
 * any other service can read its own with the same parser.
 */
import { ConfigReader } from "./reader";
import type { CapacityConfig } from "./types";

export interface CapacityRules {
    /** Refuse a strategy that can leave the service with no on-demand task (production's web service). */
    requireOnDemandBase: boolean;
    /** Why, for the message, e.g. "production's web service (protect: true)". */
    subject: string;
}

/**
 * ECS CapacityProviderStrategyItem: weight 0..1000, base 0..100000 and on at most one provider
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html);
 * the provider validates the same ranges (terraform-provider-aws internal/service/ecs/service.go capacity_provider_strategy).
 */
export const MAX_WEIGHT = 1000;
export const MAX_BASE = 100000;

/** Reads `key` of `parent` (e.g. service.capacity, or a worker's capacity); undefined when absent. */
export function parseCapacity(parent: ConfigReader, key: string, rules: CapacityRules): CapacityConfig | undefined {
    if (!parent.has(key)) return void parent.any(key);
    const before = parent.problems.length;
    const r = parent.child(key);
    const out = {
        spot: r.int("spot", 0, 0, MAX_WEIGHT),
        onDemand: r.int("onDemand", 0, 0, MAX_WEIGHT),
        // ECS lets only one provider have a base: here it is always on-demand FARGATE.
        base: r.int("base", 0, 0, MAX_BASE),
    };
    r.done();
    // A value already refused reads as its default (0): judging the split on it would add a second, false problem.
    if (r.problems.length > before) return out;
    // ECS places no task on a provider of weight 0, and needs one weight above 0 in a strategy.
    if (out.spot === 0 && out.onDemand === 0)
        r.fail(
            "",
            "spot and onDemand are both 0, so ECS could place no task",
            "give spot or onDemand a weight above 0, e.g. { spot: 3, onDemand: 1, base: 1 }",
        );
    else if (out.base > 0 && out.onDemand === 0)
        r.fail(
            "base",
            `${out.base} on-demand tasks with onDemand: 0 would leave FARGATE out of the split above the base`,
            "set onDemand to 1 or more, or remove base",
        );
    // Without a base, ECS may place every task on Spot (a small count can round all of them there).
    if (rules.requireOnDemandBase && out.spot > 0 && out.base === 0)
        r.fail(
            "",
            `uses Spot with no on-demand base, so ${rules.subject} could lose all its tasks to Spot interruptions at once`,
            "add an on-demand base, e.g. { spot: 3, onDemand: 1, base: 1 }",
        );
    return out;
}

/**
 * `launchType`: only FARGATE, which is also what no capacity means. ECS takes a launch type or a
 * capacity-provider strategy, never both: "If a capacityProviderStrategy is specified, the launchType
 * parameter must be omitted" (CreateService and RunTask, ECS API Reference).
 */
export function parseLaunchType(parent: ConfigReader, capacity: CapacityConfig | undefined): void {
    const v = parent.any("launchType");
    if (v === undefined) return;
    if (v === "FARGATE_SPOT")
        return parent.fail(
            "launchType",
            "FARGATE_SPOT is a capacity provider, not a launch type",
            "remove launchType and set capacity: { spot: 1 }",
        );
    if (v !== "FARGATE")
        return parent.fail(
            "launchType",
            `${JSON.stringify(v)} is not a launch type this program runs`,
            "remove it (tasks run on Fargate), or set it to FARGATE",
        );
    if (capacity)
        parent.fail(
            "launchType",
            "is set together with capacity, and ECS takes a launch type or a capacity-provider strategy, never both",
            "remove launchType: capacity places the tasks on FARGATE and FARGATE_SPOT",
        );
}
