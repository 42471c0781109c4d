import type { ContainerDefinition, Task, TaskDefinition } from "@aws-sdk/client-ecs";
import type { GetScheduleOutput } from "@aws-sdk/client-scheduler";
import { deployFailure } from "./failure";
import { chooseContainer, logStreamOf, type OneOffRequest } from "./oneOffTask";
import { revisionOf, taskId } from "./rolloutStatus";

/**
 * A scheduled job run by hand (`npm run task -- --stack S --job J`), and its recent runs (`--history`):
 * the EventBridge Scheduler schedule's target turned into the RunTask request it makes, and the job's
 * stopped tasks in words. Pure; the AWS calls live in cli/job.ts and components/ecsTask.ts.
 */
export interface JobRef {
    job: string;
    stack: string;
    /** The schedule group: `<project>-<stack>`, as the program names it. */
    group: string;
    region: string;
    /** Where the region came from: `--region`, the stack file or AWS_REGION. */
    regionFrom: string;
}

/** RunTask's startedBy takes 36 letters, digits, -, / and _ (RunTask API reference): a hand run says so. */
export const jobStartedBy = (job: string) => `by-hand/${job}`.slice(0, 36);

const where = (r: JobRef) => `stack ${r.stack}, ${r.region} from ${r.regionFrom}`;

/** GetSchedule's ResourceNotFoundException: the schedule, its group and stack, and the two likely causes. */
export function scheduleMissing(r: JobRef, aws: string): Error {
    return deployFailure(
        "OneOffTaskError",
        `job ${r.job}: schedule ${r.job} is not in schedule group ${r.group} (${where(r)}; AWS: ${aws.replace(/\s+/g, " ").trim()}); ` +
            `run npx pulumi up -s ${r.stack} if the job is new, or check the job name under ecs-deploy:schedules in Pulumi.${r.stack}.yaml`,
    );
}

