/**
 * The role EventBridge Scheduler assumes to start one scheduled job: it may run that job's family in the
 * stack's cluster, hand ECS the job's two task roles, tag the task it starts and report a failed start to
 * the job's dead-letter queue. Nothing else (Scheduler User Guide, "Using templated targets": ECS RunTask).
 */
import { formatArn } from "./arn";
import type { IamDocument } from "./roleDocuments";

export interface SchedulerRoleInputs {
    partition: string;
    region: string;
    accountId: string;
    /** The job's task-definition family: RunTask is allowed on its revisions only. */
    family: string;
    clusterArn: string;
    clusterName: string;
    executionRoleArn: string;
    taskRoleArn: string;
    deadLetterQueueArn: string;
}

/**
 * Trusted by Scheduler acting for this account's schedule group only. The Scheduler guide scopes
 * aws:SourceArn to the schedule group, never to a schedule ("Confused deputy prevention").
 */
export function schedulerTrustDocument(p: {
    partition: string;
    region: string;
    accountId: string;
    group: string;
}): IamDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "scheduler.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": p.accountId,
                        "aws:SourceArn": formatArn({
                            partition: p.partition,
                            service: "scheduler",
                            region: p.region,
                            account: p.accountId,
                            resource: `schedule-group/${p.group}`,
                        }),
                    },
                },
            },
        ],
    };
}

export function schedulerRoleDocument(i: SchedulerRoleInputs): IamDocument {
    const ecs = (resource: string) =>
        formatArn({ partition: i.partition, service: "ecs", region: i.region, account: i.accountId, resource });
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "RunTheJob",
                Effect: "Allow",
                Action: "ecs:RunTask",
                Resource: ecs(`task-definition/${i.family}:*`),
                Condition: { ArnEquals: { "ecs:cluster": i.clusterArn } },
            },
            {
                // RunTask with propagateTags and managed tags tags the task it creates (ECS "Tagging your resources": tag on create).
                Sid: "TagTheTaskItStarts",
                Effect: "Allow",
                Action: "ecs:TagResource",
                Resource: ecs(`task/${i.clusterName}/*`),
                Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
            },
            {
                Sid: "HandEcsTheJobsRoles",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: [i.executionRoleArn, i.taskRoleArn],
                Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            },
            {
                Sid: "ReportAFailedStart",
                Effect: "Allow",
                Action: "sqs:SendMessage",
                Resource: i.deadLetterQueueArn,
            },
        ],
    };
}
