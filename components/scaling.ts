import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AutoscalingConfig } from "../core/config/types";
import { PREDEFINED_METRICS, SCALE_IN_COOLDOWN_SECONDS, SCALE_OUT_COOLDOWN_SECONDS } from "../core/service/scaling";

export interface ServiceScalingArgs {
    autoscaling: AutoscalingConfig;
    clusterName: pulumi.Input<string>;
    serviceName: pulumi.Input<string>;
    /** `app/<alb>/<id>/targetgroup/<tg>/<id>`; required for the requests metric. */
    requestCountResourceLabel?: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Target-tracking autoscaling of the service's desired count between config's min and max. */
export class ServiceScaling extends pulumi.ComponentResource {
    readonly target: aws.appautoscaling.Target;
    readonly policy: aws.appautoscaling.Policy;

    constructor(name: string, args: ServiceScalingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:ServiceScaling", name, {}, opts);
        const a = args.autoscaling;
        if (a.metric === "requests" && args.requestCountResourceLabel === undefined)
            throw new Error("the requests metric needs the load balancer's resource label");

        this.target = new aws.appautoscaling.Target(
            name,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
                minCapacity: a.minCount,
                maxCapacity: a.maxCount,
                tags: args.tags,
            },
            { parent: this },
        );
        this.policy = new aws.appautoscaling.Policy(
            `${name}-${a.metric}`,
            {
                policyType: "TargetTrackingScaling",
                serviceNamespace: this.target.serviceNamespace,
                scalableDimension: this.target.scalableDimension,
                resourceId: this.target.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: a.target,
                    predefinedMetricSpecification: {
                        predefinedMetricType: PREDEFINED_METRICS[a.metric],
                        resourceLabel: a.metric === "requests" ? args.requestCountResourceLabel : undefined,
                    },
                    scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
                    scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
                },
            },
            { parent: this },
        );
        this.registerOutputs({ resourceId: this.target.resourceId, policyArn: this.policy.arn });
    }
}
