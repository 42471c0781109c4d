import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as path from "node:path";
import { decodeAllConfig } from "../core/config/decode";
import { parseStackConfig } from "../core/config/parse";
import { StackConfig } from "../core/config/types";
import { ConfigError } from "../core/support/errors";
import { quote } from "../core/support/paths";
import { stackRegion } from "../core/config/regions";
import { userCode } from "./errors";

// Typed @internal in the SDK, but exported at run time: it is what Config.get consults to warn
// about reading a secret in plain (@pulumi/pulumi runtime/config.js), so it sees the engine's secret keys.
const runtimeConfig = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

/**
 * Reads the run's whole config (every key the stack file has, not just the ones
 * this program asks for) and types it, so a misspelt key fails `pulumi up` as it fails render.
 */
export function loadStackConfig(): StackConfig {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const all = pulumi.runtime.allConfig();
    const { region, source } = stackRegion(all["aws:region"], process.env);
    // Messages name the stack file; an offline render may read it from elsewhere (--config-file).
    const file = process.env.ECS_DEPLOY_STACK_FILE ?? `Pulumi.${stack}.yaml`;
    const { raw, secretKeys, otherKeys } = decodeAllConfig(all, project, (key) => runtimeConfig.isConfigSecret(key));
    return userCode(() => {
        const cfg = parseStackConfig(raw, {
            project,
            stack,
            file,
            region,
            regionSource: source,
            secretKeys,
            otherKeys,
            projectDir: process.cwd(),
        });
        checkBuildContext(cfg);
        return cfg;
    });
}

/** A build needs its context and Dockerfile; find that out before any resource exists, not when docker runs. */
function checkBuildContext(cfg: StackConfig): void {
    if (cfg.image || cfg.promoteFrom) return;
    const at = `${cfg.project}:appDir`;
    const dockerfile = path.join(cfg.appDir, "Dockerfile");
    if (!fs.existsSync(cfg.appDir) || !fs.statSync(cfg.appDir).isDirectory()) {
        throw new ConfigError(
            cfg.file,
            at,
            `${quote(cfg.appDir)} is not a directory here (${quote(process.cwd())})`,
            `create the app's build context there, or set ${at} to it (relative to Pulumi.yaml)`,
        );
    }
    // A symlink may point outside the project even when the path does not.
    const real = path.relative(fs.realpathSync(process.cwd()), fs.realpathSync(cfg.appDir));
    if (real.startsWith("..") || path.isAbsolute(real))
        throw new ConfigError(
            cfg.file,
            at,
            `${quote(cfg.appDir)} leads outside the project (through a symbolic link)`,
            "use a directory inside the project as the build context",
        );
    if (!fs.existsSync(dockerfile))
        throw new ConfigError(
            cfg.file,
            at,
            `${quote(cfg.appDir)} has no Dockerfile`,
            `add ${dockerfile}, or point ${at} at the directory that has one`,
        );
}
