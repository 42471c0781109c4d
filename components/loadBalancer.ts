import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../core/config/types";
import { elbLogicalNames } from "../core/service/names";
import { ecsInfrastructurePolicyArn, ecsInfrastructureTrustDocument } from "../core/iam/roleDocuments";
import {
    planTraffic,
    PRODUCTION_RULE_PRIORITY,
    TEST_RULE_PRIORITY,
    TLS_POLICY,
    TrafficPlan,
} from "../core/service/traffic";
import type { Network } from "./network";

export interface LoadBalancerArgs {
    config: StackConfig;
    network: Network;
    /** The container port the target groups send traffic to. */
    containerPort: number;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * An Application Load Balancer in front of the service: HTTPS with a redirect
 * from HTTP when a certificate is configured, plain HTTP otherwise. For the
 * ECS-native traffic-shifting strategies it adds the alternate target group,
 * the listener rule(s) ECS moves traffic with, and the role ECS uses to do so.
 */
export class LoadBalancer extends pulumi.ComponentResource {
    readonly plan: TrafficPlan;
    readonly containerPort: number;
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly securityGroupId: pulumi.Output<string>;
    readonly targetGroup: aws.lb.TargetGroup;
    readonly alternateTargetGroup?: aws.lb.TargetGroup;
    readonly productionListener: aws.lb.Listener;
    readonly productionRule?: aws.lb.ListenerRule;
    readonly testRule?: aws.lb.ListenerRule;
    readonly infrastructureRole?: aws.iam.Role;
    readonly dnsName: pulumi.Output<string>;
    readonly url: pulumi.Output<string>;
    /** `app/<alb>/<id>/targetgroup/<tg>/<id>`: the resource label of ALBRequestCountPerTarget. */
    readonly requestCountResourceLabel: pulumi.Output<string>;

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:LoadBalancer", name, {}, opts);
        const lbConfig = args.config.service.loadBalancer;
        if (!lbConfig) throw new Error("LoadBalancer needs config.service.loadBalancer");
        const plan = planTraffic(lbConfig, args.config.service.strategy);
        const { network, containerPort } = args;
        const tags = args.tags;
        this.plan = plan;
        this.containerPort = containerPort;
        // Auto-named within ELB's 32 characters, under the `<project>-<stack>` prefix the deploy role is scoped to.
        const names = elbLogicalNames(args.config.project, args.config.stack);

