import * as assert from "node:assert/strict";
import { OfflineResult, RecordedResource, UNKNOWN } from "../../offline/runner";
import { AUTO_NAMED } from "../../offline/providerRules";
import { elbLogicalNames } from "../../core/service/names";
import { checkResources } from "../../policy/check";
import { MAX_TASK_DEFINITION_BYTES } from "../../core/taskdef/fargate";
import {
    estimateRollout,
    rolloutInputsFromConfig,
    rolloutInputsFromResources,
} from "../../core/service/rolloutEstimate";
import { all, only, run } from "../support/program";
import { stackConfig } from "../support/stackConfig";
import { LB, ROLE_POLICY, SERVICE, TD, TG } from "../support/types";

/**
 * Both stacks and every strategy and network variant, as a real engine would
 * take them: the provider's rules (auto-naming, validators) apply, and each
 * runs in apply mode and in first-preview mode, where a created resource's
 * outputs are unknown.
 */
const CERT = "arn:aws:acm:eu-north-1:123456789012:certificate/0d3b7c1e-1111-2222-3333-444455556666";

type Variant = {
    stack: string;
    overrides?: Record<string, unknown>;
    secrets?: Record<string, unknown>;
    answers?: Record<string, unknown>;
};
const existingVpc = {
    vpcId: "vpc-0abc1234",
    subnetIds: ["subnet-0aaa0001", "subnet-0aaa0002"],
    publicSubnetIds: ["subnet-0bbb0001", "subnet-0bbb0002"],
};
const lb = { healthCheckPath: "/health" };

export const VARIANTS: Record<string, Variant> = {
    staging: { stack: "staging" },
    production: { stack: "production" },
    "CANARY with HTTPS": {
        stack: "staging",
        overrides: {
            service: {
                desiredCount: 2,
                strategy: "CANARY",
                canaryPercent: 20,
                canaryBakeTimeMinutes: 5,
                loadBalancer: { ...lb, certificateArn: CERT },
            },
        },
    },
    "LINEAR with HTTPS": {
        stack: "staging",
        overrides: {
            service: {
                desiredCount: 2,
                strategy: "LINEAR",
                linearStepPercent: 3,
                linearStepBakeTimeMinutes: 2,
                bakeTimeMinutes: 30,
                loadBalancer: { ...lb, certificateArn: CERT },
            },
        },
    },
    "BLUE_GREEN with HTTPS": {
        stack: "staging",
        overrides: {
            service: {
                desiredCount: 2,
                strategy: "BLUE_GREEN",
                bakeTimeMinutes: 10,
                loadBalancer: { ...lb, certificateArn: CERT },
            },
        },
    },
    "internal ALB": {
        stack: "staging",
        overrides: { service: { desiredCount: 1, loadBalancer: { ...lb, internal: true } } },
    },
    "existing VPC and cluster": {
        stack: "staging",
        overrides: { network: existingVpc, cluster: { name: "shared-cluster" } },
    },
    "autoscaling on cpu": {
        stack: "staging",
        overrides: {
            service: {
                desiredCount: 2,
                loadBalancer: lb,
                autoscaling: { minCount: 2, maxCount: 6, metric: "cpu", target: 60 },
            },
        },
    },
    "autoscaling on memory": {
        stack: "staging",
        overrides: {
            service: {
                desiredCount: 2,
                loadBalancer: lb,
                autoscaling: { minCount: 2, maxCount: 6, metric: "memory", target: 70 },
            },
        },
    },
    "autoscaling on requests": {
        stack: "staging",
        overrides: {
            service: {
                desiredCount: 2,
                loadBalancer: lb,
                autoscaling: { minCount: 2, maxCount: 6, metric: "requests", target: 500 },
            },
        },
    },
    "ssm secrets": { stack: "staging", overrides: { secrets: { source: "ssm", prefix: "/staging/web/" } } },
    "managed secrets": {
        stack: "staging",
        secrets: { secretValues: { DATABASE_URL: "postgres://db.internal/app", SESSION_KEY: "s3cr3t-session" } },
    },
    "ECS Exec": {
        stack: "staging",
        overrides: { service: { desiredCount: 1, enableExecuteCommand: true, loadBalancer: lb } },
    },
    arm64: { stack: "staging", overrides: { platform: "linux/arm64" } },
    "no load balancer": { stack: "staging", overrides: { service: { desiredCount: 1 } } },
};

