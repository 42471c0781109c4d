import * as crypto from "node:crypto";
import { LOG_RETENTION_DAYS } from "../core/config/logRetention";
import {
    Check,
    Fail,
    intBetween,
    isUnknown,
    Json,
    known,
    matches,
    NameRule,
    obj,
    stringIn,
    stringLen,
} from "./providerRules/checks";
import { CLOUDWATCH_NAMED, CLOUDWATCH_VALIDATORS } from "./providerRules/cloudwatch";
import { ECS_VALIDATORS } from "./providerRules/ecs";
import { SCHEDULER_NAMED, SCHEDULER_VALIDATORS } from "./providerRules/scheduler";
import { SQS_NAMED, SQS_VALIDATORS } from "./providerRules/sqs";

export { isUnknown };

/**
 * What the Pulumi AWS provider (@pulumi/aws 7.x, a bridge over
 * terraform-provider-aws) does to a resource's inputs before anything reaches
 * AWS: Check auto-names it and runs the Terraform schema's validators. Offline
 * runs apply the same rules, so a name or value the provider refuses fails
 * here too instead of on a user's first `pulumi preview`.
 *
 * Sources, by the names used in the comments below:
 * - autonaming.go: pulumi-aws provider/autonaming.go (every resource with an input `name`: AutoName(name, 255, "-"))
 * - resources.go / aliases.go / resource_overrides.go: pulumi-aws provider/ (per-type AutoName overrides; 7.x keeps
 *   them in resource_overrides.go)
 * - bridge: pulumi-terraform-bridge pkg/tfbridge/names.go AutoName/ComputeAutoNameDefault (Randlen 7), which calls
 *   pulumi sdk/go/common/resource NewUniqueName (charset [0-9a-f]; "name '%s' plus %d random chars is longer than maximum length %d")
 * - tf:<path>: terraform-provider-aws internal/service/<path>
 *
 * The shared checks are in providerRules/checks.ts; ECS, EventBridge Scheduler, SQS and CloudWatch alarms have
 * their rules in providerRules/<service>.ts; the other types' rules are below.
 */

/** The random part the bridge appends: 7 characters of [0-9a-f] (ComputeAutoNameDefault, NewUniqueName). */
export const AUTONAME_RANDOM_LENGTH = 7;
const HEX = "0123456789abcdef";

/**
 * Every resource type the program declares that has an input `name` property.
 * Types without one (task definition, listeners, VPC resources, policies by ARN…) are never auto-named.
 */
export const AUTO_NAMED: Record<string, NameRule> = {
    "aws:lb/targetGroup:TargetGroup": {
        autoNameMax: 32,
        source: 'aliases.go: aws_lb_target_group "name": AutoName("name", 32, "-")',
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        autoNameMax: 255,
        source: "autonaming.go default; tf:elbv2/validate.go validName caps it at 32",
    },
    "aws:iam/role:Role": {
        autoNameMax: 64,
        source: 'resource_overrides.go (7.x; resources.go before): aws_iam_role "name": AutoName("name", 64, "-")',
    },
    "aws:iam/rolePolicy:RolePolicy": {
        autoNameMax: 255,
        source: "autonaming.go default; tf:iam/role_policy.go validRolePolicyName caps it at 128",
    },
    "aws:ecs/cluster:Cluster": { autoNameMax: 255, source: "autonaming.go default" },
    "aws:ecs/service:Service": { autoNameMax: 255, source: "autonaming.go default" },
    "aws:ec2/securityGroup:SecurityGroup": { autoNameMax: 255, source: "autonaming.go default" },
    "aws:appautoscaling/policy:Policy": { autoNameMax: 255, source: "autonaming.go default" },
    "aws:secretsmanager/secret:Secret": { autoNameMax: 255, source: "autonaming.go default" },
    "aws:ssm/parameter:Parameter": { autoNameMax: 255, source: "autonaming.go default" },
    "aws:ecr/repository:Repository": { autoNameMax: 255, source: "autonaming.go default" },
    "aws:cloudwatch/logGroup:LogGroup": { autoNameMax: 255, source: "autonaming.go default" },
    ...SCHEDULER_NAMED,
    ...SQS_NAMED,
    ...CLOUDWATCH_NAMED,
};

/** A Check failure, worded as the bridge reports it to the engine. */
export class ProviderCheckError extends Error {}

function problem(type: string, name: string, property: string, message: string): ProviderCheckError {
    return new ProviderCheckError(
        `${type} resource '${name}' has a problem: ${message}. Examine values at '${name}.${property}'.`,
    );
}

/** Deterministic stand-in for the engine's seeded random suffix: the same logical name always gets the same suffix. */
function randomSuffix(type: string, name: string): string {
    const bytes = crypto.createHash("sha256").update(`${type}::${name}`).digest();
    return Array.from(bytes.subarray(0, AUTONAME_RANDOM_LENGTH), (b) => HEX[b % HEX.length]).join("");
}

