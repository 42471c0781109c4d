import { LOG_RETENTION_DAYS, nearestRetention } from "./cloudwatch";
import { ConfigReader } from "./configReader";
import { planSubnets } from "./cidr";
import { ConfigError } from "./errors";
import { RolloutError, rollingBatches } from "./rollout";
import { checkTaskRoleStatements } from "./taskRoleStatements";
import { parseOverlay } from "./template";
import { ENV_NAME } from "./trust";

type Json = Record<string, unknown>;

export const STRATEGIES = ["ROLLING", "CANARY", "LINEAR", "BLUE_GREEN"] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const PLATFORMS = ["linux/amd64", "linux/arm64"] as const;
export type Platform = (typeof PLATFORMS)[number];
export const SCALING_METRICS = ["cpu", "memory", "requests"] as const;
export const SECRET_SOURCES = ["secretsmanager", "ssm"] as const;

export interface SecretMapping {
    name?: string; // another secret's name (without prefix) or a full ARN
    jsonKey?: string;
    versionStage?: string;
    versionId?: string;
}

export interface StackConfig {
    project: string;
    stack: string;
    file: string; // the stack file, for messages
    region: string;
    overlay: Json;
    image?: string; // deploy this ref instead of building app/
    promoteFrom?: string; // org/project/stack whose running image this stack deploys
    appDir: string;
    templateFile: string;
    labelKey: string;
    platform: Platform;
    protect: boolean;
    logs: { retentionDays: number; kmsKeyArn?: string };
    ecr: { keepReleases: number; kmsKeyArn?: string };
    secrets: {
        source: (typeof SECRET_SOURCES)[number];
        prefix: string;
        map: Record<string, SecretMapping>;
        kmsKeyArns: string[];
        allowPlainEnv: string[];
        /** Names whose values the stack holds (secretValues); the program writes them to the secret source. */
        managed: string[];
    };
    cluster: { name?: string; containerInsights: boolean };
    network: {
        vpcId?: string;
        subnetIds: string[];
        /** An existing VPC's public subnets, for an internet-facing load balancer. */
        publicSubnetIds: string[];
        securityGroupIds: string[];
        assignPublicIp: boolean;
        vpcCidr: string;
        /** How many availability zones a created VPC spans. */
        availabilityZoneCount: number;
        natGateways: "single" | "onePerAz";
    };
    service: {
        desiredCount: number;
        strategy: Strategy;
        minimumHealthyPercent: number;
        maximumPercent: number;
        healthCheckGracePeriodSeconds: number;
        enableExecuteCommand: boolean;
        waitForSteadyState: boolean;
        bakeTimeMinutes: number;
        canaryPercent: number;
        linearStepPercent: number;
        canaryBakeTimeMinutes: number;
        linearStepBakeTimeMinutes: number;
        loadBalancer?: LoadBalancerConfig;
        autoscaling?: AutoscalingConfig;
        /** Watch each rollout in `pulumi up` and fail it when ECS fails or rolls it back. */
        watchRollout: boolean;
        /** Unset: the strategy's worst case, as the service's own timeouts (core/timeouts.ts). */
        rolloutTimeoutSeconds?: number;
        preDeploy?: PreDeployConfig;
        /** Deployment alarms that roll a release back; absent when off. */
        alarms?: AlarmsConfig;
    };
    iam: { taskRoleStatements: Json[] };
}

export interface LoadBalancerConfig {
    internal: boolean;
    certificateArn?: string;
    containerName?: string;
    containerPort?: number;
    healthCheckPath: string;
    healthCheckIntervalSeconds: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
    deregistrationDelaySeconds: number;
    allowedCidrs: string[];
}

/** A one-off task of the new task definition that must exit 0 before the service switches to it (e.g. migrations). */
export interface PreDeployConfig {
    command: string[];
    container?: string;
    timeoutSeconds: number;
}

export interface AlarmsConfig {
    /** Alarm when the targets' 5xx responses exceed this share of requests. */
    http5xxPercent: number;
    /** Alarm when at least this many targets are unhealthy. */
    unhealthyHosts: number;
    periodSeconds: number;
    evaluationPeriods: number;
}

/**
 * The longest a deploy-time wait may take: a role session's maximum (12 h), so the
 * deploy's own AWS credentials outlive the wait (IAM MaxSessionDuration, 3600..43200).
 */
export const MAX_WAIT_SECONDS = 43200;

export interface AutoscalingConfig {
    minCount: number;
    maxCount: number;
    metric: (typeof SCALING_METRICS)[number];
    target: number;
}

