import { ChildProcess, spawn } from "node:child_process";
import type * as grpc from "@grpc/grpc-js";

/** Starts the policy pack in `dir` as the engine does; it prints the port its analyzer listens on (127.0.0.1). */
export function startPack(dir: string): Promise<{ child: ChildProcess; port: number }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--require", "tsx/cjs", "index.ts"], {
            cwd: dir,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            const m = /^(\d+)\s/.exec(out);
            if (m) resolve({ child, port: Number(m[1]) });
        });
        child.on("exit", (code) => reject(new Error(`the pack exited (${code}): ${out}${err}`)));
    });
}

export const call = <Req, Res>(
    fn: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown,
    req: Req,
): Promise<Res> => new Promise((resolve, reject) => fn(req, (e, r) => (e ? reject(e) : resolve(r))));
