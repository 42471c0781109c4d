/** EventBridge Scheduler and ECS answers for a scheduled job, nightly-report of the staging stack, as the APIs return them. */
import assert from "node:assert/strict";
import { epoch, type Handler } from "./fakeAws";
import { ACCOUNT, CLUSTER, stoppedTask, taskArn } from "./ecsWorld";

export const GROUP = "ecs-deploy-staging";
export const FAMILY = "ecs-deploy-staging-nightly-report";
export const jobTd = (n: number) => `arn:aws:ecs:eu-north-1:${ACCOUNT}:task-definition/${FAMILY}:${n}`;
export const DLQ = `arn:aws:sqs:eu-north-1:${ACCOUNT}:ecs-deploy-staging-nightly-report-dlq-4f2a9c1`;
export const LOG_GROUP = "/ecs/ecs-deploy/staging/nightly-report/web";
const NETWORK = {
    awsvpcConfiguration: {
        Subnets: ["subnet-0p1", "subnet-0p2"],
        SecurityGroups: ["sg-0task"],
        AssignPublicIp: "DISABLED",
    },
};

/** GetSchedule's answer, as the program declares the job's schedule (REST-JSON: member names as in the model). */
export function schedule(ecs: Record<string, unknown> = {}, target: Record<string, unknown> = {}) {
    return {
        Arn: `arn:aws:scheduler:eu-north-1:${ACCOUNT}:schedule/${GROUP}/nightly-report`,
        GroupName: GROUP,
        Name: "nightly-report",
        ScheduleExpression: "cron(0 3 * * ? *)",
        ScheduleExpressionTimezone: "Europe/Stockholm",
        State: "ENABLED",
        FlexibleTimeWindow: { Mode: "OFF" },
        CreationDate: epoch("2026-12-01T10:00:00Z"),
        Target: {
            Arn: CLUSTER,
            RoleArn: `arn:aws:iam::${ACCOUNT}:role/ecs-deploy-staging-nightly-report-scheduler-9d1c2b7`,
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: { Arn: DLQ },
            EcsParameters: {
                TaskDefinitionArn: jobTd(7),
                TaskCount: 1,
                LaunchType: "FARGATE",
                PlatformVersion: "LATEST",
                PropagateTags: "TASK_DEFINITION",
                EnableECSManagedTags: true,
                NetworkConfiguration: NETWORK,
                ...ecs,
            },
            ...target,
        },
    };
}
export const scheduleOf =
    (answer: unknown): Handler =>
    (b) => {
        assert.deepEqual(b, { Name: "nightly-report", groupName: GROUP }, "GetSchedule names the job in its group");
        return answer;
    };

export const jobDefinition = (n: number) => ({
    taskDefinition: {
        taskDefinitionArn: jobTd(n),
        family: FAMILY,
        revision: n,
        containerDefinitions: [
            {
                name: "web",
                essential: true,
                command: ["node", "report.js"],
                logConfiguration: {
                    logDriver: "awslogs",
                    options: {
                        "awslogs-group": LOG_GROUP,
                        "awslogs-region": "eu-north-1",
                        "awslogs-stream-prefix": "staging",
                    },
                },
            },
        ],
    },
});
export const jobTask = (id: string, status: "RUNNING" | "STOPPED", exitCode?: number) => ({
    tasks: [
        status === "RUNNING"
            ? {
                  taskArn: taskArn(id),
                  taskDefinitionArn: jobTd(7),
                  lastStatus: "RUNNING",
                  containers: [{ name: "web" }],
              }
            : stoppedTask(id, 7, "Essential container in task exited", [{ name: "web", exitCode }]),
    ].map((t) => ({ ...t, taskDefinitionArn: jobTd(7) })),
    failures: [],
});
