/**
 * `npm run wait` and `npm run task` as a user runs them, against a fake of the
 * ECS and CloudWatch Logs JSON APIs on 127.0.0.1 reached through the SDK's
 * standard endpoint variables with dummy credentials.
 */
import assert from "node:assert/strict";
import { AwsFault, epoch, fakeAwsEnv, fakeAwsPerTest, Handler, throttled } from "../support/fakeAws";
import { runCli } from "../support/cliRun";
import {
    CLUSTER,
    describeServices,
    SERVICE,
    SERVICE_DEPLOYMENT,
    serviceDeployment,
    stoppedTask,
    taskArn,
    td,
} from "../support/ecsWorld";

/** The command as its npm script runs it (test/support/cliRun.ts), within 30 s. */
const command = (script: string, args: string[], env: NodeJS.ProcessEnv) => runCli(script, args, env, 30_000);

const withFake = fakeAwsPerTest();

const waitArgs = ["--cluster", CLUSTER, "--service", SERVICE, "--poll", "0.05"];
/** Call n of an operation answers steps[n], the last one from then on. */
const steps =
    (...answers: unknown[]): Handler =>
    (_b, n) =>
        answers[Math.min(n, answers.length - 1)];

const rollingOut = describeServices([
    { rev: 42, status: "PRIMARY", rollout: "IN_PROGRESS", running: 0, desired: 2, pending: 2 },
    { rev: 41, status: "ACTIVE", rollout: "COMPLETED", running: 2, desired: 2, at: "2026-12-01T10:00:00Z" },
]);
const done = describeServices([{ rev: 42, status: "PRIMARY", rollout: "COMPLETED", running: 2, desired: 2 }]);

