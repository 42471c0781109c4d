/**
 * The data path; read this file first.
 *   the stack's config (core/config) + the app's template (core/template: parsed, shape- and trust-checked)
 *   -> planTaskDefinition: template < overlay merged by key, ECS Exec's volumes, the CPU architecture and
 *      log groups; overlay values the program owns and plain credentials refused (core/taskdef)
 *   -> checkBeforeDeploy: the program's values, with placeholders (core/taskdef/placeholders) for what exists
 *      only once deployed, then the whole definition checked against the ECS model and Fargate (finalise)
 *   -> resources (components/, wired by index.ts): the same finalise with the real image and ARNs, and the
 *      service around it (core/service: its load balancer target, strategy, timeouts).
 */
import type { CPUArchitecture, RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import type { StackConfig } from "./config/types";
import { ConfigError, TaskDefinitionError } from "./support/errors";
import { withExecAgentVolumes } from "./taskdef/ecsExec";
import { awslogsContainers, finalise, mergeSources, secretNames } from "./taskdef/finalise";
import type { DynamicValues, Sources, TaskDefinition } from "./taskdef/finalise";
import { checkCpuArchitecture, logGroupName, programOwnedInOverlay, stackTags } from "./taskdef/owned";
import type { Placeholders } from "./taskdef/placeholders";
import { checkPlainCredentials } from "./taskdef/secrets";
import { raise, TemplateSource } from "./template/parse";

/** Everything the program needs to know before it creates a single resource. */
export interface Plan {
    sources: Sources;
    merged: RegisterTaskDefinitionCommandInput;
    secretNames: string[];
    logGroups: Record<string, string>; // container -> log group name
    family: string;
    cpuArchitecture: CPUArchitecture;
}

export function planTaskDefinition(cfg: StackConfig, src: TemplateSource): Plan {
    const sources: Sources = {
        template: src.template,
        templateWhere: src.where,
        overlay: cfg.overlay,
        overlayWhere: cfg.file,
        overlayPath: `${cfg.project}:overlay`,
    };
    // ECS Exec's agent needs a few writable paths in containers whose root filesystem is read-only.
    const merged = cfg.service.enableExecuteCommand
        ? withExecAgentVolumes(mergeSources(sources))
        : mergeSources(sources);
    const cpuArchitecture = checkCpuArchitecture(cfg, merged);
    const logGroups = Object.fromEntries(awslogsContainers(merged).map((c) => [c, logGroupName(cfg, c)]));
    raise(ConfigError, cfg.file, programOwnedInOverlay(cfg, src.template, merged, logGroups), sources.overlayPath);
    raise(
        TaskDefinitionError,
        `${src.where} merged with ${cfg.file}`,
        checkPlainCredentials(merged, cfg.secrets.allowPlainEnv),
    );
    return {
        sources,
        merged,
        secretNames: secretNames(merged),
        logGroups,
        family: `${cfg.project}-${cfg.stack}`,
        cpuArchitecture,
    };
}

/** The values the program owns that are known from the plan; image, role and secret ARNs come once resources exist. */
export type OwnedValues = Omit<DynamicValues, "image" | "executionRoleArn" | "taskRoleArn" | "secretValueFrom">;

export function ownedValues(cfg: StackConfig, plan: Plan): OwnedValues {
    return {
        family: plan.family,
        region: cfg.region,
        logGroups: plan.logGroups,
        streamPrefix: cfg.stack,
        cpuArchitecture: plan.cpuArchitecture,
        tags: stackTags(cfg),
    };
}

/**
 * Validates the final task definition with placeholders for values that only
 * exist after resources are created, so bad input fails before anything deploys.
 * The result's fields other than images and role and managed-secret ARNs are the ones that register.
 */
export function checkBeforeDeploy(
    cfg: StackConfig,
    plan: Plan,
    secretValueFrom: Record<string, string>,
    placeholders: Placeholders,
): TaskDefinition {
    return finalise(plan.merged, { ...ownedValues(cfg, plan), ...placeholders, secretValueFrom }, plan.sources);
}
