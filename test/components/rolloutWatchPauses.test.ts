/**
 * The rollout watch inside `pulumi up` at PAUSE hooks and with fail fast: the
 * RolloutWatch dynamic provider serialised and run in a fresh Node process as
 * the engine runs it, against the fake ECS deployment (test/support/ecsSim.ts);
 * a person acts on the pause with the real `npm run continue` meanwhile.
 */
import assert from "node:assert/strict";
import { rolloutWatchProvider } from "../../components/deployGates";
import { runCli } from "../support/cliRun";
import { CLUSTER, SERVICE, SERVICE_DEPLOYMENT, td } from "../support/ecsWorld";
import { EcsSim, type SimOptions } from "../support/ecsSim";
import { simHandlers } from "../support/ecsSimApi";
import { type FakeAws, fakeAwsEnv, startFakeAws } from "../support/fakeAws";
import { runSerialised } from "../support/serialisedProvider";

const HOUR = 3_600_000;
const PAUSES = [{ stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60, onTimeout: "ROLLBACK" }];
const inputs = (extra: Record<string, unknown> = {}) => ({
    region: "eu-north-1",
    cluster: CLUSTER,
    service: SERVICE,
    taskDefinitionArn: td(42),
    serviceFingerprint: "f",
    timeoutSeconds: 30,
    pollSeconds: 0.05,
    pauses: PAUSES,
    ...extra,
});
const blueGreen = (timeoutMs: number, onTimeout: "CONTINUE" | "ROLLBACK" = "ROLLBACK"): SimOptions => ({
    strategy: "BLUE_GREEN",
    stageMs: 100,
    launchMs: 100,
    pauses: [{ stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMs, onTimeout }],
});
const continueCmd = `npm run continue -- --cluster ${CLUSTER} --service ${SERVICE}`;
const howTo = `continue: ${continueCmd}; roll back: ${continueCmd} --rollback`;