/**
 * The name the provider gives a resource that sets neither `name` nor `namePrefix`:
 * `<logical name>-<7 random hex>`, refused when longer than the type's maximum.
 */
export function autoName(type: string, name: string, inputs: Record<string, unknown>): string | undefined {
    const rule = AUTO_NAMED[type];
    if (!rule || inputs.name !== undefined || inputs.namePrefix !== undefined) return undefined;
    const prefix = `${name}-`;
    if (prefix.length + AUTONAME_RANDOM_LENGTH > rule.autoNameMax) {
        // bridge: errors.Wrapf(err, "could not make instance of '%v'", urn.Type()) around NewUniqueName's error.
        throw new ProviderCheckError(
            `could not make instance of '${type}': name '${prefix}' plus ${AUTONAME_RANDOM_LENGTH} random chars ` +
                `is longer than maximum length ${rule.autoNameMax}`,
        );
    }
    const generated = prefix + randomSuffix(type, name);
    return rule.postTransform ? rule.postTransform(generated, inputs) : generated;
}

/** tf:elbv2/validate.go validName (load balancers) and validTargetGroupName. */
function elbName(inputs: Json, fail: Fail, loadBalancer: boolean): void {
    const v = inputs.name;
    if (!known(v) || typeof v !== "string" || v === "") return;
    if (v.length > 32) fail("name", `"name" cannot be longer than 32 characters: "${v}"`);
    if (!/^[0-9A-Za-z-]+$/.test(v)) fail("name", `only alphanumeric characters and hyphens allowed in "name": "${v}"`);
    if (v.startsWith("-")) fail("name", `"name" cannot begin with a hyphen: "${v}"`);
    if (v.endsWith("-")) fail("name", `"name" cannot end with a hyphen: "${v}"`);
    if (loadBalancer && v.startsWith("internal-")) fail("name", `"name" cannot begin with "internal-": "${v}"`);
}

/** tf:ecr/repository.go image_tag_mutability_exclusion_filter MaxItems. */
export const ECR_EXCLUSION_FILTERS_MAX = 5;

