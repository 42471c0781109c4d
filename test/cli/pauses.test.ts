/**
 * `npm run wait` and `npm run continue` at PAUSE hooks, `--until` a stage and
 * `--fail-fast`, as a user runs them, against the fake ECS deployment
 * (test/support/ecsSim.ts) reached through the SDK's standard endpoint
 * variables with dummy credentials.
 */
import assert from "node:assert/strict";
import { runCli } from "../support/cliRun";
import { CLUSTER, describeServices, SERVICE, SERVICE_DEPLOYMENT, serviceDeployment } from "../support/ecsWorld";
import { EcsSim, type SimOptions } from "../support/ecsSim";
import { simHandlers } from "../support/ecsSimApi";
import { AwsFault, type FakeAws, fakeAwsEnv, type Handler, startFakeAws, throttled } from "../support/fakeAws";

let fake: FakeAws | undefined;
async function withSim(o: SimOptions, override: (sim: EcsSim) => Record<string, Handler> = () => ({})) {
    const sim = new EcsSim(o);
    fake = await startFakeAws({ ...simHandlers(sim), ...override(sim) });
    return { sim, f: fake, env: fakeAwsEnv(fake.url) };
}
afterEach(async () => {
    await fake?.close();
    fake = undefined;
});

const target = ["--cluster", CLUSTER, "--service", SERVICE];
const poll = ["--poll", "0.05"];
const continueCmd = `npm run continue -- --cluster ${CLUSTER} --service ${SERVICE}`;
const HOUR = 3_600_000;
/** Blue/green, paused after the test traffic shift, as the stack's `pauses` configures it. */
const blueGreenPaused: SimOptions = {
    strategy: "BLUE_GREEN",
    stageMs: 300,
    launchMs: 200,
    pauses: [{ stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMs: HOUR, onTimeout: "ROLLBACK" }],
};
const stagesIn = (lines: string[]) => lines.flatMap((l) => /entered lifecycle stage (\S+)$/.exec(l)?.slice(1) ?? []);

/** Runs `wait` until the deployment is paused, as a person or a pipeline would before approving. */
async function pausedNow(env: NodeJS.ProcessEnv, sim: EcsSim) {
    const r = await runCli("wait", [...target, ...poll], env);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(sim.hooks[0]?.status, "AWAITING_ACTION");
    return r;
}

describe("npm run wait at a pause", function () {
    this.timeout(120_000);

    it("exits 3 with one line naming the stage, the hook id and the commands that continue or roll back", async () => {
        // Stages long enough that a loaded machine still looks at each one.
        const { sim, env } = await withSim({ ...blueGreenPaused, stageMs: 600 });
        const r = await pausedNow(env, sim);
        const hook = sim.hooks[0];
        assert.equal(r.stderr, "");
        assert.equal(
            r.out.at(-1),
            `service ${SERVICE}: ecs-deploy-staging:42 is paused at POST_TEST_TRAFFIC_SHIFT, hook ${hook.hookId} ` +
                `(ECS will ROLLBACK it at ${new Date(hook.expiresAt).toISOString()} unless it is continued first); ` +
                `continue: ${continueCmd}; roll back: ${continueCmd} --rollback`,
        );
        assert.deepEqual(
            stagesIn(r.out),
            ["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT"],
            "a progress line names each lifecycle stage as it is entered",
        );
        assert.equal(sim.status, "IN_PROGRESS", "a paused deployment is not done");
    });

    it("--until BAKE_TIME exits 0 once the deployment reaches it, before the deployment completes", async () => {
        const { sim, env } = await withSim({ strategy: "CANARY", stageMs: 150, stageMsFor: { BAKE_TIME: HOUR } });
        const r = await runCli("wait", [...target, ...poll, "--until", "BAKE_TIME"], env);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.out.at(-1), `service ${SERVICE}: ecs-deploy-staging:42 reached BAKE_TIME`);
        assert.equal(stagesIn(r.out).at(-1), "BAKE_TIME");
        assert.equal(sim.stages[sim.stage], "BAKE_TIME", "the deployment is still baking");
        assert.equal(sim.status, "IN_PROGRESS");
    });

    it("--until exits 1 when the deployment rolls back before the stage", async () => {
        const { env } = await withSim({
            strategy: "BLUE_GREEN",
            stageMs: 100,
            launchMs: 100,
            crash: { afterMs: 50, exitCode: 1 },
        });
        const r = await runCli("wait", [...target, ...poll, "--until", "BAKE_TIME"], env);
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            `error: service ${SERVICE}: ecs-deploy-staging:42 was rolled back to :41 by the circuit breaker (3 failed tasks, threshold 3)`,
        );
        assert.ok(!stagesIn(r.out).includes("BAKE_TIME"));
    });

    it("--until a stage after the pause exits 3 at the pause", async () => {
        const { env } = await withSim(blueGreenPaused);
        const r = await runCli("wait", [...target, ...poll, "--until", "BAKE_TIME"], env);
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.out.at(-1)!, /is paused at POST_TEST_TRAFFIC_SHIFT/);
    });
});

