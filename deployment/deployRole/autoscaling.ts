import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

export function autoscalingWildcardOnlyActions(n: StackNames): string[] {
    return n.features.autoscaling
        ? ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies"]
        : [];
}

export function autoscalingStatements(n: StackNames): IamStatement[] {
    if (!n.features.autoscaling) return [];
    // Scalable targets are named by a random id: held to ECS desired counts in this account and region.
    const ecsDesiredCount = {
        StringEquals: {
            "application-autoscaling:service-namespace": "ecs",
            "application-autoscaling:scalable-dimension": "ecs:service:DesiredCount",
        },
    };
    return [
        {
            Sid: "ServiceAutoScaling",
            Effect: "Allow",
            Action: [
                "application-autoscaling:RegisterScalableTarget",
                "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:DeleteScalingPolicy",
            ],
            Resource: n.arn("application-autoscaling", "scalable-target/*"),
            Condition: ecsDesiredCount,
        },
        {
            Sid: "ServiceAutoScalingTags",
            Effect: "Allow",
            Action: [
                "application-autoscaling:TagResource",
                "application-autoscaling:UntagResource",
                "application-autoscaling:ListTagsForResource",
            ],
            Resource: n.arn("application-autoscaling", "scalable-target/*"),
        },
    ];
}