/** The keys this project reads, besides aws:region. Every one is declared in Pulumi.yaml. */
export const CONFIG_KEYS = ["overlay", "image", "appDir", "templateFile", "labelKey", "platform", "protect", "logs", "ecr", "secrets", "cluster", "network", "service", "iam", "secretValues", "promoteFrom"] as const;

const ARN = /^arn:aws[a-z-]*:/;

export interface ConfigContext {
    project: string;
    stack: string;
    file: string;
    region: string | undefined;
}

/** Typed, validated stack config from raw values (as parsed from YAML or Pulumi config). */
export function parseStackConfig(raw: Partial<Record<(typeof CONFIG_KEYS)[number], unknown>>, ctx: ConfigContext): StackConfig {
    const p = ctx.project;
    if (!ctx.region) throw new ConfigError(ctx.file, "aws:region", "is not set", `run: pulumi config set aws:region eu-north-1 -s ${ctx.stack}`);
    const key = (k: string) => `${p}:${k}`;
    const scalar = (k: string) => new ConfigReader(ctx.file, key(k), { value: raw[k as (typeof CONFIG_KEYS)[number]] });

    const image = scalar("image").str("value", "").trim();
    const platform = new ConfigReader(ctx.file, p, { platform: raw.platform }).oneOf("platform", "linux/amd64", PLATFORMS);

    const logs = ConfigReader.of(ctx.file, key("logs"), raw.logs);
    const logsConfig = { retentionDays: logs.int("retentionDays", 30, 0, 3653), kmsKeyArn: logs.optionalStr("kmsKeyArn", ARN, "use a KMS key ARN") };
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logsConfig.retentionDays)) {
        logs.fail("retentionDays", `${logsConfig.retentionDays} is not a retention CloudWatch Logs accepts`, `use one of ${LOG_RETENTION_DAYS.join(", ")} (0 keeps logs forever), e.g. ${nearestRetention(logsConfig.retentionDays)}`);
    }
    logs.done();

    const ecr = ConfigReader.of(ctx.file, key("ecr"), raw.ecr);
    const ecrConfig = { keepReleases: ecr.int("keepReleases", 20, 1, 1000), kmsKeyArn: ecr.optionalStr("kmsKeyArn", ARN, "use a KMS key ARN") };
    ecr.done();

    const config: StackConfig = {
        project: p,
        stack: ctx.stack,
        file: ctx.file,
        region: ctx.region,
        overlay: parseOverlay(raw.overlay, ctx.file, key("overlay")),
        image: image === "" ? undefined : image,
        promoteFrom: promoteFrom(ctx, scalar("promoteFrom").optionalStr("value", /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "write it as <org>/<project>/<stack>, e.g. acme/ecs-deploy/staging"), image),
        appDir: scalar("appDir").str("value", "app"),
        templateFile: scalar("templateFile").str("value", "app/ecs-task-template.json"),
        labelKey: scalar("labelKey").str("value", "ECS_TASK_TEMPLATE", /^[A-Za-z0-9_.-]+$/, "use letters, digits, dots, dashes and underscores"),
        platform,
        protect: scalar("protect").bool("value", false),
        logs: logsConfig,
        ecr: ecrConfig,
        secrets: { ...parseSecrets(ConfigReader.of(ctx.file, key("secrets"), raw.secrets)), managed: managedSecretNames(ctx.file, key("secretValues"), raw.secretValues) },
        cluster: parseCluster(ConfigReader.of(ctx.file, key("cluster"), raw.cluster)),
        network: parseNetwork(ConfigReader.of(ctx.file, key("network"), raw.network)),
        service: parseService(ConfigReader.of(ctx.file, key("service"), raw.service)),
        iam: parseIam(ConfigReader.of(ctx.file, key("iam"), raw.iam)),
    };
    checkLoadBalancerSubnets(config, key);
    return config;
}

/** An ALB needs subnets in at least two zones: public ones when internet-facing, the tasks' private ones when internal. */
function checkLoadBalancerSubnets(c: StackConfig, key: (k: string) => string): void {
    const lb = c.service.loadBalancer;
    if (!lb || !c.network.vpcId) return; // a created VPC has a public and a private subnet per zone
    if (!lb.internal && c.network.publicSubnetIds.length < 2) {
        throw new ConfigError(c.file, `${key("network")}.publicSubnetIds`, `an internet-facing load balancer in ${c.network.vpcId} needs at least two public subnets, got ${c.network.publicSubnetIds.length}`, "list public subnets in two or more availability zones, or set service.loadBalancer.internal: true");
    }
    if (lb.internal && c.network.subnetIds.length < 2) {
        throw new ConfigError(c.file, `${key("network")}.subnetIds`, `an internal load balancer needs subnets in at least two availability zones, got ${c.network.subnetIds.length}`, "list private subnets in two or more availability zones");
    }
}

