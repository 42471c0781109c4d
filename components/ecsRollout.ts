/**
 * Watches a service's rollout of one task definition through the ECS API, as
 * `npm run wait`, `npm run continue` and the RolloutWatch step of `pulumi up`
 * do: progress and lifecycle stages as they are entered, pauses at PAUSE
 * hooks, `until` a stage, and fail fast. The SDK takes its standard
 * configuration: the credential chain, the region given or AWS_REGION, and
 * endpoint overrides AWS_ENDPOINT_URL_ECS / AWS_ENDPOINT_URL (@smithy/core
 * middleware-endpoint getEndpointUrlConfig). Throttled calls are retried by
 * the SDK's standard retry strategy. No Pulumi import: the CLI loads this
 * alone, and the dynamic provider serialises it into its closure.
 */
import { ECSClient, type Service, type ServiceDeployment, type Task } from "@aws-sdk/client-ecs";
import { deployFailure } from "../core/deploy/failure";
import { failFastTrigger } from "../core/deploy/failFast";
import { type Pause, type PauseConfig, pauseDeadline, stageReached } from "../core/deploy/lifecycle";
import {
    decideRollout,
    defaultTarget,
    failFastVerdict,
    formatVerdict,
    revisionOf,
    type RolloutObservation,
    type RolloutVerdict,
    timedOut,
} from "../core/deploy/rolloutStatus";
import {
    describeService,
    describeServiceDeployment,
    recentServiceDeployments,
    rollBack,
    stoppedTasks,
    watchError,
} from "./ecsDeployments";
import { checkAnswers } from "./awsAnswers";

export interface WatchOptions {
    cluster: string;
    service: string;
    /** Default: what the service's PRIMARY deployment rolls out. */
    taskDefinition?: string;
    /** Default: the service's current service deployment. */
    serviceDeploymentArn?: string;
    region?: string;
    /** The bound on the rollout, not counting time spent paused at a hook. */
    timeoutSeconds: number;
    /** How often to ask ECS (the SDK's services-stable waiter asks every 15 s). */
    pollSeconds: number;
    /** Resolve once the deployment reaches this lifecycle stage (a verdict "reached"). */
    until?: string;
    /** Roll back (StopServiceDeployment ROLLBACK) and fail once this many new tasks failed. */
    failFastAfterTasks?: number;
    /** At a PAUSE hook: "return" the paused verdict (wait, continue) or "wait" up to the hook's timeout (pulumi up). */
    whenPaused: "return" | "wait";
    /** The stack's pauses: bound the wait when ECS gives no expiry. */
    pauses?: PauseConfig[];
    /** The pause this watch follows up on (continue): its hook is no longer awaited, a rollback comes from it. */
    after?: Pause;
    /** A rollback is the outcome asked for (continue --rollback): resolve with it instead of failing. */
    rollbackIsOutcome?: boolean;
    /** Progress lines: each lifecycle stage as it is entered ("stage"), and where the rollout stands at each look ("status"). */
    onProgress?: (line: string, verdict: RolloutVerdict, kind: "stage" | "status") => void;
    /** Once per pause, when the watch waits at it. */
    onPaused?: (verdict: RolloutVerdict) => void;
}

/** The rollout failed, was rolled back or timed out: an Error named RolloutFailed, its message the headline and then the reasons. */
const rolloutFailed = (v: RolloutVerdict) => deployFailure("RolloutFailed", formatVerdict(v));

const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

