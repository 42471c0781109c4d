import { elbNamePrefix } from "../../core/service/names";
import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

export function elbWildcardOnlyActions(n: StackNames): string[] {
    const f = n.features;
    if (!f.loadBalancer) return [];
    return [
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerAttributes",
        ...(f.trafficShifting ? ["elasticloadbalancing:DescribeRules"] : []),
        "elasticloadbalancing:DescribeTags",
    ];
}

export function elbStatements(n: StackNames): IamStatement[] {
    const f = n.features;
    if (!f.loadBalancer) return [];
    // Load balancer and target group names are at most 32 characters:
    // the program names them from this prefix (core/service/names.ts).
    const elb = `${elbNamePrefix(n.scope.project, n.app.stack)}-*`;
    return [
        {
            Sid: "ElbLoadBalancer",
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:CreateLoadBalancer",
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets",
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:CreateTargetGroup",
                "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:CreateListener",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:DeleteListener",
                ...(f.trafficShifting
                    ? [
                          "elasticloadbalancing:CreateRule",
                          "elasticloadbalancing:ModifyRule",
                          "elasticloadbalancing:SetRulePriorities",
                          "elasticloadbalancing:DeleteRule",
                      ]
                    : []),
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:RemoveTags",
            ],
            Resource: [
                n.arn("elasticloadbalancing", `loadbalancer/app/${elb}`),
                n.arn("elasticloadbalancing", `listener/app/${elb}`),
                ...(f.trafficShifting ? [n.arn("elasticloadbalancing", `listener-rule/app/${elb}`)] : []),
                n.arn("elasticloadbalancing", `targetgroup/${elb}`),
            ],
        },
    ];
}
