/**
 * Benchmark: reading the template label costs the same few KiB whether the
 * image has a 200 MiB layer or a tiny one, and the label command is timed as
 * the README tells users to run it (`bin/label <ref>`, the private CA in
 * NODE_EXTRA_CA_CERTS) against `skopeo inspect --config --cert-dir` on the
 * same refs, over TLS, in the same run. What `npm run label` runs is timed too.
 *
 *   npm run bench:label
 *
 * Env: BENCH_RUNS (default 21), BENCH_LAYER_MIB (default 200),
 * LABEL_CMD (default: bin/label). Needs docker-registry, skopeo, umoci,
 * htpasswd and openssl. Exits 1 if the bytes budget (same for both images,
 * at most 16 KiB) or the goal (bin/label within 2x skopeo) is not met.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readImageLabel } from "../core/template/registry/label";
import { Layout } from "../test/support/fixture-images";
import { startRegistry } from "../test/support/registry-server";

const ROOT = resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const LAYER_MIB = Number(process.env.BENCH_LAYER_MIB ?? 200);
const LABEL_CMD = (process.env.LABEL_CMD ?? "bin/label").split(" ");
/** What `npm run label` runs (package.json), without npm's own start-up. */
const NPM_LABEL_CMD = "node --require ./scripts/compileCache.js --require tsx/cjs cli/label.ts".split(" ");
const GOAL = 2;
const BYTES_BUDGET = 16 * 1024;
const CREATED = "2026-01-01T00:00:00Z";
const creds = { username: "bench", password: "bench-pass" };

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall time of one command in ms; it must succeed and print the expected template. */
function timed(cmd: string[], env: NodeJS.ProcessEnv, check: (stdout: string) => boolean): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd[0], cmd.slice(1), { cwd: ROOT, env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0 || !check(r.stdout)) throw new Error(`${cmd[0]} failed (${r.status}): ${r.stderr.trim()}`);
    return ms;
}

function sizeOfDir(dir: string): number {
    const out = spawnSync("du", ["-sb", dir], { encoding: "utf8" }).stdout;
    return Number(out.split(/\s/)[0]);
}

