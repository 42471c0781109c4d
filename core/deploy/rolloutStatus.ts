import type { Deployment, Service, ServiceDeployment, Task } from "@aws-sdk/client-ecs";
import { circuitBreakerThreshold, type FailedTask } from "./failFast";
import { describePause, type Pause, pausedAt, timedOutPause } from "./lifecycle";

/**
 * Where the rollout of one task-definition revision stands, decided from what
 * ECS answers (DescribeServices, DescribeServiceDeployments, DescribeTasks).
 * Pure: the watcher (`npm run wait` and the RolloutWatch step of `pulumi up`)
 * polls ECS and asks this module what it sees and what to tell the user.
 *
 * The provider's own wait (waitForSteadyState) cannot tell a rollback from a
 * success: after the circuit breaker rolls back, the service is steady again
 * on the old revision (hashicorp/terraform-provider-aws#19519, #20858;
 * pulumi/pulumi-awsx#1848). The service-deployment API keeps the outcome:
 * ServiceDeployment.status ROLLBACK_* with the circuit breaker or alarms as
 * TRIGGERED (ECS API reference, ServiceDeployment / ServiceDeploymentStatus).
 */
export type RolloutState = "completed" | "failed" | "rolledBack" | "inProgress" | "paused" | "reached";

export interface RolloutObservation {
    /** The task definition ARN whose rollout is watched. */
    target: string;
    service: Service;
    /** The service deployment that rolls out `target` (the service's current one when the watch began). */
    serviceDeployment?: ServiceDeployment;
    /** Stopped tasks of the service, any revision; only the target's are reported. */
    stoppedTasks?: Task[];
    /** Events newer than this are the rollout's own (epoch ms). */
    since?: number;
    /** The pause the watch saw at its previous look: a rollback right after it came from the pause. */
    lastPause?: Pause;
    /** Hooks already continued or rolled back (ECS may list them as awaiting for a moment). */
    acted?: string[];
}

export interface RolloutVerdict {
    state: RolloutState;
    /** The one-line summary, naming the service, the revision and what happened. */
    headline: string;
    /** What ECS said about why, one line each: circuit breaker, alarms, stopped tasks, containers, events. */
    reasons: string[];
    /** The task definition the service runs now (its PRIMARY deployment). */
    running?: string;
    /** Where it waits, when paused at a PAUSE hook: never "completed". */
    pause?: Pause;
}

/** `family:42` from a task definition ARN, for messages. */
export function revisionOf(taskDefinitionArn: string): string {
    const slash = taskDefinitionArn.lastIndexOf("/");
    return slash >= 0 ? taskDefinitionArn.slice(slash + 1) : taskDefinitionArn;
}

/** `:41` when the family matches the target's, else the full `family:41`. */
function shortRevision(arn: string, target: string): string {
    const [family, number] = revisionOf(arn).split(":");
    return family === revisionOf(target).split(":")[0] && number ? `:${number}` : revisionOf(arn);
}

// Arrays, not Sets: the dynamic providers serialise this module, and Pulumi's closure serialiser does not carry Set or Map values.
const FAILED_STATES: string[] = ["ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED", "STOPPED"];
const ROLLING_BACK: string[] = ["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"];

export function primaryDeployment(service: Service): Deployment | undefined {
    return service.deployments?.find((d) => d.status === "PRIMARY");
}

/** The task definition to watch when none is given: what the PRIMARY deployment rolls out. */
export function defaultTarget(service: Service): string | undefined {
    return primaryDeployment(service)?.taskDefinition;
}

