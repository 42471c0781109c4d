import { FAILED_ALARM_SUFFIX } from "../../core/config/workloads";
import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

/** What the provider calls to manage a metric alarm and its tags. */
const ALARM_ACTIONS = [
    "cloudwatch:PutMetricAlarm",
    "cloudwatch:DescribeAlarms",
    "cloudwatch:DeleteAlarms",
    "cloudwatch:ListTagsForResource",
    "cloudwatch:TagResource",
    "cloudwatch:UntagResource",
];

/** Target tracking's alarms (with autoscaling), the deployment alarms (with service.alarms) and each job's failed-start alarm. */
export function cloudwatchStatements(n: StackNames): IamStatement[] {
    const f = n.features;
    const statements: IamStatement[] = [];
    if (f.autoscaling) {
        statements.push({
            // Target tracking creates its alarms as TargetTracking-service/<cluster>/<service>-…, with the caller's permissions.
            Sid: "ScalingAlarms",
            Effect: "Allow",
            Action: ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"],
            Resource: n.arn("cloudwatch", `alarm:TargetTracking-service/${n.cluster}/${n.named}`),
        });
    }
    if (f.alarms) {
        statements.push({
            Sid: "DeploymentAlarms",
            Effect: "Allow",
            Action: ALARM_ACTIONS,
            Resource: n.arn("cloudwatch", `alarm:${n.named}`),
        });
    }
    if (n.app.jobs.length > 0) {
        statements.push({
            // A job's alarm on its dead-letter queue, auto-named `<project>-<stack>-<job>-failed-<7 hex>` (components/scheduledJob.ts).
            Sid: "JobAlarms",
            Effect: "Allow",
            Action: ALARM_ACTIONS,
            Resource: n.app.jobs.map((j) => n.arn("cloudwatch", `alarm:${n.name}-${j}${FAILED_ALARM_SUFFIX}-*`)),
        });
    }
    return statements;
}
