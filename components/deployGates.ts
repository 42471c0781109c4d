/**
 * The two steps `pulumi up` runs at deploy time with the ECS API, as dynamic
 * resources so the preview lists them and the engine orders them:
 * - PreDeployTask: the new task definition run once (e.g. migrations), before
 *   the service switches to it; runs only when the task definition changes.
 * - RolloutWatch: after the service, waits for the rollout's outcome and fails
 *   the update, with ECS's reasons, when it fails or is rolled back.
 *
 * The Node SDK serialises each provider object into the state (`__provider`)
 * and runs it in a fresh process (@pulumi/pulumi dynamic/index.ts
 * serializeProvider; cmd/dynamic-provider getProvider uses require-from-string).
 * So the providers capture only code: the SDK clients are required from
 * node_modules there, and every value comes in through the inputs, none secret.
 * Credentials and region follow the SDK's standard chain in that process.
 */
import * as pulumi from "@pulumi/pulumi";
import { deployFailure, isDeployFailure } from "../core/deploy/failure";
import { continueCommands, describePause, type Pause } from "../core/deploy/lifecycle";
import { runOneOffTask } from "./ecsTask";
import { watchRollout } from "./ecsRollout";

/** The ECS waiters' cadence: tasks-stopped asks every 6 s, services-stable every 15 s. */
const TASK_POLL_SECONDS = 6;
const SERVICE_POLL_SECONDS = 15;

export interface PreDeployInputs {
    region: string;
    cluster: string;
    taskDefinitionArn: string;
    subnets: string[];
    securityGroups: string[];
    assignPublicIp: boolean;
    container: string;
    command: string[];
    timeoutSeconds: number;
    pollSeconds: number;
}

export interface RolloutWatchInputs {
    region: string;
    cluster: string;
    service: string;
    taskDefinitionArn: string;
    /** Changes whenever the service's deployment-relevant inputs do, so a service-only change is watched too. */
    serviceFingerprint: string;
    timeoutSeconds: number;
    pollSeconds: number;
    /** The service's PAUSE hooks (service.pauses): the watch waits at each, up to its timeout. */
    pauses?: { stage: string; timeoutMinutes: number; onTimeout: "CONTINUE" | "ROLLBACK" }[];
    /** service.failFast.afterFailedTasks: roll back once this many tasks of the new revision failed. */
    failFastAfterTasks?: number;
}

async function runPreDeploy(i: PreDeployInputs): Promise<PreDeployInputs & { taskArn: string; exitCode: number }> {
    const what = `pre-deploy command ${JSON.stringify(i.command)}`;
    let result;
    try {
        result = await runOneOffTask({ ...i, taskDefinition: i.taskDefinitionArn, startedBy: "pulumi-pre-deploy" });
    } catch (e) {
        throw new Error(`${what} could not run, so the service was not updated: ${aboutError(e)}`);
    }
    if (!result.ok)
        throw new Error(
            [`${what} failed, so the service was not updated: ${result.headline}`, ...result.log].join("\n"),
        );
    return { ...i, taskArn: result.taskArn, exitCode: result.exitCode ?? 0 };
}

/**
 * A dynamic provider's stdout and stderr lines are shown by the engine as info
 * messages of the update (pulumi/pulumi sdk/go/common/resource/plugin/plugin.go,
 * newPlugin: isDynamicPluginBinary keeps pulumi-resource-pulumi-nodejs's output);
 * stdout is the engine's port handshake, so the watch speaks on stderr.
 */
const say = (line: string) => void process.stderr.write(`${line}\n`);

