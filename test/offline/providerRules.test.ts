import * as assert from "node:assert/strict";
import { AUTO_NAMED, autoName, checkResource, ProviderCheckError } from "../../offline/providerRules";
import { LOG_RETENTION_DAYS } from "../../core/config/logRetention";
import { ELB_PREFIX_MAX, elbLogicalNames, elbNamePrefix } from "../../core/service/names";
import { ALARM, LB, ROLE, ROLE_POLICY, TG } from "../support/types";

/** The provider's Check as the offline runs apply it: auto-names and validators, each with the provider's words. */

describe("provider rules: auto-naming", () => {
    it("names a resource `<logical>-<7 hex>`, the same every run", () => {
        const a = autoName("aws:iam/role:Role", "ecs-deploy-staging-task", {});
        assert.match(String(a), /^ecs-deploy-staging-task-[0-9a-f]{7}$/);
        assert.equal(autoName("aws:iam/role:Role", "ecs-deploy-staging-task", {}), a);
        assert.notEqual(autoName("aws:iam/role:Role", "ecs-deploy-staging-execution", {}), a);
    });

    it("leaves an explicit name or namePrefix alone, and types without a name property", () => {
        assert.equal(autoName("aws:iam/role:Role", "r", { name: "given" }), undefined);
        assert.equal(autoName("aws:iam/role:Role", "r", { namePrefix: "given" }), undefined);
        assert.equal(autoName("aws:ecs/taskDefinition:TaskDefinition", "td", {}), undefined);
        assert.equal(autoName("aws:ec2/vpc:Vpc", "vpc", {}), undefined);
        assert.deepEqual(checkResource("aws:ecs/taskDefinition:TaskDefinition", "td", { family: "f" }), {
            family: "f",
        });
    });

    it("puts the generated name into the checked inputs", () => {
        const checked = checkResource("aws:ecs/service:Service", "ecs-deploy-staging", { launchType: "FARGATE" });
        assert.match(String(checked.name), /^ecs-deploy-staging-[0-9a-f]{7}$/);
        assert.equal(checked.launchType, "FARGATE");
    });

    it("refuses a target group whose logical name leaves no room under 32 (aliases.go AutoName(name, 32))", () => {
        assert.equal(AUTO_NAMED[TG].autoNameMax, 32);
        assert.throws(
            () => autoName(TG, "ecs-deploy-staging-primary", {}),
            (e: Error) =>
                e instanceof ProviderCheckError &&
                e.message ===
                    "could not make instance of 'aws:lb/targetGroup:TargetGroup': name 'ecs-deploy-staging-primary-' plus 7 random chars is longer than maximum length 32",
        );
        assert.equal(String(autoName(TG, "a".repeat(24), {})).length, 32);
        assert.throws(() => autoName(TG, "a".repeat(25), {}), /longer than maximum length 32/);
    });

    it("auto-names a load balancer up to 255 but its validator refuses more than 32 (elbv2 validName)", () => {
        assert.throws(
            () => checkResource(LB, "ecs-deploy-production-alb", { loadBalancerType: "application" }),
            /resource 'ecs-deploy-production-alb' has a problem: "name" cannot be longer than 32 characters: "ecs-deploy-production-alb-[0-9a-f]{7}"\. Examine values at 'ecs-deploy-production-alb\.name'\./,
        );
        assert.throws(() => checkResource(LB, "x", { name: "internal-web" }), /cannot begin with "internal-"/);
        assert.throws(() => checkResource(LB, "x", { name: "web_1" }), /only alphanumeric characters and hyphens/);
        assert.throws(() => checkResource(LB, "x", { name: "web-" }), /cannot end with a hyphen/);
        assert.throws(
            () => checkResource(LB, "x", { name: "a", loadBalancerType: "application", subnets: ["subnet-1"] }),
            /at least two Availability Zones/,
        );
    });

    it("checks a service's capacity provider strategy as tf:ecs/service.go does, and its conflict with launchType", () => {
        const SVC = "aws:ecs/service:Service";
        const strategy = (items: unknown[], extra = {}) =>
            checkResource(SVC, "web", { name: "web", capacityProviderStrategies: items, ...extra });
        assert.doesNotThrow(() =>
            strategy([
                { capacityProvider: "FARGATE", weight: 1, base: 1 },
                { capacityProvider: "FARGATE_SPOT", weight: 1000 },
            ]),
        );
        assert.throws(
            () => strategy([{ capacityProvider: "FARGATE_SPOT", weight: 1001 }]),
            /expected weight to be in the range \(0 - 1000\), got 1001\. Examine values at 'web\.capacityProviderStrategies\[0\]\.weight'/,
        );
        assert.throws(
            () => strategy([{ capacityProvider: "FARGATE", weight: 1, base: 100001 }]),
            /expected base to be in the range \(0 - 100000\), got 100001/,
        );
        assert.throws(() => strategy([{ weight: 1 }]), /"capacity_provider" is required/);
        assert.throws(
            () => strategy([{ capacityProvider: "FARGATE", weight: 1 }], { launchType: "FARGATE" }),
            /conflicts with capacity_provider_strategy/,
        );
    });

    it("checks the cluster name of ClusterCapacityProviders (validateClusterName)", () => {
        const CCP = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
        assert.doesNotThrow(() => checkResource(CCP, "c", { clusterName: "ecs-deploy-staging-1a2b3c4" }));
        assert.throws(
            () => checkResource(CCP, "c", { clusterName: "has space" }),
            /only letters, numbers, underscores/,
        );
        assert.throws(() => checkResource(CCP, "c", { clusterName: "a".repeat(256) }), /range \(1 - 255\)/);
    });

    it("auto-names the types issue 22 adds: schedules and groups up to 255 (then capped at 64), queues 80, alarms 255", () => {
        assert.equal(AUTO_NAMED["aws:scheduler/schedule:Schedule"].autoNameMax, 255);
        assert.equal(AUTO_NAMED["aws:scheduler/scheduleGroup:ScheduleGroup"].autoNameMax, 255);
        assert.equal(AUTO_NAMED["aws:sqs/queue:Queue"].autoNameMax, 80);
        assert.equal(AUTO_NAMED["aws:cloudwatch/metricAlarm:MetricAlarm"].autoNameMax, 255);
        const group = "aws:scheduler/scheduleGroup:ScheduleGroup";
        assert.match(
            String(checkResource(group, "ecs-deploy-staging-schedules", {}).name),
            /^ecs-deploy-staging-schedules-[0-9a-f]{7}$/,
        );
        // Auto-naming allows 255; the name validator does not: a schedule needs a name that fits 64.
        assert.throws(
            () => checkResource("aws:scheduler/schedule:Schedule", "s".repeat(57), {}),
            /expected length of name to be in the range \(1 - 64\)/,
        );
    });

    it("refuses an IAM role name over 64 (resources.go AutoName(name, 64))", () => {
        assert.throws(() => autoName("aws:iam/role:Role", "r".repeat(57), {}), /longer than maximum length 64/);
        assert.equal(String(autoName("aws:iam/role:Role", "r".repeat(56), {})).length, 64);
    });
});

