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

export function runCli(script: string, args: string[], env: NodeJS.ProcessEnv, timeout = 60_000): Promise<Ran> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["--require", "./scripts/compileCache.js", "--require", "tsx/cjs", `cli/${script}.ts`, ...args],
            { cwd: ROOT, env, timeout },
            (err, stdout, stderr) => {
                const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
                const split = (s: string) => s.split("\n").filter(Boolean);
                resolve({ code, stdout, stderr, out: split(stdout), lines: split(stderr) });
            },
        );
    });
}