async function watch(
    i: RolloutWatchInputs,
): Promise<RolloutWatchInputs & { runningTaskDefinition: string; outcome: string }> {
    const paused: Pause[] = [];
    const howToContinue = continueCommands(i.cluster, i.service);
    let v;
    try {
        v = await watchRollout({
            cluster: i.cluster,
            service: i.service,
            taskDefinition: i.taskDefinitionArn,
            region: i.region,
            timeoutSeconds: i.timeoutSeconds,
            pollSeconds: i.pollSeconds,
            pauses: i.pauses,
            failFastAfterTasks: i.failFastAfterTasks,
            whenPaused: "wait", // a paused deployment is never done: wait up to the hook's timeout
            onProgress: (line, _v, kind) => kind === "stage" && say(line),
            onPaused: (p) => {
                if (p.pause) paused.push(p.pause);
                say(`${p.headline}; waiting for it. ${howToContinue}`);
            },
        });
    } catch (e) {
        if (isDeployFailure(e, "RolloutFailed")) {
            if (!paused.length) throw e; // its message is the whole story
            const at = paused.map(describePause).join("; ");
            throw deployFailure(
                "RolloutFailed",
                `${e.message}\n  it paused at ${at}; a pause is acted on with ${howToContinue}`,
            );
        }
        throw new Error(`the rollout of ${i.taskDefinitionArn} could not be watched: ${aboutError(e)}`);
    }
    if (v.state !== "completed")
        throw new Error(`the rollout of ${i.taskDefinitionArn} ended unfinished: ${v.headline}`);
    const continued = paused.length ? ` (continued at ${paused.map((p) => p.stage ?? p.hookId).join(", ")})` : "";
    return { ...i, runningTaskDefinition: v.running ?? i.taskDefinitionArn, outcome: `${v.headline}${continued}` };
}

/** Our failures speak for themselves; an AWS error is shown with its name (e.g. AccessDeniedException). */
function aboutError(e: unknown): string {
    if (isDeployFailure(e, "WatchError", "OneOffTaskError", "EndpointError")) return e.message;
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** The dynamic provider's diff sees old outputs and new inputs; only these keys decide a run. */
function changed(
    keys: string[],
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
    return { changes: keys.some((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])) };
}

export const preDeployProvider: pulumi.dynamic.ResourceProvider = {
    // Only a new task definition runs it again: a change of timeout or network alone is not a release.
    diff: async (_id, olds: Record<string, unknown>, news: Record<string, unknown>) =>
        changed(["taskDefinitionArn"], olds, news),
    create: async (inputs: PreDeployInputs) => {
        const outs = await runPreDeploy(inputs);
        return { id: outs.taskArn, outs };
    },
    update: async (_id, _olds, news: PreDeployInputs) => ({ outs: await runPreDeploy(news) }),
    delete: async () => {}, // a finished task leaves nothing behind
};

export const rolloutWatchProvider: pulumi.dynamic.ResourceProvider = {
    diff: async (_id, olds: Record<string, unknown>, news: Record<string, unknown>) =>
        changed(["taskDefinitionArn", "serviceFingerprint", "cluster", "service"], olds, news),
    create: async (inputs: RolloutWatchInputs) => {
        const outs = await watch(inputs);
        return { id: `${inputs.cluster}/${inputs.service}`, outs };
    },
    update: async (_id, _olds, news: RolloutWatchInputs) => ({ outs: await watch(news) }),
    delete: async () => {},
};

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export class PreDeployTask extends pulumi.dynamic.Resource {
    declare readonly taskArn: pulumi.Output<string>;
    declare readonly exitCode: pulumi.Output<number>;

    constructor(name: string, args: Omit<Inputs<PreDeployInputs>, "pollSeconds">, opts?: pulumi.CustomResourceOptions) {
        super(
            preDeployProvider,
            name,
            { ...args, pollSeconds: TASK_POLL_SECONDS, taskArn: undefined, exitCode: undefined },
            opts,
            "ecs-deploy",
            "PreDeployTask",
        );
    }
}

export class RolloutWatch extends pulumi.dynamic.Resource {
    /** The task definition the service runs once the rollout completed. */
    declare readonly runningTaskDefinition: pulumi.Output<string>;
    declare readonly outcome: pulumi.Output<string>;

    constructor(
        name: string,
        args: Omit<Inputs<RolloutWatchInputs>, "pollSeconds">,
        opts?: pulumi.CustomResourceOptions,
    ) {
        // With fail fast the watch looks at stopped tasks as often as the tasks-stopped waiter does.
        const pollSeconds = pulumi
            .output(args.failFastAfterTasks)
            .apply((n) => (n ? TASK_POLL_SECONDS : SERVICE_POLL_SECONDS));
        super(
            rolloutWatchProvider,
            name,
            { ...args, pollSeconds, runningTaskDefinition: undefined, outcome: undefined },
            opts,
            "ecs-deploy",
            "RolloutWatch",
        );
    }
}
