import { Schedule } from "@pulumi/aws/scheduler";
import { assignsPublicIp, pinnedPlatform } from "./service";
import type { Finding, Inputs, ResourceRule } from "./types";
import { isPlainObject } from "./values";

/**
 * EventBridge Scheduler schedules (aws.scheduler.Schedule). Input shapes: @pulumi/aws 7.48.0
 * types/input.d.ts `scheduler.ScheduleTarget*`, i.e. terraform-provider-aws
 * internal/service/scheduler/schedule.go.
 */
const target = (inputs: Inputs): Record<string, unknown> | undefined =>
    isPlainObject(inputs.target) ? inputs.target : undefined;

/** The RunTask parameters of a schedule whose target is an ECS cluster; undefined for other targets. */
function ecsParameters(inputs: Inputs): Record<string, unknown> | undefined {
    const ecs = target(inputs)?.ecsParameters;
    return isPlainObject(ecs) ? ecs : undefined;
}

export function schedulePublicIp(inputs: Inputs): Finding[] {
    const ecs = ecsParameters(inputs);
    if (!ecs || !assignsPublicIp(ecs.networkConfiguration)) return [];
    return [
        {
            problem:
                "target.ecsParameters.networkConfiguration.assignPublicIp is true, " +
                "so every task the schedule starts gets a public IP address",
            fix:
                "set assignPublicIp to false and run the job in private subnets, reaching AWS through NAT or VPC endpoints " +
                "(this project's scheduled jobs always do)",
        },
    ];
}

export function scheduleLatestPlatform(inputs: Inputs): Finding[] {
    const ecs = ecsParameters(inputs);
    const version = ecs && pinnedPlatform(ecs);
    if (version === undefined) return [];
    return [
        {
            problem:
                `target.ecsParameters.platformVersion is pinned to ${JSON.stringify(version)}, ` +
                "so the job's tasks miss Fargate's security patches",
            fix: 'set platformVersion to "LATEST" (or leave it unset)',
        },
    ];
}

// RetryPolicy unset, or MaximumRetryAttempts unset, means AWS's default: 185 attempts over up to 86400 s
// (terraform-provider-aws schedule.go retry_policy defaults; Scheduler API Reference, RetryPolicy).
export function retryPolicy(inputs: Inputs): Finding[] {
    const retry = target(inputs)?.retryPolicy;
    if (isPlainObject(retry) && typeof retry.maximumRetryAttempts === "number") return [];
    return [
        {
            problem:
                `target.retryPolicy${isPlainObject(retry) ? ".maximumRetryAttempts" : ""} is not set, so AWS's default applies: ` +
                "up to 185 attempts over 24 hours, and a run that cannot start may begin a day late or be reported only then",
            fix:
                "set target.retryPolicy { maximumRetryAttempts, maximumEventAgeInSeconds } " +
                "(this project: ecs-deploy:schedules.<job>.retries and maxEventAgeSeconds)",
        },
    ];
}

// A dead-letter queue receives the invocations Scheduler could not deliver once the retries are spent
// (Scheduler User Guide, "Configuring a dead-letter queue"): without one, such a run leaves no trace.
export function deadLetterQueue(inputs: Inputs): Finding[] {
    const dlq = target(inputs)?.deadLetterConfig;
    if (isPlainObject(dlq) && typeof dlq.arn === "string" && dlq.arn !== "") return [];
    return [
        {
            problem:
                "target.deadLetterConfig is not set, so a run the scheduler cannot start " +
                "(RunTask refused, role or task definition gone) is dropped after its retries without a trace",
            fix:
                "set target.deadLetterConfig { arn: <a standard SQS queue> }, allow the schedule's role sqs:SendMessage on it " +
                "and alarm on its depth (this project creates the queue, the grant and the alarm per job)",
        },
    ];
}

// RunTask with a task definition ARN without ":<revision>" runs the family's latest ACTIVE revision
// (ECS API Reference, RunTask taskDefinition).
const REVISION = /:task-definition\/[^:/]+:\d+$/;

export function taskDefinitionRevision(inputs: Inputs): Finding[] {
    const arn = ecsParameters(inputs)?.taskDefinitionArn;
    if (typeof arn !== "string" || REVISION.test(arn)) return [];
    return [
        {
            problem:
                `target.ecsParameters.taskDefinitionArn ${arn} names no revision, so each run takes the family's latest ` +
                "ACTIVE revision: one registered outside a reviewed update runs on schedule with the job's roles",
            fix:
                "use the revision ARN (aws.ecs.TaskDefinition's arn, not arnWithoutRevision), " +
                "so the job runs what the last update registered (this project does)",
        },
    ];
}

export const schedulerRules: ResourceRule[] = [
    {
        kind: "resource",
        name: "scheduler-ecs-no-public-ip",
        control: "ours",
        description: "Scheduled ECS tasks do not get public IP addresses (ECS.2, for the tasks a schedule starts).",
        checks: [{ resource: Schedule, check: schedulePublicIp }],
    },
    {
        kind: "resource",
        name: "scheduler-ecs-latest-platform",
        control: "ours",
        description:
            "Scheduled Fargate tasks run on the LATEST platform version (ECS.10, for the tasks a schedule starts).",
        checks: [{ resource: Schedule, check: scheduleLatestPlatform }],
    },
    {
        kind: "resource",
        name: "scheduler-ecs-task-definition-revision",
        control: "ours",
        description: "A schedule's ECS target names a task definition revision, never the bare family.",
        checks: [{ resource: Schedule, check: taskDefinitionRevision }],
    },
    {
        kind: "resource",
        name: "scheduler-retry-policy",
        control: "ours",
        description: "Schedules set their retry attempts instead of AWS's default of 185 over 24 hours.",
        checks: [{ resource: Schedule, check: retryPolicy }],
    },
    {
        kind: "resource",
        name: "scheduler-dead-letter-queue",
        control: "ours",
        description: "Schedules send the invocations they could not deliver to a dead-letter queue.",
        checks: [{ resource: Schedule, check: deadLetterQueue }],
    },
];