async function main(): Promise<void> {
    const template = readFileSync(join(ROOT, "app", "ecs-task-template.json"), "utf8");
    const expected = JSON.parse(template) as unknown;
    const scratch = mkdtempSync(join(tmpdir(), "bench-label-"));
    const reg = await startRegistry({ credentials: creds, tls: true });
    const layout = await Layout.create();
    try {
        // Incompressible data, generated now and never committed.
        const big = join(scratch, "big.bin");
        const small = join(scratch, "small.bin");
        const head = spawnSync("head", ["-c", `${LAYER_MIB}M`, "/dev/urandom"], {
            maxBuffer: (LAYER_MIB + 1) * 1024 * 1024,
        });
        writeFileSync(big, head.stdout);
        writeFileSync(small, head.stdout.subarray(0, 1024));
        const labels = { ECS_TASK_TEMPLATE: template };
        await layout.image("tiny", { labels, files: [[small, "/data.bin"]], created: CREATED });
        await layout.image("big", { labels, files: [[big, "/data.bin"]], created: CREATED });
        await layout.push("tiny", `${reg.host}/bench:tiny`, { credentials: creds });
        await layout.push("big", `${reg.host}/bench:big`, { credentials: creds });
        // The bundle bin/label runs is built at install time; build it now if it is not.
        spawnSync(process.execPath, ["scripts/buildLabel.js"], { cwd: ROOT });
        const stored = sizeOfDir(layout.dir);

        const env = {
            ...process.env,
            REGISTRY_USERNAME: creds.username,
            REGISTRY_PASSWORD: creds.password,
            NODE_EXTRA_CA_CERTS: reg.caFile,
        };
        const sameTemplate = (out: string) => JSON.stringify(JSON.parse(out)) === JSON.stringify(expected);
        const sameConfig = (out: string) => {
            const labels = (JSON.parse(out) as { config?: { Labels?: Record<string, string> } }).config?.Labels;
            return labels?.ECS_TASK_TEMPLATE === template;
        };

        const rows = [];
        for (const [name, layer] of [
            ["tiny", 1024],
            ["big", LAYER_MIB * 1024 * 1024],
        ] as const) {
            const ref = `${reg.host}/bench:${name}`;
            const label = [...LABEL_CMD, ref];
            const npmLabel = [...NPM_LABEL_CMD, ref];
            const skopeo = [
                "skopeo",
                "inspect",
                "--config",
                "--cert-dir",
                reg.certDir!,
                "--creds",
                `${creds.username}:${creds.password}`,
                `docker://${ref}`,
            ];
            const ca = readFileSync(reg.caFile!);
            const read = await readImageLabel(ref, { credentials: creds, ca });
            if (read.label !== template) throw new Error(`${ref}: the label read back differs from the template`);
            // Warm up all three (Node's compile cache, tsx's transform cache, the registry's page cache), then interleave.
            timed(label, env, sameTemplate);
            timed(npmLabel, env, sameTemplate);
            timed(skopeo, env, sameConfig);
            const times = {
                label: [] as number[],
                npmLabel: [] as number[],
                skopeo: [] as number[],
                inProcess: [] as number[],
            };
            for (let i = 0; i < RUNS; i++) {
                times.label.push(timed(label, env, sameTemplate));
                times.npmLabel.push(timed(npmLabel, env, sameTemplate));
                times.skopeo.push(timed(skopeo, env, sameConfig));
                const t0 = process.hrtime.bigint();
                await readImageLabel(ref, { credentials: creds, ca });
                times.inProcess.push(Number(process.hrtime.bigint() - t0) / 1e6);
            }
            rows.push({
                name,
                layer,
                bytes: read.bytesTransferred,
                label: median(times.label),
                npmLabel: median(times.npmLabel),
                skopeo: median(times.skopeo),
                inProcess: median(times.inProcess),
            });
        }

        const pad = (s: string | number, n: number) => String(s).padStart(n);
        console.log(
            `registry https://127.0.0.1 (docker-registry, private CA), ${RUNS} interleaved runs each, medians; ` +
                `image layouts on disk: ${(stored / 1024 / 1024).toFixed(1)} MiB`,
        );
        console.log(
            `label command: ${LABEL_CMD.join(" ")} (NODE_EXTRA_CA_CERTS); ` +
                `npm run label's command: ${NPM_LABEL_CMD.join(" ")}; skopeo inspect --config --cert-dir`,
        );
        console.log(
            `${"image".padEnd(6)} ${pad("data", 10)} ${pad("bytes read", 10)} ${pad("bin/label ms", 12)} ` +
                `${pad("npm-run ms", 10)} ${pad("skopeo ms", 9)} ${pad("ratio", 6)} ` +
                `${pad("npm ratio", 9)} ${pad("in-process ms", 13)}`,
        );
        for (const r of rows) {
            const layer = r.layer >= 1024 * 1024 ? `${r.layer / 1024 / 1024} MiB` : `${r.layer / 1024} KiB`;
            console.log(
                `${r.name.padEnd(6)} ${pad(layer, 10)} ${pad(r.bytes, 10)} ${pad(r.label.toFixed(1), 12)} ` +
                    `${pad(r.npmLabel.toFixed(1), 10)} ${pad(r.skopeo.toFixed(1), 9)} ${pad((r.label / r.skopeo).toFixed(2), 6)} ` +
                    `${pad((r.npmLabel / r.skopeo).toFixed(2), 9)} ${pad(r.inProcess.toFixed(1), 13)}`,
            );
        }
        const [tiny, bigRow] = rows;
        const diff = Math.abs(bigRow.bytes - tiny.bytes);
        const allLabel = median(rows.map((r) => r.label));
        const allSkopeo = median(rows.map((r) => r.skopeo));
        console.log(`bytes: tiny ${tiny.bytes}, big ${bigRow.bytes} (difference ${diff}; budget ${BYTES_BUDGET})`);
        const ratio = allLabel / allSkopeo;
        console.log(
            `median ratio bin/label/skopeo over TLS: ${ratio.toFixed(2)} (goal <= ${GOAL}); ` +
                `npm run label's command/skopeo: ${(median(rows.map((r) => r.npmLabel)) / allSkopeo).toFixed(2)}`,
        );
        // The documents differ only in the layer's size and digest fields, so a
        // difference of a few bytes (the size's extra digits) is "the same".
        const ok = tiny.bytes <= BYTES_BUDGET && bigRow.bytes <= BYTES_BUDGET && diff <= 16;
        console.log(ok ? "bytes budget: met" : "bytes budget: NOT met");
        process.exitCode = ok && ratio <= GOAL ? 0 : 1;
    } finally {
        layout.remove();
        await reg.stop();
        rmSync(scratch, { recursive: true, force: true });
    }
}

main().catch((err) => {
    console.error(`bench: ${(err as Error).message}`);
    process.exitCode = 1;
});