export function decideRollout(o: RolloutObservation): RolloutVerdict {
    const name = o.service.serviceName ?? "(unnamed service)";
    const rev = revisionOf(o.target);
    const primary = primaryDeployment(o.service);
    const running = primary?.taskDefinition;
    const mine =
        o.service.deployments?.find((d) => d.taskDefinition === o.target && d.status === "PRIMARY") ??
        o.service.deployments?.find((d) => d.taskDefinition === o.target);
    const sd = o.serviceDeployment;
    const verdict = (state: RolloutState, what: string): RolloutVerdict => ({
        state,
        headline: `service ${name}: ${rev} ${what}`,
        reasons: state === "completed" ? [] : reasonsFor(o, mine),
        running,
    });

    if (sd?.status && (FAILED_STATES.includes(sd.status) || ROLLING_BACK.includes(sd.status))) {
        if (sd.status === "STOPPED")
            return verdict(
                "failed",
                `was stopped before it completed${sd.statusReason ? ` (${sd.statusReason})` : ""}`,
            );
        const to = running && running !== o.target ? ` to ${shortRevision(running, o.target)}` : "";
        const by = rollbackCause(sd, o.lastPause);
        if (sd.status === "ROLLBACK_FAILED") return verdict("failed", `failed${by}, and rolling back${to} failed too`);
        if (ROLLING_BACK.includes(sd.status)) return { ...verdict("inProgress", `is being rolled back${to}${by}`) };
        return verdict("rolledBack", `was rolled back${to}${by}`);
    }
    if (mine?.rolloutState === "FAILED") {
        // Circuit breaker with rollback off, or the rollback's own deployment not yet listed.
        return verdict("failed", `failed: ${mine.rolloutStateReason ?? "the deployment failed"}`);
    }
    if (!mine && running && running !== o.target) {
        // ECS dropped the target's deployment: rolled back (or replaced) without a service deployment that says so.
        return verdict("rolledBack", `is no longer deployed: the service runs ${shortRevision(running, o.target)}`);
    }
    const pause = pausedAt(sd, o.acted);
    if (pause) return { ...verdict("paused", `is paused at ${describePause(pause)}`), reasons: [], pause };
    const settled =
        o.service.deployments?.length === 1 && running === o.target && primary?.runningCount === primary?.desiredCount;
    const finished = sd ? sd.status === "SUCCESSFUL" : primary?.rolloutState === "COMPLETED";
    if (settled && finished) {
        return {
            state: "completed",
            headline: `service ${name}: ${rev} is running (${primary?.runningCount ?? 0} of ${primary?.desiredCount ?? 0} tasks)`,
            reasons: [],
            running,
        };
    }
    return { ...verdict("inProgress", "is rolling out"), reasons: [] };
}

/** The verdict when the watch gives up: what it waited for and where things stood. */
export function timedOut(o: RolloutObservation, seconds: number): RolloutVerdict {
    const v = decideRollout(o);
    const mine = o.service.deployments?.find((d) => d.taskDefinition === o.target);
    const counts = mine
        ? `${mine.runningCount ?? 0} of ${mine.desiredCount ?? 0} tasks running, ${mine.pendingCount ?? 0} pending, ${mine.failedTasks ?? 0} failed`
        : "no deployment of it is listed";
    const others = (o.service.deployments ?? [])
        .filter((d) => d.taskDefinition !== o.target)
        .map(
            (d) =>
                `${shortRevision(d.taskDefinition ?? "?", o.target)} ${d.status} with ${d.runningCount ?? 0} running`,
        );
    const sd = o.serviceDeployment?.status ? `; service deployment ${o.serviceDeployment.status}` : "";
    const name = o.service.serviceName ?? "(unnamed service)";
    return {
        state: "failed",
        headline:
            `service ${name}: ${revisionOf(o.target)} did not finish rolling out within ${seconds}s: ` +
            `waited for all tasks to run it and the deployment to complete ` +
            `(${counts}${others.length ? `; also ${others.join(", ")}` : ""}${sd})`,
        reasons: v.reasons.length ? v.reasons : reasonsFor(o, mine),
        running: v.running,
    };
}

/**
 * Who or what rolled it back: an alarm, the circuit breaker, a pause hook's
 * timeout (its hook TIMED_OUT, timeout action ROLLBACK), or a person at the
 * pause (ContinueServiceDeployment with ROLLBACK: the deployment was paused at
 * the previous look and no monitor triggered). Else ECS's rollback reason.
 */
function rollbackCause(sd: ServiceDeployment, lastPause: Pause | undefined): string {
    const alarms = sd.alarms?.status === "TRIGGERED" ? (sd.alarms.triggeredAlarmNames ?? []) : [];
    if (alarms.length) return ` by alarm${alarms.length > 1 ? "s" : ""} ${alarms.join(", ")}`;
    const cb = sd.deploymentCircuitBreaker;
    if (cb?.status === "TRIGGERED")
        return ` by the circuit breaker (${cb.failureCount ?? "?"} failed tasks, threshold ${cb.threshold ?? "?"})`;
    const expired = timedOutPause(sd);
    if (expired && expired.timeoutAction !== "CONTINUE")
        return (
            ` by the pause hook's timeout at ${lastPause?.stage ?? sd.lifecycleStage ?? "its pause"} ` +
            `(hook ${expired.hookId} timed out, timeout action ROLLBACK)`
        );
    const rejected = (sd.lifecycleHookDetails ?? []).find((h) => h.targetType === "PAUSE" && h.status === "FAILED");
    if (lastPause || rejected)
        return (
            ` at the pause at ${lastPause?.stage ?? sd.lifecycleStage ?? "its pause"} by a person ` +
            `(ContinueServiceDeployment with ROLLBACK on hook ${lastPause?.hookId ?? rejected?.hookId})`
        );
    return sd.rollback?.reason ? ` (${sd.rollback.reason})` : "";
}

