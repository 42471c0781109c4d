import * as path from "node:path";
import { ipv4CidrProblem, planSubnets } from "../network/cidr";
import { LOG_RETENTION_DAYS, nearestRetention } from "./logRetention";
import { ConfigReader } from "./reader";
import { ConfigError, RegistryError, throwAll, UserError } from "../support/errors";
import * as formats from "./formats";
import { isPlainObject, quote } from "../support/paths";
import { isRegion, nearestRegion } from "./regions";
import { parseImageRef } from "../template/registry/ref";
import { RolloutError, rollingBatches } from "../service/rolloutEstimate";
import { closest } from "../taskdef/shape";
import { checkTaskRoleStatements } from "../iam/taskRoleStatements";
import { parseOverlay } from "../template/parse";
import { ENV_NAME } from "../template/trust";

import {
    STRATEGIES,
    PLATFORMS,
    SCALING_METRICS,
    SECRET_SOURCES,
    SecretMapping,
    StackConfig,
    LoadBalancerConfig,
    PreDeployConfig,
    AlarmsConfig,
    MAX_WAIT_SECONDS,
    AutoscalingConfig,
    CONFIG_KEYS,
    ConfigContext,
    RawConfig,
    AllConfig,
} from "./types";

type Json = Record<string, unknown>;
/** Declared `type: string` in Pulumi.yaml: Pulumi hands them over as text, so "123" stays a string. */
const STRING_KEYS = new Set(["image", "promoteFrom", "appDir", "templateFile", "labelKey", "platform"]);

/**
 * Typed, validated stack config from raw values (as parsed from YAML or Pulumi config).
 * Every problem is collected and reported at once (core/support/errors.ts throwAll).
 */
export function parseStackConfig(raw: RawConfig, ctx: ConfigContext): StackConfig {
    const p = ctx.project;
    const problems: UserError[] = [];
    const top = new ConfigReader(ctx.file, p, raw, problems, ":");
    const key = (k: string) => `${p}:${k}`;
    checkRegion(ctx, problems);
    checkNamespaces(ctx, problems);

    const image = parseImage(top, ctx);
    const platform = top.oneOf("platform", "linux/amd64", PLATFORMS);

    const logs = top.child("logs");
    const logsConfig = {
        retentionDays: logs.int("retentionDays", 30, 0, 3653),
        kmsKeyArn: logs.optionalStr("kmsKeyArn", formats.kmsKeyArn, formats.KMS_FIX),
    };
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logsConfig.retentionDays)) {
        logs.fail(
            "retentionDays",
            `${logsConfig.retentionDays} is not a retention CloudWatch Logs accepts`,
            `use one of ${LOG_RETENTION_DAYS.join(", ")} (0 keeps logs forever), e.g. ${nearestRetention(logsConfig.retentionDays)}`,
        );
    }
    logs.done();

    const ecr = top.child("ecr");
    const ecrConfig = {
        keepReleases: ecr.int("keepReleases", 20, 1, 1000),
        kmsKeyArn: ecr.optionalStr("kmsKeyArn", formats.kmsKeyArn, formats.KMS_FIX),
    };
    ecr.done();

    let overlay: Json = {};
    try {
        overlay = parseOverlay(top.any("overlay"), ctx.file, key("overlay"));
    } catch (e) {
        if (!(e instanceof UserError)) throw e;
        problems.push(e);
    }
    const promoteFromRef = top.optionalStr(
        "promoteFrom",
        /^(?:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/,
        "write it as a stack of this project (staging) or as <org>/<project>/<stack>, e.g. acme/ecs-deploy/staging",
    );
    if (promoteFromRef && image) {
        top.fail(
            "promoteFrom",
            `is set together with ${p}:image, so the image to deploy is ambiguous`,
            `remove one: promoteFrom deploys what ${promoteFromRef} runs, image deploys the ref you give`,
        );
    }
    if (promoteFromRef === ctx.stack)
        top.fail(
            "promoteFrom",
            `names this stack (${ctx.stack}) itself`,
            "name the stack whose image this one deploys, e.g. staging",
        );

    const config: StackConfig = {
        project: p,
        stack: ctx.stack,
        file: ctx.file,
        region: ctx.region ?? "",
        overlay,
        image,
        promoteFrom: promoteFromRef,
        appDir: parseAppDir(top, ctx),
        templateFile: top.str("templateFile", "app/ecs-task-template.json"),
        labelKey: top.str(
            "labelKey",
            "ECS_TASK_TEMPLATE",
            /^[A-Za-z0-9_.-]+$/,
            "use letters, digits, dots, dashes and underscores",
        ),
        platform,
        protect: top.bool("protect", false),
        logs: logsConfig,
        ecr: ecrConfig,
        secrets: { ...parseSecrets(top.child("secrets")), managed: managedSecretNames(top, ctx) },
        cluster: parseCluster(top.child("cluster")),
        network: parseNetwork(top.child("network")),
        service: parseService(top.child("service")),
        iam: parseIam(top.child("iam")),
    };
    top.done();
    // Counting subnets for the load balancer means little while the network section itself is wrong.
    if (!problems.some((e) => e.path.startsWith(key("network")))) checkLoadBalancerSubnets(config, key, problems);
    throwAll(problems);
    return config;
}