describe("npm run wait --fail-fast", function () {
    this.timeout(120_000);

    it("rolls a crash loop back after N failed tasks of the new revision, counting no old-revision or scale-in stop", async () => {
        const { sim, f, env } = await withSim({
            launchMs: 1000, // a wide window between the second failure and the third (the breaker's)
            crash: { afterMs: 20, exitCode: 1, reason: "Error: Cannot find module '/app/server.js'" },
            otherStops: [
                // Before the first crash: if either counted, fail fast would trigger at the first crash, naming it.
                {
                    atMs: 100,
                    rev: 41,
                    stopCode: "EssentialContainerExited",
                    stoppedReason: "Essential container in task exited",
                    exitCode: 1,
                },
                {
                    atMs: 150,
                    rev: 42,
                    stopCode: "ServiceSchedulerInitiated",
                    stoppedReason: "Scaling activity initiated by (deployment ecs-svc/42001)",
                },
                { atMs: 200, rev: 42, stopCode: "UserInitiated", stoppedReason: "Task stopped by user", exitCode: 143 },
            ],
        });
        const r = await runCli("wait", [...target, ...poll, "--fail-fast", "2"], env);
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            `error: service ${SERVICE}: ecs-deploy-staging:42 was stopped early by fail-fast: 2 of its tasks failed ` +
                `(fail fast after 2; ECS's circuit breaker waits for 3); ECS is rolling it back to :41 (StopServiceDeployment ROLLBACK)`,
        );
        const failed = r.lines.filter((l) => / {2}task \S+ failed: /.test(l));
        assert.deepEqual(
            failed,
            ["t1", "t2"].map(
                (id) =>
                    `  task ${id} failed: EssentialContainerExited: Essential container in task exited; ` +
                    `container web exited 1 (Error: Cannot find module '/app/server.js')`,
            ),
            "each counted task with its reason, oldest first; other stops are not counted",
        );
        assert.deepEqual(
            f.calls.filter((c) => c.op === "StopServiceDeployment").map((c) => c.body),
            [{ serviceDeploymentArn: SERVICE_DEPLOYMENT, stopType: "ROLLBACK" }],
        );
        assert.equal(sim.breakerAt, undefined, "before the circuit breaker's third failure");
        assert.ok(["ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"].includes(sim.status));
    });
});

