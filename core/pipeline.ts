import { Platform, StackConfig } from "./config/types";
import { withExecAgentVolumes } from "./taskdef/ecsExec";
import { ConfigError, TaskDefinitionError } from "./support/errors";
import { isPlainObject, itemSegment, ownValue, quote } from "./support/paths";
import { ShapeIssue } from "./taskdef/shape";
import { checkPlainCredentials, secretLookups, secretValueFrom } from "./taskdef/secrets";
import {
    awslogsContainers,
    DynamicValues,
    finalise,
    mergeSources,
    secretNames,
    Sources,
    TaskDefinition,
} from "./taskdef/finalise";
import { raise } from "./template/parse";

type Json = Record<string, unknown>;

/** The template and where it came from: the app's file (build) or an image's label (deploy). */
export interface TemplateSource {
    template: Json;
    where: string;
}

/** Everything the program needs to know before it creates a single resource. */
export interface Plan {
    sources: Sources;
    merged: Json;
    secretNames: string[];
    logGroups: Record<string, string>; // container -> log group name
    family: string;
    cpuArchitecture: "X86_64" | "ARM64";
}

export const cpuArchitectureOf = (p: Platform): "X86_64" | "ARM64" => (p === "linux/arm64" ? "ARM64" : "X86_64");

export function logGroupName(cfg: StackConfig, container: string): string {
    return `/ecs/${cfg.project}/${cfg.stack}/${container}`;
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

    const arch = cpuArchitectureOf(cfg.platform);
    const declared = isPlainObject(merged.runtimePlatform) ? merged.runtimePlatform.cpuArchitecture : undefined;
    if (declared !== undefined && declared !== arch) {
        throw new ConfigError(
            cfg.file,
            `${cfg.project}:platform`,
            `${cfg.platform} builds ${arch} images but runtimePlatform.cpuArchitecture is ${String(declared)}`,
            `set ${cfg.project}:platform to ${declared === "ARM64" ? "linux/arm64" : "linux/amd64"}, or change runtimePlatform.cpuArchitecture`,
        );
    }
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
        cpuArchitecture: arch,
    };
}

/**
 * Values the program sets win over the overlay's (DESIGN: template < overlay < program). An overlay
 * that sets one would be dropped without a word, so it is refused, saying what the program sets.
 */
function programOwnedInOverlay(
    cfg: StackConfig,
    template: Json,
    merged: Json,
    logGroups: Record<string, string>,
): ShapeIssue[] {
    const issues: ShapeIssue[] = [];
    const overlay = cfg.overlay;
    for (const role of ["taskRoleArn", "executionRoleArn"]) {
        if (Object.hasOwn(overlay, role) && overlay[role] !== null) {
            issues.push({
                path: role,
                problem: `the program sets ${role} to the ${role === "taskRoleArn" ? "task" : "execution"} role it creates for this stack`,
                fix: `remove it${role === "taskRoleArn" ? ` (grant the app's permissions with ${cfg.project}:iam.taskRoleStatements)` : ""}`,
            });
        }
    }
    const list = (td: Json): Json[] =>
        Array.isArray(td.containerDefinitions) ? (td.containerDefinitions as Json[]).filter(isPlainObject) : [];
    const templateContainers = list(template);
    const mergedContainers = list(merged);
    list(overlay).forEach((c, i) => {
        const at = `containerDefinitions${itemSegment("containerDefinitions", c, i)}`;
        const inTemplate = templateContainers.find((t) => t.name === c.name);
        if (inTemplate && inTemplate.image === undefined && typeof c.image === "string") {
            issues.push({
                path: `${at}.image`,
                problem: `the program sets image to the app image (the build of ${cfg.appDir}, or ${cfg.project}:image), pinned by digest`,
                fix: `remove it; to deploy an existing image set ${cfg.project}:image`,
            });
        }
        const options =
            isPlainObject(c.logConfiguration) && isPlainObject(c.logConfiguration.options)
                ? c.logConfiguration.options
                : {};
        const group = ownValue(logGroups, String(c.name));
        if (group === undefined || !mergedContainers.some((m) => m.name === c.name)) return;
        const owned: Record<string, string> = {
            "awslogs-group": group,
            "awslogs-region": cfg.region,
            "awslogs-stream-prefix": cfg.stack,
        };
        for (const [option, value] of Object.entries(owned)) {
            if (Object.hasOwn(options, option) && options[option] !== null) {
                issues.push({
                    path: `${at}.logConfiguration.options.${option}`,
                    problem: `the program sets ${option} to ${quote(value)}`,
                    fix: "remove it",
                });
            }
        }
    });
    return issues;
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
    };
}

/** Where ARNs and the image ref are built from: the caller's account and partition. */
export interface AccountFacts {
    accountId: string;
    partition: string;
    /** The partition's DNS suffix (amazonaws.com, amazonaws.com.cn, ...), for the ECR registry host. */
    dnsSuffix: string;
}

