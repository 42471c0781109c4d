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
import { ConfigError, TaskDefinitionError, throwAll, UserError } from "./support/errors";
import { withExecAgentVolumes } from "./taskdef/ecsExec";
import { awslogsContainers, finalise, mergeSources, secretNames } from "./taskdef/finalise";
import type { DynamicValues, Sources, TaskDefinition } from "./taskdef/finalise";
import { checkCpuArchitecture, logGroupName, programOwnedInOverlay, stackTags } from "./taskdef/owned";
import type { Placeholders } from "./taskdef/placeholders";
import { checkPlainCredentials, secretNameLengthIssues } from "./taskdef/secrets";
import { raise, TemplateSource } from "./template/parse";
import { workloadDefinition, workloadFamily, workloadsOf } from "./taskdef/workload";
import type { Workload } from "./taskdef/workload";

/** Everything the program needs to know before it creates a single resource. */
export interface Plan {
    sources: Sources;
    merged: RegisterTaskDefinitionCommandInput;
    secretNames: string[];
    logGroups: Record<string, string>; // container -> log group name
    family: string;
    cpuArchitecture: CPUArchitecture;
    /** Workers and scheduled jobs: each its own family from the same merge. */
    workloads: WorkloadPlan[];
}

/** A worker's or scheduled job's family, planned from the web's merge (core/taskdef/workload.ts). */
export interface WorkloadPlan extends Workload {
    family: string;
    /** The container whose command it replaced. */
    container: string;
    merged: RegisterTaskDefinitionCommandInput;
    sources: Sources;
    logGroups: Record<string, string>;
    /** What may go wrong but is not refused: the preview shows each. */
    warnings: string[];
}

/** What a family's owned values need from its plan: the web's or a workload's. */
type FamilyPlan = Pick<Plan, "family" | "logGroups">;

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
    const web = { merged, where: `${src.where} merged with ${cfg.file}` };
    const workloads = together(
        workloadsOf(cfg).map((w) => (): WorkloadPlan => {
            const d = workloadDefinition(cfg, w, web);
            const groups = awslogsContainers(d.merged).map((c): [string, string] => [c, logGroupName(cfg, c, w.name)]);
            return { ...w, ...d, family: workloadFamily(cfg, w), logGroups: Object.fromEntries(groups) };
        }),
    );
    // Every family runs the same containers' secrets; the union still says so if one day they differ.
    const names = [...new Set([merged, ...workloads.map((w) => w.merged)].flatMap(secretNames))].sort();
    raise(
        ConfigError,
        cfg.file,
        secretNameLengthIssues([...new Set([...names, ...cfg.secrets.managed])], cfg.secrets),
        `${cfg.project}:secrets`,
    );
    return {
        sources,
        merged,
        secretNames: names,
        logGroups,
        family: `${cfg.project}-${cfg.stack}`,
        cpuArchitecture,
        workloads,
    };
}

/** Runs each step, and reports every user error they raise at once. */
function together<T>(steps: (() => T)[]): T[] {
    const errors: UserError[] = [];
    const out: T[] = [];
    for (const step of steps) {
        try {
            out.push(step());
        } catch (e) {
            if (!(e instanceof UserError)) throw e;
            errors.push(e);
        }
    }
    throwAll(errors);
    return out;
}

/** The values the program owns that are known from the plan; image, role and secret ARNs come once resources exist. */
export type OwnedValues = Omit<DynamicValues, "image" | "executionRoleArn" | "taskRoleArn" | "secretValueFrom">;

export function ownedValues(cfg: StackConfig, plan: Plan, family: FamilyPlan = plan): OwnedValues {
    return {
        family: family.family,
        region: cfg.region,
        logGroups: family.logGroups,
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
): Planned {
    const web = finalise(plan.merged, { ...ownedValues(cfg, plan), ...placeholders, secretValueFrom }, plan.sources);
    const checked = together(
        plan.workloads.map(
            (w) => () =>
                [
                    w.name,
                    finalise(w.merged, { ...ownedValues(cfg, plan, w), ...placeholders, secretValueFrom }, w.sources),
                ] as const,
        ),
    );
    return { web, workloads: Object.fromEntries(checked) };
}

/** Every family's definition as checked before deploying: the web's, and each worker's and job's by name. */
export interface Planned {
    web: TaskDefinition;
    workloads: Record<string, TaskDefinition>;
}
