/**
 * Wall time of `render` per stack, with a bare `node -e 0` start measured in
 * the same run as the peer, so the ratio holds on a noisy machine.
 *
 *   npm run bench:render          (BENCH_RUNS, default 7)
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function time(args: string[]): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows: string[] = [];
for (const stack of ["staging", "production"]) {
    const render: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        render.push(
            time([
                "--require",
                "./scripts/compileCache.js",
                "--require",
                "tsx/cjs",
                "cli/render.ts",
                "--stack",
                stack,
                "--out",
                path.join(os.tmpdir(), `bench-render-${stack}`),
            ]),
        );
        bare.push(time(["-e", "0"]));
    }
    const r = median(render);
    const b = median(bare);
    rows.push(
        `${stack.padEnd(11)} ${(r / 1000).toFixed(2).padStart(8)} s ${b.toFixed(0).padStart(8)} ms ${(r / b).toFixed(1).padStart(7)}x`,
    );
}
console.log(`node ${process.version}, ${RUNS} runs each, medians`);
console.log("stack       render     node -e 0   ratio");
for (const row of rows) console.log(row);