describe("npm run wait", () => {
    it("exits 0 when the rollout completes and the service runs the new revision", async () => {
        const f = await withFake({
            DescribeServices: steps(rollingOut, rollingOut, done),
            DescribeServiceDeployments: steps(
                serviceDeployment("IN_PROGRESS"),
                serviceDeployment("IN_PROGRESS"),
                serviceDeployment("SUCCESSFUL"),
            ),
        });
        const r = await command("wait", waitArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, "");
        assert.match(r.stdout, /service ecs-deploy-staging-svc: ecs-deploy-staging:42 is running \(2 of 2 tasks\)\n$/);
        assert.ok(f.count("DescribeServices") >= 3, "it polled until the rollout finished");
        assert.deepEqual(
            f.calls.find((c) => c.op === "DescribeServiceDeployments")?.body,
            { serviceDeploymentArns: [SERVICE_DEPLOYMENT] },
            "it follows the service's current service deployment",
        );
    });

    it("exits 1 on a circuit-breaker rollback, with the stopped tasks, exit codes, breaker and events", async () => {
        const rolledBack = describeServices(
            [
                {
                    rev: 41,
                    status: "PRIMARY",
                    rollout: "COMPLETED",
                    running: 2,
                    desired: 2,
                    at: "2026-12-02T07:05:00Z",
                },
                {
                    rev: 42,
                    status: "ACTIVE",
                    rollout: "FAILED",
                    running: 0,
                    desired: 0,
                    failed: 3,
                    reason: "ECS deployment circuit breaker: tasks failed to start.",
                },
            ],
            [
                { at: "2026-12-02T07:06:00Z", message: "(service ecs-deploy-staging-svc) has reached a steady state." },
                {
                    at: "2026-12-02T07:05:00Z",
                    message:
                        "(service ecs-deploy-staging-svc) (deployment ecs-svc/42001) deployment failed: tasks failed to start.",
                },
                { at: "2026-11-30T07:05:00Z", message: "an event from an earlier deployment" },
            ],
        );
        const f = await withFake({
            DescribeServices: steps(rollingOut, rolledBack),
            DescribeServiceDeployments: steps(
                serviceDeployment("IN_PROGRESS"),
                serviceDeployment("ROLLBACK_SUCCESSFUL", {
                    deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 3, threshold: 3 },
                    rollback: {
                        reason: "Rolling back to the last completed revision because the circuit breaker threshold was exceeded.",
                        startedAt: epoch("2026-12-02T07:05:00Z"),
                    },
                }),
            ),
            ListTasks: (b) => {
                assert.deepEqual(b, {
                    cluster: CLUSTER,
                    serviceName: SERVICE,
                    desiredStatus: "STOPPED",
                    maxResults: 100,
                });
                return { taskArns: [taskArn("aaa111"), taskArn("bbb222"), taskArn("old999")] };
            },
            DescribeTasks: () => ({
                tasks: [
                    stoppedTask("aaa111", 42, "Essential container in task exited", [{ name: "web", exitCode: 1 }]),
                    stoppedTask(
                        "bbb222",
                        42,
                        "Task failed container health checks",
                        [
                            {
                                name: "web",
                                exitCode: 137,
                                reason: "OutOfMemoryError: Container killed due to memory usage",
                            },
                        ],
                        "2026-12-02T07:04:00Z",
                    ),
                    stoppedTask("old999", 41, "Scaling activity initiated by deployment", [
                        { name: "web", exitCode: 0 },
                    ]),
                ],
                failures: [],
            }),
        });
        const r = await command("wait", waitArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            "error: service ecs-deploy-staging-svc: ecs-deploy-staging:42 was rolled back to :41 by the circuit breaker (3 failed tasks, threshold 3)",
        );
        const rest = r.lines.slice(1).join("\n");
        assert.match(rest, /^ {2}circuit breaker: triggered after 3 failed tasks \(threshold 3\)$/m);
        assert.match(rest, /deployment: ECS deployment circuit breaker: tasks failed to start\./);
        assert.match(rest, /rollback: Rolling back to the last completed revision/);
        assert.match(
            rest,
            /task bbb222 stopped: Task failed container health checks\n {4}container web: exit code 137, OutOfMemoryError: Container killed due to memory usage/,
        );
        assert.match(rest, /task aaa111 stopped: Essential container in task exited\n {4}container web: exit code 1$/m);
        assert.ok(rest.indexOf("bbb222") < rest.indexOf("aaa111"), "newest stopped task first");
        assert.doesNotMatch(rest, /old999/, "tasks of the old revision are not this rollout's reasons");
        assert.match(
            rest,
            /event 2026-12-02T07:06:00.000Z: \(service ecs-deploy-staging-svc\) has reached a steady state\./,
        );
        assert.doesNotMatch(rest, /earlier deployment/, "events from before this rollout are left out");
    });

    it("exits 1 when alarms roll the deployment back, naming the alarm", async () => {
        const rolledBack = describeServices([
            { rev: 41, status: "PRIMARY", rollout: "COMPLETED", running: 2, desired: 2 },
            {
                rev: 42,
                status: "ACTIVE",
                rollout: "FAILED",
                running: 0,
                desired: 0,
                reason: "Deployment rolled back: alarm triggered.",
            },
        ]);
        const f = await withFake({
            DescribeServices: steps(rolledBack),
            DescribeServiceDeployments: steps(
                serviceDeployment("ROLLBACK_SUCCESSFUL", {
                    alarms: {
                        status: "TRIGGERED",
                        alarmNames: ["ecs-deploy-staging-target-5xx", "ecs-deploy-staging-unhealthy-hosts"],
                        triggeredAlarmNames: ["ecs-deploy-staging-target-5xx"],
                    },
                    deploymentCircuitBreaker: { status: "MONITORING", failureCount: 0, threshold: 3 },
                }),
            ),
            ListTasks: () => ({ taskArns: [] }),
        });
        const r = await command("wait", [...waitArgs, "--task-definition", td(42)], fakeAwsEnv(f.url, "global"));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            "error: service ecs-deploy-staging-svc: ecs-deploy-staging:42 was rolled back to :41 by alarm ecs-deploy-staging-target-5xx",
        );
        assert.match(r.lines.join("\n"), /alarm: ecs-deploy-staging-target-5xx went into ALARM during the deployment/);
    });

    it("exits 1 when the deployment is stuck past the timeout, saying what it waited for", async () => {
        const stuck = describeServices(
            [
                { rev: 42, status: "PRIMARY", rollout: "IN_PROGRESS", running: 1, desired: 2, pending: 1 },
                { rev: 41, status: "ACTIVE", rollout: "COMPLETED", running: 2, desired: 2 },
            ],
            [
                {
                    at: "2026-12-02T07:02:00Z",
                    message: "(service ecs-deploy-staging-svc) is unable to consistently start tasks successfully.",
                },
            ],
        );
        const f = await withFake({
            DescribeServices: steps(stuck),
            DescribeServiceDeployments: steps(serviceDeployment("IN_PROGRESS")),
            ListTasks: () => ({ taskArns: [] }),
        });
        const r = await command("wait", [...waitArgs, "--timeout", "1"], fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            "error: service ecs-deploy-staging-svc: ecs-deploy-staging:42 did not finish rolling out within 1s: waited for all tasks to run it and the deployment to complete (1 of 2 tasks running, 1 pending, 0 failed; also :41 ACTIVE with 2 running; service deployment IN_PROGRESS)",
        );
        assert.match(
            r.lines[1],
            /event 2026-12-02T07:02:00.000Z: .* is unable to consistently start tasks successfully\./,
        );
        assert.ok(f.count("DescribeServices") > 3, "it kept polling until the timeout");
    });

    it("rides out throttling: the SDK retries a throttled call", async () => {
        const f = await withFake({
            DescribeServices: throttled(2, steps(done)),
            DescribeServiceDeployments: throttled(1, steps(serviceDeployment("SUCCESSFUL"))),
        });
        const r = await command("wait", waitArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 0, r.stderr);
        assert.equal(f.count("DescribeServices"), 3, "two throttled answers, then the real one");
        assert.equal(f.count("DescribeServiceDeployments"), 2);
    });

    it("exits 1 with AWS's own words when a call is refused", async () => {
        const f = await withFake({
            DescribeServices: () =>
                new AwsFault(
                    "AccessDeniedException",
                    "User: arn:aws:sts::123456789012:assumed-role/deploy/x is not authorized to perform: ecs:DescribeServices",
                ),
        });
        const r = await command("wait", waitArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            "error: AWS refused the call: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/deploy/x is not authorized to perform: ecs:DescribeServices",
        );
    });

    it("exits 1 naming the service when it is not in the cluster", async () => {
        const f = await withFake({
            DescribeServices: () => ({ services: [], failures: [{ arn: SERVICE, reason: "MISSING" }] }),
        });
        const r = await command("wait", waitArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            `error: service ${SERVICE} is not in cluster ${CLUSTER} (MISSING); check --cluster and --service`,
        );
    });

    it("exits 2 on a usage error", async () => {
        const r = await command("wait", ["--cluster", CLUSTER], fakeAwsEnv("http://127.0.0.1:9"));
        assert.equal(r.code, 2);
        assert.match(r.lines[0], /^error: --cluster and --service are required$/);
        const bad = await command("wait", [...waitArgs, "--timeout", "soon"], fakeAwsEnv("http://127.0.0.1:9"));
        assert.equal(bad.code, 2);
        assert.match(bad.lines[0], /^error: --timeout must be a positive number of seconds, got "soon"$/);
    });
});

