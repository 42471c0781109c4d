/**
 * The service side of the program under mocks, with the real stack files:
 * rollouts that fail safe, no public IPs, ingress only from the load balancer,
 * and the extra resources each deployment strategy needs.
 */
import assert from "node:assert/strict";
import { OfflineResult } from "../../offline/runner";
import { all, only, run } from "../support/program";

const service = (r: OfflineResult) => only(r, "aws:ecs/service:Service").inputs as Record<string, any>;

describe("program: the service, staging", () => {
    let r: OfflineResult;
    before(async () => (r = await run("staging")));

    it("rolls back a failed rollout and makes `pulumi up` wait for the outcome", () => {
        const s = service(r);
        assert.deepEqual(s.deploymentCircuitBreaker, { enable: true, rollback: true });
        // The rollout watch waits and fails `up` on a rollback; the provider's steady-state wait would report success.
        assert.equal(s.waitForSteadyState, false);
        assert.equal(
            only(r, "pulumi-nodejs:dynamic/ecs-deploy:RolloutWatch").inputs.taskDefinitionArn,
            s.taskDefinition,
        );
        assert.equal(s.deploymentMinimumHealthyPercent, 100);
        assert.equal(s.deploymentMaximumPercent, 200);
        assert.equal(s.deploymentConfiguration.strategy, "ROLLING");
    });

    it("runs the registered task definition on the latest Fargate platform, one task", () => {
        const s = service(r);
        assert.equal(s.taskDefinition, "arn:aws:ecs:eu-north-1:123456789012:task-definition/ecs-deploy-staging:1");
        assert.equal(s.launchType, "FARGATE");
        assert.equal(s.platformVersion, "LATEST");
        assert.equal(s.desiredCount, 1);
        assert.equal(s.enableExecuteCommand, false);
        assert.equal(s.propagateTags, "SERVICE");
    });

    it("puts tasks in private subnets without public IPs", () => {
        const net = service(r).networkConfiguration;
        assert.equal(net.assignPublicIp, false);
        const privateSubnets = all(r, "aws:ec2/subnet:Subnet")
            .filter((s) => s.inputs.mapPublicIpOnLaunch !== true)
            .map((s) => `${s.name}-id`);
        assert.ok(net.subnets.length >= 2);
        for (const subnet of net.subnets) assert.ok(privateSubnets.includes(subnet), `${subnet} is private`);
    });

    it("lets traffic reach tasks only from the load balancer, on the container port", () => {
        const taskSg = service(r).networkConfiguration.securityGroups[0];
        const ingress = all(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
            (i) => i.inputs.securityGroupId === taskSg,
        );
        assert.equal(ingress.length, 1);
        assert.equal(ingress[0].inputs.fromPort, 8080);
        assert.equal(ingress[0].inputs.toPort, 8080);
        assert.equal(ingress[0].inputs.cidrIpv4, undefined);
        assert.equal(
            ingress[0].inputs.referencedSecurityGroupId,
            only(r, "aws:lb/loadBalancer:LoadBalancer").inputs.securityGroups &&
                (only(r, "aws:lb/loadBalancer:LoadBalancer").inputs.securityGroups as string[])[0],
        );
    });

    it("turns Container Insights on", () => {
        assert.deepEqual(only(r, "aws:ecs/cluster:Cluster").inputs.settings, [
            { name: "containerInsights", value: "enabled" },
        ]);
    });

    it("registers the web container's port with a fast-deploying target group", () => {
        assert.deepEqual(
            service(r).loadBalancers.map((l: any) => [l.containerName, l.containerPort]),
            [["web", 8080]],
        );
        assert.equal(service(r).healthCheckGracePeriodSeconds, 30);
        const tg = only(r, "aws:lb/targetGroup:TargetGroup").inputs as Record<string, any>;
        assert.equal(tg.targetType, "ip");
        assert.equal(tg.deregistrationDelay, 30);
        assert.deepEqual(
            [tg.healthCheck.path, tg.healthCheck.interval, tg.healthCheck.healthyThreshold],
            ["/health", 10, 2],
        );
    });

    it("exports the URL, cluster, service and task definition", () => {
        // The names the provider generates: `<logical name>-<7 hex>`.
        assert.match(
            String(r.outputs.url),
            /^http:\/\/ecs-deploy-staging-lb-[0-9a-f]{7}-\d+\.eu-north-1\.elb\.amazonaws\.com$/,
        );
        assert.match(String(r.outputs.clusterName), /^ecs-deploy-staging-[0-9a-f]{7}$/);
        assert.equal(r.outputs.clusterName, only(r, "aws:ecs/cluster:Cluster").inputs.name);
        assert.match(String(r.outputs.serviceName), /^ecs-deploy-staging-[0-9a-f]{7}$/);
        assert.equal(r.outputs.serviceName, only(r, "aws:ecs/service:Service").inputs.name);
        assert.equal(
            r.outputs.taskDefinitionArn,
            "arn:aws:ecs:eu-north-1:123456789012:task-definition/ecs-deploy-staging:1",
        );
    });
});