describe("provider rules: validators", () => {
    it("takes only CloudWatch's retention values (logs/group.go)", () => {
        for (const d of LOG_RETENTION_DAYS)
            checkResource("aws:cloudwatch/logGroup:LogGroup", "g", { name: "/ecs/x", retentionInDays: d });
        assert.throws(
            () => checkResource("aws:cloudwatch/logGroup:LogGroup", "g", { name: "/ecs/x", retentionInDays: 10 }),
            /expected retention_in_days to be one of \[0 1 3 5 7 14 30 .* 3653\], got 10/,
        );
    });

    it("bounds a target group's health check (elbv2/target_group.go)", () => {
        const ok = {
            name: "tg",
            port: 8080,
            protocol: "HTTP",
            targetType: "ip",
            deregistrationDelay: 30,
            healthCheck: { interval: 10, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3, path: "/health" },
        };
        checkResource(TG, "tg", ok);
        const bad = (healthCheck: Record<string, unknown>) => () =>
            checkResource(TG, "tg", { ...ok, healthCheck: { ...ok.healthCheck, ...healthCheck } });
        assert.throws(bad({ interval: 4 }), /expected interval to be in the range \(5 - 300\), got 4/);
        assert.throws(bad({ healthyThreshold: 11 }), /expected healthyThreshold to be in the range \(2 - 10\), got 11/);
        assert.throws(bad({ unhealthyThreshold: 1 }), /expected unhealthyThreshold to be in the range \(2 - 10\)/);
        assert.throws(bad({ timeout: 10 }), /timeout \(10\) must be smaller than the interval \(10\)/);
        assert.throws(bad({ path: "health" }), /must begin with a '\/'/);
        assert.throws(() => checkResource(TG, "tg", { ...ok, deregistrationDelay: 3601 }), /range \(0 - 3600\)/);
        assert.throws(() => checkResource(TG, "tg", { ...ok, port: 0 }), /range \(1 - 65535\)/);
    });

    it("caps ECR tag-mutability exclusion filters at 5 (ecr/repository.go)", () => {
        const filters = (n: number) =>
            Array.from({ length: n }, (_, i) => ({ filter: `cache${i}`, filterType: "WILDCARD" }));
        checkResource("aws:ecr/repository:Repository", "r", {
            name: "ecs-deploy-staging",
            imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters: filters(5),
        });
        assert.throws(
            () =>
                checkResource("aws:ecr/repository:Repository", "r", {
                    name: "ecs-deploy-staging",
                    imageTagMutabilityExclusionFilters: filters(6),
                }),
            /No more than 5 are allowed/,
        );
        assert.throws(() => checkResource("aws:ecr/repository:Repository", "r", { name: "Ecs" }), /lowercase/);
        assert.throws(
            () =>
                checkResource("aws:ecr/repository:Repository", "r", { name: "repo", imageTagMutability: "SOMETIMES" }),
            /expected imageTagMutability to be one of/,
        );
    });

    it("checks enums and ranges of the other types the program declares", () => {
        assert.throws(
            () => checkResource("aws:ecs/service:Service", "s", { launchType: "LAMBDA" }),
            /expected launchType to be one of/,
        );
        assert.throws(
            () => checkResource("aws:lb/listenerRule:ListenerRule", "r", { priority: 50001 }),
            /range \(1 - 50000\)/,
        );
        assert.throws(
            () => checkResource("aws:secretsmanager/secret:Secret", "s", { name: "x", recoveryWindowInDays: 3 }),
            /0 or in the range \(7 - 30\)/,
        );
        assert.throws(
            () => checkResource("aws:appautoscaling/policy:Policy", "p", { policyType: "Magic" }),
            /expected policyType to be one of/,
        );
        assert.throws(
            () => checkResource("aws:ecs/cluster:Cluster", "c", { name: "a b" }),
            /letters, numbers, underscores and hyphens/,
        );
    });

    it("checks a service's lifecycle hooks: target type, stages, the PAUSE timeout and its action", () => {
        const hook = (h: Record<string, unknown>) => ({
            deploymentConfiguration: {
                strategy: "BLUE_GREEN",
                lifecycleHooks: [
                    {
                        targetType: "PAUSE",
                        lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
                        timeoutConfiguration: { action: "ROLLBACK", timeoutInMinutes: "60" },
                        ...h,
                    },
                ],
            },
        });
        const at = (h: Record<string, unknown>) => () => checkResource("aws:ecs/service:Service", "s", hook(h));
        assert.doesNotThrow(at({}));
        assert.doesNotThrow(at({ timeoutConfiguration: { action: "CONTINUE", timeoutInMinutes: "20160" } }));
        assert.throws(
            at({ targetType: "STOP" }),
            /expected targetType to be one of \["AWS_LAMBDA" "PAUSE"\], got STOP\. Examine values at 's\.deploymentConfiguration\.lifecycleHooks\[0\]\.targetType'/,
        );
        assert.throws(
            at({ lifecycleStages: ["POST_SCALE_UP", "BAKE_TIME"] }),
            /lifecycleHooks\[0\]\.lifecycleStages\[1\]/,
        );
        assert.throws(
            at({ timeoutConfiguration: { action: "ROLLBACK", timeoutInMinutes: "20161" } }),
            /expected timeout_in_minutes to be in the range \(1 - 20160\), got 20161/,
        );
        assert.throws(at({ timeoutConfiguration: { timeoutInMinutes: "0" } }), /range \(1 - 20160\), got 0/);
        assert.throws(at({ timeoutConfiguration: { timeoutInMinutes: 60 } }), /range \(1 - 20160\), got 60/); // a string, not a number
        assert.throws(
            at({ timeoutConfiguration: { action: "WAIT" } }),
            /expected action to be one of \["ROLLBACK" "CONTINUE"\]/,
        );
    });
});