        const sg = new aws.ec2.SecurityGroup(
            `${name}-alb`,
            {
                vpcId: network.vpcId,
                description: "Load balancer: clients in on the listener ports, out only to the tasks",
                revokeRulesOnDelete: true,
                tags,
            },
            { parent: this },
        );
        this.securityGroupId = sg.id;
        const cidrs = plan.ingressCidrs === "vpc" ? [network.vpcCidrBlock()] : plan.ingressCidrs;
        for (const port of plan.ingressPorts) {
            cidrs.forEach(
                (cidr, i) =>
                    new aws.vpc.SecurityGroupIngressRule(
                        `${name}-alb-in-${port}-${i}`,
                        {
                            securityGroupId: sg.id,
                            ipProtocol: "tcp",
                            fromPort: port,
                            toPort: port,
                            cidrIpv4: cidr,
                            description: `Clients on ${port}`,
                        },
                        { parent: this },
                    ),
            );
        }
        // Traffic and health checks go to the tasks on the container port, and nowhere else.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-alb-to-tasks`,
            {
                securityGroupId: sg.id,
                ipProtocol: "tcp",
                fromPort: containerPort,
                toPort: containerPort,
                referencedSecurityGroupId: network.taskSecurityGroupId,
                description: "To the tasks",
            },
            { parent: this },
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-tasks-from-alb`,
            {
                securityGroupId: network.taskSecurityGroupId,
                ipProtocol: "tcp",
                fromPort: containerPort,
                toPort: containerPort,
                referencedSecurityGroupId: sg.id,
                description: "From the load balancer",
            },
            { parent: this },
        );

        this.loadBalancer = new aws.lb.LoadBalancer(
            names.loadBalancer,
            {
                loadBalancerType: "application",
                internal: lbConfig.internal,
                subnets: lbConfig.internal ? network.privateSubnetIds : network.publicSubnetIds,
                securityGroups: [sg.id],
                dropInvalidHeaderFields: true, // no request smuggling through malformed headers
                enableDeletionProtection: args.config.protect,
                tags,
            },
            // Its earlier logical name: an existing load balancer keeps its physical name and is not replaced.
            { parent: this, aliases: [{ name: `${name}-alb` }] },
        );

        const targetGroup = (logicalName: string) =>
            new aws.lb.TargetGroup(
                logicalName,
                {
                    vpcId: network.vpcId,
                    targetType: "ip", // awsvpc tasks register by IP
                    protocol: "HTTP",
                    port: containerPort,
                    deregistrationDelay: plan.deregistrationDelay,
                    healthCheck: {
                        enabled: true,
                        protocol: "HTTP",
                        port: "traffic-port",
                        path: plan.healthCheck.path,
                        interval: plan.healthCheck.interval,
                        timeout: plan.healthCheck.timeout,
                        healthyThreshold: plan.healthCheck.healthyThreshold,
                        unhealthyThreshold: plan.healthCheck.unhealthyThreshold,
                        matcher: plan.healthCheck.matcher,
                    },
                    tags,
                },
                { parent: this },
            );
        this.targetGroup = targetGroup(names.primaryTargetGroup);
        this.alternateTargetGroup = plan.trafficShifting ? targetGroup(names.alternateTargetGroup) : undefined;

        let production: aws.lb.Listener | undefined;
        for (const l of plan.listeners) {
            const https = l.protocol === "HTTPS";
            const listener = new aws.lb.Listener(
                `${name}-${l.protocol.toLowerCase()}`,
                {
                    loadBalancerArn: this.loadBalancer.arn,
                    port: l.port,
                    protocol: l.protocol,
                    sslPolicy: https ? TLS_POLICY : undefined,
                    certificateArn: https ? lbConfig.certificateArn : undefined,
                    defaultActions:
                        l.action === "forward"
                            ? [{ type: "forward", targetGroupArn: this.targetGroup.arn }]
                            : [
                                  {
                                      type: "redirect",
                                      redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                                  },
                              ],
                    tags,
                },
                { parent: this },
            );
            if (l.action === "forward") production ??= listener;
        }
        this.productionListener = production!;

        if (this.alternateTargetGroup) {
            const alternate = this.alternateTargetGroup;
            // ECS shifts traffic by rewriting these weights during a deployment; an `up` must not put them back.
            const rule = (suffix: string, priority: number, conditions: aws.types.input.lb.ListenerRuleCondition[]) =>
                new aws.lb.ListenerRule(
                    `${name}-${suffix}`,
                    {
                        listenerArn: this.productionListener.arn,
                        priority,
                        conditions,
                        actions: [
                            {
                                type: "forward",
                                forward: {
                                    targetGroups: [
                                        { arn: this.targetGroup.arn, weight: 100 },
                                        { arn: alternate.arn, weight: 0 },
                                    ],
                                },
                            },
                        ],
                        tags,
                    },
                    { parent: this, ignoreChanges: ["actions"] },
                );
            this.productionRule = rule("production", PRODUCTION_RULE_PRIORITY, [{ pathPattern: { values: ["/*"] } }]);
            if (plan.testRule) {
                this.testRule = rule("test", TEST_RULE_PRIORITY, [
                    { httpHeader: { httpHeaderName: plan.testRule.header, values: [plan.testRule.value] } },
                ]);
            }

            const partition = aws.getPartitionOutput({}, { parent: this }).partition;
            this.infrastructureRole = new aws.iam.Role(
                `${name}-ecs-infra`,
                {
                    description: "Lets ECS move traffic between the service's target groups during deployments",
                    // Only ECS acting for this account's services in this region (confused-deputy guard).
                    assumeRolePolicy: pulumi
                        .all([partition, aws.getCallerIdentityOutput({}, { parent: this }).accountId])
                        .apply(([p, accountId]) =>
                            JSON.stringify(ecsInfrastructureTrustDocument(accountId, args.config.region, p)),
                        ),
                    tags,
                },
                { parent: this },
            );
            new aws.iam.RolePolicyAttachment(
                `${name}-ecs-infra`,
                {
                    role: this.infrastructureRole.name,
                    policyArn: partition.apply(ecsInfrastructurePolicyArn),
                },
                { parent: this },
            );
        }

        this.dnsName = this.loadBalancer.dnsName;
        this.url = pulumi.interpolate`${lbConfig.certificateArn ? "https" : "http"}://${this.loadBalancer.dnsName}`;
        this.requestCountResourceLabel = pulumi.interpolate`${this.loadBalancer.arnSuffix}/${this.targetGroup.arnSuffix}`;

        this.registerOutputs({
            arn: this.loadBalancer.arn,
            dnsName: this.dnsName,
            url: this.url,
            securityGroupId: this.securityGroupId,
            targetGroupArn: this.targetGroup.arn,
            alternateTargetGroupArn: this.alternateTargetGroup?.arn,
        });
    }

    /** The service's `loadBalancers` entry, with the blue/green wiring when traffic shifts. */
    serviceLoadBalancers(containerName: string): aws.types.input.ecs.ServiceLoadBalancer[] {
        const advanced =
            this.alternateTargetGroup && this.productionRule && this.infrastructureRole
                ? {
                      alternateTargetGroupArn: this.alternateTargetGroup.arn,
                      productionListenerRule: this.productionRule.arn,
                      testListenerRule: this.testRule?.arn,
                      roleArn: this.infrastructureRole.arn,
                  }
                : undefined;
        return [
            {
                targetGroupArn: this.targetGroup.arn,
                containerName,
                containerPort: this.containerPort,
                advancedConfiguration: advanced,
            },
        ];
    }
}