describe("program: the service, production", () => {
    let r: OfflineResult;
    before(async () => (r = await run("production")));

    it("scales on CPU between 3 and 12 tasks, and does not fight the scaler over desiredCount", () => {
        const target = only(r, "aws:appautoscaling/target:Target").inputs;
        const physical = (type: string) => String(only(r, type).inputs.name);
        assert.deepEqual(
            [target.minCapacity, target.maxCapacity, target.resourceId],
            [3, 12, `service/${physical("aws:ecs/cluster:Cluster")}/${physical("aws:ecs/service:Service")}`],
        );
        const policy = only(r, "aws:appautoscaling/policy:Policy").inputs as Record<string, any>;
        assert.equal(
            policy.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType,
            "ECSServiceAverageCPUUtilization",
        );
        assert.equal(policy.targetTrackingScalingPolicyConfiguration.targetValue, 60);
        assert.deepEqual(only(r, "aws:ecs/service:Service").options.ignoreChanges, ["desiredCount"]);
    });

    it("runs a NAT gateway per availability zone", () => {
        assert.equal(all(r, "aws:ec2/natGateway:NatGateway").length, 2);
    });
});

describe("program: ECS Exec", () => {
    it("is off, and the task role has no policy at all", async () => {
        const r = await run("staging");
        assert.equal(service(r).enableExecuteCommand, false);
        assert.equal(all(r, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.endsWith("-task")).length, 0);
    });

    it("when turned on, lets the task open SSM message channels and nothing more", async () => {
        const r = await run("staging", {
            overrides: {
                service: { desiredCount: 1, enableExecuteCommand: true, loadBalancer: { healthCheckPath: "/health" } },
            },
        });
        assert.equal(service(r).enableExecuteCommand, true);
        const policy = JSON.parse(
            String(only(r, "aws:iam/rolePolicy:RolePolicy", "ecs-deploy-staging-task").inputs.policy),
        );
        assert.deepEqual(policy.Statement, [
            {
                Sid: "EcsExec",
                Effect: "Allow",
                Action: [
                    "ssmmessages:CreateControlChannel",
                    "ssmmessages:CreateDataChannel",
                    "ssmmessages:OpenControlChannel",
                    "ssmmessages:OpenDataChannel",
                ],
                Resource: "*",
            },
        ]);
    });
});

describe("program: deployment strategies", () => {
    for (const strategy of ["CANARY", "LINEAR", "BLUE_GREEN"]) {
        it(`${strategy} adds the alternate target group, listener rules and the ECS infrastructure role`, async () => {
            const r = await run("staging", {
                overrides: { service: { desiredCount: 2, strategy, loadBalancer: { healthCheckPath: "/health" } } },
            });
            const s = service(r);
            assert.equal(s.deploymentConfiguration.strategy, strategy);
            const groups = all(r, "aws:lb/targetGroup:TargetGroup")
                .map((t) => t.name)
                .sort();
            assert.deepEqual(groups, ["ecs-deploy-staging-a", "ecs-deploy-staging-b"]);
            const advanced = s.loadBalancers[0].advancedConfiguration;
            assert.match(advanced.alternateTargetGroupArn, /targetgroup\/ecs-deploy-staging-b-[0-9a-f]{7}\//);
            assert.match(advanced.productionListenerRule, /listener-rule\/app\/ecs-deploy-staging-production\//);
            assert.match(advanced.roleArn, /role\/ecs-deploy-staging-ecs-infra-[0-9a-f]{7}$/);
            assert.equal(
                only(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn,
                "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
            );
            if (strategy === "BLUE_GREEN")
                assert.match(advanced.testListenerRule, /listener-rule\/app\/ecs-deploy-staging-test\//);
            if (strategy === "CANARY") assert.equal(s.deploymentConfiguration.canaryConfiguration.canaryPercent, 10);
            if (strategy === "LINEAR") assert.equal(s.deploymentConfiguration.linearConfiguration.stepPercent, 25);
        });
    }

    it("ROLLING needs none of them", async () => {
        const r = await run("staging");
        assert.equal(all(r, "aws:lb/listenerRule:ListenerRule").length, 0);
        assert.equal(all(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
        assert.equal(service(r).loadBalancers[0].advancedConfiguration, undefined);
    });
});
