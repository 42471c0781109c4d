import type { CapacityProviderStrategyItem, ContainerDefinition, RunTaskCommandInput, Task } from "@aws-sdk/client-ecs";
import { deployFailure } from "./failure";
import { revisionOf, taskId } from "./rolloutStatus";

/**
 * One Fargate task run to completion (a migration before the service switches,
 * or `npm run task`): which container to judge, the RunTask input, where its
 * log is, and what its stop means. Pure; the AWS calls live in components/ecsTask.ts.
 */
export interface OneOffRequest {
    cluster: string;
    taskDefinition: string;
    subnets: string[];
    securityGroups: string[];
    assignPublicIp: boolean;
    /** The container whose exit code decides; default: the first essential container. */
    container?: string;
    /** Replaces the container's command (the image's CMD otherwise). */
    command?: string[];
    /**
     * Where the task runs, as given (a scheduled job's target): a launch type or a capacity-provider strategy, or
     * neither for the cluster's default strategy. Unset: launch type FARGATE.
     */
    capacity?: { launchType?: string; capacityProviderStrategy?: CapacityProviderStrategyItem[] };
    /** The Fargate platform version (ECS's default, LATEST, when unset). */
    platformVersion?: string;
}

/** The container that decides the outcome, by name or the first essential one (ECS's default for `essential` is true). */
export function chooseContainer(
    containers: Pick<ContainerDefinition, "name" | "essential">[],
    wanted: string | undefined,
    where: string,
): string {
    const names = containers.map((c) => c.name ?? "");
    if (wanted !== undefined) {
        if (!names.includes(wanted))
            throw deployFailure(
                "OneOffTaskError",
                `${where}: container "${wanted}" is not in the task definition; use one of ${names.join(", ")}`,
            );
        return wanted;
    }
    const first = containers.find((c) => c.essential !== false) ?? containers[0];
    if (!first?.name) throw deployFailure("OneOffTaskError", `${where}: the task definition has no containers`);
    return first.name;
}

export function runTaskInput(r: OneOffRequest, container: string, startedBy: string): RunTaskCommandInput {
    return {
        cluster: r.cluster,
        taskDefinition: r.taskDefinition,
        // Unless given, on-demand whatever service.capacity says: a Spot interruption would stop a migration halfway.
        // Given, passed as it is: ECS takes a launch type or a strategy, not both (RunTask API reference, launchType).
        ...(r.capacity
            ? {
                  launchType: r.capacity.launchType as RunTaskCommandInput["launchType"],
                  capacityProviderStrategy: r.capacity.capacityProviderStrategy,
              }
            : { launchType: "FARGATE" }),
        platformVersion: r.platformVersion,
        count: 1,
        startedBy, // ECS allows 36 characters: letters, digits, - and _
        // No propagateTags: tagging the task would also need ecs:TagResource (ECS tag-on-create authorization).
        networkConfiguration: {
            awsvpcConfiguration: {
                subnets: r.subnets,
                securityGroups: r.securityGroups,
                assignPublicIp: r.assignPublicIp ? "ENABLED" : "DISABLED",
            },
        },
        overrides: r.command ? { containerOverrides: [{ name: container, command: r.command }] } : undefined,
    };
}

/**
 * The awslogs stream of a container in a task: `<prefix>/<container>/<task id>`
 * (ECS developer guide, "Using the awslogs log driver": awslogs-stream-prefix).
 */
export function logStreamOf(
    def: Pick<ContainerDefinition, "name" | "logConfiguration"> | undefined,
    task: string,
): { group: string; stream: string } | undefined {
    const opts = def?.logConfiguration?.logDriver === "awslogs" ? def.logConfiguration.options : undefined;
    const group = opts?.["awslogs-group"];
    const prefix = opts?.["awslogs-stream-prefix"];
    if (!group || !prefix || !def?.name) return undefined;
    return { group, stream: `${prefix}/${def.name}/${taskId(task)}` };
}

export interface TaskOutcome {
    ok: boolean;
    /** One line: the container and its exit code, or why the task stopped. */
    headline: string;
}

/** A stopped task's meaning for the container that decides it. */
export function taskOutcome(task: Task, container: string): TaskOutcome {
    const c = task.containers?.find((x) => x.name === container);
    const what = `one-off task ${taskId(task.taskArn)} of ${revisionOf(task.taskDefinitionArn ?? "?")}`;
    if (c?.exitCode === 0) return { ok: true, headline: `${what}: container ${container} exited 0` };
    if (c?.exitCode !== undefined)
        return {
            ok: false,
            headline: `${what}: container ${container} exited with code ${c.exitCode}${c.reason ? ` (${c.reason})` : ""}`,
        };
    const why = [c?.reason, task.stoppedReason, task.stopCode].filter(Boolean).join("; ");
    return {
        ok: false,
        headline: `${what}: container ${container} did not exit: ${why || "the task stopped without a reason"}`,
    };
}

/** The last lines of a log, indented under the error, or a note when there is none. */
export function formatLogTail(
    lines: string[] | undefined,
    stream: { group: string; stream: string } | undefined,
): string[] {
    if (!stream) return ["  (no log: the container does not use the awslogs driver with a group and stream prefix)"];
    if (lines === undefined)
        return [`  (no log stream ${stream.stream} in ${stream.group}: the container may not have started)`];
    if (lines.length === 0) return [`  (log ${stream.group} ${stream.stream} is empty)`];
    return [
        `  log ${stream.group} ${stream.stream} (last ${lines.length} lines):`,
        ...lines.map((l) => `  | ${l.replace(/\r?\n$/, "")}`),
    ];
}