/** The task the schedule's target runs, exactly: cluster, task definition, network, capacity, platform version. */
export function jobRequest(schedule: Pick<GetScheduleOutput, "Target">, r: JobRef): OneOffRequest {
    const target = schedule.Target;
    const ecs = target?.EcsParameters;
    if (!target?.Arn || !ecs?.TaskDefinitionArn || !/^arn:[^:]+:ecs:[^:]*:[^:]*:cluster\//.test(target.Arn))
        throw deployFailure(
            "OneOffTaskError",
            `job ${r.job}: schedule ${r.group}/${r.job} (${where(r)}) does not run an ECS task: its target is ` +
                `${target?.Arn ?? "missing"}${ecs ? "" : " with no EcsParameters"}; ` +
                `run npx pulumi up -s ${r.stack} to put back the target the program gives it`,
        );
    const vpc = ecs.NetworkConfiguration?.awsvpcConfiguration;
    return {
        cluster: target.Arn,
        taskDefinition: ecs.TaskDefinitionArn,
        subnets: vpc?.Subnets ?? [],
        securityGroups: vpc?.SecurityGroups ?? [],
        assignPublicIp: vpc?.AssignPublicIp === "ENABLED",
        capacity: { launchType: ecs.LaunchType, capacityProviderStrategy: ecs.CapacityProviderStrategy },
        platformVersion: ecs.PlatformVersion,
    };
}

/** The family of a task definition ARN (`.../task-definition/<family>:<revision>`). */
export function familyOf(taskDefinitionArn: string): string {
    return revisionOf(taskDefinitionArn).replace(/:\d+$/, "");
}

/** How a job's task runs, for the line before it starts. */
export function placement(o: OneOffRequest): string {
    const strategy = o.capacity?.capacityProviderStrategy ?? [];
    const where = strategy.length
        ? `capacity ${strategy.map((s) => `${s.capacityProvider} weight ${s.weight ?? 0} base ${s.base ?? 0}`).join(", ")}`
        : `launch type ${o.capacity?.launchType ?? "(the cluster's default strategy)"}`;
    return `${revisionOf(o.taskDefinition)} in ${revisionOf(o.cluster)} on ${where}, platform ${o.platformVersion ?? "LATEST"}`;
}

/** Stopped tasks listed at most: the newest first. */
export const MAX_HISTORY = 20;

const iso = (d: Date | number | undefined) => (d === undefined ? undefined : new Date(d).toISOString());
/** A task still stopping sorts before every stopped one. */
const stoppedTime = (t: Task) => (t.stoppedAt === undefined ? Infinity : new Date(t.stoppedAt).getTime());

/** One stopped task: when, the deciding container's exit code or why it did not exit, the stop reason. */
function taskLine(t: Task, container: string | undefined): string {
    const c = t.containers?.find((x) => x.name === container) ?? t.containers?.[0];
    const outcome =
        c?.exitCode !== undefined
            ? `container ${c.name} ${c.exitCode === 0 ? "exited 0" : `exited with code ${c.exitCode}`}${c.reason ? ` (${c.reason})` : ""}`
            : `container ${c?.name ?? container ?? "?"} did not exit${c?.reason ? ` (${c.reason})` : ""}`;
    const when = [
        t.startedAt ? `started ${iso(t.startedAt)}` : `created ${iso(t.createdAt) ?? "?"}, never started`,
        t.stoppedAt ? `stopped ${iso(t.stoppedAt)}` : `still ${t.lastStatus ?? "stopping"}`,
    ];
    const by = t.startedBy ? `, started by ${t.startedBy}` : "";
    const why = [t.stoppedReason, t.stopCode].filter(Boolean).join("; ");
    return `  task ${taskId(t.taskArn)} of ${revisionOf(t.taskDefinitionArn ?? "?")}, ${when.join(", ")}${by}: ${outcome}${why ? `; ${why}` : ""}`;
}

/** The container that decides a task of `def`: `wanted`, or the first essential one. */
function deciding(def: TaskDefinition | undefined, wanted: string | undefined): ContainerDefinition | undefined {
    const containers = def?.containerDefinitions ?? [];
    if (!containers.length) return undefined;
    const name = chooseContainer(containers, wanted, `task definition ${def?.taskDefinitionArn}`);
    return containers.find((c) => c.name === name);
}

export interface JobHistory {
    cluster: string;
    family: string;
    /** The job's stopped tasks as DescribeTasks gives them, any order. */
    tasks: Task[];
    /** Their task definitions (DescribeTaskDefinition), and the schedule's current one. */
    definitions: TaskDefinition[];
    /** The schedule's task definition ARN: its log group is where older runs are. */
    current: string;
    /** The schedule's dead-letter queue: where runs the scheduler could not start go. */
    deadLetterArn?: string;
}

/** The job's recent runs, newest first, each with its log stream; then where older runs and failed starts are. */
export function historyLines(r: JobRef, h: JobHistory, container?: string): string[] {
    const defOf = (arn: string | undefined) => h.definitions.find((d) => d.taskDefinitionArn === arn);
    const tasks = [...h.tasks].sort((a, b) => stoppedTime(b) - stoppedTime(a));
    const shown = tasks.slice(0, MAX_HISTORY);
    const lines =
        tasks.length === 0
            ? [
                  `job ${r.job}: no stopped tasks of ${h.family} are visible in cluster ${revisionOf(h.cluster)}: ` +
                      "the job has not run, or its tasks stopped over an hour ago",
              ]
            : [
                  `job ${r.job}: ${tasks.length} stopped task${tasks.length > 1 ? "s" : ""} of ${h.family} ` +
                      `in cluster ${revisionOf(h.cluster)}, newest first` +
                      (shown.length < tasks.length ? ` (the ${shown.length} newest shown)` : ""),
              ];
    for (const t of shown) {
        const c = deciding(defOf(t.taskDefinitionArn), container);
        lines.push(taskLine(t, c?.name));
        const stream = logStreamOf(c, t.taskArn ?? "");
        lines.push(stream ? `    log ${stream.group} ${stream.stream}` : "    (no awslogs log configured)");
    }
    // DescribeTasks: "stopped tasks appear in the returned results for at least one hour" (ECS API reference).
    const group = logStreamOf(deciding(defOf(h.current), container), "x")?.group;
    lines.push(
        "ECS shows a stopped task for about an hour after it stops; older runs are only in the logs" +
            (group ? `: aws logs tail ${group} --since 1d --region ${r.region}` : ""),
    );
    if (h.deadLetterArn)
        lines.push(
            `a run the scheduler could not start leaves no task; it goes to the dead-letter queue ${h.deadLetterArn}`,
        );
    return lines;
}