describe("issue 22's auto-named resources for a job J (names as the shared design gives them)", () => {
    const physical = (type: string, logical: string, inputs: Record<string, unknown> = {}) =>
        String(checkResource(type, logical, inputs).name);

    it("fit their types' limits for nightly-report in both stacks", () => {
        for (const stack of ["staging", "production"]) {
            const name = `ecs-deploy-${stack}`;
            assert.ok(physical(ROLE, `${name}-nightly-report-scheduler`).length <= 64);
            assert.match(physical(ROLE_POLICY, `${name}-nightly-report-scheduler`), /^[\w+=,.@-]{1,128}$/);
            assert.match(physical("aws:sqs/queue:Queue", `${name}-nightly-report-dlq`), /^[0-9A-Za-z_-]{1,80}$/);
            assert.ok(physical(ALARM, `${name}-nightly-report-failed`).length <= 255);
        }
    });

    it("leave a job name 24 characters in ecs-deploy-production: the scheduler role's 64 is the bound", () => {
        const role = (job: string) => () => physical(ROLE, `ecs-deploy-production-${job}-scheduler`);
        assert.equal(role("j".repeat(24))().length, 64);
        assert.throws(
            role("j".repeat(25)),
            /name 'ecs-deploy-production-j{25}-scheduler-' plus 7 random chars is longer than maximum length 64/,
        );
        // The dead-letter queue would allow 46 (80 - "ecs-deploy-production-" - "-dlq-" - 7).
        assert.doesNotThrow(() => physical("aws:sqs/queue:Queue", `ecs-deploy-production-${"j".repeat(46)}-dlq`));
        assert.throws(
            () => physical("aws:sqs/queue:Queue", `ecs-deploy-production-${"j".repeat(47)}-dlq`),
            /maximum length 80/,
        );
    });

    it("refuse a dot in a queue's auto-name, which a Pulumi stack name may carry (qa_eu.1)", () => {
        assert.throws(
            () => physical("aws:sqs/queue:Queue", "ecs-deploy-qa_eu.1-nightly-report-dlq"),
            /invalid queue name: ecs-deploy-qa_eu\.1-nightly-report-dlq-[0-9a-f]{7}/,
        );
    });
});