/** aws:region, or the AWS_REGION the provider falls back to, must be a region the AWS SDK's partition data lists. */
function checkRegion(ctx: ConfigContext, problems: UserError[]): void {
    const fail = (problem: string, fix: string) => problems.push(new ConfigError(ctx.file, "aws:region", problem, fix));
    if (!ctx.region) return void fail("is not set", `run: pulumi config set aws:region eu-north-1 -s ${ctx.stack}`);
    if (isRegion(ctx.region)) return;
    const from = ctx.regionSource ? ` (from ${ctx.regionSource}, as aws:region is not set)` : "";
    const guess = nearestRegion(ctx.region);
    fail(
        `${quote(ctx.region)}${from} is not an AWS region`,
        guess
            ? `did you mean ${guess}? Run: pulumi config set aws:region ${guess} -s ${ctx.stack}`
            : `set a region such as eu-north-1 (aws account list-regions lists them): pulumi config set aws:region eu-north-1 -s ${ctx.stack}`,
    );
}

/** A key under a misspelt project name (ecs-deplyo:protect) would be ignored like any other provider's config. */
function checkNamespaces(ctx: ConfigContext, problems: UserError[]): void {
    for (const full of ctx.otherKeys ?? []) {
        const colon = full.indexOf(":");
        const ns = full.slice(0, colon);
        if (ns === ctx.project || !closest(ns, [ctx.project])) continue;
        const path = /^[A-Za-z0-9_:.-]+$/.test(full) ? full : quote(full);
        problems.push(
            new ConfigError(
                ctx.file,
                path,
                `is not in this project's namespace ${ctx.project}, so the program never reads it`,
                `did you mean ${ctx.project}:${full.slice(colon + 1)}?`,
            ),
        );
    }
}

/** The image to deploy: a full ref with its registry, or empty to build app/. */
function parseImage(top: ConfigReader, ctx: ConfigContext): string | undefined {
    const text = top.str("image", "");
    if (text === "") return undefined;
    const fail = (problem: string, fix: string) => (top.fail("image", problem, fix), undefined);
    if (text.trim() === "")
        return fail(
            "is only spaces, which would silently build app/ instead",
            `set it to the image ref to deploy, or to "" to build app/`,
        );
    if (text !== text.trim())
        return fail(`${quote(text)} has spaces around it`, `write it without them: ${quote(text.trim())}`);
    try {
        parseImageRef(text);
    } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
        return fail(`${quote(text)} is not an image ref: ${e.problem}`, e.fix);
    }
    const head = text.split("/")[0];
    const hasRegistry = text.includes("/") && (head.includes(".") || head.includes(":") || head === "localhost");
    if (!hasRegistry) {
        const region = ctx.region && isRegion(ctx.region) ? ctx.region : "<region>";
        return fail(
            `${quote(text)} names no registry, so it would be pulled from Docker Hub`,
            `write the full ref, e.g. <account>.dkr.ecr.${region}.amazonaws.com/${ctx.project}-${ctx.stack}:${/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(text) ? text : "<tag>"} (docker.io/${text} for Docker Hub)`,
        );
    }
    return text;
}