const taskDefinition = {
    taskDefinition: {
        taskDefinitionArn: td(42),
        family: "ecs-deploy-staging",
        revision: 42,
        containerDefinitions: [
            {
                name: "web",
                essential: true,
                logConfiguration: {
                    logDriver: "awslogs",
                    options: {
                        "awslogs-group": "/ecs/ecs-deploy/staging/web",
                        "awslogs-region": "eu-north-1",
                        "awslogs-stream-prefix": "staging",
                    },
                },
            },
            { name: "sidecar", essential: false },
        ],
    },
};
const taskArgs = [
    "--cluster",
    CLUSTER,
    "--task-definition",
    td(42),
    "--subnets",
    "subnet-0a,subnet-0b",
    "--security-groups",
    "sg-0abc",
    "--poll",
    "0.05",
];
const running = (id: string) => ({
    tasks: [
        {
            taskArn: taskArn(id),
            taskDefinitionArn: td(42),
            lastStatus: "RUNNING",
            containers: [{ name: "web", lastStatus: "RUNNING" }],
        },
    ],
    failures: [],
});
const stopped = (
    id: string,
    exitCode: number | undefined,
    stoppedReason = "Essential container in task exited",
    reason?: string,
) => ({
    tasks: [{ ...stoppedTask(id, 42, stoppedReason, [{ name: "web", exitCode, reason }]) }],
    failures: [],
});
const logLines =
    (...lines: string[]): Handler =>
    (b) => {
        assert.equal(b.logGroupName, "/ecs/ecs-deploy/staging/web");
        assert.equal(b.startFromHead, false);
        return {
            events: lines.map((message, i) => ({ timestamp: 1764658800000 + i, message })),
            nextForwardToken: "f",
            nextBackwardToken: "b",
        };
    };