describe("load balancer and target group names", () => {
    it("keep the `<project>-<stack>-` prefix and fit 32 characters with the auto-name suffix", () => {
        for (const stack of ["staging", "production"]) {
            const names = elbLogicalNames("ecs-deploy", stack);
            for (const [type, logical] of [
                [LB, names.loadBalancer],
                [TG, names.primaryTargetGroup],
                [TG, names.alternateTargetGroup],
            ]) {
                const physical = String(checkResource(type, logical, {}).name);
                assert.ok(physical.startsWith(`ecs-deploy-${stack}-`), physical);
                assert.ok(physical.length <= 32, `${physical} is ${physical.length}`);
            }
        }
        assert.equal(elbLogicalNames("ecs-deploy", "production").loadBalancer, "ecs-deploy-production-lb");
    });

    it("shorten a long or non-ELB-safe stack name to a hashed prefix, still unique per stack", () => {
        assert.equal(elbNamePrefix("ecs-deploy", "qa_eu.1"), "ecs-deploy-qa-eu-1");
        const a = elbNamePrefix("ecs-deploy", "feature-branch-preview-one");
        const b = elbNamePrefix("ecs-deploy", "feature-branch-preview-two");
        assert.ok(a.length <= ELB_PREFIX_MAX && b.length <= ELB_PREFIX_MAX);
        assert.notEqual(a, b);
        for (const logical of Object.values(elbLogicalNames("ecs-deploy", "feature-branch-preview-one")))
            assert.ok(String(checkResource(TG, logical, {}).name).length <= 32);
    });
});
