import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** The render command as users run it, in a child process. */
export function renderCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["--require", "tsx/cjs", path.join(ROOT, "cli", "render.ts"), ...args], {
            cwd: ROOT,
            env: { ...process.env, ...env },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/**
 * The AWS CLI's own client-side validation of a RegisterTaskDefinition input.
 * Nothing listens on port 9, so "Could not connect" means the input passed.
 */
export function awsCliValidate(file: string): { passed: boolean; output: string } {
    const r = spawnSync(
        "aws",
        [
            "ecs",
            "register-task-definition",
            "--cli-input-json",
            `file://${file}`,
            "--region",
            "us-east-1",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
        {
            encoding: "utf8",
            env: {
                ...process.env,
                AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
                AWS_SECRET_ACCESS_KEY: "example",
                AWS_MAX_ATTEMPTS: "1",
                AWS_RETRY_MODE: "standard",
                AWS_CONFIG_FILE: "/dev/null",
                AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
            },
            timeout: 60_000,
        },
    );
    const output = `${r.stdout}${r.stderr}`;
    return {
        passed: /Could not connect to the endpoint URL/.test(output) && !/Parameter validation failed/.test(output),
        output,
    };
}