let fake: FakeAws | undefined;
afterEach(async () => {
    await fake?.close();
    fake = undefined;
});
async function withSim(o: SimOptions) {
    const sim = new EcsSim(o);
    fake = await startFakeAws(simHandlers(sim));
    return { sim, f: fake, env: fakeAwsEnv(fake.url) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
    for (const end = Date.now() + ms; !cond(); await sleep(50)) if (Date.now() > end) assert.fail(`never: ${what}`);
}

describe("the rollout watch in pulumi up at pauses (serialised provider, fresh process)", function () {
    this.timeout(180_000);

    it("waits at the pause, longer than the rollout timeout, says how to continue, and completes once a person continues", async () => {
        const { sim, env } = await withSim(blueGreen(HOUR));
        let settled = false;
        const watching = runSerialised(rolloutWatchProvider, "create", inputs({ timeoutSeconds: 4 }), env).finally(
            () => (settled = true),
        );
        await until("the deployment pauses", () => sim.hooks[0]?.status === "AWAITING_ACTION");
        await sleep(5000); // past the 4 s rollout timeout: time paused does not count
        assert.equal(settled, false, "a paused deployment is never reported as done");
        const approved = await runCli("continue", ["--cluster", CLUSTER, "--service", SERVICE, "--poll", "0.05"], env);
        assert.equal(approved.code, 0, approved.stderr);
        const r = await watching;
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
            JSON.parse(r.stdout).outs.outcome,
            `service ${SERVICE}: ecs-deploy-staging:42 is running (1 of 1 tasks) (continued at POST_TEST_TRAFFIC_SHIFT)`,
        );
        const said = r.stderr.split("\n");
        assert.ok(
            said.includes(
                `service ${SERVICE}: ecs-deploy-staging:42 is paused at POST_TEST_TRAFFIC_SHIFT, hook ${sim.hooks[0].hookId} ` +
                    `(ECS will ROLLBACK it at ${new Date(sim.hooks[0].expiresAt).toISOString()} unless it is continued first); ` +
                    `waiting for it. ${howTo}`,
            ),
            r.stderr,
        );
        const stages = said.flatMap((l) => /^service \S+: \S+ entered lifecycle stage (\S+)$/.exec(l)?.slice(1) ?? []);
        assert.ok(stages.includes("POST_TEST_TRAFFIC_SHIFT"), r.stderr);
        assert.deepEqual(
            stages,
            [...sim.stages].filter((st) => stages.includes(st)),
            "named in the order entered",
        );
        assert.equal(stages.at(-1), "CLEAN_UP");
        assert.equal(sim.status, "SUCCESSFUL");
    });

    it("fails naming the person when they roll back at the pause", async () => {
        const { sim, env } = await withSim(blueGreen(HOUR));
        const watching = runSerialised(rolloutWatchProvider, "create", inputs(), env);
        await until("the deployment pauses", () => sim.hooks[0]?.status === "AWAITING_ACTION");
        const rejected = await runCli(
            "continue",
            ["--cluster", CLUSTER, "--service", SERVICE, "--rollback", "--poll", "0.05"],
            env,
        );
        assert.equal(rejected.code, 0, rejected.stderr);
        const r = await watching;
        assert.equal(r.code, 3);
        const hook = sim.hooks[0].hookId;
        const said = r.stderr.split("\n");
        assert.ok(
            said.includes(
                `service ${SERVICE}: ecs-deploy-staging:42 was rolled back to :41 at the pause at POST_TEST_TRAFFIC_SHIFT ` +
                    `by a person (ContinueServiceDeployment with ROLLBACK on hook ${hook})`,
            ),
            r.stderr,
        );
        assert.equal(
            said.at(-1),
            `  it paused at POST_TEST_TRAFFIC_SHIFT, hook ${hook} (ECS will ROLLBACK it at ${new Date(sim.hooks[0].expiresAt).toISOString()} unless it is continued first); a pause is acted on with ${howTo}`,
        );
    });

    it("fails naming the hook's timeout when nobody continued it and its timeout action is ROLLBACK", async () => {
        const { sim, env } = await withSim(blueGreen(2000));
        const started = Date.now();
        const r = await runSerialised(rolloutWatchProvider, "create", inputs(), env);
        assert.equal(r.code, 3, r.stderr);
        assert.ok(Date.now() - started >= 2000, "it waited at the pause for the hook's timeout");
        const hook = sim.hooks[0].hookId;
        assert.ok(
            r.stderr
                .split("\n")
                .includes(
                    `service ${SERVICE}: ecs-deploy-staging:42 was rolled back to :41 by the pause hook's timeout at ` +
                        `POST_TEST_TRAFFIC_SHIFT (hook ${hook} timed out, timeout action ROLLBACK)`,
                ),
            r.stderr,
        );
        assert.match(
            r.stderr,
            new RegExp(`a pause is acted on with continue: npm run continue -- --cluster \\S+ --service ${SERVICE};`),
        );
        assert.equal(sim.hooks[0].status, "TIMED_OUT");
    });

    it("completes when the hook times out with the CONTINUE action", async () => {
        const { sim, env } = await withSim(blueGreen(1000, "CONTINUE"));
        const r = await runSerialised(rolloutWatchProvider, "create", inputs(), env);
        assert.equal(r.code, 0, r.stderr);
        assert.match(
            JSON.parse(r.stdout).outs.outcome,
            /is running \(1 of 1 tasks\) \(continued at POST_TEST_TRAFFIC_SHIFT\)$/,
        );
        assert.equal(sim.hooks[0].status, "TIMED_OUT");
    });

    it("fails fast on a crash loop: rolls back after the first failed task, before the circuit breaker's third", async () => {
        const { sim, f, env } = await withSim({ launchMs: 600, crash: { afterMs: 20, exitCode: 1 } });
        const r = await runSerialised(
            rolloutWatchProvider,
            "create",
            inputs({ pauses: undefined, failFastAfterTasks: 1 }),
            env,
        );
        assert.equal(r.code, 3);
        const lines = r.stderr.split("\n");
        assert.equal(
            lines[0],
            `service ${SERVICE}: ecs-deploy-staging:42 was stopped early by fail-fast: 1 of its tasks failed ` +
                `(fail fast after 1; ECS's circuit breaker waits for 3); ECS is rolling it back to :41 (StopServiceDeployment ROLLBACK)`,
        );
        assert.equal(
            lines[1],
            "  task t1 failed: EssentialContainerExited: Essential container in task exited; container web exited 1",
        );
        assert.deepEqual(
            f.calls.filter((c) => c.op === "StopServiceDeployment").map((c) => c.body),
            [{ serviceDeploymentArn: SERVICE_DEPLOYMENT, stopType: "ROLLBACK" }],
        );
        assert.equal(sim.failures, 1);
        assert.equal(sim.breakerAt, undefined);
    });
});
