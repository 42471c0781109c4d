import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import type { StackConfig } from "../config/types";
import { ConfigError } from "../support/errors";

/**
 * The container service.preDeploy runs its command in: the one named, which
 * must be in the merged task definition, else the first essential one (the
 * container whose exit code decides, as `npm run task` picks it).
 */
export function preDeployContainer(cfg: StackConfig, merged: RegisterTaskDefinitionCommandInput): string | undefined {
    const pre = cfg.service.preDeploy;
    if (!pre) return undefined;
    const containers = merged.containerDefinitions ?? [];
    const names = containers.map((c) => String(c.name));
    if (pre.container !== undefined) {
        if (!names.includes(pre.container)) {
            throw new ConfigError(
                cfg.file,
                `${cfg.project}:service.preDeploy.container`,
                `"${pre.container}" is not a container of the task definition`,
                `use one of ${names.join(", ")}, or leave it out to use the first essential container`,
            );
        }
        return pre.container;
    }
    return String((containers.find((c) => c.essential !== false) ?? containers[0])?.name);
}
