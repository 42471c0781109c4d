import type { StackConfig, WorkerConfig } from "../config/types";

/**
 * A worker's service settings: the web service's way of deploying (circuit breaker, rollout watch,
 * ECS Exec, steady-state wait), rolling with 100/200 since nothing shifts traffic, and the worker's
 * own count, scaling and capacity. No load balancer, alarms, pauses, pre-deploy task or fail-fast:
 * those belong to the web service (the pre-deploy task runs once for every service).
 */
export function workerService(web: StackConfig["service"], w: WorkerConfig): StackConfig["service"] {
    return {
        ...web,
        desiredCount: w.desiredCount,
        strategy: "ROLLING",
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        bakeTimeMinutes: 0,
        loadBalancer: undefined,
        autoscaling: w.autoscaling,
        rolloutTimeoutSeconds: undefined,
        preDeploy: undefined,
        alarms: undefined,
        pauses: [],
        failFast: undefined,
        capacity: w.capacity,
    };
}