const runVariant = (v: Variant, preview: boolean) =>
    run(v.stack, { overrides: v.overrides, secrets: v.secrets, answers: v.answers, preview });

/** A resource's key as dependency lists carry it. */
const key = (r: RecordedResource) => `${r.type}::${r.name}`;

function assertNamesFit(r: OfflineResult): void {
    for (const res of r.resources) {
        const rule = AUTO_NAMED[res.type];
        if (!rule) continue;
        const name = res.inputs.name;
        assert.equal(typeof name, "string", `${key(res)} has a name in its checked inputs`);
        assert.ok(String(name).length <= rule.autoNameMax, `${key(res)}: ${String(name)}`);
    }
    for (const res of [...all(r, TG), ...all(r, LB)]) {
        const name = String(res.inputs.name);
        assert.match(
            name,
            new RegExp(`^ecs-deploy-${r.stack}-(a|b|lb)-[0-9a-f]{7}$`),
            "the deploy role's ELB prefix, a role and the random suffix",
        );
        assert.ok(name.length <= 32, `${name} is ${name.length} characters`);
    }
}

describe("first contact: every variant under the provider's rules", function () {
    this.timeout(240000);
    for (const [label, variant] of Object.entries(VARIANTS)) {
        describe(label, () => {
            let apply: OfflineResult;
            let preview: OfflineResult;
            before(async () => {
                apply = await runVariant(variant, false);
                preview = await runVariant(variant, true);
            });

            it("completes in apply and first-preview mode without runtime warnings or errors", () => {
                assert.deepEqual(apply.diagnostics, []);
                assert.deepEqual(preview.diagnostics, []);
                // Registration order follows which outputs resolve first; the set of resources must match.
                assert.deepEqual(
                    preview.resources.map(key).sort(),
                    apply.resources.map(key).sort(),
                    "a first preview declares the same resources",
                );
            });

            it("gets the names the provider generates, within each type's limit, the same in both modes", () => {
                assertNamesFit(apply);
                assertNamesFit(preview);
                const names = (r: OfflineResult) =>
                    r.resources
                        .filter((x) => AUTO_NAMED[x.type])
                        .map((x) => `${key(x)}=${String(x.inputs.name)}`)
                        .sort();
                assert.deepEqual(names(preview), names(apply));
            });

            it("knows the task definition's static fields and the execution policy in a first preview", () => {
                const td = only(preview, TD);
                for (const field of [
                    "family",
                    "cpu",
                    "memory",
                    "networkMode",
                    "requiresCompatibilities",
                    "runtimePlatform",
                    "tags",
                ]) {
                    assert.ok(!td.unknownInputs.includes(field), `${field} is known`);
                    assert.deepEqual(td.inputs[field], only(apply, TD).inputs[field], `${field} is what registers`);
                }
                assert.ok(
                    td.unknownInputs.includes("executionRoleArn"),
                    "the role ARN is not known before the role exists",
                );
                assert.equal(td.inputs.executionRoleArn, UNKNOWN);
                const policy = only(preview, ROLE_POLICY, `ecs-deploy-${variant.stack}-execution`);
                assert.ok(!policy.unknownInputs.includes("policy"), "execution policy statements are known");
                assert.deepEqual(
                    JSON.parse(String(policy.inputs.policy)),
                    JSON.parse(String(only(apply, ROLE_POLICY, `ecs-deploy-${variant.stack}-execution`).inputs.policy)),
                );
            });

            it("makes the service wait for the execution policy, log groups, the tasks' egress and (created VPC) routes and NAT", () => {
                for (const r of [apply, preview]) {
                    const deps = only(r, SERVICE).options.dependsOn;
                    const name = `ecs-deploy-${r.stack}`;
                    assert.ok(deps.includes(`${ROLE_POLICY}::${name}-execution`), "execution role policy");
                    assert.ok(
                        deps.includes(`aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::${name}-tasks-egress`),
                        "task egress rule",
                    );
                    for (const g of all(r, "aws:cloudwatch/logGroup:LogGroup"))
                        assert.ok(deps.includes(key(g)), `log group ${g.name}`);
                    for (const type of [
                        "aws:ec2/natGateway:NatGateway",
                        "aws:ec2/routeTableAssociation:RouteTableAssociation",
                        "aws:ec2/routeTable:RouteTable",
                    ]) {
                        for (const x of all(r, type)) assert.ok(deps.includes(key(x)), `${key(x)}`);
                    }
                    for (const s of [
                        ...all(r, "aws:secretsmanager/secretVersion:SecretVersion"),
                        ...all(r, "aws:ssm/parameter:Parameter"),
                    ])
                        assert.ok(deps.includes(key(s)), `managed secret ${s.name}`);
                }
            });

            it("gives the service create/update timeouts that cover the strategy's worst case", () => {
                const t = only(apply, SERVICE).options.customTimeouts;
                assert.ok(t, "customTimeouts are set");
                assert.equal(t.create, t.update);
                const minutes = Number(/^(\d+)m$/.exec(t.create)?.[1]);
                // The worst case read back from what registered, not from config.
                const worst =
                    estimateRollout(
                        rolloutInputsFromResources(
                            apply.resources,
                            rolloutInputsFromConfig(
                                stackConfig(variant.stack as "staging" | "production", (raw) =>
                                    Object.assign(raw, variant.overrides),
                                ).service,
                            ),
                        ),
                    ).serialSeconds / 60;
                assert.ok(minutes >= 20 && minutes >= worst, `${t.create} covers ${worst.toFixed(1)} minutes`);
                assert.deepEqual(only(preview, SERVICE).options.customTimeouts, t);
            });
        });
    }
});

