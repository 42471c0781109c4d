import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../core/service/alarms";

export interface DeploymentAlarmsArgs {
    specs: AlarmSpec[];
    /** `app/<alb>/<id>`: the LoadBalancer dimension of AWS/ApplicationELB metrics. */
    loadBalancerArnSuffix: pulumi.Input<string>;
    /** `targetgroup/<tg>/<id>`: the TargetGroup dimension. */
    targetGroupArnSuffix: pulumi.Input<string>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * CloudWatch alarms on the service's target group that ECS watches during a
 * deployment and rolls back on: the 5xx share of requests (metric math, so a
 * quiet service does not alarm on a single error) and the unhealthy host count.
 */
export class DeploymentAlarms extends pulumi.ComponentResource {
    readonly alarms: aws.cloudwatch.MetricAlarm[];
    readonly names: pulumi.Output<string[]>;

    constructor(name: string, args: DeploymentAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:DeploymentAlarms", name, {}, opts);
        const dimensions = { LoadBalancer: args.loadBalancerArnSuffix, TargetGroup: args.targetGroupArnSuffix };
        this.alarms = args.specs.map((s) => {
            const common = {
                name: s.name,
                alarmDescription: s.description,
                evaluationPeriods: s.evaluationPeriods,
                datapointsToAlarm: s.evaluationPeriods,
                // No traffic or no targets yet is not a failed deployment.
                treatMissingData: "notBreaching",
                tags: args.tags,
            };
            const metric = (metricName: string, stat: string) => ({
                namespace: "AWS/ApplicationELB",
                metricName,
                dimensions,
                period: s.periodSeconds,
                stat,
            });
            const shape =
                s.kind === "target5xxRate"
                    ? {
                          comparisonOperator: "GreaterThanThreshold",
                          threshold: s.threshold,
                          metricQueries: [
                              {
                                  id: "rate",
                                  label: "5xx % of requests",
                                  expression: "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)",
                                  returnData: true,
                              },
                              { id: "errors", metric: metric("HTTPCode_Target_5XX_Count", "Sum"), returnData: false },
                              { id: "requests", metric: metric("RequestCount", "Sum"), returnData: false },
                          ],
                      }
                    : {
                          comparisonOperator: "GreaterThanOrEqualToThreshold",
                          threshold: s.threshold,
                          namespace: "AWS/ApplicationELB",
                          metricName: "UnHealthyHostCount",
                          dimensions,
                          period: s.periodSeconds,
                          statistic: "Maximum",
                      };
            return new aws.cloudwatch.MetricAlarm(s.name, { ...common, ...shape }, { parent: this });
        });
        this.names = pulumi.all(this.alarms.map((a) => a.name));
        this.registerOutputs({ names: this.names });
    }
}