/** What finalise needs before the image, roles and managed secrets exist, each as long as the real value will be. */
export interface Placeholders {
    image: string;
    executionRoleArn: string;
    taskRoleArn: string;
}

/** The 7 random characters the provider appends to an auto-named role (pulumi-aws resources.go: aws_iam_role AutoName). */
const AUTONAME_PLACEHOLDER = "x".repeat(7);

/**
 * Stand-ins sized to the real values: the ECR ref the build pushes (registry
 * host, repository, sha256 digest), or the ref an existing image is deployed
 * by; and role ARNs with the auto-name suffix the provider adds. The 64 KiB
 * limit is then checked on the definition as it will register.
 */
export function worstCasePlaceholders(
    cfg: StackConfig,
    name: string,
    account: AccountFacts,
    existingImage?: string,
): Placeholders {
    const role = (logical: string) =>
        `arn:${account.partition}:iam::${account.accountId}:role/${logical}-${AUTONAME_PLACEHOLDER}`;
    const image =
        existingImage ??
        `${account.accountId}.dkr.ecr.${cfg.region}.${account.dnsSuffix}/${name}@sha256:${"f".repeat(64)}`;
    return { image, executionRoleArn: role(`${name}-execution`), taskRoleArn: role(`${name}-task`) };
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

/**
 * Managed secrets do not exist before the first deploy. Their ARNs are built
 * from their names: Secrets Manager's random 6-character suffix as `??????`,
 * which IAM matches as a wildcard and which is as long as the real suffix.
 */
export function managedPlaceholders(
    cfg: StackConfig,
    account: Pick<AccountFacts, "accountId" | "partition">,
): Record<string, string> {
    return Object.fromEntries(
        secretLookups(cfg.secrets.managed, cfg.secrets).map((l) => {
            const arn =
                l.source === "ssm"
                    ? `arn:${account.partition}:ssm:${cfg.region}:${account.accountId}:parameter/${l.id.replace(/^\//, "")}`
                    : `arn:${account.partition}:secretsmanager:${cfg.region}:${account.accountId}:secret:${l.id}-??????`;
            return [l.name, secretValueFrom(l, arn)];
        }),
    );
}

/** The entries of a record whose keys are listed. */
export function pick<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
    return Object.fromEntries(Object.entries(record).filter(([k]) => keys.includes(k)));
}

const mappedPorts = (c: Json): number[] =>
    (Array.isArray(c.portMappings) ? (c.portMappings as Json[]) : [])
        .map((p) => p.containerPort)
        .filter((p): p is number => typeof p === "number");

/**
 * The container and port the service registers with the load balancer: config's, else the first
 * essential container that maps a port (a log router or agent listed first is not the app).
 */
export function serviceTarget(cfg: StackConfig, merged: Json): { containerName: string; containerPort: number } {
    const containers = Array.isArray(merged.containerDefinitions) ? (merged.containerDefinitions as Json[]) : [];
    const lb = cfg.service.loadBalancer;
    const where = `${cfg.project}:service.loadBalancer`;
    const names = containers.map((c) => quote(c.name)).join(", ");
    const withPorts = containers.filter((c) => mappedPorts(c).length > 0);
    let chosen: Json | undefined;
    if (lb?.containerName) {
        chosen = containers.find((c) => c.name === lb.containerName);
        if (!chosen)
            throw new ConfigError(
                cfg.file,
                `${where}.containerName`,
                `${quote(lb.containerName)} is not a container of the task definition`,
                `use one of ${names}`,
            );
    } else {
        chosen =
            withPorts.find((c) => c.essential !== false) ??
            containers.find((c) => c.essential !== false) ??
            containers[0];
    }
    if (!chosen) return { containerName: "", containerPort: 0 };
    const ports = mappedPorts(chosen);
    if (lb && ports.length === 0) {
        const others = withPorts.map((c) => quote(c.name));
        throw new ConfigError(
            cfg.file,
            `${where}.containerName`,
            lb.containerName
                ? `container ${quote(chosen.name)} maps no port for the load balancer`
                : "no essential container maps a port for the load balancer",
            others.length
                ? `set containerName to the container that serves traffic (${others.join(", ")} map a port)`
                : "add a portMappings entry (containerPort) to the container that serves traffic, and set containerName to it",
        );
    }
    const port = lb?.containerPort ?? ports[0];
    if (lb && !ports.includes(port))
        throw new ConfigError(
            cfg.file,
            `${where}.containerPort`,
            `${port} is not a port container ${quote(chosen.name)} maps`,
            `use one of ${ports.join(", ")}`,
        );
    return { containerName: String(chosen.name), containerPort: port ?? 0 };
}