describe("first contact: names the provider generates for the shipped stacks", function () {
    this.timeout(120000);
    it("staging and production: load balancer and target group names of at most 32 under `<project>-<stack>-`", async () => {
        for (const stack of ["staging", "production"]) {
            const r = await run(stack);
            const names = elbLogicalNames("ecs-deploy", stack);
            const lbName = String(only(r, LB, names.loadBalancer).inputs.name);
            const tgName = String(only(r, TG, names.primaryTargetGroup).inputs.name);
            assert.match(lbName, new RegExp(`^ecs-deploy-${stack}-lb-[0-9a-f]{7}$`));
            assert.match(tgName, new RegExp(`^ecs-deploy-${stack}-a-[0-9a-f]{7}$`));
            assert.equal(lbName.length, stack === "production" ? 32 : 29);
            assert.equal(tgName.length, stack === "production" ? 31 : 28);
            assert.match(
                String(r.outputs.url),
                new RegExp(`^http://${lbName}-\\d+\\.eu-north-1\\.elb\\.amazonaws\\.com$`),
                "the DNS name carries the generated name",
            );
        }
    });

    it("re-renders byte-identical: the random suffix is seeded by the logical name", async () => {
        const a = await run("staging");
        const b = await run("staging");
        assert.deepEqual(
            a.resources.map((r) => r.inputs.name),
            b.resources.map((r) => r.inputs.name),
        );
    });
});

