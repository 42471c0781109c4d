/**
 * Runs one Fargate task to completion and reads its log, as `npm run task` and
 * the PreDeployTask step of `pulumi up` both do. Standard SDK configuration
 * (credential chain, region or AWS_REGION, AWS_ENDPOINT_URL_ECS /
 * AWS_ENDPOINT_URL_CLOUDWATCH_LOGS / AWS_ENDPOINT_URL). No Pulumi import.
 */
import { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
    DescribeTaskDefinitionCommand,
    DescribeTasksCommand,
    ECSClient,
    ListTasksCommand,
    RunTaskCommand,
    StopTaskCommand,
    type Task,
    type TaskDefinition,
} from "@aws-sdk/client-ecs";
import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from "@smithy/types";
import { deployFailure } from "../core/deploy/failure";
import {
    chooseContainer,
    formatLogTail,
    logStreamOf,
    OneOffRequest,
    runTaskInput,
    taskOutcome,
} from "../core/deploy/oneOffTask";
import { taskId } from "../core/deploy/rolloutStatus";
import { checkAnswers } from "./awsAnswers";

export interface RunOptions extends OneOffRequest {
    region?: string;
    timeoutSeconds: number;
    /** How often to ask ECS (the SDK's tasks-stopped waiter asks every 6 s). */
    pollSeconds: number;
    /** Shown in the ECS console's "started by". */
    startedBy: string;
    /** How many log lines to show. */
    tailLines?: number;
    onProgress?: (line: string) => void;
}

export interface RunResult {
    ok: boolean;
    headline: string;
    /** The log tail, formatted one line each. */
    log: string[];
    taskArn: string;
    exitCode?: number;
}

/** The task did not succeed: an Error named TaskFailed, its message the headline and then the log tail. */
export const taskFailed = (result: RunResult) =>
    deployFailure("TaskFailed", [result.headline, ...result.log].join("\n"));

const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

/** An AWS error, marked with the IAM action of the call that got it (`ecs:RunTask`): messages name what was refused. */
export type ActionError = Error & { action?: string };

/**
 * Marks each AWS error of the client's calls with `<prefix>:<operation>`: ECS, CloudWatch Logs and
 * EventBridge Scheduler name their IAM actions after their operations (Service Authorization Reference).
 */
export function nameActions<I extends object, O extends MetadataBearer>(
    client: { middlewareStack: MiddlewareStack<I, O> },
    prefix: string,
): void {
    const mark: InitializeMiddleware<I, O> = (next, context) => async (args) => {
        try {
            return await next(args);
        } catch (e) {
            if (e instanceof Error && "$metadata" in e && context.commandName)
                (e as ActionError).action = `${prefix}:${context.commandName.replace(/Command$/, "")}`;
            throw e;
        }
    };
    client.middlewareStack.add(mark, { step: "initialize", name: "nameActions" });
}

/** A deploy-time ECS client: answers checked, refusals naming their action. */
function ecsClient(config: { region?: string }): ECSClient {
    const ecs = new ECSClient(config);
    checkAnswers(ecs, "ECS");
    nameActions(ecs, "ecs");
    return ecs;
}