/**
 * Secret values the stack holds (`pulumi config set --secret --path 'secretValues.NAME'`).
 * Only their names reach plain config; the values stay Pulumi secrets end to end.
 */
function managedSecretNames(file: string, path: string, value: unknown): string[] {
    const r = ConfigReader.of(file, path, value);
    const names = Object.keys((value as Json | undefined) ?? {}).sort();
    for (const name of names) {
        if (!ENV_NAME.test(name)) r.fail(name, "is not a secret name the template could use", "name it like an environment variable (letters, digits, _)");
        r.str(name, "");
    }
    r.done();
    return names;
}

function parseSecrets(r: ConfigReader): Omit<StackConfig["secrets"], "managed"> {
    const source = r.oneOf("source", "secretsmanager", SECRET_SOURCES);
    const prefix = r.str("prefix", "");
    if (source === "ssm" && prefix !== "" && !prefix.startsWith("/")) r.fail("prefix", `"${prefix}" is not an SSM path`, `start it with a slash, e.g. /${prefix}`);
    const mapReader = r.child("map");
    const map: Record<string, SecretMapping> = {};
    const names = Object.keys((r.any("map") as Json | undefined) ?? {});
    for (const name of names) {
        const m = mapReader.child(name);
        map[name] = { name: m.optionalStr("name"), jsonKey: m.optionalStr("jsonKey"), versionStage: m.optionalStr("versionStage"), versionId: m.optionalStr("versionId") };
        if (source === "ssm" && (map[name].jsonKey || map[name].versionStage || map[name].versionId)) {
            m.fail("jsonKey", "jsonKey, versionStage and versionId apply to Secrets Manager only", "remove them, or use source: secretsmanager");
        }
        m.done();
    }
    mapReader.done();
    const out = { source, prefix, map, kmsKeyArns: r.strList("kmsKeyArns", ARN, "use KMS key ARNs"), allowPlainEnv: r.strList("allowPlainEnv", ENV_NAME, "use environment variable names") };
    r.done();
    return out;
}

function parseCluster(r: ConfigReader): StackConfig["cluster"] {
    const out = { name: r.optionalStr("name", /^[A-Za-z0-9_-]{1,255}$/, "use an existing ECS cluster's name"), containerInsights: r.bool("containerInsights", true) };
    r.done();
    return out;
}

function parseNetwork(r: ConfigReader): StackConfig["network"] {
    const out: StackConfig["network"] = {
        vpcId: r.optionalStr("vpcId", /^vpc-[0-9a-f]+$/, "use a VPC id like vpc-0abc1234"),
        subnetIds: r.strList("subnetIds", /^subnet-[0-9a-f]+$/, "use subnet ids like subnet-0abc1234"),
        publicSubnetIds: r.strList("publicSubnetIds", /^subnet-[0-9a-f]+$/, "use subnet ids like subnet-0abc1234"),
        securityGroupIds: r.strList("securityGroupIds", /^sg-[0-9a-f]+$/, "use security group ids like sg-0abc1234"),
        assignPublicIp: r.bool("assignPublicIp", false),
        vpcCidr: r.str("vpcCidr", "10.0.0.0/16", /^\d+\.\d+\.\d+\.\d+\/\d+$/, "use a CIDR block like 10.0.0.0/16"),
        availabilityZoneCount: r.int("availabilityZoneCount", 2, 2, 6),
        natGateways: r.oneOf("natGateways", "single", ["single", "onePerAz"] as const),
    };
    if (out.vpcId && out.subnetIds.length === 0) r.fail("subnetIds", `is empty but vpcId ${out.vpcId} is set`, "list the private subnets the tasks run in, or remove vpcId to create a VPC");
    if (!out.vpcId && out.subnetIds.length > 0) r.fail("vpcId", "is not set but subnetIds are", "set vpcId to the VPC those subnets belong to");
    if (!out.vpcId && out.publicSubnetIds.length > 0) r.fail("vpcId", "is not set but publicSubnetIds are", "set vpcId to the VPC those subnets belong to");
    if (!out.vpcId) {
        try {
            planSubnets(out.vpcCidr, out.availabilityZoneCount);
        } catch (e) {
            r.fail("vpcCidr", (e as Error).message, "use a /16 to /24 network address such as 10.0.0.0/16");
        }
    }
    r.done();
    return out;
}

