import * as pulumi from "@pulumi/pulumi";
import { decodeConfig, parseStackConfig, StackConfig } from "../core/config";
import { userCode } from "./errors";

/** Reads this project's keys from Pulumi config and types them. */
export function loadStackConfig(): StackConfig {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const cfg = new pulumi.Config(project);
    const region = new pulumi.Config("aws").get("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    // Messages name the stack file; an offline render may read it from elsewhere (--config-file).
    const file = process.env.ECS_DEPLOY_STACK_FILE ?? `Pulumi.${stack}.yaml`;
    return userCode(() => parseStackConfig(decodeConfig((key) => cfg.get(key)), { project, stack, file, region }));
}
