import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScheduleConfig } from "../core/config/types";
import { DEAD_LETTER_QUEUE_SUFFIX, FAILED_ALARM_SUFFIX, SCHEDULER_ROLE_SUFFIX } from "../core/config/workloads";
import { schedulerRoleDocument, schedulerTrustDocument } from "../core/iam/schedulerRole";
import { capacityProviderStrategy } from "../core/service/capacity";
import type { Network } from "./network";

export interface ScheduledJobArgs {
    /** The job's name: its schedule's name in the stack's schedule group. */
    job: string;
    config: ScheduleConfig;
    group: pulumi.Input<string>;
    /** The literal group name, for the role's trust (known before the group exists). */
    groupName: string;
    account: { accountId: string; partition: string };
    region: string;
    family: string;
    taskDefinitionArn: pulumi.Input<string>;
    clusterArn: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    executionRoleArn: pulumi.Input<string>;
    taskRoleArn: pulumi.Input<string>;
    network: Network;
    /** What a started task needs: the execution policy, log groups, managed secrets, the tasks' egress. */
    waitFor: pulumi.Resource[];
    /** The cluster's FARGATE and FARGATE_SPOT providers, when the program manages them. */
    capacityProviders?: pulumi.Resource;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Two weeks, SQS's longest retention: time to look at a run that could not start. */
const DLQ_RETENTION_SECONDS = 1209600;

/**
 * An EventBridge Scheduler schedule that runs the job's family as a Fargate task in the private subnets.
 * A run Scheduler cannot start (RunTask refused, no capacity) is retried, then lands in the job's
 * dead-letter queue, whose alarm makes it seen; a run whose container fails shows in its logs and in
 * `npm run task -- --job <name> --history`.
 */
export class ScheduledJob extends pulumi.ComponentResource {
    readonly schedule: aws.scheduler.Schedule;
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly alarm: aws.cloudwatch.MetricAlarm;
    readonly role: aws.iam.Role;

    constructor(name: string, args: ScheduledJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:ScheduledJob", name, {}, opts);
        const c = args.config;
        const { accountId, partition } = args.account;

        this.deadLetterQueue = new aws.sqs.Queue(
            `${name}${DEAD_LETTER_QUEUE_SUFFIX}`,
            { sqsManagedSseEnabled: true, messageRetentionSeconds: DLQ_RETENTION_SECONDS, tags: args.tags },
            { parent: this },
        );
        this.alarm = new aws.cloudwatch.MetricAlarm(
            `${name}${FAILED_ALARM_SUFFIX}`,
            {
                alarmDescription: `Scheduled job ${args.job} could not be started; its dead-letter queue holds the failed runs`,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: this.deadLetterQueue.name },
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                ...(c.alarmActions.length ? { alarmActions: c.alarmActions } : {}),
                tags: args.tags,
            },
            { parent: this },
        );
        this.role = new aws.iam.Role(
            `${name}${SCHEDULER_ROLE_SUFFIX}`,
            {
                assumeRolePolicy: JSON.stringify(
                    schedulerTrustDocument({ partition, region: args.region, accountId, group: args.groupName }),
                ),
                description: `EventBridge Scheduler runs scheduled job ${args.job}, and nothing else`,
                tags: args.tags,
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}${SCHEDULER_ROLE_SUFFIX}`,
            {
                role: this.role.id,
                policy: pulumi
                    .all([
                        args.clusterArn,
                        args.clusterName,
                        args.executionRoleArn,
                        args.taskRoleArn,
                        this.deadLetterQueue.arn,
                    ])
                    .apply(([clusterArn, clusterName, executionRoleArn, taskRoleArn, deadLetterQueueArn]) =>
                        JSON.stringify(
                            schedulerRoleDocument({
                                partition,
                                region: args.region,
                                accountId,
                                family: args.family,
                                clusterArn,
                                clusterName,
                                executionRoleArn,
                                taskRoleArn,
                                deadLetterQueueArn,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );
        this.schedule = new aws.scheduler.Schedule(
            name,
            {
                name: args.job,
                groupName: args.group,
                scheduleExpression: c.schedule,
                scheduleExpressionTimezone: c.timezone,
                flexibleTimeWindow: { mode: "OFF" },
                state: c.enabled ? "ENABLED" : "DISABLED",
                description: `Runs ${args.family}`,
                target: {
                    arn: args.clusterArn,
                    roleArn: this.role.arn,
                    retryPolicy: { maximumRetryAttempts: c.retries, maximumEventAgeInSeconds: c.maxEventAgeSeconds },
                    deadLetterConfig: { arn: this.deadLetterQueue.arn },
                    ecsParameters: {
                        taskDefinitionArn: args.taskDefinitionArn,
                        // RunTask: a capacity-provider strategy or a launch type, never both (ECS API Reference).
                        ...(c.capacity
                            ? { capacityProviderStrategies: capacityProviderStrategy(c.capacity) }
                            : { launchType: "FARGATE" }),
                        platformVersion: "LATEST",
                        taskCount: 1,
                        propagateTags: "TASK_DEFINITION",
                        enableEcsManagedTags: true,
                        networkConfiguration: {
                            subnets: args.network.privateSubnetIds,
                            securityGroups: args.network.taskSecurityGroupIds,
                            assignPublicIp: args.network.assignPublicIp,
                        },
                    },
                },
            },
            {
                parent: this,
                // A run may start as soon as the schedule exists: its role's policy, and what the task needs, come first.
                dependsOn: [
                    policy,
                    ...args.waitFor,
                    ...args.network.taskEgress,
                    ...(c.capacity && args.capacityProviders ? [args.capacityProviders] : []),
                ],
            },
        );
        this.registerOutputs({ scheduleArn: this.schedule.arn });
    }
}