/** The build context: a directory inside the project, so the build hashes and sends only the app. */
function parseAppDir(top: ConfigReader, ctx: ConfigContext): string {
    const dir = top.str("appDir", "app");
    const fix = "use a directory inside the project, relative to Pulumi.yaml, e.g. app";
    if (dir.trim() === "") return (top.fail("appDir", "is empty", fix), "app");
    const base = ctx.projectDir ?? ".";
    const rel = path.relative(path.resolve(base), path.resolve(base, dir));
    if (rel.startsWith("..") || path.isAbsolute(rel) || (!ctx.projectDir && path.isAbsolute(dir)))
        top.fail(
            "appDir",
            `${quote(dir)} is outside the project, so the build would send (and hash) everything there`,
            fix,
        );
    return dir;
}

/** An ALB needs subnets in at least two zones: public ones when internet-facing, the tasks' private ones when internal. */
function checkLoadBalancerSubnets(c: StackConfig, key: (k: string) => string, problems: UserError[]): void {
    const lb = c.service.loadBalancer;
    if (!lb || !c.network.vpcId) return; // a created VPC has a public and a private subnet per zone
    if (!lb.internal && c.network.publicSubnetIds.length < 2) {
        problems.push(
            new ConfigError(
                c.file,
                `${key("network")}.publicSubnetIds`,
                `an internet-facing load balancer in ${c.network.vpcId} needs at least two public subnets, got ${c.network.publicSubnetIds.length}`,
                "list public subnets in two or more availability zones, or set service.loadBalancer.internal: true",
            ),
        );
    }
    if (lb.internal && c.network.subnetIds.length < 2) {
        problems.push(
            new ConfigError(
                c.file,
                `${key("network")}.subnetIds`,
                `an internal load balancer needs subnets in at least two availability zones, got ${c.network.subnetIds.length}`,
                "list private subnets in two or more availability zones",
            ),
        );
    }
}

/**
 * Secret values the stack holds (`pulumi config set --secret --path 'secretValues.NAME'`).
 * Only their names reach plain config; the values stay Pulumi secrets end to end.
 */
function managedSecretNames(top: ConfigReader, ctx: ConfigContext): string[] {
    const value = top.any("secretValues");
    const r = top.child("secretValues");
    const names = isPlainObject(value) ? Object.keys(value).sort() : [];
    for (const name of names) {
        if (!ENV_NAME.test(name))
            r.fail(
                name,
                "is not a secret name the template could use",
                "name it like an environment variable (letters, digits, _)",
            );
        r.str(name, "");
    }
    r.done();
    // Pulumi marks a key secret when any value under it is `secure:`; a plain one is readable in the stack file.
    if (names.length > 0 && ctx.secretKeys && !ctx.secretKeys.includes("secretValues")) {
        top.fail(
            "secretValues",
            `holds ${names.join(", ")} in plain text, unencrypted in the stack file`,
            `remove them and set each with: pulumi config set --secret --path '${ctx.project}:secretValues.NAME' VALUE -s ${ctx.stack}`,
        );
    }
    return names;
}

