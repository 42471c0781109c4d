import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../core/config/types";
import { FARGATE_CAPACITY_PROVIDERS } from "../core/service/capacity";

export interface ClusterArgs {
    cluster: StackConfig["cluster"];
    /** The cluster config names, as looked up before any resource (components/lookups.ts). */
    existing?: { arn: string; name: string };
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The ECS cluster: a new one with Container Insights, or an existing one by
 * name (looked up before any resource, so a typo fails the preview rather than the deployment).
 */
export class Cluster extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;
    /** Undefined when an existing cluster is reused. */
    readonly cluster?: aws.ecs.Cluster;
    /**
     * FARGATE and FARGATE_SPOT on a created cluster; undefined for an existing one, whose providers
     * this program does not change (the README says it must offer them for service.capacity).
     */
    readonly capacityProviders?: aws.ecs.ClusterCapacityProviders;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:Cluster", name, {}, opts);
        const cfg = args.cluster;
        if (cfg.name) {
            if (!args.existing) throw new Error(`cluster ${cfg.name} was not looked up`);
            this.arn = pulumi.output(args.existing.arn);
            this.name = pulumi.output(args.existing.name);
        } else {
            this.cluster = new aws.ecs.Cluster(
                name,
                {
                    // "enabled" gives service- and task-level metrics; "enhanced" adds per-container ones at a higher price.
                    settings: [{ name: "containerInsights", value: cfg.containerInsights ? "enabled" : "disabled" }],
                    tags: args.tags,
                },
                { parent: this },
            );
            this.arn = this.cluster.arn;
            this.name = this.cluster.name;
            // ECS refuses a service strategy naming a provider the cluster lacks; no default strategy,
            // so a service without one keeps its launch type.
            this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
                name,
                { clusterName: this.cluster.name, capacityProviders: [...FARGATE_CAPACITY_PROVIDERS] },
                { parent: this },
            );
        }
        this.registerOutputs({ arn: this.arn, name: this.name });
    }
}
