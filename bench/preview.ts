/**
 * Benchmark: how long `pulumi preview` spends starting and running this
 * program, by the path the Node.js language host takes. The host spawns
 *   node <runtime.options.nodeargs> @pulumi/pulumi/cmd/run --monitor … --engine … --dry-run … .
 * with PULUMI_NODEJS_TYPESCRIPT=true unless runtime.options.typescript is false
 * (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, execRuntime and
 * constructArguments). This runs exactly that command against a stand-in engine
 * on 127.0.0.1 (bench/support/engine.ts), three ways per round:
 *   - Pulumi.yaml's options (typescript: false, nodeargs: scripts/transpile.js): transpile only;
 *   - typescript: false with nodeargs --require tsx/cjs, for comparison;
 *   - the host's default (typescript: true): cmd/run registers ts-node (the vendored
 *     ts-node@7.0.1 with the project's TypeScript), which type-checks every file.
 * Each run must exit 0 having registered the whole stack.
 *
 *   npm run bench:preview          (env: BENCH_RUNS, default 3; BENCH_STACK, default staging)
 *
 * Fresh-runner rounds give each run what a new machine has right after `npm ci`:
 * no ts-node or tsx cache, and V8's compile cache as the prepare script leaves
 * it (only the Pulumi.yaml path enables that cache); warm rounds reuse caches.
 *
 * Exits 1 if the median ratio is above the goal (0.25).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { loadStackFiles } from "../offline/stackFiles";
import { startEngine } from "./support/engine";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STACK = process.env.BENCH_STACK ?? "staging";
const GOAL = 0.25;

interface RuntimeOptions {
    typescript?: boolean;
    nodeargs?: string;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Splits nodeargs as the host's shlex.Split does for the simple, unquoted flags used here. */
