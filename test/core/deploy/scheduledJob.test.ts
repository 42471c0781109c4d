/** A scheduled job run by hand: the schedule's target as the RunTask request it makes, and its runs in words. */
import assert from "node:assert/strict";
import type { Task } from "@aws-sdk/client-ecs";
import { runTaskInput } from "../../../core/deploy/oneOffTask";
import {
    familyOf,
    historyLines,
    jobRequest,
    type JobRef,
    jobStartedBy,
    MAX_HISTORY,
} from "../../../core/deploy/scheduledJob";

const CLUSTER = "arn:aws:ecs:eu-north-1:123456789012:cluster/ecs-deploy-staging";
const TD = "arn:aws:ecs:eu-north-1:123456789012:task-definition/ecs-deploy-staging-nightly-report:7";
const ref: JobRef = {
    job: "nightly-report",
    stack: "staging",
    group: "ecs-deploy-staging",
    region: "eu-north-1",
    regionFrom: "Pulumi.staging.yaml",
};
const network = {
    awsvpcConfiguration: { Subnets: ["subnet-1"], SecurityGroups: ["sg-1"], AssignPublicIp: "ENABLED" as const },
};

describe("a scheduled job's target as a RunTask request", () => {
    it("carries the cluster, task definition, network, launch type and platform version as the schedule gives them", () => {
        const r = jobRequest(
            {
                Target: {
                    Arn: CLUSTER,
                    RoleArn: "arn:aws:iam::123456789012:role/x",
                    EcsParameters: {
                        TaskDefinitionArn: TD,
                        LaunchType: "FARGATE",
                        PlatformVersion: "1.4.0",
                        NetworkConfiguration: network,
                    },
                },
            },
            ref,
        );
        const input = runTaskInput(r, "web", jobStartedBy("nightly-report"));
        assert.deepEqual(JSON.parse(JSON.stringify(input)), {
            cluster: CLUSTER,
            taskDefinition: TD,
            launchType: "FARGATE",
            platformVersion: "1.4.0",
            count: 1,
            startedBy: "by-hand/nightly-report",
            networkConfiguration: {
                awsvpcConfiguration: { subnets: ["subnet-1"], securityGroups: ["sg-1"], assignPublicIp: "ENABLED" },
            },
        });
    });

    it("sends a capacity strategy without a launch type, and neither when the schedule has neither", () => {
        const strategy = [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }];
        const target = (ecs: object) => ({
            Target: {
                Arn: CLUSTER,
                RoleArn: "r",
                EcsParameters: { TaskDefinitionArn: TD, NetworkConfiguration: network, ...ecs },
            },
        });
        const spot = runTaskInput(jobRequest(target({ CapacityProviderStrategy: strategy }), ref), "web", "x");
        assert.deepEqual(spot.capacityProviderStrategy, strategy);
        assert.equal(spot.launchType, undefined);
        const neither = runTaskInput(jobRequest(target({}), ref), "web", "x");
        assert.equal(
            neither.launchType,
            undefined,
            "the cluster's default strategy decides, as it does for the schedule",
        );
        assert.equal(neither.capacityProviderStrategy, undefined);
    });

    it("keeps the pre-deploy task on on-demand FARGATE when no capacity is given", () => {
        const input = runTaskInput(
            { cluster: CLUSTER, taskDefinition: TD, subnets: ["s"], securityGroups: ["g"], assignPublicIp: false },
            "web",
            "ecs-deploy-task",
        );
        assert.equal(input.launchType, "FARGATE");
        assert.equal(input.capacityProviderStrategy, undefined);
    });

    it("refuses a target that is not an ECS cluster with ECS parameters", () => {
        assert.throws(
            () => jobRequest({ Target: { Arn: "arn:aws:sqs:eu-north-1:123456789012:q", RoleArn: "r" } }, ref),
            /^OneOffTaskError: job nightly-report: schedule ecs-deploy-staging\/nightly-report .* does not run an ECS task: its target is arn:aws:sqs:eu-north-1:123456789012:q with no EcsParameters; /,
        );
        assert.throws(() => jobRequest({}, ref), /its target is missing with no EcsParameters/);
    });

    it("names the family of a revision, and says a hand run started it within startedBy's 36 characters", () => {
        assert.equal(familyOf(TD), "ecs-deploy-staging-nightly-report");
        assert.equal(jobStartedBy("a".repeat(60)).length, 36);
    });
});

describe("a scheduled job's history", () => {
    const def = {
        taskDefinitionArn: TD,
        containerDefinitions: [
            { name: "sidecar", essential: false },
            {
                name: "web",
                essential: true,
                logConfiguration: {
                    logDriver: "awslogs" as const,
                    options: { "awslogs-group": "/ecs/g", "awslogs-stream-prefix": "staging" },
                },
            },
        ],
    };
    const task = (i: number, extra: Partial<Task> = {}): Task => ({
        taskArn: `arn:aws:ecs:eu-north-1:123456789012:task/ecs-deploy-staging/t${i}`,
        taskDefinitionArn: TD,
        lastStatus: "STOPPED",
        startedAt: new Date(Date.UTC(2026, 11, 2, 0, i)),
        stoppedAt: new Date(Date.UTC(2026, 11, 2, 0, i, 30)),
        containers: [{ name: "web", exitCode: 0 }],
        ...extra,
    });
    const history = (tasks: Task[]) => ({ cluster: CLUSTER, family: "f", tasks, definitions: [def], current: TD });

    it("judges the first essential container, lists a task still stopping first, and shows the newest 20", () => {
        const stopping = task(99, {
            stoppedAt: undefined,
            lastStatus: "DEPROVISIONING",
            containers: [{ name: "web" }],
        });
        const lines = historyLines(ref, history([...Array.from({ length: 25 }, (_, i) => task(i)), stopping]));
        assert.equal(
            lines[0],
            "job nightly-report: 26 stopped tasks of f in cluster ecs-deploy-staging, newest first (the 20 newest shown)",
        );
        assert.match(lines[1], /^ {2}task t99 .*, still DEPROVISIONING: container web did not exit$/);
        assert.match(
            lines[3],
            /^ {2}task t24 of ecs-deploy-staging-nightly-report:7, started 2026-12-02T00:24:00.000Z, .*: container web exited 0$/,
        );
        assert.equal(lines[4], "    log /ecs/g staging/web/t24");
        assert.equal(lines.filter((l) => l.startsWith("  task ")).length, MAX_HISTORY);
        assert.match(
            lines.at(-1)!,
            /older runs are only in the logs: aws logs tail \/ecs\/g --since 1d --region eu-north-1$/,
        );
    });

    it("judges the container --container names", () => {
        const lines = historyLines(
            ref,
            history([task(1, { containers: [{ name: "sidecar", exitCode: 3 }] })]),
            "sidecar",
        );
        assert.match(lines[1], /container sidecar exited with code 3$/);
        assert.equal(lines[2], "    (no awslogs log configured)");
    });
});