function parseSecrets(r: ConfigReader): Omit<StackConfig["secrets"], "managed"> {
    const source = r.oneOf("source", "secretsmanager", SECRET_SOURCES);
    const prefix = r.str("prefix", "");
    if (source === "ssm" && prefix !== "" && !prefix.startsWith("/"))
        r.fail("prefix", `${quote(prefix)} is not an SSM path`, `start it with a slash, e.g. /${prefix}`);
    const mapReader = r.child("map");
    const map: Record<string, SecretMapping> = {};
    const mapValue = r.any("map");
    const names = isPlainObject(mapValue) ? Object.keys(mapValue) : [];
    for (const name of names) {
        if (!ENV_NAME.test(name))
            mapReader.fail(
                name,
                "is not a secret name the template could use",
                "use the template's secret name (letters, digits, _)",
            );
        const m = mapReader.child(name);
        map[name] = {
            name: m.optionalStr("name"),
            jsonKey: m.optionalStr("jsonKey", formats.secretKeyPart(65536), "name the JSON key without a colon"),
            versionStage: m.optionalStr(
                "versionStage",
                formats.secretKeyPart(256),
                "use the stage's name, e.g. AWSCURRENT",
            ),
            versionId: m.optionalStr(
                "versionId",
                formats.secretKeyPart(64, 32),
                "use the version id Secrets Manager shows (32 to 64 characters)",
            ),
        };
        if (source === "ssm" && (map[name].jsonKey || map[name].versionStage || map[name].versionId)) {
            m.fail(
                "jsonKey",
                "jsonKey, versionStage and versionId apply to Secrets Manager only",
                "remove them, or use source: secretsmanager",
            );
        }
        m.done();
    }
    mapReader.done();
    const out = {
        source,
        prefix,
        map,
        kmsKeyArns: r.strList("kmsKeyArns", formats.kmsKeyArn, formats.KMS_FIX),
        allowPlainEnv: r.strList("allowPlainEnv", ENV_NAME, "use environment variable names"),
    };
    r.done();
    return out;
}

function parseCluster(r: ConfigReader): StackConfig["cluster"] {
    const out = {
        name: r.optionalStr("name", /^[A-Za-z0-9_-]{1,255}$/, "use an existing ECS cluster's name"),
        containerInsights: r.bool("containerInsights", true),
    };
    r.done();
    return out;
}

function parseNetwork(r: ConfigReader): StackConfig["network"] {
    const out: StackConfig["network"] = {
        vpcId: r.optionalStr("vpcId", formats.vpcId, formats.ec2IdFix("vpc")),
        subnetIds: r.strList("subnetIds", formats.subnetId, formats.ec2IdFix("subnet")),
        publicSubnetIds: r.strList("publicSubnetIds", formats.subnetId, formats.ec2IdFix("subnet")),
        securityGroupIds: r.strList("securityGroupIds", formats.securityGroupId, formats.ec2IdFix("sg")),
        assignPublicIp: r.bool("assignPublicIp", false),
        vpcCidr: r.str(
            "vpcCidr",
            "10.0.0.0/16",
            ipv4CidrProblem,
            "use a /16 to /24 network address such as 10.0.0.0/16",
        ),
        availabilityZoneCount: r.int("availabilityZoneCount", 2, 2, 6),
        natGateways: r.oneOf("natGateways", "single", ["single", "onePerAz"] as const),
    };
    const listed = r.any("subnetIds");
    if (out.vpcId && !(Array.isArray(listed) && listed.length > 0))
        r.fail(
            "subnetIds",
            `is empty but vpcId ${out.vpcId} is set`,
            "list the private subnets the tasks run in, or remove vpcId to create a VPC",
        );
    // A vpcId that is set but malformed is already reported; it is not "not set".
    const vpcSet = r.any("vpcId") !== undefined && r.any("vpcId") !== "";
    if (!vpcSet && out.subnetIds.length > 0)
        r.fail("vpcId", "is not set but subnetIds are", "set vpcId to the VPC those subnets belong to");
    if (!vpcSet && out.publicSubnetIds.length > 0)
        r.fail("vpcId", "is not set but publicSubnetIds are", "set vpcId to the VPC those subnets belong to");
    if (!vpcSet && !ipv4CidrProblem(out.vpcCidr)) {
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
    const autoscaling = r.has("autoscaling")
        ? parseAutoscaling(r.child("autoscaling"))
        : (r.any("autoscaling"), undefined);
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
        rolloutTimeoutSeconds: r.has("rolloutTimeoutSeconds")
            ? r.int("rolloutTimeoutSeconds", 0, 60, MAX_WAIT_SECONDS)
            : (r.any("rolloutTimeoutSeconds"), undefined),
        preDeploy: r.has("preDeploy") ? parsePreDeploy(r.child("preDeploy")) : (r.any("preDeploy"), undefined),
        alarms: parseAlarms(r.child("alarms"), lb !== undefined),
    };
    // The watcher reports every outcome with its reasons; the provider's wait would only add a bare timeout (see core/deploy/rolloutStatus.ts).
    if (!r.has("waitForSteadyState")) out.waitForSteadyState = !out.watchRollout;
    if (strategy !== "ROLLING" && !lb)
        r.fail(
            "strategy",
            `${strategy} needs a load balancer to shift traffic`,
            "add service.loadBalancer, or use strategy: ROLLING",
        );
    if (autoscaling?.metric === "requests" && !lb)
        r.fail(
            "autoscaling.metric",
            "requests scales on the load balancer's request count, but there is no load balancer",
            "add service.loadBalancer, or scale on cpu or memory",
        );
    if (autoscaling?.metric === "requests" && strategy !== "ROLLING") {
        r.fail(
            "autoscaling.metric",
            `requests follows one target group, but ${strategy} moves traffic between two`,
            "scale on cpu or memory, or use strategy: ROLLING",
        );
    }
    // Every count the service can run at must leave room to replace a task, or ECS never starts the deployment.
    const counts = autoscaling
        ? Array.from({ length: autoscaling.maxCount - autoscaling.minCount + 1 }, (_, i) => autoscaling.minCount + i)
        : [out.desiredCount];
    try {
        for (const n of counts) rollingBatches(n, out.minimumHealthyPercent, out.maximumPercent);
    } catch (e) {
        if (!(e instanceof RolloutError)) throw e;
        r.fail(
            "maximumPercent",
            `a deployment could never start: ${e.message}`,
            "raise maximumPercent (200 starts new tasks before stopping old ones) or lower minimumHealthyPercent",
        );
    }
    if (
        autoscaling &&
        autoscaling.minCount <= autoscaling.maxCount &&
        (out.desiredCount < autoscaling.minCount || out.desiredCount > autoscaling.maxCount)
    ) {
        r.fail(
            "desiredCount",
            `${out.desiredCount} is outside autoscaling ${autoscaling.minCount}..${autoscaling.maxCount}`,
            "set desiredCount within the autoscaling range",
        );
    }
    r.done();
    return out;
}

