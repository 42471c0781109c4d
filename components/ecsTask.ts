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
    RunTaskCommand,
    StopTaskCommand,
    type Task,
} from "@aws-sdk/client-ecs";
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

export async function runOneOffTask(o: RunOptions): Promise<RunResult> {
    const config = o.region ? { region: o.region } : {};
    const ecs = new ECSClient(config);
    checkAnswers(ecs, "ECS");
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
