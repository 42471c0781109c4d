import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Answers, OFFLINE_ACCOUNT } from "../../offline/awsStubs";
import { providerMocks, RecordedResource } from "../../offline/runner";
import { elbLogicalNames } from "../../core/service/names";
import { StackConfig } from "../../core/config/types";
import {
    estimateRollout,
    rolloutInputsFromConfig,
    rolloutInputsFromResources,
} from "../../core/service/rolloutEstimate";
import { Cluster } from "../../components/cluster";
import { LoadBalancer } from "../../components/loadBalancer";
import { Network } from "../../components/network";
import { stackConfig } from "../support/stackConfig";
import { AppService } from "../../components/service";
import { EGRESS, INGRESS, LISTENER, RULE, SERVICE, TG } from "../support/types";

/**
 * The network, load balancer, cluster, service and scaling components under
 * Pulumi's mocks (standing in for AWS only), with config from the real stack
 * files. Assertions are on the inputs each resource is registered with.
 */
type Json = Record<string, any>;
interface Recorded {
    type: string;
    name: string;
    inputs: Json;
}

const PROJECT_DIR = path.resolve(__dirname, "..", "..");
const listenerArn = (name: string) =>
    `arn:aws:elasticloadbalancing:eu-north-1:${OFFLINE_ACCOUNT}:listener/app/${name}/0123456789abcdef/0123456789abcdef`;
const ruleArn = (name: string) =>
    `arn:aws:elasticloadbalancing:eu-north-1:${OFFLINE_ACCOUNT}:listener-rule/app/${name}/0123456789abcdef/0123456789abcdef/0123456789abcdef`;
const PORT = 8080;
const CERT = "arn:aws:acm:eu-north-1:123456789012:certificate/0d3b7c1e-1111-2222-3333-444455556666";

const section = (raw: Json, key: string): Json => (raw[key] ??= {});
const lbSection = (raw: Json): Json => section(section(raw, "service"), "loadBalancer");

class World {
    constructor(
        readonly name: string,
        readonly resources: Recorded[],
        readonly ignoreChanges: Map<string, string[]>,
        /** Logical names of the load balancer and target groups. */
        readonly elb: ReturnType<typeof elbLogicalNames>,
    ) {}

    all(type: string): Recorded[] {
        return this.resources.filter((r) => r.type === type);
    }

    one(type: string, name: string): Recorded {
        const found = this.resources.filter((r) => r.type === type && r.name === name);
        assert.equal(
            found.length,
            1,
            `expected one ${type} named ${name}; have: ${
                this.all(type)
                    .map((r) => r.name)
                    .join(", ") || "none"
            }`,
        );
        return found[0];
    }

    /** The name the provider generated for a resource (its recorded `name` input). */
    physical(type: string, logical: string): string {
        return String(this.one(type, logical).inputs.name);
    }

    /** The id the mocks give a resource (`<name>-id`), for checking references. */
    id(name: string): string {
        return `${name}-id`;
    }
}

