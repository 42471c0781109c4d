import * as assert from "node:assert/strict";
import { ConfigError, UserError } from "../../../core/support/errors";
import { stackConfig as parse } from "../../support/stackConfig";

type Json = Record<string, unknown>;

const section = (raw: Json, key: string): Json => (raw[key] ??= {}) as Json;

/** parse must fail with a ConfigError naming this field, this problem and this fix, on one line (among the others found, if any). */
function rejects(
    stack: "staging" | "production",
    edit: (raw: Json) => void,
    field: string,
    problem: RegExp,
    fix?: RegExp,
): void {
    assert.throws(
        () => parse(stack, edit),
        (thrown: unknown) => {
            const e = thrown instanceof UserError ? [thrown, ...thrown.others].find((x) => x.path === field) : thrown;
            assert.ok(e instanceof ConfigError, `expected a ConfigError at ${field}, got ${String(thrown)}`);
            assert.equal(e.where, `Pulumi.${stack}.yaml`);
            assert.equal(e.path, field);
            assert.match(e.problem, problem);
            if (fix) assert.match(e.fix, fix);
            assert.doesNotMatch(new ConfigError(e.where, e.path, e.problem, e.fix).message, /\n/);
            return true;
        },
    );
}

describe("stack config: service, network and cluster", () => {
    it("reads staging with fast-deploy load balancer defaults", () => {
        const c = parse("staging");
        assert.equal(c.service.strategy, "ROLLING");
        assert.equal(c.service.desiredCount, 1);
        assert.equal(c.service.minimumHealthyPercent, 100);
        assert.equal(c.service.maximumPercent, 200);
        // `up` waits through the rollout watch, which reports rollbacks and timeouts with reasons; the provider's wait would not.
        assert.equal(c.service.watchRollout, true);
        assert.equal(c.service.waitForSteadyState, false);
        assert.equal(c.service.enableExecuteCommand, false);
        assert.deepEqual(c.service.loadBalancer, {
            internal: false,
            certificateArn: undefined,
            containerName: undefined,
            containerPort: undefined,
            healthCheckPath: "/health",
            healthCheckIntervalSeconds: 10,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
            deregistrationDelaySeconds: 30,
            allowedCidrs: [],
        });
        assert.equal(c.service.autoscaling, undefined);
        assert.deepEqual(c.network, {
            vpcId: undefined,
            subnetIds: [],
            publicSubnetIds: [],
            securityGroupIds: [],
            assignPublicIp: false,
            vpcCidr: "10.0.0.0/16",
            availabilityZoneCount: 2,
            natGateways: "single",
        });
        assert.deepEqual(c.cluster, { name: undefined, containerInsights: true });
    });

    it("reads production: a NAT per zone, autoscaling from 3 to 12 on CPU", () => {
        const c = parse("production");
        assert.equal(c.network.natGateways, "onePerAz");
        assert.deepEqual(c.service.autoscaling, { minCount: 3, maxCount: 12, metric: "cpu", target: 60 });
        assert.equal(c.service.desiredCount, 3);
    });

    it("defaults the traffic-shift waits of CANARY and LINEAR", () => {
        const c = parse("staging", (raw) => Object.assign(section(raw, "service"), { strategy: "canary" }));
        assert.equal(c.service.strategy, "CANARY");
        assert.equal(c.service.canaryPercent, 10);
        assert.equal(c.service.canaryBakeTimeMinutes, 2);
        assert.equal(c.service.linearStepBakeTimeMinutes, 1);
    });

    it("reads an existing VPC with public subnets for the load balancer", () => {
        const c = parse("staging", (raw) => {
            raw.network = {
                vpcId: "vpc-0abc1234",
                subnetIds: ["subnet-0a1a0001", "subnet-0a2a0002"],
                publicSubnetIds: ["subnet-0b1b0001", "subnet-0b2b0002"],
                securityGroupIds: ["sg-0db00001"],
            };
        });
        assert.equal(c.network.vpcId, "vpc-0abc1234");
        assert.deepEqual(c.network.publicSubnetIds, ["subnet-0b1b0001", "subnet-0b2b0002"]);
        assert.deepEqual(c.network.securityGroupIds, ["sg-0db00001"]);
    });

    describe("errors", () => {
        it("an unknown strategy", () =>
            rejects(
                "staging",
                (raw) => Object.assign(section(raw, "service"), { strategy: "RECREATE" }),
                "ecs-deploy:service.strategy",
                /^"RECREATE" is not one of ROLLING, CANARY, LINEAR, BLUE_GREEN$/,
                /one of/,
            ));

        for (const strategy of ["BLUE_GREEN", "CANARY", "LINEAR"]) {
            it(`${strategy} without a load balancer`, () =>
                rejects(
                    "staging",
                    (raw) => (raw.service = { strategy }),
                    "ecs-deploy:service.strategy",
                    new RegExp(`^${strategy} needs a load balancer to shift traffic$`),
                    /add service\.loadBalancer, or use strategy: ROLLING/,
                ));
        }

        it("a VPC without subnets", () =>
            rejects(
                "staging",
                (raw) => (raw.network = { vpcId: "vpc-0abc1234" }),
                "ecs-deploy:network.subnetIds",
                /is empty but vpcId vpc-0abc1234 is set/,
                /list the private subnets/,
            ));

        it("subnets without a VPC", () =>
            rejects(
                "staging",
                (raw) => (raw.network = { subnetIds: ["subnet-0a1a0001"] }),
                "ecs-deploy:network.vpcId",
                /is not set but subnetIds are/,
            ));

        it("public subnets without a VPC", () =>
            rejects(
                "staging",
                (raw) => (raw.network = { publicSubnetIds: ["subnet-0b1b0001"] }),
                "ecs-deploy:network.vpcId",
                /is not set but publicSubnetIds are/,
            ));

        it("an internet-facing load balancer in an existing VPC without public subnets", () =>
            rejects(
                "staging",
                (raw) => (raw.network = { vpcId: "vpc-0abc1234", subnetIds: ["subnet-0a1a0001", "subnet-0a2a0002"] }),
                "ecs-deploy:network.publicSubnetIds",
                /an internet-facing load balancer in vpc-0abc1234 needs at least two public subnets, got 0/,
                /internal: true/,
            ));

        it("an internal load balancer in one subnet", () =>
            rejects(
                "staging",
                (raw) => {
                    raw.network = { vpcId: "vpc-0abc1234", subnetIds: ["subnet-0a1a0001"] };
                    Object.assign(section(section(raw, "service"), "loadBalancer"), {
                        internal: true,
                        allowedCidrs: ["10.0.0.0/8"],
                    });
                },
                "ecs-deploy:network.subnetIds",
                /needs subnets in at least two availability zones, got 1/,
            ));

        it("a malformed subnet id", () =>
            rejects(
                "staging",
                (raw) => (raw.network = { vpcId: "vpc-0abc1234", subnetIds: ["subnet-XYZ"] }),
                "ecs-deploy:network.subnetIds[0]",
                /"subnet-XYZ" is not a subnet id/,
            ));

        it("a VPC CIDR with host bits set", () =>
            rejects(
                "staging",
                (raw) => Object.assign(section(raw, "network"), { vpcCidr: "10.0.1.0/16" }),
                "ecs-deploy:network.vpcCidr",
                /10\.0\.1\.0\/16 has host bits set; the network address is 10\.0\.0\.0\/16/,
            ));

        it("a VPC CIDR too large for AWS", () =>
            rejects(
                "staging",
                (raw) => Object.assign(section(raw, "network"), { vpcCidr: "10.0.0.0/8" }),
                "ecs-deploy:network.vpcCidr",
                /^\/8 is outside \/16\.\.\/24$/,
                /use a \/16 to \/24 network address/,
            ));

        it("more availability zones than supported", () =>
            rejects(
                "staging",
                (raw) => Object.assign(section(raw, "network"), { availabilityZoneCount: 9 }),
                "ecs-deploy:network.availabilityZoneCount",
                /9 is outside 2\.\.6/,
            ));

        it("an unknown NAT layout", () =>
            rejects(
                "staging",
                (raw) => Object.assign(section(raw, "network"), { natGateways: "none" }),
                "ecs-deploy:network.natGateways",
                /"none" is not one of single, onePerAz/,
            ));

        it("a misspelt network setting", () =>
            rejects(
                "staging",
                (raw) => Object.assign(section(raw, "network"), { vpcID: "vpc-0abc1234" }),
                "ecs-deploy:network.vpcID",
                /is not a known setting/,
            ));

        it("a misspelt service setting", () =>
            rejects(
                "staging",
                (raw) => Object.assign(section(raw, "service"), { desiredcount: 2 }),
                "ecs-deploy:service.desiredcount",
                /is not a known setting/,
            ));

        it("deployment percentages that never let a task be replaced", () =>
            rejects(
                "staging",
                (raw) => Object.assign(section(raw, "service"), { minimumHealthyPercent: 100, maximumPercent: 150 }),
                "ecs-deploy:service.maximumPercent",
                /a deployment could never start: with 1 task\(s\), maximumPercent 150 allows 1 running and minimumHealthyPercent 100 keeps 1/,
                /raise maximumPercent/,
            ));

        it("deployment percentages that stall at one of the autoscaled counts", () =>
            rejects(
                "production",
                (raw) => Object.assign(section(raw, "service"), { maximumPercent: 120 }),
                "ecs-deploy:service.maximumPercent",
                /with 3 task\(s\), maximumPercent 120 allows 3 running/,
            ));

        it("request-count scaling without a load balancer", () =>
            rejects(
                "staging",
                (raw) => (raw.service = { autoscaling: { minCount: 1, maxCount: 4, metric: "requests", target: 500 } }),
                "ecs-deploy:service.autoscaling.metric",
                /requests scales on the load balancer's request count, but there is no load balancer/,
            ));

        it("request-count scaling with BLUE_GREEN", () =>
            rejects(
                "staging",
                (raw) =>
                    Object.assign(section(raw, "service"), {
                        strategy: "BLUE_GREEN",
                        autoscaling: { minCount: 1, maxCount: 4, metric: "requests", target: 500 },
                    }),
                "ecs-deploy:service.autoscaling.metric",
                /requests follows one target group, but BLUE_GREEN moves traffic between two/,
            ));

        it("a utilisation target above 100%", () =>
            rejects(
                "production",
                (raw) => Object.assign(section(section(raw, "service"), "autoscaling"), { target: 150 }),
                "ecs-deploy:service.autoscaling.target",
                /150% is not a utilisation/,
            ));

        it("an autoscaling minimum above its maximum", () =>
            rejects(
                "production",
                (raw) => Object.assign(section(section(raw, "service"), "autoscaling"), { minCount: 13 }),
                "ecs-deploy:service.autoscaling.minCount",
                /13 is above maxCount 12/,
            ));

        it("a desired count outside the autoscaling range", () =>
            rejects(
                "production",
                (raw) => Object.assign(section(raw, "service"), { desiredCount: 20 }),
                "ecs-deploy:service.desiredCount",
                /20 is outside autoscaling 3\.\.12/,
            ));

        it("a health check interval below the ALB's minimum", () =>
            rejects(
                "staging",
                (raw) =>
                    Object.assign(section(section(raw, "service"), "loadBalancer"), { healthCheckIntervalSeconds: 2 }),
                "ecs-deploy:service.loadBalancer.healthCheckIntervalSeconds",
                /2 is outside 5\.\.300/,
            ));

        it("a certificate that is not an ACM ARN", () =>
            rejects(
                "staging",
                (raw) =>
                    Object.assign(section(section(raw, "service"), "loadBalancer"), {
                        certificateArn: "arn:aws:iam::123456789012:server-certificate/x",
                    }),
                "ecs-deploy:service.loadBalancer.certificateArn",
                /is not an ACM certificate ARN/,
                /ACM certificate ARN/,
            ));

        it("an existing cluster name with spaces", () =>
            rejects(
                "staging",
                (raw) => (raw.cluster = { name: "my cluster" }),
                "ecs-deploy:cluster.name",
                /"my cluster" is not valid/,
            ));
    });
});
