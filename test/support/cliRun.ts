/** Runs a command as its npm script does (node --require tsx/cjs cli/<script>.ts), asynchronously so a fake in this process keeps answering. */
import { execFile } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

export interface Ran {
    code: number;
    stdout: string;
    stderr: string;
    /** Non-empty stdout lines. */
    out: string[];
    /** Non-empty stderr lines. */
    lines: string[];
}

/** `cwd`: the directory the command runs in (the project's by default), e.g. one holding other Pulumi files. */
export function runCli(
    script: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    timeout = 60_000,
    cwd = ROOT,
): Promise<Ran> {
    const preload = (file: string) => ["--require", file];
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            [
                ...preload(path.join(ROOT, "scripts", "compileCache.js")),
                ...preload(require.resolve("tsx/cjs")),
                path.join(ROOT, "cli", `${script}.ts`),
                ...args,
            ],
            { cwd, env, timeout },
            (err, stdout, stderr) => {
                const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
                const split = (s: string) => s.split("\n").filter(Boolean);
                resolve({ code, stdout, stderr, out: split(stdout), lines: split(stderr) });
            },
        );
    });
}
