import * as aws from "@pulumi/aws";
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../core/config/types";
import { capacityProviderStrategy } from "../core/service/capacity";
import { deploymentSettings } from "../core/service/strategy";
import { serviceTimeouts } from "../core/service/timeouts";
import type { LoadBalancer } from "./loadBalancer";
import type { Network } from "./network";
import { ServiceScaling } from "./scaling";

export interface AppServiceArgs {
    /** The web's service section, or a worker's (core/service/worker.ts). */
    service: StackConfig["service"];
    clusterArn: pulumi.Input<string>;
    /** For the autoscaling resource id (service/<cluster>/<service>). */
    clusterName: pulumi.Input<string>;
    taskDefinitionArn: pulumi.Input<string>;
    containerName: string;
    containerPort: number;
    network: Network;
    /** Required when service.loadBalancer is set. */
    loadBalancer?: LoadBalancer;
    /** CloudWatch alarms ECS watches during a deployment and rolls back on. */
    alarmNames?: pulumi.Input<string[]>;
    /** Steps that must succeed before the service moves to a new task definition (the pre-deploy task). */
    after?: pulumi.Resource[];
    /**
     * What the first tasks need before they start: the execution role's policy
     * (pull, logs, secrets), the log groups, the managed secrets' values.
     * A component stands for all its children.
     */
    waitFor: pulumi.Resource[];
    /** The cluster's FARGATE and FARGATE_SPOT providers, when the program manages them (a created cluster). */
    capacityProviders?: pulumi.Resource;
    /** The task definition's containers as checked before deploying, for the rollout's worst case. */
    containerDefinitions: unknown;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The Fargate service. A rollout that does not become healthy, or trips a
 * deployment alarm, is rolled back by ECS; the RolloutWatch step after it
 * (components/deployGates.ts) turns that outcome into a failed `pulumi up`.
 */
export class AppService extends pulumi.ComponentResource {
    readonly service: aws.ecs.Service;
    readonly name: pulumi.Output<string>;
    /** The service ARN. */
    readonly arn: pulumi.Output<string>;
    readonly scaling?: ServiceScaling;
    /** Changes whenever an input that starts a deployment or changes its course does. */
    readonly fingerprint: pulumi.Output<string>;

    constructor(name: string, args: AppServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:AppService", name, {}, opts);
        const svc = args.service;
        const lb = args.loadBalancer;
        if (svc.loadBalancer && !lb) throw new Error("service.loadBalancer is set: pass the LoadBalancer component");
        if (svc.strategy !== "ROLLING" && !lb?.alternateTargetGroup)
            throw new Error(`${svc.strategy} needs a LoadBalancer with an alternate target group`);
        const deploy = deploymentSettings(svc, lb !== undefined);
        const timeouts = serviceTimeouts(svc, args.containerDefinitions);

        this.service = new aws.ecs.Service(
            name,
            {
                cluster: args.clusterArn,
                taskDefinition: args.taskDefinitionArn,
                // ECS CreateService: "If a capacityProviderStrategy is specified, the launchType parameter must be omitted"
                // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html);
                // the provider's schema marks them ConflictsWith each other (internal/service/ecs/service.go).
                // The provider refuses to change the strategy of a running service without forceNewDeployment
                // (internal/service/ecs/service.go capacityProviderStrategyCustomizeDiff), so a stack can add or reweigh it.
                ...(svc.capacity
                    ? { capacityProviderStrategies: capacityProviderStrategy(svc.capacity), forceNewDeployment: true }
                    : { launchType: "FARGATE" }),
                platformVersion: "LATEST",
                desiredCount: svc.desiredCount,
                ...deploy,
                enableExecuteCommand: svc.enableExecuteCommand,
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                networkConfiguration: {
                    subnets: args.network.privateSubnetIds,
                    securityGroups: args.network.taskSecurityGroupIds,
                    assignPublicIp: args.network.assignPublicIp,
                },
                loadBalancers: lb ? lb.serviceLoadBalancers(args.containerName) : undefined,
                alarms: args.alarmNames ? { alarmNames: args.alarmNames, enable: true, rollback: true } : undefined,
                tags: args.tags,
            },
            {
                parent: this,
                // Listeners, rules and the ECS infrastructure role must exist before ECS attaches the target groups;
                // the execution policy and the tasks' egress (rule, private routes, NAT) before a task can pull or read secrets.
                // A strategy naming a provider the cluster lacks is refused, so the cluster's providers come first.
                dependsOn: [
                    ...(lb ? [lb] : []),
                    ...args.waitFor,
                    ...args.network.taskEgress,
                    ...(args.after ?? []),
                    ...(svc.capacity && args.capacityProviders ? [args.capacityProviders] : []),
                ],
                // `up` waits for the rollout; the provider's 20 minutes would cut a long bake or linear shift short.
                customTimeouts: { create: timeouts.create, update: timeouts.update },
                // The autoscaler owns the count once it is on; `up` must not reset it.
                ignoreChanges: svc.autoscaling ? ["desiredCount"] : [],
            },
        );
        this.name = this.service.name;
        this.arn = this.service.arn;
        const s = this.service;
        this.fingerprint = pulumi
            .all<unknown>([
                s.taskDefinition,
                s.desiredCount,
                s.networkConfiguration,
                s.loadBalancers,
                s.deploymentConfiguration,
                s.deploymentCircuitBreaker,
                s.alarms,
                s.platformVersion,
                s.enableExecuteCommand,
                s.healthCheckGracePeriodSeconds,
                s.deploymentMinimumHealthyPercent,
                s.deploymentMaximumPercent,
                // Only with a strategy, so a stack without one keeps its fingerprint.
                ...(svc.capacity ? [s.capacityProviderStrategies] : []),
            ] as pulumi.Output<unknown>[])
            .apply((v) => createHash("sha256").update(JSON.stringify(v)).digest("hex").slice(0, 16));

        if (svc.autoscaling) {
            this.scaling = new ServiceScaling(
                `${name}-scaling`,
                {
                    autoscaling: svc.autoscaling,
                    clusterName: args.clusterName,
                    serviceName: this.service.name,
                    requestCountResourceLabel: lb?.requestCountResourceLabel,
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        this.registerOutputs({ name: this.name, arn: this.arn });
    }
}