const VALIDATORS: Record<string, Check> = {
    ...SCHEDULER_VALIDATORS,
    ...SQS_VALIDATORS,
    ...CLOUDWATCH_VALIDATORS,
    ...ECS_VALIDATORS,
    "aws:lb/loadBalancer:LoadBalancer": (i, fail) => {
        elbName(i, fail, true);
        stringIn(i, fail, "loadBalancerType", ["application", "gateway", "network"]); // tf:elbv2/load_balancer.go
        const subnets = i.subnets;
        // tf:elbv2/load_balancer.go customizeDiffLoadBalancerALB: an ALB needs at least two subnets (AWS: two zones).
        if (Array.isArray(subnets) && i.loadBalancerType === "application" && subnets.length < 2)
            fail("subnets", "an application load balancer needs subnets in at least two Availability Zones");
    },
    "aws:lb/targetGroup:TargetGroup": (i, fail) => {
        elbName(i, fail, false);
        intBetween(i, fail, "port", 1, 65535); // tf:elbv2/target_group.go
        stringIn(i, fail, "protocol", ["GENEVE", "HTTP", "HTTPS", "TCP", "TCP_UDP", "TLS", "UDP"]);
        stringIn(i, fail, "targetType", ["instance", "ip", "lambda", "alb"]);
        intBetween(i, fail, "deregistrationDelay", 0, 3600);
        const hc = obj(i.healthCheck);
        // tf:elbv2/target_group.go health_check block.
        intBetween(hc, fail, "interval", 5, 300, "healthCheck.interval");
        intBetween(hc, fail, "timeout", 2, 120, "healthCheck.timeout");
        intBetween(hc, fail, "healthyThreshold", 2, 10, "healthCheck.healthyThreshold");
        intBetween(hc, fail, "unhealthyThreshold", 2, 10, "healthCheck.unhealthyThreshold");
        stringLen(hc, fail, "path", 1, 1024, "healthCheck.path");
        if (known(hc.path) && typeof hc.path === "string" && !hc.path.startsWith("/"))
            fail("healthCheck.path", `health check path must begin with a '/', got ${hc.path}`);
        // ELB's CreateTargetGroup: the timeout must be smaller than the interval.
        if (typeof hc.timeout === "number" && typeof hc.interval === "number" && hc.timeout >= hc.interval)
            fail(
                "healthCheck.timeout",
                `health check timeout (${hc.timeout}) must be smaller than the interval (${hc.interval})`,
            );
    },
    "aws:lb/listener:Listener": (i, fail) => {
        intBetween(i, fail, "port", 1, 65535); // tf:elbv2/listener.go
        stringIn(i, fail, "protocol", ["GENEVE", "HTTP", "HTTPS", "TCP", "TCP_UDP", "TLS", "UDP"]);
    },
    "aws:lb/listenerRule:ListenerRule": (i, fail) => intBetween(i, fail, "priority", 1, 50000), // tf:elbv2/listener_rule.go
    "aws:cloudwatch/logGroup:LogGroup": (i, fail) => {
        const r = i.retentionInDays;
        if (known(r) && !(LOG_RETENTION_DAYS as readonly unknown[]).includes(r))
            fail(
                "retentionInDays",
                `expected retention_in_days to be one of [${LOG_RETENTION_DAYS.join(" ")}], got ${String(r)}`,
            );
        stringLen(i, fail, "name", 1, 512); // tf:logs/validate.go validLogGroupName
        matches(
            i,
            fail,
            "name",
            /^[.\-_/#A-Za-z0-9]+$/,
            'only alphanumeric characters, underscores, hyphens, slashes, hash signs and dots are allowed in "name"',
        );
    },
    "aws:ecr/repository:Repository": (i, fail) => {
        // tf:ecr/repository.go
        stringLen(i, fail, "name", 2, 256);
        matches(
            i,
            fail,
            "name",
            /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
            'invalid value for "name" (must be lowercase letters, digits and ._-/ separators)',
        );
        stringIn(i, fail, "imageTagMutability", [
            "MUTABLE",
            "IMMUTABLE",
            "IMMUTABLE_WITH_EXCLUSION",
            "MUTABLE_WITH_EXCLUSION",
        ]);
        const filters = i.imageTagMutabilityExclusionFilters;
        if (Array.isArray(filters)) {
            if (filters.length > ECR_EXCLUSION_FILTERS_MAX)
                fail(
                    "imageTagMutabilityExclusionFilters",
                    `Too many image_tag_mutability_exclusion_filter blocks: No more than ${ECR_EXCLUSION_FILTERS_MAX} are allowed`,
                );
            filters.forEach((f, n) => {
                const at = `imageTagMutabilityExclusionFilters[${n}]`;
                stringIn(obj(f), fail, "filterType", ["WILDCARD"], `${at}.filterType`);
                stringLen(obj(f), fail, "filter", 1, 128, `${at}.filter`);
                const text = obj(f).filter;
                if (typeof text === "string" && !/^[a-zA-Z0-9._*-]+$/.test(text))
                    fail(`${at}.filter`, "must contain only letters, numbers, and special characters (._*-)");
            });
        }
    },
    "aws:iam/role:Role": (i, fail) => {
        // tf:iam/role.go: name StringLenBetween(1, 64) + validRoleName's charset; description up to 1000.
        stringLen(i, fail, "name", 1, 64);
        matches(i, fail, "name", /^[\w+=,.@-]+$/, 'must match [\\w+=,.@-] in "name"');
        stringLen(i, fail, "description", 0, 1000);
    },
    "aws:iam/rolePolicy:RolePolicy": (i, fail) => {
        stringLen(i, fail, "name", 1, 128); // tf:iam/role_policy.go validRolePolicyName
        matches(i, fail, "name", /^[\w+=,.@-]*$/, 'must match [\\w+=,.@-] in "name"');
    },
    "aws:ec2/securityGroup:SecurityGroup": (i, fail) => {
        stringLen(i, fail, "name", 0, 255); // tf:ec2/vpc_security_group.go
        stringLen(i, fail, "description", 0, 255);
    },
    "aws:appautoscaling/policy:Policy": (i, fail) => {
        stringLen(i, fail, "name", 1, 255); // tf:appautoscaling/policy.go
        stringIn(i, fail, "policyType", ["PredictiveScaling", "StepScaling", "TargetTrackingScaling"]);
    },
    "aws:secretsmanager/secret:Secret": (i, fail) => {
        stringLen(i, fail, "name", 1, 512); // tf:secretsmanager/secret.go
        const w = i.recoveryWindowInDays;
        if (known(w) && w !== 0 && (typeof w !== "number" || w < 7 || w > 30))
            fail(
                "recoveryWindowInDays",
                `expected recovery_window_in_days to be 0 or in the range (7 - 30), got ${String(w)}`,
            );
    },
    "aws:ssm/parameter:Parameter": (i, fail) => {
        stringLen(i, fail, "name", 1, 2048); // tf:ssm/parameter.go
        stringIn(i, fail, "type", ["String", "StringList", "SecureString"]);
    },
};

/** The provider's Check for one resource: fills in the auto-name, then validates. Returns the checked inputs. */
export function checkResource(type: string, name: string, inputs: Json): Json {
    const generated = autoName(type, name, inputs);
    const checked = generated === undefined ? inputs : { ...inputs, name: generated };
    const validate = VALIDATORS[type];
    if (validate) {
        validate(checked, (property, message) => {
            throw problem(type, name, property, message);
        });
    }
    return checked;
}