describe("npm run task", () => {
    it("runs the task with the command in the given network and exits 0 with the log tail", async () => {
        const f = await withFake({
            DescribeTaskDefinition: () => taskDefinition,
            RunTask: () => running("run001"),
            DescribeTasks: steps(running("run001"), stopped("run001", 0)),
            GetLogEvents: logLines("migrating 3 tables", "done"),
        });
        const r = await command("task", [...taskArgs, "--command", '["npm","run","migrate"]'], fakeAwsEnv(f.url));
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, "");
        assert.match(
            r.stdout,
            /one-off task run001 of ecs-deploy-staging:42: container web exited 0\n {2}log \/ecs\/ecs-deploy\/staging\/web staging\/web\/run001 \(last 2 lines\):\n {2}\| migrating 3 tables\n {2}\| done\n$/,
        );
        const run = f.calls.find((c) => c.op === "RunTask")!.body;
        assert.equal(run.launchType, "FARGATE");
        assert.equal(run.taskDefinition, td(42));
        assert.deepEqual(run.networkConfiguration, {
            awsvpcConfiguration: {
                subnets: ["subnet-0a", "subnet-0b"],
                securityGroups: ["sg-0abc"],
                assignPublicIp: "DISABLED",
            },
        });
        assert.deepEqual(run.overrides, { containerOverrides: [{ name: "web", command: ["npm", "run", "migrate"] }] });
        assert.equal(f.calls.find((c) => c.op === "GetLogEvents")!.body.logStreamName, "staging/web/run001");
    });

    it("exits 1 when the container exits non-zero: the container, its exit code, then its log lines", async () => {
        const f = await withFake({
            DescribeTaskDefinition: () => taskDefinition,
            RunTask: () => running("run002"),
            DescribeTasks: steps(stopped("run002", 3)),
            GetLogEvents: logLines("migrating 3 tables", 'ERROR: relation "users" already exists'),
        });
        const r = await command("task", [...taskArgs, "--container", "web"], fakeAwsEnv(f.url, "global"));
        assert.equal(r.code, 1);
        assert.deepEqual(r.lines, [
            "error: one-off task run002 of ecs-deploy-staging:42: container web exited with code 3",
            "  log /ecs/ecs-deploy/staging/web staging/web/run002 (last 2 lines):",
            "  | migrating 3 tables",
            '  | ERROR: relation "users" already exists',
        ]);
        assert.equal(
            f.calls.find((c) => c.op === "RunTask")!.body.overrides,
            undefined,
            "no --command keeps the image's command",
        );
    });

    it("exits 1 with the stop reason when the container never ran, and says the log is missing", async () => {
        const f = await withFake({
            DescribeTaskDefinition: () => taskDefinition,
            RunTask: () => running("run003"),
            DescribeTasks: steps(
                stopped(
                    "run003",
                    undefined,
                    "CannotPullContainerError: pull image manifest has been retried 5 time(s)",
                    "CannotPullContainerError: ref not found",
                ),
            ),
            GetLogEvents: () => new AwsFault("ResourceNotFoundException", "The specified log stream does not exist."),
        });
        const r = await command("task", taskArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            "error: one-off task run003 of ecs-deploy-staging:42: container web did not exit: CannotPullContainerError: ref not found; CannotPullContainerError: pull image manifest has been retried 5 time(s); EssentialContainerExited",
        );
        assert.equal(
            r.lines[1],
            "  (no log stream staging/web/run003 in /ecs/ecs-deploy/staging/web: the container may not have started)",
        );
    });

    it("stops a task that outlives the timeout and fails", async () => {
        let stopRequested = false;
        const f = await withFake({
            DescribeTaskDefinition: () => taskDefinition,
            RunTask: () => running("run004"),
            DescribeTasks: () => (stopRequested ? stopped("run004", 143, "Task stopped by user") : running("run004")),
            StopTask: (b) => {
                stopRequested = true;
                assert.equal(b.task, taskArn("run004"));
                return { task: running("run004").tasks[0] };
            },
            GetLogEvents: logLines("still migrating"),
        });
        const r = await command("task", [...taskArgs, "--timeout", "0.5"], fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            "error: one-off task run004: container web did not stop within 0.5s, so it was stopped (container web exited with code 143)",
        );
        assert.equal(r.lines.at(-1), "  | still migrating");
        assert.equal(f.count("StopTask"), 1);
    });

    it("exits 1 with ECS's reason when the task cannot start", async () => {
        const f = await withFake({
            DescribeTaskDefinition: () => taskDefinition,
            RunTask: () => ({
                tasks: [],
                failures: [{ arn: td(42), reason: "RESOURCE:ENI", detail: "no free IP addresses in subnet-0a" }],
            }),
        });
        const r = await command("task", taskArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            `error: one-off task of ${td(42)} did not start: RESOURCE:ENI (no free IP addresses in subnet-0a)`,
        );
    });

    it("exits 1 naming the containers when --container is not one", async () => {
        const f = await withFake({ DescribeTaskDefinition: () => taskDefinition });
        const r = await command("task", [...taskArgs, "--container", "db"], fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            `error: task definition ${td(42)}: container "db" is not in the task definition; use one of web, sidecar`,
        );
        assert.equal(f.count("RunTask"), 0, "nothing ran");
    });

    it("exits 2 on a usage error", async () => {
        const r = await command("task", ["--cluster", CLUSTER], fakeAwsEnv("http://127.0.0.1:9"));
        assert.equal(r.code, 2);
        assert.equal(r.lines[0], "error: --task-definition, --subnets, --security-groups are required");
        const bad = await command(
            "task",
            [...taskArgs, "--command", "npm run migrate"],
            fakeAwsEnv("http://127.0.0.1:9"),
        );
        assert.equal(bad.code, 2);
        assert.match(bad.lines[0], /^error: --command must be a JSON array of strings/);
    });
});