function parsePreDeploy(r: ConfigReader): PreDeployConfig {
    const command = r.any("command");
    if (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== "string")) {
        r.fail(
            "command",
            `must be a non-empty list of strings, got ${JSON.stringify(command ?? null)}`,
            'write the command as a YAML list, e.g. command: ["npm", "run", "migrate"]',
        );
    }
    const out = {
        command: command as string[],
        container: r.optionalStr("container"),
        timeoutSeconds: r.int("timeoutSeconds", 600, 1, MAX_WAIT_SECONDS),
    };
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
    if (out.periodSeconds % 60 !== 0)
        r.fail("periodSeconds", `${out.periodSeconds} is not a whole number of minutes`, "use 60, 120, 300, ...");
    // CloudWatch PutMetricAlarm: period x evaluation periods is at most one day.
    if (out.periodSeconds * out.evaluationPeriods > 86400)
        r.fail(
            "evaluationPeriods",
            `${out.evaluationPeriods} periods of ${out.periodSeconds}s exceed CloudWatch's one-day evaluation window`,
            "lower evaluationPeriods or periodSeconds",
        );
    if (enabled && !hasLoadBalancer)
        r.fail(
            "enabled",
            "deployment alarms watch the load balancer's target group, but there is no load balancer",
            "add service.loadBalancer, or set alarms.enabled: false",
        );
    r.done();
    return enabled ? out : undefined;
}