describe("first contact: the 64 KiB limit is checked on the definition as it will register", function () {
    this.timeout(240000);
    const padded = (n: number) => ({
        overlay: {
            cpu: "256",
            memory: "512",
            containerDefinitions: [{ name: "web", environment: [{ name: "PADDING", value: "x".repeat(n) }] }],
        },
    });
    const size = (r: OfflineResult) => Buffer.byteLength(JSON.stringify(r.outputs.taskDefinition));

    it("passes at exactly 64 KiB and fails one byte over, before any resource is registered", async () => {
        const probe = await run("staging", { overrides: padded(1000) });
        const fill = 1000 + (MAX_TASK_DEFINITION_BYTES - size(probe));
        const full = await run("staging", { overrides: padded(fill) });
        assert.equal(
            size(full),
            MAX_TASK_DEFINITION_BYTES,
            "the real definition, with the ECR digest ref and auto-named role ARNs",
        );

        const record: RecordedResource[] = [];
        await assert.rejects(run("staging", { overrides: padded(fill + 1), record }), (e: Error) => {
            assert.match(
                e.message,
                new RegExp(
                    `the task definition is ${MAX_TASK_DEFINITION_BYTES + 1} bytes; ECS accepts at most ${MAX_TASK_DEFINITION_BYTES}`,
                ),
            );
            assert.doesNotMatch(e.message, /\n/);
            return true;
        });
        assert.deepEqual(record.map(key), [], "nothing registered");
    });
});

describe("first contact: bad input fails before any resource is registered, as one config error", function () {
    this.timeout(120000);
    const cases: [string, Variant, RegExp][] = [
        [
            "a log retention CloudWatch refuses",
            { stack: "staging", overrides: { logs: { retentionDays: 10 } } },
            /^Pulumi\.staging\.yaml: ecs-deploy:logs\.retentionDays: 10 is not a retention CloudWatch Logs accepts\. Fix: use one of 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 \(0 keeps logs forever\), e\.g\. 7$/,
        ],
        [
            "more zones than the region has",
            {
                stack: "staging",
                overrides: { network: { availabilityZoneCount: 3 } },
                answers: { zones: ["eu-north-1a", "eu-north-1b"] },
            },
            /^Pulumi\.staging\.yaml: ecs-deploy:network\.availabilityZoneCount: is 3 but eu-north-1 has 2 availability zones available \(eu-north-1a, eu-north-1b\)\. Fix: set availabilityZoneCount to 2 or less$/,
        ],
        [
            "a mistyped existing cluster",
            { stack: "staging", overrides: { cluster: { name: "shraed" } }, answers: { missingResources: ["shraed"] } },
            /^Pulumi\.staging\.yaml: ecs-deploy:cluster\.name: no ECS cluster named shraed in eu-north-1\. Fix: .*remove cluster\.name to create one$/,
        ],
        [
            "a mistyped existing VPC",
            { stack: "staging", overrides: { network: existingVpc }, answers: { missingResources: ["vpc-0abc1234"] } },
            /^Pulumi\.staging\.yaml: ecs-deploy:network\.vpcId: no VPC vpc-0abc1234 in eu-north-1\. Fix: /,
        ],
        [
            "a subnet that does not exist",
            {
                stack: "staging",
                overrides: { network: existingVpc },
                answers: { missingResources: ["subnet-0aaa0002"] },
            },
            /^Pulumi\.staging\.yaml: ecs-deploy:network\.subnetIds\[1\]: no subnet subnet-0aaa0002 in eu-north-1\. Fix: /,
        ],
        [
            "a subnet of another VPC",
            {
                stack: "staging",
                overrides: { network: existingVpc },
                answers: { subnets: { "subnet-0aaa0001": { vpcId: "vpc-0ther" } } },
            },
            /^Pulumi\.staging\.yaml: ecs-deploy:network\.subnetIds\[0\]: subnet-0aaa0001 is in vpc-0ther, not in vpcId vpc-0abc1234\. Fix: /,
        ],
        [
            "load balancer subnets in one zone",
            {
                stack: "staging",
                overrides: { network: existingVpc },
                answers: {
                    subnets: {
                        "subnet-0bbb0001": { availabilityZone: "eu-north-1a" },
                        "subnet-0bbb0002": { availabilityZone: "eu-north-1a" },
                    },
                },
            },
            /^Pulumi\.staging\.yaml: ecs-deploy:network\.publicSubnetIds: the internet-facing load balancer's subnets are all in eu-north-1a, but it needs two or more availability zones\. Fix: /,
        ],
    ];
    for (const [label, v, message] of cases) {
        for (const preview of [false, true]) {
            it(`${label} (${preview ? "first preview" : "apply"})`, async () => {
                const record: RecordedResource[] = [];
                await assert.rejects(
                    run(v.stack, { overrides: v.overrides, answers: v.answers, preview, record }),
                    (e: Error) => {
                        assert.match(e.message, message);
                        return true;
                    },
                );
                assert.deepEqual(record.map(key), [], "nothing registered");
            });
        }
    }
});

