import type { ServiceDeployment } from "@aws-sdk/client-ecs";

/**
 * The lifecycle stages of an ECS-native service deployment, in the order a
 * deployment passes them (ECS API reference, ServiceDeployment.lifecycleStage;
 * developer guide "Lifecycle hooks for Amazon ECS service deployments").
 * CANARY and LINEAR pass PRE_PRODUCTION_TRAFFIC_SHIFT and
 * PRODUCTION_TRAFFIC_SHIFT once per traffic step; RECONCILE_SERVICE happens
 * only when more than one service revision is ACTIVE. ROLLING deployments
 * report no stage. Strings, not the SDK's ServiceDeploymentLifecycleStage: in
 * @aws-sdk/client-ecs 3.1162 that enum lacks PRE_PRODUCTION_TRAFFIC_SHIFT,
 * which its own documentation of lifecycleStage lists and the hook-stage enum
 * (DeploymentLifecycleHookStage) has. test/core/deploy/lifecycle.test.ts checks
 * this list holds both enums' values.
 */
export const LIFECYCLE_STAGES: string[] = [
    "RECONCILE_SERVICE",
    "PRE_SCALE_UP",
    "SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRE_PRODUCTION_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
    "BAKE_TIME",
    "CLEAN_UP",
];

export function isLifecycleStage(s: string): boolean {
    return LIFECYCLE_STAGES.includes(s);
}

/** A PAUSE hook holding a deployment: ECS waits for ContinueServiceDeployment or the hook's timeout. */
export interface Pause {
    hookId: string;
    /** The stage the deployment is held at (the hook detail does not name it; the deployment's lifecycleStage does). */
    stage?: string;
    expiresAt?: Date;
    timeoutAction?: string;
}

/** The pause configured in the stack, as the rollout watch gets it. */
export interface PauseConfig {
    stage: string;
    timeoutMinutes: number;
    onTimeout: "CONTINUE" | "ROLLBACK";
}

/**
 * The PAUSE hook the deployment waits at, if any: lifecycleHookDetails lists
 * it with targetType PAUSE and status AWAITING_ACTION, and ECS accepts
 * ContinueServiceDeployment only then and only while the deployment is
 * IN_PROGRESS (developer guide "Pause hooks for Amazon ECS service
 * deployments" and "Continuing service deployments"). `acted` lists hooks
 * already continued or rolled back, which ECS may still show for a moment.
 */
export function pausedAt(sd: ServiceDeployment | undefined, acted: string[] = []): Pause | undefined {
    if (sd?.status !== "IN_PROGRESS") return undefined;
    const hook = (sd.lifecycleHookDetails ?? []).find(
        (h) => h.targetType === "PAUSE" && h.status === "AWAITING_ACTION" && h.hookId && !acted.includes(h.hookId),
    );
    if (!hook?.hookId) return undefined;
    return {
        hookId: hook.hookId,
        stage: sd.lifecycleStage,
        expiresAt: hook.expiresAt,
        timeoutAction: hook.timeoutAction,
    };
}

/** A PAUSE hook that ran out of time (ECS then took its timeout action). */
export function timedOutPause(sd: ServiceDeployment | undefined): Pause | undefined {
    const hook = (sd?.lifecycleHookDetails ?? []).find((h) => h.targetType === "PAUSE" && h.status === "TIMED_OUT");
    return hook?.hookId
        ? { hookId: hook.hookId, expiresAt: hook.expiresAt, timeoutAction: hook.timeoutAction }
        : undefined;
}

/**
 * Whether the deployment has reached `stage`: it is there now, the watch saw
 * it there, or it is at a later stage (a short stage can pass between two
 * polls). A completed deployment has passed every stage it has.
 */
export function stageReached(sd: ServiceDeployment | undefined, stage: string, seen: string[]): boolean {
    if (seen.includes(stage) || sd?.status === "SUCCESSFUL") return true;
    const now = sd?.lifecycleStage ? LIFECYCLE_STAGES.indexOf(sd.lifecycleStage) : -1;
    return sd?.status === "IN_PROGRESS" && now >= 0 && now >= LIFECYCLE_STAGES.indexOf(stage);
}

/** The commands that continue or roll back a paused deployment, as `npm run continue` takes them. */
export function continueCommands(cluster: string, service: string): string {
    const cmd = `npm run continue -- --cluster ${cluster} --service ${service}`;
    return `continue: ${cmd}; roll back: ${cmd} --rollback`;
}

/** "POST_TEST_TRAFFIC_SHIFT, hook ecs-pause-1 (ECS will ROLLBACK it at 2026-12-02T08:00:00.000Z)". */
export function describePause(p: Pause): string {
    const when = p.expiresAt ? ` at ${new Date(p.expiresAt).toISOString()}` : "";
    const then = p.timeoutAction ? ` (ECS will ${p.timeoutAction} it${when} unless it is continued first)` : "";
    return `${p.stage ?? "its current lifecycle stage"}, hook ${p.hookId}${then}`;
}

/**
 * How long the watch inside `pulumi up` waits at a pause: until the hook's
 * expiry (or the configured timeout from when the pause was seen), plus a
 * margin for ECS to take the timeout action; past that the watch gives up.
 */
export function pauseDeadline(p: Pause, pauses: PauseConfig[], seenAt: number, pollSeconds: number): number {
    const configured = pauses.find((c) => c.stage === p.stage)?.timeoutMinutes;
    // DeploymentLifecycleHookTimeoutConfiguration.timeoutInMinutes defaults to 1440 (ECS API reference).
    const expires = p.expiresAt ? new Date(p.expiresAt).getTime() : seenAt + (configured ?? 1440) * 60_000;
    return expires + Math.max(60, 4 * pollSeconds) * 1000;
}
