/**
 * Time to verdict on a crash-looping new version: fail fast (afterFailedTasks
 * 1) against waiting for ECS's deployment circuit breaker, measured in the
 * same run on the fake ECS (test/support/ecsSim.ts) with modelled task launch
 * time, through the rollout watch the CLI and `pulumi up` use.
 *
 *   npm run bench:fail-fast [-- --runs 3] [--scale <ms per modelled second>] [--desired <n>] [--launch <s>] [--check]
 *
 * The model, in modelled seconds: each task takes `--launch` (45) from launch
 * to RUNNING (Fargate provisioning, image pull, container start), its
 * container exits 1 two seconds later, and ECS launches a replacement at once
 * (no back-off, which favours the breaker). The circuit breaker rolls back at
 * max(3, min(200, ceil(0.5 x desired))) failed tasks. The fail-fast watch asks
 * ECS every 6 s (the rollout watch's cadence with fail fast on); its verdict
 * is when it has asked ECS to roll back and failed. The breaker's time is when
 * ECS triggers it, before any watcher could see it: the comparison favours the
 * breaker. Modelled times are scaled down (`--scale`, 20 ms per modelled
 * second) so a run takes seconds; polling and launch scale alike, so the ratio
 * is what it would be at full length, apart from the calls' own latency.
 * `--check` exits 1 when the ratio is above the goal of 0.4.
 */
import { watchRollout } from "../components/ecsRollout";
import { EcsSim } from "../test/support/ecsSim";
import { simHandlers } from "../test/support/ecsSimApi";
import { CLUSTER, SERVICE } from "../test/support/ecsWorld";
import { fakeAwsEnv, startFakeAws } from "../test/support/fakeAws";

const GOAL = 0.4;
const POLL_SECONDS = 6;
const CRASH_SECONDS = 2;

interface Args {
    runs: number;
    scale: number;
    desired: number;
    launch: number;
    check: boolean;
}

function usage(message: string): never {
    console.error(
        `bench/failFast: ${message}\nusage: npm run bench:fail-fast -- [--runs <n>] [--scale <ms>] [--desired <n>] [--launch <s>] [--check]`,
    );
    process.exit(2);
}

function parseArgs(argv: string[]): Args {
    const a: Args = { runs: 3, scale: 20, desired: 1, launch: 45, check: false };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        if (flag === "--check") a.check = true;
        else if (["--runs", "--scale", "--desired", "--launch"].includes(flag)) {
            const n = Number(argv[++i]);
            if (!Number.isFinite(n) || n <= 0) usage(`${flag} takes a positive number`);
            a[flag.slice(2) as "runs" | "scale" | "desired" | "launch"] = n;
        } else usage(`unknown option ${flag}`);
    }
    return a;
}

interface Run {
    /** Modelled seconds from the deployment's start. */
    verdict: number;
    /** The circuit-breaker run only: when the watch failed (after ECS's rollback). */
    watchFailed?: number;
    failedTasks: number;
}

async function once(a: Args, failFast: boolean): Promise<Run> {
    const ms = (s: number) => s * a.scale;
    const sim = new EcsSim({
        desiredCount: a.desired,
        launchMs: ms(a.launch),
        crash: { afterMs: ms(CRASH_SECONDS), exitCode: 1, reason: "Error: Cannot find module '/app/server.js'" },
        rollbackMs: ms(30),
    });
    const fake = await startFakeAws(simHandlers(sim));
    Object.assign(process.env, fakeAwsEnv(fake.url));
    try {
        await watchRollout({
            cluster: CLUSTER,
            service: SERVICE,
            timeoutSeconds: 3600,
            pollSeconds: (POLL_SECONDS * a.scale) / 1000,
            failFastAfterTasks: failFast ? 1 : undefined,
            whenPaused: "return",
        });
        throw new Error("the crash-looping version rolled out: the model is broken");
    } catch (e) {
        if (!(e instanceof Error) || e.name !== "RolloutFailed") throw e;
        const failed = (Date.now() - sim.t0) / a.scale;
        if (failFast) return { verdict: failed, failedTasks: sim.failures };
        if (sim.breakerAt === undefined) throw new Error("the circuit breaker never triggered", { cause: e });
        return { verdict: (sim.breakerAt - sim.t0) / a.scale, watchFailed: failed, failedTasks: sim.failures };
    } finally {
        await fake.close();
    }
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const fmt = (s: number) => s.toFixed(1).padStart(7);

async function main(): Promise<void> {
    const a = parseArgs(process.argv.slice(2));
    const ff: Run[] = [];
    const cb: Run[] = [];
    for (let i = 0; i < a.runs; i++) {
        ff.push(await once(a, true)); // interleaved, so both sides see the same machine load
        cb.push(await once(a, false));
    }
    const threshold = Math.max(3, Math.min(200, Math.ceil(a.desired * 0.5)));
    console.log(
        `Time to verdict on a crash-looping new version, fake ECS, desired count ${a.desired}\n` +
            `modelled: task launch ${a.launch} s (provisioning, image pull, start), container exits 1 after ${CRASH_SECONDS} s, ` +
            `watch asks ECS every ${POLL_SECONDS} s; 1 modelled s = ${a.scale} ms\n`,
    );
    const rows: [string, number[]][] = [
        ["fail fast (afterFailedTasks 1): watch failed", ff.map((r) => r.verdict)],
        [`circuit breaker (${threshold} failed tasks): ECS triggered`, cb.map((r) => r.verdict)],
        ["  the watch without fail fast failed (rollback done)", cb.map((r) => r.watchFailed ?? NaN)],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log(
        `${"modelled seconds from the deployment's start".padEnd(w)}  ${ff.map((_, i) => `run ${i + 1}`.padStart(7)).join("")}   median`,
    );
    for (const [name, xs] of rows) console.log(`${name.padEnd(w)}  ${xs.map(fmt).join("")}  ${fmt(median(xs))}`);
    console.log(
        `failed tasks: fail fast ${median(ff.map((r) => r.failedTasks))}, circuit breaker ${median(cb.map((r) => r.failedTasks))}`,
    );
    const ratio = median(ff.map((r) => r.verdict)) / median(cb.map((r) => r.verdict));
    console.log(
        `\nratio fail fast / circuit breaker: ${ratio.toFixed(3)} (goal <= ${GOAL}: ${ratio <= GOAL ? "met" : "NOT met"})`,
    );
    if (a.check && ratio > GOAL) process.exit(1);
}

main().catch((e: unknown) => {
    console.error(`bench/failFast: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
});