describe("npm run continue", function () {
    this.timeout(120_000);

    it("continues the paused deployment and exits 0 once it completed", async () => {
        const { sim, f, env } = await withSim(blueGreenPaused);
        await pausedNow(env, sim);
        const hookId = sim.hooks[0].hookId;
        const r = await runCli("continue", [...target, ...poll], env);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, "");
        assert.match(
            r.out[0],
            /^service ecs-deploy-staging-svc: continuing ecs-deploy-staging:42 paused at POST_TEST_TRAFFIC_SHIFT, hook /,
        );
        assert.equal(r.out.at(-1), `service ${SERVICE}: ecs-deploy-staging:42 is running (1 of 1 tasks)`);
        assert.equal(stagesIn(r.out).at(-1), "CLEAN_UP");
        assert.deepEqual(
            f.calls.filter((c) => c.op === "ContinueServiceDeployment").map((c) => c.body),
            [{ serviceDeploymentArn: SERVICE_DEPLOYMENT, hookId, action: "CONTINUE" }],
        );
        assert.equal(sim.status, "SUCCESSFUL");
        assert.equal(sim.hooks[0].status, "SUCCEEDED");
    });

    it("--rollback rolls the paused deployment back and exits 0, saying it was rolled back as asked", async () => {
        const { sim, f, env } = await withSim(blueGreenPaused);
        await pausedNow(env, sim);
        const hookId = sim.hooks[0].hookId;
        const r = await runCli("continue", [...target, ...poll, "--rollback"], env);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
            r.out.at(-1),
            `service ${SERVICE}: ecs-deploy-staging:42 was rolled back to :41 at the pause at POST_TEST_TRAFFIC_SHIFT ` +
                `by a person (ContinueServiceDeployment with ROLLBACK on hook ${hookId}), as asked`,
        );
        assert.equal(f.calls.find((c) => c.op === "ContinueServiceDeployment")?.body.action, "ROLLBACK");
        assert.equal(sim.status, "ROLLBACK_SUCCESSFUL");
    });

    it("exits 1 with one line when nothing is paused", async () => {
        const { f, env } = await withSim({ launchMs: HOUR });
        const r = await runCli("continue", [...target, ...poll], env);
        assert.equal(r.code, 1);
        assert.deepEqual(r.lines, [`error: no deployment of ${SERVICE} is paused`]);
        assert.equal(f.count("ContinueServiceDeployment"), 0);
    });

    it("exits 1 with one line when the service does not exist", async () => {
        fake = await startFakeAws({
            DescribeServices: () => ({ services: [], failures: [{ arn: SERVICE, reason: "MISSING" }] }),
        });
        const r = await runCli("continue", [...target, ...poll], fakeAwsEnv(fake.url));
        assert.equal(r.code, 1);
        assert.deepEqual(r.lines, [
            `error: service ${SERVICE} is not in cluster ${CLUSTER} (MISSING); check --cluster and --service`,
        ]);
    });

    it("exits 1 with one line naming the service and the denied action when the role may not continue", async () => {
        const { sim, env } = await withSim({ ...blueGreenPaused, deny: ["ContinueServiceDeployment"] });
        await pausedNow(env, sim);
        const r = await runCli("continue", [...target, ...poll], env);
        assert.equal(r.code, 1);
        assert.equal(r.lines.length, 1, r.stderr);
        assert.match(
            r.lines[0],
            /^error: not allowed to continue service ecs-deploy-staging-svc: ecs:ContinueServiceDeployment was denied \(User: arn:aws:sts::123456789012:assumed-role\/\S+ is not authorized to perform: ecs:ContinueServiceDeployment on resource: /,
        );
        assert.equal(sim.hooks[0].status, "AWAITING_ACTION", "still paused");
    });

    it("exits 1 saying where the deployment is now when it moved on meanwhile", async () => {
        // Another approver rolls it back between this command's look and its call.
        const { sim, env } = await withSim(blueGreenPaused, (s) => ({
            ContinueServiceDeployment: (b, n) => {
                s.act(b.hookId, "ROLLBACK");
                return simHandlers(s).ContinueServiceDeployment(b, n);
            },
        }));
        await pausedNow(env, sim);
        const r = await runCli("continue", [...target, ...poll], env);
        assert.equal(r.code, 1);
        assert.deepEqual(r.lines, [
            `error: ContinueServiceDeployment CONTINUE was refused for service ${SERVICE}: its deployment moved on meanwhile ` +
                `and is now ROLLBACK_IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT (hook ${sim.hooks[0].hookId} FAILED) ` +
                `(InvalidParameterException: The lifecycle hook ${sim.hooks[0].hookId} is not awaiting action on an in-progress service deployment.)`,
        ]);
    });

    it("rides out throttling: the SDK retries a throttled ContinueServiceDeployment", async () => {
        const { sim, f, env } = await withSim(blueGreenPaused, (s) => ({
            ContinueServiceDeployment: throttled(2, simHandlers(s).ContinueServiceDeployment),
        }));
        await pausedNow(env, sim);
        const r = await runCli("continue", [...target, ...poll], env);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(f.count("ContinueServiceDeployment"), 3);
        assert.equal(sim.status, "SUCCESSFUL");
    });

    it("exits 1 when the outcome is not the one asked for: continued, then rolled back by an alarm", async () => {
        fake = await startFakeAws({
            DescribeServices: (_b, n) =>
                describeServices(
                    n === 0
                        ? [
                              { rev: 42, status: "PRIMARY", rollout: "IN_PROGRESS", running: 1, desired: 1 },
                              { rev: 41, status: "ACTIVE", rollout: "COMPLETED", running: 1, desired: 1 },
                          ]
                        : [
                              { rev: 41, status: "PRIMARY", rollout: "COMPLETED", running: 1, desired: 1 },
                              { rev: 42, status: "ACTIVE", rollout: "FAILED", running: 0, desired: 0 },
                          ],
                ),
            ListServiceDeployments: () => ({ serviceDeployments: [] }),
            DescribeServiceDeployments: (_b, n) =>
                n === 0
                    ? serviceDeployment("IN_PROGRESS", {
                          lifecycleStage: "POST_TEST_TRAFFIC_SHIFT",
                          lifecycleHookDetails: [
                              { hookId: "ecs-pause-7", targetType: "PAUSE", status: "AWAITING_ACTION" },
                          ],
                      })
                    : serviceDeployment("ROLLBACK_SUCCESSFUL", {
                          lifecycleStage: "BAKE_TIME",
                          lifecycleHookDetails: [{ hookId: "ecs-pause-7", targetType: "PAUSE", status: "SUCCEEDED" }],
                          alarms: { status: "TRIGGERED", triggeredAlarmNames: ["ecs-deploy-staging-target-5xx"] },
                      }),
            ContinueServiceDeployment: () => ({ serviceDeploymentArn: SERVICE_DEPLOYMENT }),
            ListTasks: () => ({ taskArns: [] }),
        });
        const r = await runCli("continue", [...target, ...poll], fakeAwsEnv(fake.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.lines[0],
            `error: service ${SERVICE}: ecs-deploy-staging:42 was rolled back to :41 by alarm ecs-deploy-staging-target-5xx`,
        );
    });
});