const MAX_TASKS = 5;
const MAX_EVENTS = 5;

/** Why, in the order a person debugging it reads: the verdict's cause, each failed task and container, then ECS's own events. */
function reasonsFor(o: RolloutObservation, mine: Deployment | undefined): string[] {
    const out: string[] = [];
    const sd = o.serviceDeployment;
    if (sd?.deploymentCircuitBreaker?.status === "TRIGGERED")
        out.push(
            `circuit breaker: triggered after ${sd.deploymentCircuitBreaker.failureCount ?? "?"} failed tasks ` +
                `(threshold ${sd.deploymentCircuitBreaker.threshold ?? "?"})`,
        );
    if (sd?.alarms?.status === "TRIGGERED")
        for (const a of sd.alarms.triggeredAlarmNames ?? [])
            out.push(`alarm: ${a} went into ALARM during the deployment`);
    if (mine?.rolloutStateReason && mine.rolloutState === "FAILED") out.push(`deployment: ${mine.rolloutStateReason}`);
    if (sd?.statusReason) out.push(`service deployment ${sd.status ?? ""}: ${sd.statusReason}`.replace("  ", " "));
    if (sd?.rollback?.reason) out.push(`rollback: ${sd.rollback.reason}`);
    const tasks = (o.stoppedTasks ?? [])
        .filter((t) => t.taskDefinitionArn === o.target)
        .sort((a, b) => time(b.stoppedAt) - time(a.stoppedAt));
    for (const t of tasks.slice(0, MAX_TASKS)) {
        out.push(`task ${taskId(t.taskArn)} stopped: ${t.stoppedReason ?? t.stopCode ?? "no reason given"}`);
        for (const c of t.containers ?? []) {
            if (c.exitCode === undefined && !c.reason) continue;
            out.push(
                `  container ${c.name ?? "?"}: ` +
                    `${c.exitCode !== undefined ? `exit code ${c.exitCode}` : "did not exit"}` +
                    `${c.reason ? `, ${c.reason}` : ""}`,
            );
        }
    }
    if (tasks.length > MAX_TASKS)
        out.push(`(${tasks.length - MAX_TASKS} more stopped tasks of ${revisionOf(o.target)})`);
    const events = (o.service.events ?? [])
        .filter((e) => o.since === undefined || time(e.createdAt) >= o.since)
        .sort((a, b) => time(b.createdAt) - time(a.createdAt));
    for (const e of events.slice(0, MAX_EVENTS))
        out.push(`event ${e.createdAt ? new Date(time(e.createdAt)).toISOString() : "?"}: ${e.message ?? ""}`);
    return out;
}

export function taskId(arn: string | undefined): string {
    return arn ? arn.slice(arn.lastIndexOf("/") + 1) : "?";
}

function time(d: Date | number | undefined): number {
    if (d === undefined) return 0;
    return d instanceof Date ? d.getTime() : d;
}

/**
 * Fail fast's verdict: the rollout was stopped early after `counted` failed
 * tasks of the new revision, and ECS was asked to roll it back (or refused:
 * `refused` says why). Each counted task's reason follows.
 */
export function failFastVerdict(
    o: RolloutObservation,
    counted: FailedTask[],
    after: number,
    refused?: string,
): RolloutVerdict {
    const name = o.service.serviceName ?? "(unnamed service)";
    const primary = primaryDeployment(o.service);
    const desired = o.service.deployments?.find((d) => d.taskDefinition === o.target)?.desiredCount;
    const previous = o.service.deployments?.find((d) => d.taskDefinition !== o.target)?.taskDefinition;
    const breaker = desired ? `; ECS's circuit breaker waits for ${circuitBreakerThreshold(desired)}` : "";
    const asked = refused
        ? `ECS refused to roll it back: ${refused}`
        : `ECS is rolling it back${previous ? ` to ${shortRevision(previous, o.target)}` : ""} (StopServiceDeployment ROLLBACK)`;
    const reasons = counted.map((f) => `task ${taskId(f.task.taskArn)} failed: ${f.reason}`);
    return {
        state: "rolledBack",
        headline:
            `service ${name}: ${revisionOf(o.target)} was stopped early by fail-fast: ` +
            `${counted.length} of its tasks failed (fail fast after ${after}${breaker}); ${asked}`,
        reasons: [...reasons, ...reasonsFor({ ...o, stoppedTasks: [] }, undefined)],
        running: primary?.taskDefinition,
    };
}

/** The message a failed rollout ends with: the headline, then one reason per line. */
export function formatVerdict(v: RolloutVerdict): string {
    return [v.headline, ...v.reasons.map((r) => `  ${r}`)].join("\n");
}
