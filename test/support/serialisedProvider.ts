/**
 * Runs a dynamic provider the way the engine does: serialised as the SDK
 * serialises it into the state (pulumi.runtime.serializeFunction) and loaded
 * in a new Node process the way cmd/dynamic-provider loads it
 * (require-from-string), then one of its methods called with the inputs.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { tempDir } from "./render";

const ROOT = path.resolve(__dirname, "..", "..");

export interface SerialisedRun {
    /** 0 when the method resolved, 3 when it threw. */
    code: number;
    /** The method's result as JSON. */
    stdout: string;
    /** What the provider said on stderr (the engine shows it as info messages), then the thrown message. */
    stderr: string;
    /** The serialised provider's text. */
    text: string;
}

export async function runSerialised(
    provider: pulumi.dynamic.ResourceProvider,
    method: "create",
    inputs: Record<string, unknown>,
    env: NodeJS.ProcessEnv,
    timeout = 60_000,
): Promise<SerialisedRun> {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
    assert.equal(sf.containsSecrets, false);
    const file = path.join(tempDir("provider-"), "provider.js");
    fs.writeFileSync(file, sf.text);
    const script = `const p = require("require-from-string")(require("fs").readFileSync(${JSON.stringify(file)}, "utf8")).handler();
p.${method}(${JSON.stringify(inputs)}).then((r) => { process.stdout.write(JSON.stringify(r)); }, (e) => { process.stderr.write(e.message); process.exitCode = 3; });`;
    return new Promise((resolve) => {
        execFile(process.execPath, ["-e", script], { cwd: ROOT, env, timeout }, (err, stdout, stderr) =>
            resolve({ code: err ? Number(err.code) : 0, stdout, stderr, text: sf.text }),
        );
    });
}