function parseLoadBalancer(r: ConfigReader): LoadBalancerConfig {
    const out: LoadBalancerConfig = {
        internal: r.bool("internal", false),
        certificateArn: r.optionalStr(
            "certificateArn",
            formats.acmCertificateArn,
            "use an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>",
        ),
        // ECS container names: up to 255 letters, digits, hyphens and underscores (ContainerDefinition.name).
        containerName: r.optionalStr(
            "containerName",
            /^[A-Za-z0-9_-]{1,255}$/,
            "use the name of a container in the task definition",
        ),
        containerPort: r.has("containerPort")
            ? r.int("containerPort", 0, 1, 65535)
            : (r.any("containerPort"), undefined),
        healthCheckPath: r.str(
            "healthCheckPath",
            "/health",
            formats.healthCheckPath,
            "use a path of at most 1024 characters starting with /, e.g. /health",
        ),
        healthCheckIntervalSeconds: r.int("healthCheckIntervalSeconds", 10, 5, 300),
        healthyThreshold: r.int("healthyThreshold", 2, 2, 10),
        unhealthyThreshold: r.int("unhealthyThreshold", 3, 2, 10),
        deregistrationDelaySeconds: r.int("deregistrationDelaySeconds", 30, 0, 3600),
        allowedCidrs: r.strList("allowedCidrs", ipv4CidrProblem, "use IPv4 network addresses like 203.0.113.0/24"),
    };
    r.done();
    return out;
}

function parseAutoscaling(r: ConfigReader): AutoscalingConfig {
    const out = {
        minCount: r.int("minCount", 1, 0, 1000),
        maxCount: r.int("maxCount", 4, 1, 1000),
        metric: r.oneOf("metric", "cpu", SCALING_METRICS),
        target: r.int("target", 60, 1, 100000),
    };
    if (out.minCount > out.maxCount)
        r.fail("minCount", `${out.minCount} is above maxCount ${out.maxCount}`, "make minCount at most maxCount");
    if (out.metric !== "requests" && out.target > 100)
        r.fail("target", `${out.target}% is not a utilisation`, "set a percentage from 1 to 100");
    r.done();
    return out;
}

function parseIam(r: ConfigReader): StackConfig["iam"] {
    // The statement checks stop at their first problem; it joins the others found in the file.
    let statements: unknown = [];
    try {
        statements = checkTaskRoleStatements(r.any("taskRoleStatements"), "taskRoleStatements", (at, problem, fix) => {
            throw new ConfigError(r.where, r.at(at), problem, fix);
        });
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        r.problems.push(e);
    }
    r.done();
    return { taskRoleStatements: statements as Json[] };
}

/** A value as Pulumi hands it to a program: objects JSON-encoded, strings plain. */
function decodeValue(key: string, text: string): unknown {
    if (STRING_KEYS.has(key)) return text;
    try {
        return JSON.parse(text);
    } catch {
        return text; // a plain string value
    }
}

/** Secret values reach plain config by name only. */
function maskSecretValues(raw: Record<string, unknown>): void {
    const values = raw.secretValues;
    if (isPlainObject(values))
        raw.secretValues = Object.fromEntries(
            Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? "[secret]" : v]),
        );
}

/**
 * This project's keys as Pulumi hands them to a program: objects JSON-encoded,
 * strings plain. Secret values reach plain config by name only.
 */
export function decodeConfig(get: (key: string) => string | undefined): RawConfig {
    const raw: Record<string, unknown> = {};
    for (const key of CONFIG_KEYS) {
        const text = get(key);
        if (text !== undefined) raw[key] = decodeValue(key, text);
    }
    maskSecretValues(raw);
    return raw;
}

/**
 * The whole config of a run (pulumi.runtime.allConfig(): "namespace:key" -> text),
 * split into this project's keys, known or not, and everyone else's.
 */
export function decodeAllConfig(
    all: Record<string, string>,
    project: string,
    isSecret: (fullKey: string) => boolean,
): AllConfig {
    const raw: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    const otherKeys: string[] = [];
    for (const [full, text] of Object.entries(all)) {
        const colon = full.indexOf(":");
        if (full.slice(0, colon) !== project) {
            otherKeys.push(full);
            continue;
        }
        const key = full.slice(colon + 1);
        raw[key] = decodeValue(key, text);
        if (isSecret(full)) secretKeys.push(key);
    }
    maskSecretValues(raw);
    return { raw, secretKeys, otherKeys: otherKeys.sort() };
}
