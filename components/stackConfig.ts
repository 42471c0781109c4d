import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, parseStackConfig, StackConfig } from "../core/config";
import { isPlainObject } from "../core/paths";
import { userCode } from "./errors";

/** Reads this project's keys from Pulumi config (objects arrive as JSON) and types them. */
export function loadStackConfig(): StackConfig {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const cfg = new pulumi.Config(project);
    const raw: Record<string, unknown> = {};
    for (const key of CONFIG_KEYS) {
        const text = cfg.get(key);
        if (text === undefined) continue;
        try {
            raw[key] = JSON.parse(text);
        } catch {
            raw[key] = text; // a plain string value
        }
        // Plain config sees only the names of secret values; components read the values as secrets.
        if (key === "secretValues" && isPlainObject(raw[key])) raw[key] = Object.fromEntries(Object.entries(raw[key]).map(([k, v]) => [k, typeof v === "string" ? "[secret]" : v]));
    }
    const region = new pulumi.Config("aws").get("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    // Messages name the stack file; an offline render may read it from elsewhere (--config-file).
    const file = process.env.ECS_DEPLOY_STACK_FILE ?? `Pulumi.${stack}.yaml`;
    return userCode(() => parseStackConfig(raw, { project, stack, file, region }));
}
