import type { Task } from "@aws-sdk/client-ecs";

/**
 * Fail fast: a task of the new revision whose essential container failed
 * counts against it; once `afterFailedTasks` have, the watch asks ECS to roll
 * back (StopServiceDeployment, stopType ROLLBACK) instead of waiting for the
 * circuit breaker's max(3, min(200, ceil(0.5 x desired))) failures.
 *
 * What counts is read from Task.stopCode and stoppedReason (ECS API reference,
 * Task.stopCode; developer guide "Stopped tasks error codes"; AWS knowledge
 * center "Why is my Amazon ECS task stopped?"):
 * - TaskFailedToStart: the image could not be pulled or a container could not
 *   start (CannotPullContainerError, ResourceInitializationError,
 *   CannotStartContainerError): counts.
 * - EssentialContainerExited: counts when a container exited non-zero or
 *   never ran (a reason without an exit code); an exit 0 does not.
 * - ServiceSchedulerInitiated: the scheduler stopped it. Counts only for
 *   failed health checks ("Task failed ELB health checks in ...", "Task failed
 *   container health checks"); scale-in and the deployment's own replacements
 *   ("Scaling activity initiated by (deployment ...)") never count.
 * - UserInitiated, SpotInterruption, TerminationNotice, InfrastructureHealth:
 *   someone or something else stopped a healthy task: never counts.
 * Tasks of other revisions, and tasks stopped before the deployment began,
 * are never this rollout's failures.
 */
export interface FailedTask {
    task: Task;
    /** ECS's words for it: the stop reason, then each failing container. */
    reason: string;
}

const time = (d: Date | number | undefined) => (d === undefined ? 0 : d instanceof Date ? d.getTime() : d);

/** Why this task counts as a failure of `target`, or undefined when it does not count. */
export function failureOf(t: Task, target: string, since = 0): string | undefined {
    if (t.taskDefinitionArn !== target || t.lastStatus !== "STOPPED") return undefined;
    if (t.stoppedAt !== undefined && time(t.stoppedAt) < since) return undefined;
    const failing = (t.containers ?? []).filter((c) => (c.exitCode !== undefined ? c.exitCode !== 0 : !!c.reason));
    const containers = failing.map(
        (c) =>
            `container ${c.name ?? "?"} ${c.exitCode !== undefined ? `exited ${c.exitCode}` : "did not run"}` +
            `${c.reason ? ` (${c.reason})` : ""}`,
    );
    const what = [`${t.stopCode ?? "stopped"}: ${t.stoppedReason ?? "no reason given"}`, ...containers].join("; ");
    switch (t.stopCode) {
        case "TaskFailedToStart":
            return what;
        case "EssentialContainerExited":
            return failing.length ? what : undefined;
        case "ServiceSchedulerInitiated":
            return /failed (ELB|container) health checks/i.test(t.stoppedReason ?? "") ? what : undefined;
        default:
            return undefined;
    }
}

/** The target's failed tasks, oldest first, once there are at least `after` of them; else undefined. */
export function failFastTrigger(tasks: Task[], target: string, since: number, after: number): FailedTask[] | undefined {
    const failed = tasks
        .map((task) => ({ task, reason: failureOf(task, target, since) }))
        .filter((f): f is FailedTask => f.reason !== undefined)
        .sort((a, b) => time(a.task.stoppedAt) - time(b.task.stoppedAt));
    return failed.length >= after ? failed : undefined;
}

/**
 * The circuit breaker's threshold for a desired count, with the default
 * BOUNDED_PERCENT 50 (ECS API reference, ServiceDeploymentCircuitBreaker.threshold
 * and ThresholdConfiguration; developer guide "How the Amazon ECS deployment
 * circuit breaker detects failures").
 */
export function circuitBreakerThreshold(desiredCount: number): number {
    return Math.max(3, Math.min(200, Math.ceil(desiredCount * 0.5)));
}