function splitArgs(s: string | undefined): string[] {
    if (!s) return [];
    if (/["'\\]/.test(s)) throw new Error(`bench: nodeargs with quotes are not supported here: ${s}`);
    return s.trim().split(/\s+/);
}

async function main(): Promise<void> {
    const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
        name: string;
        runtime: { options?: RuntimeOptions };
    };
    const options = project.runtime.options ?? {};
    const files = loadStackFiles(ROOT, STACK);
    const region = files.config["aws:region"] ?? "us-east-1";
    const engine = await startEngine(files.project, files.stack, region);
    // The compile cache `npm ci` leaves (its prepare script), made afresh for this run.
    const installed = fs.mkdtempSync(path.join(os.tmpdir(), "bench-installed-cache-"));
    const warmed = spawnSync(process.execPath, [path.join(ROOT, "scripts", "warmCompileCache.js")], {
        cwd: ROOT,
        env: { ...process.env, ECS_DEPLOY_COMPILE_CACHE: installed },
        encoding: "utf8",
    });
    if (warmed.status !== 0 || warmed.stderr.includes("not warmed"))
        throw new Error(`bench: warming the compile cache failed: ${warmed.stderr}`);
    const runPath = path.dirname(require.resolve("@pulumi/pulumi/cmd/run/index.js", { paths: [ROOT] }));
    const hostArgs = [
        "--monitor",
        engine.monitor,
        "--engine",
        engine.engine,
        "--organization",
        "organization",
        "--project",
        files.project,
        "--stack",
        files.stack,
        "--pwd",
        ROOT,
        "--dry-run",
        "--parallel",
        "16",
        ".",
    ];
    const baseEnv: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(files.config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(files.secretKeys),
    };
    delete baseEnv.PULUMI_NODEJS_TYPESCRIPT;
    delete baseEnv.PULUMI_NODEJS_TRANSPILE_ONLY;
    delete baseEnv.NODE_OPTIONS;

    const paths = {
        configured: {
            args: [...splitArgs(options.nodeargs), runPath, ...hostArgs],
            env: options.typescript === false ? baseEnv : { ...baseEnv, PULUMI_NODEJS_TYPESCRIPT: "true" },
        },
        tsx: { args: ["--require", "tsx/cjs", runPath, ...hostArgs], env: baseEnv },
        tsNode: { args: [runPath, ...hostArgs], env: { ...baseEnv, PULUMI_NODEJS_TYPESCRIPT: "true" } },
    };

    interface Timing {
        wall: number;
        cpu: number;
    }
    /** One run to completion: wall time, and the CPU time of node and its children (bash's `times`). */
    const once = (p: { args: string[]; env: NodeJS.ProcessEnv }, cold: boolean): Promise<Timing> =>
        new Promise((resolve, reject) => {
            const env = { ...p.env };
            let compileCache: string | undefined;
            if (cold) {
                // As on a fresh runner right after `npm ci` (Deployments, PR previews): no ts-node or
                // tsx cache, and V8's compile cache as the install left it (scripts/warmCompileCache.js).
                env.TS_NODE_CACHE_DIRECTORY = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ts-node-"));
                env.TSX_DISABLE_CACHE = "1";
                compileCache = fs.mkdtempSync(path.join(os.tmpdir(), "bench-compile-cache-"));
                fs.cpSync(installed, compileCache, { recursive: true });
                env.ECS_DEPLOY_COMPILE_CACHE = compileCache;
            }
            const before = engine.registered();
            const start = process.hrtime.bigint();
            const child = spawn(
                "bash",
                ["-c", '"$@"; rc=$?; times >&2; exit $rc', "bash", process.execPath, ...p.args],
                { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
            );
            let out = "";
            child.stdout.on("data", (d: Buffer) => (out += d.toString()));
            child.stderr.on("data", (d: Buffer) => (out += d.toString()));
            child.on("close", (code) => {
                const wall = Number(process.hrtime.bigint() - start) / 1e6;
                if (env.TS_NODE_CACHE_DIRECTORY && cold)
                    fs.rmSync(env.TS_NODE_CACHE_DIRECTORY, { recursive: true, force: true });
                if (compileCache) fs.rmSync(compileCache, { recursive: true, force: true });
                const resources = engine.registered() - before;
                // The last line of `times`: the children's user and system time, e.g. "0m3.120s 0m0.410s".
                const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(out);
                if (code !== 0 || resources < 20 || !m)
                    return reject(
                        new Error(
                            `the program exited ${code} after registering ${resources} resources:\n${out.slice(-2000)}`,
                        ),
                    );
                const cpu = (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
                resolve({ wall, cpu });
            });
        });

    try {
        const rows: { mode: string; configured: Timing; tsx: Timing; tsNode: Timing }[] = [];
        for (const cold of [true, false]) {
            if (!cold) {
                // Fill the caches the warm rounds reuse.
                for (const p of Object.values(paths)) await once(p, false);
            }
            const t = { configured: [] as Timing[], tsx: [] as Timing[], tsNode: [] as Timing[] };
            for (let i = 0; i < RUNS; i++) {
                t.configured.push(await once(paths.configured, cold));
                t.tsx.push(await once(paths.tsx, cold));
                t.tsNode.push(await once(paths.tsNode, cold));
            }
            const med = (xs: Timing[]): Timing => ({
                wall: median(xs.map((x) => x.wall)),
                cpu: median(xs.map((x) => x.cpu)),
            });
            rows.push({
                mode: cold
                    ? "fresh runner after npm ci (Deployments, PR previews)"
                    : "warm caches (unchanged files, same machine)",
                configured: med(t.configured),
                tsx: med(t.tsx),
                tsNode: med(t.tsNode),
            });
        }
        console.log(
            `program start to finish through @pulumi/pulumi/cmd/run (preview), stack ${files.stack}, ${RUNS} interleaved runs per mode, medians`,
        );
        console.log(
            `Pulumi.yaml runtime options: typescript=${String(options.typescript ?? true)} nodeargs=${JSON.stringify(options.nodeargs ?? "")}; ` +
                `the other path: the host's default, vendored ts-node with type-checking`,
        );
        const f = (n: number) => `${(n / 1000).toFixed(2)}s`.padStart(8);
        console.log(`${"".padEnd(54)} ${"wall time".padEnd(44)} cpu time (user+sys)`);
        console.log(
            `${"mode".padEnd(54)} ${"Pulumi.yaml".padStart(11)} ${"tsx/cjs".padStart(8)} ${"ts-node".padStart(8)} ${"ratio".padStart(6)} ` +
                `${"tsx rat.".padStart(8)} ${"P.yaml".padStart(8)} ` +
                `${"tsx/cjs".padStart(8)} ${"ts-node".padStart(8)} ${"ratio".padStart(6)}`,
        );
        for (const r of rows) {
            const ratio = (a: number, b: number) => (a / b).toFixed(3).padStart(6);
            console.log(
                `${r.mode.padEnd(54)} ${f(r.configured.wall).padStart(11)} ${f(r.tsx.wall)} ${f(r.tsNode.wall)} ` +
                    `${ratio(r.configured.wall, r.tsNode.wall)} ${ratio(r.tsx.wall, r.tsNode.wall).padStart(8)} ` +
                    `${f(r.configured.cpu)} ${f(r.tsx.cpu)} ${f(r.tsNode.cpu)} ${ratio(r.configured.cpu, r.tsNode.cpu)}`,
            );
        }
        const cold = rows[0];
        const ratio = cold.configured.wall / cold.tsNode.wall;
        console.log(
            `ratio Pulumi.yaml options / ts-node type-check, cold, wall: ${ratio.toFixed(3)} (goal <= ${GOAL}); ` +
                `cpu: ${(cold.configured.cpu / cold.tsNode.cpu).toFixed(3)}`,
        );
        process.exitCode = ratio <= GOAL ? 0 : 1;
    } finally {
        await engine.stop();
        fs.rmSync(installed, { recursive: true, force: true });
    }
}

main().catch((err) => {
    console.error(`bench: ${(err as Error).message}`);
    process.exitCode = 1;
});
