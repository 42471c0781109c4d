/**
 * The hook Pulumi.yaml gives the language host (scripts/transpile.js): the program
 * runs through it as through tsx, and its transpiled output is cached by content.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, tempDir } from "../support/render";

const HOOKS = ["--require", "./scripts/compileCache.js", "--require", "./scripts/transpile.js"];
const RENDER = (out: string) =>
    `require("./cli/render.ts").render(["--stack", "staging", "--out", ${JSON.stringify(out)}]).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })`;

describe("Pulumi.yaml's transpile hook", function () {
    this.timeout(120_000);
    const cache = tempDir("transpile-cache-");
    const run = (out: string) =>
        execFileSync(process.execPath, [...HOOKS, "-e", RENDER(out)], {
            cwd: ROOT,
            env: { ...process.env, ECS_DEPLOY_COMPILE_CACHE: cache },
            encoding: "utf8",
        });
    const transpiled = () => fs.readdirSync(path.join(cache, "transpiled")).sort();

    it("renders what the tsx path renders, and transpiles each file once", () => {
        const viaHook = tempDir("via-hook-");
        run(viaHook);
        const first = transpiled();
        assert.ok(first.length >= 20, `${first.length} files transpiled`);
        assert.ok(
            first.every((f) => /^[0-9a-f]{64}\.js$/.test(f)),
            "only complete entries, named by content hash",
        );

        const again = tempDir("via-hook-again-");
        const mtimes = first.map((f) => fs.statSync(path.join(cache, "transpiled", f)).mtimeMs);
        run(again);
        assert.deepEqual(transpiled(), first, "a second run transpiles nothing");
        assert.deepEqual(
            first.map((f) => fs.statSync(path.join(cache, "transpiled", f)).mtimeMs),
            mtimes,
        );

        const viaTsx = tempDir("via-tsx-");
        execFileSync(
            process.execPath,
            ["--require", "tsx/cjs", "cli/render.ts", "--stack", "staging", "--out", viaTsx],
            { cwd: ROOT, encoding: "utf8" },
        );
        for (const file of fs.readdirSync(viaTsx))
            assert.equal(
                fs.readFileSync(path.join(viaHook, file), "utf8"),
                fs.readFileSync(path.join(viaTsx, file), "utf8"),
                file,
            );
    });

    it("transpiles a changed file again, under a new entry", () => {
        const dir = tempDir("transpile-change-");
        const file = path.join(dir, "m.ts");
        const load = () =>
            execFileSync(process.execPath, [...HOOKS, "-e", `console.log(require(${JSON.stringify(file)}).x)`], {
                cwd: ROOT,
                env: { ...process.env, ECS_DEPLOY_COMPILE_CACHE: cache },
                encoding: "utf8",
            }).trim();
        fs.writeFileSync(file, "export const x: number = 1;\n");
        assert.equal(load(), "1");
        const before = transpiled();
        fs.writeFileSync(file, "export const x: number = 2;\n");
        assert.equal(load(), "2", "never the stale output");
        assert.equal(transpiled().length, before.length + 1);
    });
});
