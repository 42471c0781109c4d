import { ecsInfrastructurePolicyArn } from "../../core/iam/roleDocuments";
import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

/** The service-linked roles ECS, ELB and Application Auto Scaling create on a first use in the account. */
const SERVICE_LINKED_ROLES: Record<string, string> = {
    "ecs.amazonaws.com": "AWSServiceRoleForECS",
    "elasticloadbalancing.amazonaws.com": "AWSServiceRoleForElasticLoadBalancing",
    "ecs.application-autoscaling.amazonaws.com": "AWSServiceRoleForApplicationAutoScaling_ECSService",
};

/** The program's own logical names for the roles it creates (components/roles.ts, components/loadBalancer.ts). */
export const ROLE_SUFFIXES = { execution: "execution", task: "task", infrastructure: "ecs-infra" } as const;

/** The stack's own roles, passed only to the service that uses each, and the service-linked roles its services need. */
export function iamStatements(n: StackNames): IamStatement[] {
    const f = n.features;
    const { name, role } = n;
    const statements: IamStatement[] = [
        {
            Sid: "IamRoles",
            Effect: "Allow",
            Action: [
                "iam:CreateRole",
                "iam:GetRole",
                "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies",
                "iam:UpdateRoleDescription",
                // A max session duration changed outside Pulumi is put back with UpdateRole on `up --refresh`.
                "iam:UpdateRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:ListInstanceProfilesForRole",
                "iam:DeleteRole",
                "iam:PutRolePolicy",
                "iam:GetRolePolicy",
                "iam:DeleteRolePolicy",
            ],
            Resource: role(n.named),
        },
        {
            Sid: "PassTaskRolesToEcsTasks",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: [role(`${name}-${ROLE_SUFFIXES.execution}-*`), role(`${name}-${ROLE_SUFFIXES.task}-*`)],
            Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
    ];
    if (f.trafficShifting) {
        const infra = role(`${name}-${ROLE_SUFFIXES.infrastructure}-*`);
        statements.push(
            {
                // The one managed policy the program attaches; never AdministratorAccess or any other.
                Sid: "IamAttachEcsInfrastructurePolicy",
                Effect: "Allow",
                Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
                Resource: infra,
                Condition: { ArnEquals: { "iam:PolicyARN": ecsInfrastructurePolicyArn(n.scope.partition) } },
            },
            // ECS moves traffic between the target groups with the load balancer's infrastructure role.
            {
                Sid: "PassInfrastructureRoleToEcs",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: infra,
                Condition: { StringEquals: { "iam:PassedToService": "ecs.amazonaws.com" } },
            },
        );
    }
    const linked = Object.keys(SERVICE_LINKED_ROLES).filter(
        (s) =>
            s === "ecs.amazonaws.com" ||
            (f.loadBalancer && s.startsWith("elastic")) ||
            (f.autoscaling && s.includes("autoscaling")),
    );
    statements.push({
        Sid: "ServiceLinkedRoles",
        Effect: "Allow",
        Action: "iam:CreateServiceLinkedRole",
        Resource: linked.map((s) => role(`aws-service-role/${s}/${SERVICE_LINKED_ROLES[s]}`)),
        Condition: { StringEquals: { "iam:AWSServiceName": linked } },
    });
    return statements;
}