describe("npm run wait and continue: usage errors", function () {
    this.timeout(60_000);
    const env = fakeAwsEnv("http://127.0.0.1:9");

    it("wait: an unknown --until stage lists the valid ones, exit 2", async () => {
        const r = await runCli("wait", [...target, "--until", "BAKE"], env);
        assert.equal(r.code, 2);
        assert.equal(
            r.lines[0],
            'error: --until must be a lifecycle stage, got "BAKE"; use one of RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP, ' +
                "POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRE_PRODUCTION_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, " +
                "POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP",
        );
        assert.match(r.lines[1], /^usage: npm run wait -- /);
    });

    it("wait: --fail-fast takes a whole number of tasks, exit 2", async () => {
        for (const bad of ["0", "1.5", "many"]) {
            const r = await runCli("wait", [...target, "--fail-fast", bad], env);
            assert.equal(r.code, 2);
            assert.equal(r.lines[0], `error: --fail-fast must be a whole number of tasks, at least 1, got "${bad}"`);
        }
    });

    it("continue: missing flags, an unknown flag, a bad timeout, exit 2", async () => {
        const missing = await runCli("continue", ["--cluster", CLUSTER, "--rollback"], env);
        assert.equal(missing.code, 2);
        assert.equal(missing.lines[0], "error: --cluster and --service are required");
        assert.match(
            missing.lines[1],
            /^usage: npm run continue -- --cluster <name\|arn> --service <name> \[--rollback\]/,
        );
        const unknown = await runCli("continue", [...target, "--approve"], env);
        assert.equal(unknown.code, 2);
        assert.match(unknown.lines[0], /^error: Unknown option '--approve'/);
        const timeout = await runCli("continue", [...target, "--timeout", "0"], env);
        assert.equal(timeout.code, 2);
        assert.match(timeout.lines[0], /^error: --timeout must be a positive number of seconds, got "0"$/);
    });

    it("continue: the AWS error of a refused describe is one line, no stack trace", async () => {
        fake = await startFakeAws({
            DescribeServices: () =>
                new AwsFault("AccessDeniedException", "not authorized to perform: ecs:DescribeServices"),
        });
        const r = await runCli("continue", target, fakeAwsEnv(fake.url));
        assert.equal(r.code, 1);
        assert.deepEqual(r.lines, [
            "error: AWS refused the call: AccessDeniedException: not authorized to perform: ecs:DescribeServices",
        ]);
    });
});
