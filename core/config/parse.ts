/** parseStackConfig and the top-level keys; each section has its own file here (service.ts, network.ts, ...). */
import * as path from "node:path";
import { ConfigError, RegistryError, throwAll, UserError } from "../support/errors";
import { quote } from "../support/paths";
import { closest } from "../taskdef/shape";
import { parseImageRef } from "../template/registry/ref";
import { parseOverlay } from "../template/parse";
import { parseCluster } from "./cluster";
import * as formats from "./formats";
import { parseIam } from "./iam";
import { LOG_RETENTION_DAYS, nearestRetention } from "./logRetention";
import { parseNetwork } from "./network";
import { ConfigReader } from "./reader";
import { isRegion, nearestRegion, partitionOf } from "./regions";
import { managedSecretNames, parseSecrets } from "./secrets";
import { parseService } from "./service";
import { parseSchedules, parseWorkers } from "./workloads";
import { ConfigContext, PLATFORMS, RawConfig, StackConfig } from "./types";

type Json = Record<string, unknown>;

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

    const protect = top.bool("protect", false);
    const workers = parseWorkers(top.child("workers"), `${p}-${ctx.stack}`);
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
        protect,
        logs: logsConfig,
        ecr: ecrConfig,
        secrets: { ...parseSecrets(top.child("secrets")), managed: managedSecretNames(top, ctx) },
        cluster: parseCluster(top.child("cluster")),
        network: parseNetwork(top.child("network")),
        service: parseService(top.child("service"), protect),
        iam: parseIam(top.child("iam")),
        workers,
        schedules: parseSchedules(top.child("schedules"), `${p}-${ctx.stack}`, workers),
    };
    top.done();
    // Counting subnets for the load balancer means little while the network section itself is wrong.
    if (!problems.some((e) => e.path.startsWith(key("network")))) checkLoadBalancerSubnets(config, key, problems);
    checkCertificate(config, ctx, key, problems);
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
        const tag = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(text) ? text : "<tag>";
        return fail(
            `${quote(text)} names no registry, so it would be pulled from Docker Hub`,
            `write the full ref, e.g. <account>.dkr.ecr.${region}.amazonaws.com/${ctx.project}-${ctx.stack}:${tag} ` +
                `(docker.io/${text} for Docker Hub)`,
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

/**
 * The HTTPS listener's certificate: an ACM certificate ARN in the stack's partition and region, since
 * "Certificates in ACM are regional resources" and a load balancer takes one from its own region
 * (ACM User Guide, "Supported Regions").
 */
function checkCertificate(c: StackConfig, ctx: ConfigContext, key: (k: string) => string, problems: UserError[]): void {
    const arn = c.service.loadBalancer?.certificateArn;
    if (arn === undefined) return;
    const region = ctx.region && isRegion(ctx.region) ? ctx.region : undefined;
    const fail = (problem: string) =>
        void problems.push(
            new ConfigError(
                c.file,
                `${key("service")}.loadBalancer.certificateArn`,
                problem,
                region ? formats.acmFix(region, partitionOf(region)) : formats.acmFix("<region>", "<partition>"),
            ),
        );
    const wrong = formats.acmCertificateArn(arn);
    if (wrong) return fail(wrong);
    const place = formats.acmCertificatePlace(arn)!;
    if (!region) return; // aws:region is wrong, and reported as such
    const stackPartition = partitionOf(region);
    if (place.partition !== stackPartition)
        return fail(`is in partition ${place.partition}, but the stack's region ${region} is in ${stackPartition}`);
    if (place.region !== region)
        fail(
            `is a certificate in ${place.region}, but the load balancer is in ${region}; ACM certificates are regional`,
        );
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
