import { Platform, StackConfig } from "./config";
import { withExecAgentVolumes } from "./ecsExec";
import { ConfigError, TaskDefinitionError } from "./errors";
import { isPlainObject } from "./paths";
import { checkPlainCredentials, secretLookups, secretValueFrom } from "./secrets";
import { awslogsContainers, DynamicValues, finalise, mergeSources, secretNames, Sources, TaskDefinition } from "./taskdef";
import { raise } from "./template";

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
    const sources: Sources = { template: src.template, templateWhere: src.where, overlay: cfg.overlay, overlayWhere: cfg.file, overlayPath: `${cfg.project}:overlay` };
    // ECS Exec's agent needs a few writable paths in containers whose root filesystem is read-only.
    const merged = cfg.service.enableExecuteCommand ? withExecAgentVolumes(mergeSources(sources)) : mergeSources(sources);

    const arch = cpuArchitectureOf(cfg.platform);
    const declared = isPlainObject(merged.runtimePlatform) ? merged.runtimePlatform.cpuArchitecture : undefined;
    if (declared !== undefined && declared !== arch) {
        throw new ConfigError(cfg.file, `${cfg.project}:platform`, `${cfg.platform} builds ${arch} images but runtimePlatform.cpuArchitecture is ${String(declared)}`, `set ${cfg.project}:platform to ${declared === "ARM64" ? "linux/arm64" : "linux/amd64"}, or change runtimePlatform.cpuArchitecture`);
    }
    raise(TaskDefinitionError, `${src.where} merged with ${cfg.file}`, checkPlainCredentials(merged, cfg.secrets.allowPlainEnv));

    const logGroups = Object.fromEntries(awslogsContainers(merged).map((c) => [c, logGroupName(cfg, c)]));
    return { sources, merged, secretNames: secretNames(merged), logGroups, family: `${cfg.project}-${cfg.stack}`, cpuArchitecture: arch };
}

/** The values the program owns that are known from the plan; image, role and secret ARNs come once resources exist. */
export type OwnedValues = Omit<DynamicValues, "image" | "executionRoleArn" | "taskRoleArn" | "secretValueFrom">;

export function ownedValues(cfg: StackConfig, plan: Plan): OwnedValues {
    return { family: plan.family, region: cfg.region, logGroups: plan.logGroups, streamPrefix: cfg.stack, cpuArchitecture: plan.cpuArchitecture };
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
export function worstCasePlaceholders(cfg: StackConfig, name: string, account: AccountFacts, existingImage?: string): Placeholders {
    const role = (logical: string) => `arn:${account.partition}:iam::${account.accountId}:role/${logical}-${AUTONAME_PLACEHOLDER}`;
    const image = existingImage ?? `${account.accountId}.dkr.ecr.${cfg.region}.${account.dnsSuffix}/${name}@sha256:${"f".repeat(64)}`;
    return { image, executionRoleArn: role(`${name}-execution`), taskRoleArn: role(`${name}-task`) };
}

/**
 * Validates the final task definition with placeholders for values that only
 * exist after resources are created, so bad input fails before anything deploys.
 * The result's fields other than images and role and managed-secret ARNs are the ones that register.
 */
export function checkBeforeDeploy(cfg: StackConfig, plan: Plan, secretValueFrom: Record<string, string>, placeholders: Placeholders): TaskDefinition {
    return finalise(plan.merged, { ...ownedValues(cfg, plan), ...placeholders, secretValueFrom }, plan.sources);
}

/**
 * Managed secrets do not exist before the first deploy. Their ARNs are built
 * from their names: Secrets Manager's random 6-character suffix as `??????`,
 * which IAM matches as a wildcard and which is as long as the real suffix.
 */
export function managedPlaceholders(cfg: StackConfig, account: Pick<AccountFacts, "accountId" | "partition">): Record<string, string> {
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

/** The container and port the service registers with the load balancer: config's, else the first essential container's first port. */
export function serviceTarget(cfg: StackConfig, merged: Json): { containerName: string; containerPort: number } {
    const containers = Array.isArray(merged.containerDefinitions) ? (merged.containerDefinitions as Json[]) : [];
    const lb = cfg.service.loadBalancer;
    const where = `${cfg.project}:service.loadBalancer`;
    const chosen = lb?.containerName ? containers.find((c) => c.name === lb.containerName) : (containers.find((c) => c.essential !== false) ?? containers[0]);
    if (!chosen) throw new ConfigError(cfg.file, `${where}.containerName`, `"${lb?.containerName}" is not a container of the task definition`, `use one of ${containers.map((c) => String(c.name)).join(", ")}`);
    const ports = Array.isArray(chosen.portMappings) ? (chosen.portMappings as Json[]) : [];
    const port = lb?.containerPort ?? (ports[0]?.containerPort as number | undefined);
    if (lb && port === undefined) throw new ConfigError(cfg.file, `${where}.containerPort`, `container ${String(chosen.name)} maps no port for the load balancer`, "add a portMappings entry to the container, or set containerPort");
    if (lb && !ports.some((p) => p.containerPort === port)) throw new ConfigError(cfg.file, `${where}.containerPort`, `${port} is not a port container ${String(chosen.name)} maps`, `use one of ${ports.map((p) => String(p.containerPort)).join(", ")}`);
    return { containerName: String(chosen.name), containerPort: port ?? 0 };
}