function parseService(r: ConfigReader): StackConfig["service"] {
    const strategy = r.oneOf("strategy", "ROLLING", STRATEGIES);
    const lb = r.has("loadBalancer") ? parseLoadBalancer(r.child("loadBalancer")) : (r.any("loadBalancer"), undefined);
    const autoscaling = r.has("autoscaling") ? parseAutoscaling(r.child("autoscaling")) : (r.any("autoscaling"), undefined);
    const out: StackConfig["service"] = {
        desiredCount: r.int("desiredCount", 1, 0, 1000),
        strategy,
        minimumHealthyPercent: r.int("minimumHealthyPercent", 100, 0, 100),
        maximumPercent: r.int("maximumPercent", 200, 100, 200),
        healthCheckGracePeriodSeconds: r.int("healthCheckGracePeriodSeconds", 30, 0, 2147483647),
        enableExecuteCommand: r.bool("enableExecuteCommand", false),
        waitForSteadyState: r.bool("waitForSteadyState", true),
        bakeTimeMinutes: r.int("bakeTimeMinutes", 0, 0, 1440),
        canaryPercent: r.int("canaryPercent", 10, 1, 100),
        linearStepPercent: r.int("linearStepPercent", 25, 3, 100),
        canaryBakeTimeMinutes: r.int("canaryBakeTimeMinutes", 2, 0, 1440),
        linearStepBakeTimeMinutes: r.int("linearStepBakeTimeMinutes", 1, 0, 1440),
        loadBalancer: lb,
        autoscaling,
        watchRollout: r.bool("watchRollout", true),
        rolloutTimeoutSeconds: r.has("rolloutTimeoutSeconds") ? r.int("rolloutTimeoutSeconds", 0, 60, MAX_WAIT_SECONDS) : (r.any("rolloutTimeoutSeconds"), undefined),
        preDeploy: r.has("preDeploy") ? parsePreDeploy(r.child("preDeploy")) : (r.any("preDeploy"), undefined),
        alarms: parseAlarms(r.child("alarms"), lb !== undefined),
    };
    // The watcher reports every outcome with its reasons; the provider's wait would only add a bare timeout (see core/rolloutStatus.ts).
    if (!r.has("waitForSteadyState")) out.waitForSteadyState = !out.watchRollout;
    if (strategy !== "ROLLING" && !lb) r.fail("strategy", `${strategy} needs a load balancer to shift traffic`, "add service.loadBalancer, or use strategy: ROLLING");
    if (autoscaling?.metric === "requests" && !lb) r.fail("autoscaling.metric", "requests scales on the load balancer's request count, but there is no load balancer", "add service.loadBalancer, or scale on cpu or memory");
    if (autoscaling?.metric === "requests" && strategy !== "ROLLING") {
        r.fail("autoscaling.metric", `requests follows one target group, but ${strategy} moves traffic between two`, "scale on cpu or memory, or use strategy: ROLLING");
    }
    // Every count the service can run at must leave room to replace a task, or ECS never starts the deployment.
    const counts = autoscaling ? Array.from({ length: autoscaling.maxCount - autoscaling.minCount + 1 }, (_, i) => autoscaling.minCount + i) : [out.desiredCount];
    try {
        for (const n of counts) rollingBatches(n, out.minimumHealthyPercent, out.maximumPercent);
    } catch (e) {
        if (!(e instanceof RolloutError)) throw e;
        r.fail("maximumPercent", `a deployment could never start: ${e.message}`, "raise maximumPercent (200 starts new tasks before stopping old ones) or lower minimumHealthyPercent");
    }
    if (autoscaling && (out.desiredCount < autoscaling.minCount || out.desiredCount > autoscaling.maxCount)) {
        r.fail("desiredCount", `${out.desiredCount} is outside autoscaling ${autoscaling.minCount}..${autoscaling.maxCount}`, "set desiredCount within the autoscaling range");
    }
    r.done();
    return out;
}

function parsePreDeploy(r: ConfigReader): PreDeployConfig {
    const command = r.any("command");
    if (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== "string")) {
        r.fail("command", `must be a non-empty list of strings, got ${JSON.stringify(command ?? null)}`, 'write the command as a YAML list, e.g. command: ["npm", "run", "migrate"]');
    }
    const out = { command: command as string[], container: r.optionalStr("container"), timeoutSeconds: r.int("timeoutSeconds", 600, 1, MAX_WAIT_SECONDS) };
    r.done();
    return out;
}