describe("first contact: ECS Exec on a read-only root filesystem", function () {
    this.timeout(120000);
    it("mounts writable volumes on the SSM agent's paths, and nowhere else", async () => {
        const r = await runVariant(VARIANTS["ECS Exec"], false);
        const td = only(r, TD).inputs;
        const web = JSON.parse(String(td.containerDefinitions)).find((c: { name: string }) => c.name === "web");
        assert.equal(web.readonlyRootFilesystem, true, "the root filesystem stays read-only");
        assert.deepEqual(
            web.mountPoints.map((m: Record<string, unknown>) => [m.containerPath, m.readOnly]),
            [
                ["/managed-agents", false],
                ["/var/lib/amazon/ssm", false],
                ["/var/log/amazon/ssm", false],
            ],
        );
        assert.deepEqual(td.volumes, [
            { name: "ecs-exec-managed-agents" },
            { name: "ecs-exec-ssm-lib" },
            { name: "ecs-exec-ssm-log" },
        ]);
        const plain = await run("staging");
        assert.equal(only(plain, TD).inputs.volumes, undefined, "without ECS Exec there are no extra volumes");
    });
});

describe("first contact: service timeouts", function () {
    this.timeout(120000);
    it("stay at the provider's 20 minutes for a quick rolling deploy and grow with a long linear bake", async () => {
        const staging = await run("staging");
        assert.equal(only(staging, SERVICE).options.customTimeouts?.create, "20m");
        // 3 % steps: 33 waits of 2 minutes, then a 30-minute bake: far past the provider's 20 minutes.
        const linear = await runVariant(VARIANTS["LINEAR with HTTPS"], false);
        const minutes = Number(/^(\d+)m$/.exec(String(only(linear, SERVICE).options.customTimeouts?.update))?.[1]);
        assert.ok(minutes > 33 * 2 + 30, `${minutes} minutes`);
    });
});

describe("first contact: the policy pack on a first preview", function () {
    this.timeout(120000);
    it("runs its task-definition and IAM rules on what a first preview knows, and skips only the unknown containers", async () => {
        const r = await run("staging", { preview: true });
        const result = checkResources(
            r.resources.map((x) => ({ type: x.type, name: x.name, inputs: x.inputs, unknown: x.unknownInputs })),
        );
        assert.deepEqual(result.violations, []);
        const skippedTypes = [...new Set(result.skipped.map((s) => `${s.type}:${s.reason}`))];
        assert.ok(!result.skipped.some((s) => s.type === ROLE_POLICY), "the execution policy is checked, not skipped");
        for (const s of result.skipped.filter((x) => x.type === TD))
            assert.match(s.reason, /containerDefinitions|RoleArn/, skippedTypes.join("; "));
        assert.ok(
            !result.skipped.some((s) => s.type === TD && s.policy === "ecs-no-host-namespaces"),
            "host namespaces are checked on the known fields",
        );
    });
});