export async function runOneOffTask(o: RunOptions): Promise<RunResult> {
    const config = o.region ? { region: o.region } : {};
    const ecs = ecsClient(config);
    const where = `task definition ${o.taskDefinition}`;
    const def = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: o.taskDefinition })))
        .taskDefinition;
    const containers = def?.containerDefinitions ?? [];
    const container = chooseContainer(containers, o.container, where);

    const run = await ecs.send(new RunTaskCommand(runTaskInput(o, container, o.startedBy)));
    const started = run.tasks?.[0];
    if (!started?.taskArn) {
        const why = (run.failures ?? [])
            .map((f) => `${f.reason ?? "failed"}${f.detail ? ` (${f.detail})` : ""}`)
            .join("; ");
        throw deployFailure(
            "OneOffTaskError",
            `one-off task of ${o.taskDefinition} did not start: ${why || "RunTask returned no task"}`,
        );
    }
    const arn = started.taskArn;
    o.onProgress?.(`started task ${taskId(arn)}; waiting for it to stop`);

    const begun = Date.now();
    let task: Task | undefined = started;
    let timedOut = false;
    while (task?.lastStatus !== "STOPPED") {
        if ((Date.now() - begun) / 1000 >= o.timeoutSeconds) {
            timedOut = true;
            await ecs.send(
                new StopTaskCommand({
                    cluster: o.cluster,
                    task: arn,
                    reason: `did not stop within ${o.timeoutSeconds}s`,
                }),
            );
            task = await waitStopped(ecs, o.cluster, arn, o.pollSeconds, 120);
            break;
        }
        await sleep(o.pollSeconds);
        task = (await ecs.send(new DescribeTasksCommand({ cluster: o.cluster, tasks: [arn] }))).tasks?.[0];
    }

    const stream = logStreamOf(
        containers.find((c) => c.name === container),
        arn,
    );
    const log = formatLogTail(stream ? await logTail(config, stream, o.tailLines ?? 50) : undefined, stream);
    const outcome = task
        ? taskOutcome(task, container)
        : { ok: false, headline: `one-off task ${taskId(arn)}: ECS no longer describes it` };
    const headline = timedOut
        ? `one-off task ${taskId(arn)}: container ${container} did not stop within ${o.timeoutSeconds}s, ` +
          `so it was stopped (${outcome.headline.replace(/^one-off task \S+ of \S+: /, "")})`
        : outcome.headline;
    const exitCode = task?.containers?.find((c) => c.name === container)?.exitCode;
    return { ok: outcome.ok && !timedOut, headline, log, taskArn: arn, exitCode };
}

async function waitStopped(
    ecs: ECSClient,
    cluster: string,
    arn: string,
    pollSeconds: number,
    maxSeconds: number,
): Promise<Task | undefined> {
    const begun = Date.now();
    for (;;) {
        const t = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks?.[0];
        if (!t || t.lastStatus === "STOPPED" || (Date.now() - begun) / 1000 >= maxSeconds) return t;
        await sleep(pollSeconds);
    }
}

/** The last lines of the container's stream; undefined when the stream does not exist. */
async function logTail(
    config: { region?: string },
    s: { group: string; stream: string },
    lines: number,
): Promise<string[] | undefined> {
    const logs = new CloudWatchLogsClient(config);
    checkAnswers(logs, "CloudWatch Logs");
    nameActions(logs, "logs");
    try {
        const out = await logs.send(
            new GetLogEventsCommand({
                logGroupName: s.group,
                logStreamName: s.stream,
                startFromHead: false,
                limit: lines,
            }),
        );
        return (out.events ?? []).map((e) => e.message ?? "");
    } catch (e) {
        if ((e as Error).name === "ResourceNotFoundException") return undefined;
        throw e;
    }
}

/**
 * A task-definition family's stopped tasks in a cluster (ListTasks with desiredStatus STOPPED, one page of up to
 * 100, then DescribeTasks), and the task definitions they and `current` ran (DescribeTaskDefinition), for `--history`.
 */
export async function stoppedTasksOf(o: {
    cluster: string;
    family: string;
    current: string;
    region?: string;
}): Promise<{ tasks: Task[]; definitions: TaskDefinition[] }> {
    const ecs = ecsClient(o.region ? { region: o.region } : {});
    const listed = await ecs.send(
        new ListTasksCommand({ cluster: o.cluster, family: o.family, desiredStatus: "STOPPED", maxResults: 100 }),
    );
    const arns = listed.taskArns ?? [];
    const tasks = arns.length
        ? ((await ecs.send(new DescribeTasksCommand({ cluster: o.cluster, tasks: arns }))).tasks ?? [])
        : [];
    const wanted = [o.current, ...tasks.map((t) => t.taskDefinitionArn ?? "")].filter(
        (arn, i, all) => arn && all.indexOf(arn) === i,
    );
    const definitions: TaskDefinition[] = [];
    for (const taskDefinition of wanted) {
        const def = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }))).taskDefinition;
        if (def) definitions.push(def);
    }
    return { tasks, definitions };
}