/** Builds network, load balancer (when configured), cluster and service for `cfg` and records every resource. */
async function deploy(cfg: StackConfig): Promise<World> {
    const name = `${cfg.project}-${cfg.stack}`;
    const resources: Recorded[] = [];
    const ignoreChanges = new Map<string, string[]>();
    const answers: Answers = { region: cfg.region, missingSecrets: [], stackOutputs: {}, secretSuffix: () => "AbCdEf" };
    // The provider's rules (auto-naming, validators) apply here as in every offline run.
    const faithful = providerMocks(answers, resources as RecordedResource[]);
    await pulumi.runtime.setMocks(
        {
            async newResource(args) {
                const r = await faithful.newResource(args);
                const extra: Json = {};
                if (args.type === "aws:ecs/service:Service")
                    extra.arn = `arn:aws:ecs:${cfg.region}:${OFFLINE_ACCOUNT}:service/${name}/${args.name}`;
                if (args.type === "aws:ec2/vpc:Vpc") extra.cidrBlock = args.inputs.cidrBlock;
                return { id: r.id, state: { ...r.state, ...extra } };
            },
            call: (args) => faithful.call(args),
        },
        cfg.project,
        cfg.stack,
        false,
    );
    // Transformations see each child's options: how ignoreChanges is asserted.
    const record: pulumi.ResourceTransformation = (a) => {
        if (a.opts.ignoreChanges?.length) ignoreChanges.set(`${a.type}::${a.name}`, a.opts.ignoreChanges);
        return undefined;
    };
    const opts = { transformations: [record] };
    const tags = { app: cfg.project, stack: cfg.stack };

    const zones = ["a", "b", "c"].map((z) => `${cfg.region}${z}`).slice(0, cfg.network.availabilityZoneCount);
    const network = new Network(
        name,
        { network: cfg.network, zones, existingVpcCidr: cfg.network.vpcId ? "172.31.0.0/16" : undefined, tags },
        opts,
    );
    const loadBalancer = cfg.service.loadBalancer
        ? new LoadBalancer(name, { config: cfg, network, containerPort: PORT, tags }, opts)
        : undefined;
    const existing = cfg.cluster.name
        ? { arn: `arn:aws:ecs:${cfg.region}:${OFFLINE_ACCOUNT}:cluster/${cfg.cluster.name}`, name: cfg.cluster.name }
        : undefined;
    const cluster = new Cluster(name, { cluster: cfg.cluster, existing, tags }, opts);
    const service = new AppService(
        name,
        {
            service: cfg.service,
            clusterArn: cluster.arn,
            clusterName: cluster.name,
            taskDefinitionArn: `arn:aws:ecs:${cfg.region}:${OFFLINE_ACCOUNT}:task-definition/${name}:1`,
            containerName: "web",
            containerPort: PORT,
            network,
            loadBalancer,
            waitFor: [],
            containerDefinitions: undefined,
            tags,
        },
        opts,
    );
    await Promise.all(
        [service.arn, service.scaling?.policy.arn ?? service.arn, loadBalancer?.url ?? service.arn].map(
            (o) => new Promise((resolve) => pulumi.output(o).apply(resolve)),
        ),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return new World(name, resources, ignoreChanges, elbLogicalNames(cfg.project, cfg.stack));
}

describe("infrastructure components under mocks", () => {
    describe("staging: ROLLING behind a plain-HTTP ALB", () => {
        let w: World;
        before(async () => (w = await deploy(stackConfig("staging"))));

        it("rolls a failed deployment back and makes `up` wait for the outcome", () => {
            const s = w.one(SERVICE, w.name).inputs;
            assert.deepEqual(s.deploymentCircuitBreaker, { enable: true, rollback: true });
            // index.ts puts the rollout watch after the service to wait for the outcome (test/deployGates.test.ts); the provider's wait is off.
            assert.equal(s.waitForSteadyState, false);
            assert.equal(s.sigintRollback, false);
            assert.deepEqual(s.deploymentController, { type: "ECS" });
            assert.deepEqual(s.deploymentConfiguration, { strategy: "ROLLING" });
            assert.equal(s.deploymentMinimumHealthyPercent, 100);
            assert.equal(s.deploymentMaximumPercent, 200);
        });

        it("runs on Fargate's latest platform with the configured count, ECS Exec off and tags propagated", () => {
            const s = w.one(SERVICE, w.name).inputs;
            assert.equal(s.launchType, "FARGATE");
            assert.equal(s.platformVersion, "LATEST");
            assert.equal(s.desiredCount, 1);
            assert.equal(s.enableExecuteCommand, false);
            assert.equal(s.propagateTags, "SERVICE");
            assert.equal(s.enableEcsManagedTags, true);
            assert.equal(s.taskDefinition, `arn:aws:ecs:eu-north-1:${OFFLINE_ACCOUNT}:task-definition/${w.name}:1`);
            assert.equal(
                s.cluster,
                `arn:aws:ecs:eu-north-1:${OFFLINE_ACCOUNT}:cluster/${w.physical("aws:ecs/cluster:Cluster", w.name)}`,
            );
        });

        it("places tasks in the private subnets with no public IP, in the task security group", () => {
            const s = w.one(SERVICE, w.name).inputs;
            assert.deepEqual(s.networkConfiguration, {
                assignPublicIp: false,
                subnets: [w.id(`${w.name}-private-0`), w.id(`${w.name}-private-1`)],
                securityGroups: [w.id(`${w.name}-tasks`)],
            });
        });

        it("gives the service a health-check grace period and the primary target group", () => {
            const s = w.one(SERVICE, w.name).inputs;
            assert.equal(s.healthCheckGracePeriodSeconds, 30);
            assert.equal(s.loadBalancers.length, 1);
            assert.equal(s.loadBalancers[0].containerName, "web");
            assert.equal(s.loadBalancers[0].containerPort, PORT);
            assert.match(
                s.loadBalancers[0].targetGroupArn,
                new RegExp(`targetgroup/${w.physical(TG, w.elb.primaryTargetGroup)}/`),
            );
            assert.equal(s.loadBalancers[0].advancedConfiguration, undefined);
            assert.equal(
                w.ignoreChanges.get(`${SERVICE}::${w.name}`),
                undefined,
                "desiredCount is managed by `up` without autoscaling",
            );
        });

        it("creates a cluster with Container Insights", () => {
            const c = w.one("aws:ecs/cluster:Cluster", w.name).inputs;
            assert.deepEqual(c.settings, [{ name: "containerInsights", value: "enabled" }]);
        });

        it("creates a VPC with one NAT gateway, private subnets routed through it and no public IPs on launch", () => {
            assert.equal(w.one("aws:ec2/vpc:Vpc", `${w.name}-vpc`).inputs.cidrBlock, "10.0.0.0/16");
            const nats = w.all("aws:ec2/natGateway:NatGateway");
            assert.equal(nats.length, 1);
            assert.equal(nats[0].inputs.subnetId, w.id(`${w.name}-public-0`));
            assert.deepEqual(
                w
                    .all("aws:ec2/subnet:Subnet")
                    .map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone, s.inputs.mapPublicIpOnLaunch]),
                [
                    [`${w.name}-public-0`, "10.0.128.0/18", "eu-north-1a", false],
                    [`${w.name}-public-1`, "10.0.192.0/18", "eu-north-1b", false],
                    [`${w.name}-private-0`, "10.0.0.0/18", "eu-north-1a", false],
                    [`${w.name}-private-1`, "10.0.64.0/18", "eu-north-1b", false],
                ],
            );
            for (const i of [0, 1]) {
                assert.deepEqual(w.one("aws:ec2/routeTable:RouteTable", `${w.name}-private-${i}`).inputs.routes, [
                    { cidrBlock: "0.0.0.0/0", natGatewayId: w.id(`${w.name}-nat-0`) },
                ]);
            }
            assert.deepEqual(w.one("aws:ec2/routeTable:RouteTable", `${w.name}-public`).inputs.routes, [
                { cidrBlock: "0.0.0.0/0", gatewayId: w.id(`${w.name}-igw`) },
            ]);
            const defaultSg = w.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", `${w.name}-default-sg`).inputs;
            assert.equal(defaultSg.ingress, undefined, "the VPC's default group keeps no rules");
            assert.equal(defaultSg.egress, undefined);
        });

        it("lets traffic into the tasks only from the ALB's security group, on the container port", () => {
            const taskSg = w.id(`${w.name}-tasks`);
            const albSg = w.id(`${w.name}-alb`);
            const intoTasks = w.all(INGRESS).filter((r) => r.inputs.securityGroupId === taskSg);
            assert.deepEqual(
                intoTasks.map((r) => r.inputs),
                [
                    {
                        securityGroupId: taskSg,
                        ipProtocol: "tcp",
                        fromPort: PORT,
                        toPort: PORT,
                        referencedSecurityGroupId: albSg,
                        description: "From the load balancer",
                    },
                ],
            );
            assert.equal(
                w.one("aws:ec2/securityGroup:SecurityGroup", `${w.name}-tasks`).inputs.ingress,
                undefined,
                "no inline rules",
            );
            const taskEgress = w.all(EGRESS).filter((r) => r.inputs.securityGroupId === taskSg);
            assert.deepEqual(
                taskEgress.map((r) => [r.inputs.ipProtocol, r.inputs.cidrIpv4]),
                [["-1", "0.0.0.0/0"]],
            );
        });

        it("lets clients reach the ALB on 80 only, and the ALB reach only the tasks on the container port", () => {
            const albSg = w.id(`${w.name}-alb`);
            assert.deepEqual(
                w
                    .all(INGRESS)
                    .filter((r) => r.inputs.securityGroupId === albSg)
                    .map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]),
                [[80, 80, "0.0.0.0/0"]],
            );
            assert.deepEqual(
                w
                    .all(EGRESS)
                    .filter((r) => r.inputs.securityGroupId === albSg)
                    .map((r) => r.inputs),
                [
                    {
                        securityGroupId: albSg,
                        ipProtocol: "tcp",
                        fromPort: PORT,
                        toPort: PORT,
                        referencedSecurityGroupId: w.id(`${w.name}-tasks`),
                        description: "To the tasks",
                    },
                ],
            );
        });

        it("puts an internet-facing ALB in the public subnets, dropping invalid headers", () => {
            const lb = w.one("aws:lb/loadBalancer:LoadBalancer", w.elb.loadBalancer).inputs;
            assert.equal(lb.internal, false);
            assert.equal(lb.loadBalancerType, "application");
            assert.deepEqual(lb.subnets, [w.id(`${w.name}-public-0`), w.id(`${w.name}-public-1`)]);
            assert.deepEqual(lb.securityGroups, [w.id(`${w.name}-alb`)]);
            assert.equal(lb.dropInvalidHeaderFields, true);
            assert.equal(lb.enableDeletionProtection, false);
        });

        it("uses fast-deploy target group defaults: ip targets, 10 s interval, threshold 2, 30 s deregistration", () => {
            const tgs = w.all(TG);
            assert.equal(tgs.length, 1, "ROLLING needs no alternate target group");
            const tg = tgs[0].inputs;
            assert.equal(tg.targetType, "ip");
            assert.equal(tg.port, PORT);
            assert.equal(tg.protocol, "HTTP");
            assert.equal(tg.vpcId, w.id(`${w.name}-vpc`));
            assert.equal(tg.deregistrationDelay, 30);
            assert.deepEqual(tg.healthCheck, {
                enabled: true,
                protocol: "HTTP",
                port: "traffic-port",
                path: "/health",
                interval: 10,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
                matcher: "200-299",
            });
        });

        it("serves plain HTTP on 80 without a certificate, forwarding to the target group", () => {
            const listeners = w.all(LISTENER);
            assert.equal(listeners.length, 1);
            const l = listeners[0].inputs;
            assert.equal(l.port, 80);
            assert.equal(l.protocol, "HTTP");
            assert.equal(l.certificateArn, undefined);
            assert.deepEqual(l.defaultActions, [
                {
                    type: "forward",
                    targetGroupArn: `arn:aws:elasticloadbalancing:eu-north-1:${OFFLINE_ACCOUNT}:targetgroup/${w.physical(TG, w.elb.primaryTargetGroup)}/0123456789abcdef`,
                },
            ]);
        });

        it("creates no listener rules and no ECS infrastructure role for ROLLING", () => {
            assert.equal(w.all(RULE).length, 0);
            assert.equal(w.all("aws:iam/role:Role").length, 0);
        });

        it("creates no autoscaling without config", () => {
            assert.equal(w.all("aws:appautoscaling/target:Target").length, 0);
        });
    });

    describe("production: NAT per zone, CPU autoscaling", () => {
        let w: World;
        before(async () => (w = await deploy(stackConfig("production"))));

        it("creates a NAT gateway per zone and routes each private subnet through its own", () => {
            assert.deepEqual(
                w.all("aws:ec2/natGateway:NatGateway").map((n) => n.inputs.subnetId),
                [w.id(`${w.name}-public-0`), w.id(`${w.name}-public-1`)],
            );
            for (const i of [0, 1]) {
                assert.deepEqual(w.one("aws:ec2/routeTable:RouteTable", `${w.name}-private-${i}`).inputs.routes, [
                    { cidrBlock: "0.0.0.0/0", natGatewayId: w.id(`${w.name}-nat-${i}`) },
                ]);
            }
        });

        it("scales between 3 and 12 tasks on average CPU", () => {
            const t = w.one("aws:appautoscaling/target:Target", `${w.name}-scaling`).inputs;
            assert.equal(t.minCapacity, 3);
            assert.equal(t.maxCapacity, 12);
            assert.equal(t.scalableDimension, "ecs:service:DesiredCount");
            assert.equal(t.serviceNamespace, "ecs");
            assert.equal(
                t.resourceId,
                `service/${w.physical("aws:ecs/cluster:Cluster", w.name)}/${w.physical(SERVICE, w.name)}`,
            );
            const p = w.one("aws:appautoscaling/policy:Policy", `${w.name}-scaling-cpu`).inputs;
            assert.equal(p.policyType, "TargetTrackingScaling");
            assert.equal(p.resourceId, t.resourceId);
            assert.deepEqual(p.targetTrackingScalingPolicyConfiguration, {
                targetValue: 60,
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
                scaleOutCooldown: 60,
                scaleInCooldown: 300,
            });
        });

        it("leaves desiredCount to the autoscaler", () => {
            assert.deepEqual(w.ignoreChanges.get(`${SERVICE}::${w.name}`), ["desiredCount"]);
            assert.equal(w.one(SERVICE, w.name).inputs.desiredCount, 3);
        });

        it("renders the rollout inputs the config describes, which the benchmark reads back", () => {
            const containers = (
                JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "app", "ecs-task-template.json"), "utf8")) as Json
            ).containerDefinitions;
            const fromConfig = rolloutInputsFromConfig(stackConfig("production").service, containers);
            const taskDefinition = {
                type: "aws:ecs/taskDefinition:TaskDefinition",
                name: w.name,
                inputs: { containerDefinitions: JSON.stringify(containers) },
            };
            // Everything the resources carry is taken from them, not from the fallback.
            const fallback = {
                ...fromConfig,
                desiredCount: -1,
                healthCheckGracePeriodSeconds: -1,
                targetGroup: undefined,
                containerHealthCheck: undefined,
                stopTimeoutSeconds: -1,
            };
            const rendered = rolloutInputsFromResources([...w.resources, taskDefinition], fallback);
            assert.deepEqual(rendered, fromConfig);
            assert.equal(rendered.desiredCount, 12, "the worst case is the autoscaler's maximum");
            assert.equal(estimateRollout(rendered).seconds, 90);
        });

        it("protects the ALB from deletion", () => {
            assert.equal(
                w.one("aws:lb/loadBalancer:LoadBalancer", w.elb.loadBalancer).inputs.enableDeletionProtection,
                true,
            );
        });
    });

    describe("HTTPS with a certificate", () => {
        let w: World;
        before(
            async () =>
                (w = await deploy(
                    stackConfig("staging", (raw) => Object.assign(lbSection(raw), { certificateArn: CERT })),
                )),
        );

        it("terminates TLS 1.2+/1.3 on 443 with the certificate and forwards to the target group", () => {
            const l = w.one(LISTENER, `${w.name}-https`).inputs;
            assert.equal(l.port, 443);
            assert.equal(l.protocol, "HTTPS");
            assert.equal(l.certificateArn, CERT);
            assert.equal(l.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
            assert.equal(l.defaultActions[0].type, "forward");
        });

        it("redirects HTTP to HTTPS permanently", () => {
            const l = w.one(LISTENER, `${w.name}-http`).inputs;
            assert.equal(l.port, 80);
            assert.equal(l.protocol, "HTTP");
            assert.deepEqual(l.defaultActions, [
                { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
            ]);
        });

        it("opens 443 and 80 to clients", () => {
            const albSg = w.id(`${w.name}-alb`);
            assert.deepEqual(
                w
                    .all(INGRESS)
                    .filter((r) => r.inputs.securityGroupId === albSg)
                    .map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]),
                [
                    [443, "0.0.0.0/0"],
                    [80, "0.0.0.0/0"],
                ],
            );
        });
    });

    describe("an internal ALB in an existing VPC", () => {
        let w: World;
        before(
            async () =>
                (w = await deploy(
                    stackConfig("staging", (raw) => {
                        raw.network = {
                            vpcId: "vpc-0abc1234",
                            subnetIds: ["subnet-0a1a0001", "subnet-0a2a0002"],
                            securityGroupIds: ["sg-0db00001"],
                        };
                        Object.assign(lbSection(raw), { internal: true });
                        raw.cluster = { name: "shared" };
                    }),
                )),
        );

        it("creates no VPC, subnets or NAT", () => {
            for (const t of [
                "aws:ec2/vpc:Vpc",
                "aws:ec2/subnet:Subnet",
                "aws:ec2/natGateway:NatGateway",
                "aws:ec2/eip:Eip",
            ])
                assert.equal(w.all(t).length, 0, t);
        });

        it("runs the tasks in the configured subnets, in their own group plus the configured ones", () => {
            const n = w.one(SERVICE, w.name).inputs.networkConfiguration;
            assert.deepEqual(n, {
                assignPublicIp: false,
                subnets: ["subnet-0a1a0001", "subnet-0a2a0002"],
                securityGroups: [w.id(`${w.name}-tasks`), "sg-0db00001"],
            });
            assert.equal(w.one("aws:ec2/securityGroup:SecurityGroup", `${w.name}-tasks`).inputs.vpcId, "vpc-0abc1234");
        });

        it("puts the ALB in the private subnets and admits only the VPC's own block", () => {
            const lb = w.one("aws:lb/loadBalancer:LoadBalancer", w.elb.loadBalancer).inputs;
            assert.equal(lb.internal, true);
            assert.deepEqual(lb.subnets, ["subnet-0a1a0001", "subnet-0a2a0002"]);
            const albSg = w.id(`${w.name}-alb`);
            assert.deepEqual(
                w
                    .all(INGRESS)
                    .filter((r) => r.inputs.securityGroupId === albSg)
                    .map((r) => r.inputs.cidrIpv4),
                ["172.31.0.0/16"],
            );
        });

        it("reuses the existing cluster by name", () => {
            assert.equal(w.all("aws:ecs/cluster:Cluster").length, 0);
            assert.equal(
                w.one(SERVICE, w.name).inputs.cluster,
                `arn:aws:ecs:eu-north-1:${OFFLINE_ACCOUNT}:cluster/shared`,
            );
        });
    });

    describe("allowedCidrs", () => {
        it("admits only the listed client ranges", async () => {
            const w = await deploy(
                stackConfig("staging", (raw) =>
                    Object.assign(lbSection(raw), { allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] }),
                ),
            );
            const albSg = w.id(`${w.name}-alb`);
            assert.deepEqual(
                w
                    .all(INGRESS)
                    .filter((r) => r.inputs.securityGroupId === albSg)
                    .map((r) => r.inputs.cidrIpv4),
                ["203.0.113.0/24", "198.51.100.0/24"],
            );
        });
    });

    describe("without a load balancer", () => {
        let w: World;
        before(
            async () =>
                (w = await deploy(stackConfig("staging", (raw) => delete section(raw, "service").loadBalancer))),
        );

        it("lets nothing into the tasks", () => {
            assert.equal(w.all(INGRESS).length, 0);
            assert.equal(w.all("aws:lb/loadBalancer:LoadBalancer").length, 0);
        });

        it("sets no grace period and no load balancer on the service", () => {
            const s = w.one(SERVICE, w.name).inputs;
            assert.equal(s.healthCheckGracePeriodSeconds, undefined);
            assert.equal(s.loadBalancers, undefined);
        });
    });

    describe("ECS-native traffic shifting", () => {
        const shifted = (strategy: string, extra: Json = {}) =>
            stackConfig("staging", (raw) => Object.assign(section(raw, "service"), { strategy, ...extra }));

        /** What every shifting strategy needs: two target groups, the production rule, the infrastructure role, and the service wired to them. */
        function assertShiftingResources(w: World): Json {
            const tgs = w.all(TG).map((t) => t.name);
            assert.deepEqual(tgs, [w.elb.primaryTargetGroup, w.elb.alternateTargetGroup]);
            for (const t of w.all(TG)) assert.equal(t.inputs.targetType, "ip");
            const tgArn = (n: string) =>
                `arn:aws:elasticloadbalancing:eu-north-1:${OFFLINE_ACCOUNT}:targetgroup/${n}/0123456789abcdef`;

            const prod = w.one(RULE, `${w.name}-production`).inputs;
            assert.equal(prod.priority, 20);
            assert.deepEqual(prod.conditions, [{ pathPattern: { values: ["/*"] } }]);
            assert.deepEqual(prod.actions, [
                {
                    type: "forward",
                    forward: {
                        targetGroups: [
                            { arn: tgArn(w.physical(TG, w.elb.primaryTargetGroup)), weight: 100 },
                            { arn: tgArn(w.physical(TG, w.elb.alternateTargetGroup)), weight: 0 },
                        ],
                    },
                },
            ]);
            assert.equal(w.all(LISTENER).length, 1);
            assert.equal(prod.listenerArn, listenerArn(`${w.name}-http`), "on the production listener");
            assert.deepEqual(
                w.ignoreChanges.get(`${RULE}::${w.name}-production`),
                ["actions"],
                "ECS owns the weights after the first deployment",
            );

            const role = w.one("aws:iam/role:Role", `${w.name}-ecs-infra`).inputs;
            assert.deepEqual(JSON.parse(role.assumeRolePolicy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ecs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        // Only ECS acting for this account's services in this region (confused-deputy guard).
                        Condition: {
                            StringEquals: { "aws:SourceAccount": "123456789012" },
                            ArnLike: { "aws:SourceArn": "arn:aws:ecs:eu-north-1:123456789012:*" },
                        },
                    },
                ],
            });
            const attachment = w.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${w.name}-ecs-infra`).inputs;
            assert.equal(
                attachment.policyArn,
                "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
            );
            assert.equal(attachment.role, w.physical("aws:iam/role:Role", `${w.name}-ecs-infra`));

            const s = w.one(SERVICE, w.name).inputs;
            assert.deepEqual(s.deploymentController, { type: "ECS" });
            assert.deepEqual(s.deploymentCircuitBreaker, { enable: true, rollback: true });
            const lb = s.loadBalancers[0];
            assert.equal(lb.targetGroupArn, tgArn(w.physical(TG, w.elb.primaryTargetGroup)));
            assert.equal(
                lb.advancedConfiguration.alternateTargetGroupArn,
                tgArn(w.physical(TG, w.elb.alternateTargetGroup)),
            );
            assert.equal(lb.advancedConfiguration.productionListenerRule, ruleArn(`${w.name}-production`));
            assert.equal(
                lb.advancedConfiguration.roleArn,
                `arn:aws:iam::${OFFLINE_ACCOUNT}:role/${w.physical("aws:iam/role:Role", `${w.name}-ecs-infra`)}`,
            );
            return s;
        }

        it("BLUE_GREEN: alternate target group, production and test rules, infrastructure role, bake time", async () => {
            const w = await deploy(shifted("BLUE_GREEN", { bakeTimeMinutes: 5 }));
            const s = assertShiftingResources(w);
            assert.deepEqual(s.deploymentConfiguration, { strategy: "BLUE_GREEN", bakeTimeInMinutes: "5" });
            const test = w.one(RULE, `${w.name}-test`).inputs;
            assert.equal(test.priority, 10, "evaluated before the catch-all production rule");
            assert.deepEqual(test.conditions, [
                { httpHeader: { httpHeaderName: "x-ecs-test-traffic", values: ["1"] } },
            ]);
            assert.deepEqual(w.ignoreChanges.get(`${RULE}::${w.name}-test`), ["actions"]);
            assert.equal(s.loadBalancers[0].advancedConfiguration.testListenerRule, ruleArn(`${w.name}-test`));
        });

        it("CANARY: the canary percentage and its bake time, no test rule", async () => {
            const w = await deploy(shifted("CANARY", { canaryPercent: 20, canaryBakeTimeMinutes: 3 }));
            const s = assertShiftingResources(w);
            assert.deepEqual(s.deploymentConfiguration, {
                strategy: "CANARY",
                bakeTimeInMinutes: "0",
                canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: "3" },
            });
            assert.equal(w.all(RULE).length, 1);
            assert.equal(s.loadBalancers[0].advancedConfiguration.testListenerRule, undefined);
        });

        it("LINEAR: the step percentage and its bake time", async () => {
            const w = await deploy(shifted("LINEAR", { linearStepPercent: 20 }));
            const s = assertShiftingResources(w);
            assert.deepEqual(s.deploymentConfiguration, {
                strategy: "LINEAR",
                bakeTimeInMinutes: "0",
                linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: "1" },
            });
        });

        it("BLUE_GREEN over HTTPS: the rules sit on the HTTPS listener", async () => {
            const w = await deploy(
                stackConfig("staging", (raw) => {
                    Object.assign(section(raw, "service"), { strategy: "BLUE_GREEN" });
                    Object.assign(lbSection(raw), { certificateArn: CERT });
                }),
            );
            assert.equal(w.one(RULE, `${w.name}-production`).inputs.listenerArn, listenerArn(`${w.name}-https`));
            assert.equal(w.one(RULE, `${w.name}-test`).inputs.listenerArn, listenerArn(`${w.name}-https`));
        });
    });

    describe("request-count autoscaling", () => {
        it("tracks ALBRequestCountPerTarget on the ALB and target group", async () => {
            const w = await deploy(
                stackConfig("staging", (raw) =>
                    Object.assign(section(raw, "service"), {
                        autoscaling: { minCount: 1, maxCount: 6, metric: "requests", target: 500 },
                    }),
                ),
            );
            const p = w.one("aws:appautoscaling/policy:Policy", `${w.name}-scaling-requests`).inputs;
            assert.deepEqual(p.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification, {
                predefinedMetricType: "ALBRequestCountPerTarget",
                resourceLabel: `app/${w.physical("aws:lb/loadBalancer:LoadBalancer", w.elb.loadBalancer)}/0123456789abcdef/targetgroup/${w.physical(TG, w.elb.primaryTargetGroup)}/0123456789abcdef`,
            });
            assert.equal(p.targetTrackingScalingPolicyConfiguration.targetValue, 500);
        });
    });

    describe("opt-ins", () => {
        it("turns ECS Exec on, public IPs on and Container Insights off only when config says so", async () => {
            const w = await deploy(
                stackConfig("staging", (raw) => {
                    Object.assign(section(raw, "service"), { enableExecuteCommand: true, waitForSteadyState: false });
                    Object.assign(section(raw, "network"), { assignPublicIp: true });
                    raw.cluster = { containerInsights: false };
                }),
            );
            const s = w.one(SERVICE, w.name).inputs;
            assert.equal(s.enableExecuteCommand, true);
            assert.equal(s.networkConfiguration.assignPublicIp, true);
            assert.equal(s.waitForSteadyState, false);
            assert.equal(s.sigintRollback, false);
            assert.deepEqual(w.one("aws:ecs/cluster:Cluster", w.name).inputs.settings, [
                { name: "containerInsights", value: "disabled" },
            ]);
        });
    });
});