function parseAlarms(r: ConfigReader, hasLoadBalancer: boolean): AlarmsConfig | undefined {
    const enabled = r.bool("enabled", hasLoadBalancer);
    const out = {
        http5xxPercent: r.int("http5xxPercent", 5, 1, 100),
        unhealthyHosts: r.int("unhealthyHosts", 1, 1, 1000),
        periodSeconds: r.int("periodSeconds", 60, 60, 86400),
        evaluationPeriods: r.int("evaluationPeriods", 3, 1, 1440),
    };
    // Load balancer metrics arrive once a minute, so shorter periods would hold no data
    // (the provider accepts 10/20/30 or multiples of 60: terraform-provider-aws internal/service/cloudwatch/metric_alarm.go).
    if (out.periodSeconds % 60 !== 0) r.fail("periodSeconds", `${out.periodSeconds} is not a whole number of minutes`, "use 60, 120, 300, ...");
    // CloudWatch PutMetricAlarm: period x evaluation periods is at most one day.
    if (out.periodSeconds * out.evaluationPeriods > 86400) r.fail("evaluationPeriods", `${out.evaluationPeriods} periods of ${out.periodSeconds}s exceed CloudWatch's one-day evaluation window`, "lower evaluationPeriods or periodSeconds");
    if (enabled && !hasLoadBalancer) r.fail("enabled", "deployment alarms watch the load balancer's target group, but there is no load balancer", "add service.loadBalancer, or set alarms.enabled: false");
    r.done();
    return enabled ? out : undefined;
}

function parseLoadBalancer(r: ConfigReader): LoadBalancerConfig {
    const out: LoadBalancerConfig = {
        internal: r.bool("internal", false),
        certificateArn: r.optionalStr("certificateArn", /^arn:aws[a-z-]*:acm:/, "use an ACM certificate ARN"),
        containerName: r.optionalStr("containerName"),
        containerPort: r.has("containerPort") ? r.int("containerPort", 0, 1, 65535) : (r.any("containerPort"), undefined),
        healthCheckPath: r.str("healthCheckPath", "/health", /^\//, "start the path with /"),
        healthCheckIntervalSeconds: r.int("healthCheckIntervalSeconds", 10, 5, 300),
        healthyThreshold: r.int("healthyThreshold", 2, 2, 10),
        unhealthyThreshold: r.int("unhealthyThreshold", 3, 2, 10),
        deregistrationDelaySeconds: r.int("deregistrationDelaySeconds", 30, 0, 3600),
        allowedCidrs: r.strList("allowedCidrs", /^\d+\.\d+\.\d+\.\d+\/\d+$/, "use CIDR blocks like 203.0.113.0/24"),
    };
    r.done();
    return out;
}

function parseAutoscaling(r: ConfigReader): AutoscalingConfig {
    const out = { minCount: r.int("minCount", 1, 0, 1000), maxCount: r.int("maxCount", 4, 1, 1000), metric: r.oneOf("metric", "cpu", SCALING_METRICS), target: r.int("target", 60, 1, 100000) };
    if (out.minCount > out.maxCount) r.fail("minCount", `${out.minCount} is above maxCount ${out.maxCount}`, "make minCount at most maxCount");
    if (out.metric !== "requests" && out.target > 100) r.fail("target", `${out.target}% is not a utilisation`, "set a percentage from 1 to 100");
    r.done();
    return out;
}

function parseIam(r: ConfigReader): StackConfig["iam"] {
    const statements = checkTaskRoleStatements(r.any("taskRoleStatements"), "taskRoleStatements", (path, problem, fix) => r.fail(path, problem, fix));
    r.done();
    return { taskRoleStatements: statements as unknown as Json[] };
}

function promoteFrom(ctx: ConfigContext, value: string | undefined, image: string): string | undefined {
    if (value && image !== "") {
        throw new ConfigError(ctx.file, `${ctx.project}:promoteFrom`, `is set together with ${ctx.project}:image, so the image to deploy is ambiguous`, `remove one: promoteFrom deploys what ${value} runs, image deploys the ref you give`);
    }
    return value;
}

export type RawConfig = Partial<Record<(typeof CONFIG_KEYS)[number], unknown>>;

/**
 * This project's keys as Pulumi hands them to a program: objects JSON-encoded,
 * strings plain. Secret values reach plain config by name only.
 */
export function decodeConfig(get: (key: string) => string | undefined): RawConfig {
    const raw: Record<string, unknown> = {};
    for (const key of CONFIG_KEYS) {
        const text = get(key);
        if (text === undefined) continue;
        try {
            raw[key] = JSON.parse(text);
        } catch {
            raw[key] = text; // a plain string value
        }
    }
    const values = raw.secretValues;
    if (values && typeof values === "object" && !Array.isArray(values)) {
        raw.secretValues = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? "[secret]" : v]));
    }
    return raw;
}