export async function watchRollout(o: WatchOptions): Promise<RolloutVerdict> {
    const ecs = new ECSClient(o.region ? { region: o.region } : {});
    checkAnswers(ecs, "ECS");
    const started = Date.now();
    let service = await describeService(ecs, o.cluster, o.service);
    const name = service.serviceName ?? o.service;
    const target = o.taskDefinition ?? defaultTarget(service);
    if (!target) throw watchError(`service ${o.service} has no PRIMARY deployment to watch; pass --task-definition`);
    // The service deployment current when the watch begins is the one this update started;
    // a rollback stays on it as ROLLBACK_* (it does not start a new one).
    const deploymentArn =
        o.serviceDeploymentArn ??
        service.currentServiceDeployment ??
        (await recentServiceDeployments(ecs, o.cluster, o.service))[0];
    const seen: string[] = [];
    let lastPause = o.after;
    let pausedSince: number | undefined;
    let pausedMs = 0;

    for (;;) {
        const serviceDeployment = deploymentArn ? await describeServiceDeployment(ecs, deploymentArn) : undefined;
        const observation: RolloutObservation = {
            target,
            service,
            serviceDeployment,
            since: since(service, target, serviceDeployment, started),
            lastPause,
            acted: o.after ? [o.after.hookId] : [],
        };
        const stopped = () => stoppedTasksIfAllowed(ecs, o.cluster, name);
        const verdict = decideRollout(observation);
        const stage = serviceDeployment?.lifecycleStage;
        if (stage && seen.at(-1) !== stage) {
            seen.push(stage);
            o.onProgress?.(`service ${name}: ${revisionOf(target)} entered lifecycle stage ${stage}`, verdict, "stage");
        }
        if (verdict.state === "completed") return verdict;
        if (verdict.state === "failed" || verdict.state === "rolledBack") {
            const full = decideRollout({ ...observation, stoppedTasks: await stopped() });
            if (verdict.state === "rolledBack" && o.rollbackIsOutcome) return full;
            throw rolloutFailed(full);
        }
        if (o.until && stageReached(serviceDeployment, o.until, seen))
            return {
                ...verdict,
                state: "reached",
                headline: `service ${name}: ${revisionOf(target)} reached ${o.until}`,
            };
        if (o.failFastAfterTasks && serviceDeployment?.status === "IN_PROGRESS") {
            const tasks = await stoppedTasks(ecs, o.cluster, name); // fail fast needs them: a refusal is the watch's failure
            const failed = failFastTrigger(tasks, target, observation.since ?? 0, o.failFastAfterTasks);
            if (failed) {
                const refused = await rollBack(ecs, deploymentArn);
                throw rolloutFailed(failFastVerdict(observation, failed, o.failFastAfterTasks, refused));
            }
        }
        const now = Date.now();
        if (verdict.state === "paused" && verdict.pause) {
            if (o.whenPaused === "return") return verdict;
            if (lastPause?.hookId !== verdict.pause.hookId || pausedSince === undefined) {
                pausedSince = now;
                o.onPaused?.(verdict);
            }
            lastPause = verdict.pause;
            if (now > pauseDeadline(verdict.pause, o.pauses ?? [], pausedSince, o.pollSeconds))
                throw rolloutFailed({
                    ...verdict,
                    state: "failed",
                    headline: `${verdict.headline}, and it did not time out when due: the watch gives up`,
                });
        } else {
            if (pausedSince !== undefined) pausedMs += now - pausedSince;
            pausedSince = undefined;
            // A rollback seen right after a pause came from it; a deployment going on again did not
            // (unless this watch follows its own ROLLBACK of that pause, which ECS may not show yet).
            const ours = o.rollbackIsOutcome && lastPause === o.after;
            if (!serviceDeployment?.status?.startsWith("ROLLBACK") && !ours) lastPause = undefined;
        }
        const active = (now - started - pausedMs - (pausedSince !== undefined ? now - pausedSince : 0)) / 1000;
        if (active >= o.timeoutSeconds)
            throw rolloutFailed(timedOut({ ...observation, stoppedTasks: await stopped() }, o.timeoutSeconds));
        if (verdict.state !== "paused") o.onProgress?.(verdict.headline, verdict, "status");
        await sleep(
            verdict.state === "paused"
                ? o.pollSeconds
                : Math.min(o.pollSeconds, Math.max(0, o.timeoutSeconds - active)),
        );
        service = await describeService(ecs, o.cluster, o.service);
    }
}

/** Events from when the rollout started (or the watch, when ECS gives no start). */
function since(service: Service, target: string, sd: ServiceDeployment | undefined, started: number): number {
    const created = sd?.createdAt ?? service.deployments?.find((d) => d.taskDefinition === target)?.createdAt;
    return created ? new Date(created).getTime() : started;
}

/** Stopped tasks for the reasons; a role that may not read tasks (the approval role) gets the verdict without them. */
async function stoppedTasksIfAllowed(ecs: ECSClient, cluster: string, serviceName: string): Promise<Task[]> {
    try {
        return await stoppedTasks(ecs, cluster, serviceName);
    } catch (e) {
        if (e instanceof Error && e.name === "AccessDeniedException") return [];
        throw e;
    }
}
