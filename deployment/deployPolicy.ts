import type { AppStackFacts } from "./appStacks";
import { policy, PolicyDocument, Statement } from "./policyDocument";

/**
 * The permissions of one app stack's deploy role: what the ecs-deploy program
 * manages for that stack and nothing else. Resources are scoped by the names
 * the program gives them (`<project>-<stack>…`, `/ecs/<project>/<stack>/…`,
 * the stack's secret prefix) wherever the service supports resource-level
 * permissions; the few actions AWS only authorises on "*" are listed one by
 * one and held to the stack's region.
 */
export interface DeployScope {
    partition: string;
    accountId: string;
    /** The app's Pulumi project, e.g. ecs-deploy. */
    project: string;
    app: AppStackFacts;
    /** ECR repositories of other stacks whose images this stack deploys (promotion). */
    readRepositories: string[];
}

/** The AWS-managed policy the program attaches to the load balancer's ECS infrastructure role, and the only one. */
export const ECS_LB_INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForLoadBalancers";

const SERVICE_LINKED = ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "ecs.application-autoscaling.amazonaws.com"];

export const ECR_PUSH_PULL = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:PutImage",
];
export const ECR_READ = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages"];

/** A Secrets Manager ARN without its random suffix matches the secret with any suffix. */
function secretArnPattern(arn: string): string {
    return /-[A-Za-z0-9]{6}$/.test(arn) ? arn : `${arn}-??????`;
}

export function deployPolicy(scope: DeployScope): PolicyDocument {
    const { partition: p, accountId: acct, project, app } = scope;
    const region = app.region;
    const name = `${project}-${app.stack}`;
    const inRegion = { StringEquals: { "aws:RequestedRegion": region } };
    const arn = (service: string, resource: string, r = region) => `arn:${p}:${service}:${r}:${acct}:${resource}`;
    const role = (pattern: string) => `arn:${p}:iam::${acct}:role/${pattern}`;

    const statements: Statement[] = [
        // ECR hands out registry tokens for "*" only.
        { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*", Condition: inRegion },
        {
            Sid: "EcrRepository",
            Effect: "Allow",
            Action: [
                "ecr:CreateRepository",
                "ecr:DeleteRepository",
                "ecr:DescribeRepositories",
                "ecr:DescribeImages",
                "ecr:ListImages",
                "ecr:ListTagsForResource",
                "ecr:TagResource",
                "ecr:UntagResource",
                "ecr:PutImageScanningConfiguration",
                "ecr:PutImageTagMutability",
                "ecr:GetLifecyclePolicy",
                "ecr:PutLifecyclePolicy",
                "ecr:DeleteLifecyclePolicy",
                "ecr:GetRepositoryPolicy",
                ...ECR_PUSH_PULL,
            ],
            Resource: arn("ecr", `repository/${name}`),
        },
    ];
    if (scope.readRepositories.length > 0) {
        // Promotion: read the label of, and deploy, the digest another stack runs.
        statements.push({ Sid: "EcrPromotionRead", Effect: "Allow", Action: ECR_READ, Resource: scope.readRepositories.map((r) => arn("ecr", `repository/${r}`)) });
    }

    statements.push(
        {
            Sid: "EcsCluster",
            Effect: "Allow",
            Action: ["ecs:CreateCluster", "ecs:DeleteCluster", "ecs:DescribeClusters", "ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:PutClusterCapacityProviders", "ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource"],
            Resource: arn("ecs", `cluster/${name}*`),
        },
        {
            Sid: "EcsService",
            Effect: "Allow",
            Action: ["ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices", "ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource"],
            Resource: arn("ecs", `service/*/${name}*`),
        },
        // Task definitions are authorised on "*"; registering one that uses a role still needs iam:PassRole below.
        { Sid: "EcsTaskDefinitions", Effect: "Allow", Action: ["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition"], Resource: "*", Condition: inRegion },
        {
            Sid: "EcsTagTaskDefinitionsOnRegister",
            Effect: "Allow",
            Action: "ecs:TagResource",
            Resource: arn("ecs", "task-definition/*"),
            Condition: { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } },
        },
    );
    if (app.clusterName) {
        statements.push({ Sid: "EcsExistingCluster", Effect: "Allow", Action: "ecs:DescribeClusters", Resource: arn("ecs", `cluster/${app.clusterName}`) });
    }

    statements.push(
        {
            Sid: "Logs",
            Effect: "Allow",
            Action: [
                "logs:CreateLogGroup",
                "logs:DeleteLogGroup",
                "logs:PutRetentionPolicy",
                "logs:DeleteRetentionPolicy",
                "logs:AssociateKmsKey",
                "logs:DisassociateKmsKey",
                "logs:TagResource",
                "logs:UntagResource",
                "logs:ListTagsForResource",
                "logs:TagLogGroup",
                "logs:UntagLogGroup",
                "logs:ListTagsLogGroup",
            ],
            Resource: arn("logs", `log-group:/ecs/${project}/${app.stack}/*`),
        },
        { Sid: "LogsDescribe", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: arn("logs", "log-group:*") },
        {
            Sid: "IamRoles",
            Effect: "Allow",
            Action: [
                "iam:CreateRole",
                "iam:DeleteRole",
                "iam:GetRole",
                "iam:UpdateRole",
                "iam:UpdateRoleDescription",
                "iam:UpdateAssumeRolePolicy",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:ListRoleTags",
                "iam:PutRolePolicy",
                "iam:GetRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole",
            ],
            Resource: role(`${name}*`),
        },
        {
            // The one managed policy the program attaches; never AdministratorAccess or any other.
            Sid: "IamAttachEcsInfrastructurePolicy",
            Effect: "Allow",
            Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
            Resource: role(`${name}*`),
            Condition: { ArnEquals: { "iam:PolicyARN": `arn:${p}:iam::aws:policy/${ECS_LB_INFRASTRUCTURE_POLICY}` } },
        },
        {
            Sid: "PassTaskRolesToEcsTasks",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: role(`${name}*`),
            Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
        {
            // Blue/green and traffic shifting: ECS moves traffic with the load balancer's infrastructure role.
            Sid: "PassInfrastructureRoleToEcs",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: role(`${name}-ecs-infra*`),
            Condition: { StringEquals: { "iam:PassedToService": "ecs.amazonaws.com" } },
        },
        {
            Sid: "ServiceLinkedRoles",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: role("aws-service-role/*"),
            Condition: { StringEquals: { "iam:AWSServiceName": SERVICE_LINKED } },
        },
        // EC2 has no resource-level permissions for Describe calls.
        { Sid: "Ec2Read", Effect: "Allow", Action: "ec2:Describe*", Resource: "*", Condition: inRegion },
        {
            Sid: "Ec2Network",
            Effect: "Allow",
            Action: [
                "ec2:CreateVpc",
                "ec2:DeleteVpc",
                "ec2:ModifyVpcAttribute",
                "ec2:CreateSubnet",
                "ec2:DeleteSubnet",
                "ec2:ModifySubnetAttribute",
                "ec2:CreateInternetGateway",
                "ec2:DeleteInternetGateway",
                "ec2:AttachInternetGateway",
                "ec2:DetachInternetGateway",
                "ec2:CreateRouteTable",
                "ec2:DeleteRouteTable",
                "ec2:CreateRoute",
                "ec2:DeleteRoute",
                "ec2:ReplaceRoute",
                "ec2:AssociateRouteTable",
                "ec2:DisassociateRouteTable",
                "ec2:AllocateAddress",
                "ec2:ReleaseAddress",
                "ec2:CreateNatGateway",
                "ec2:DeleteNatGateway",
                "ec2:CreateSecurityGroup",
                "ec2:DeleteSecurityGroup",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:ModifySecurityGroupRules",
                "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
                "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
                "ec2:CreateTags",
                "ec2:DeleteTags",
            ],
            // Auto-named VPC resources carry no name in their ARN: held to this account and region.
            Resource: arn("ec2", "*"),
        },
        { Sid: "ElbRead", Effect: "Allow", Action: "elasticloadbalancing:Describe*", Resource: "*", Condition: inRegion },
        {
            Sid: "ElbLoadBalancer",
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:CreateLoadBalancer",
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets",
                "elasticloadbalancing:SetIpAddressType",
                "elasticloadbalancing:CreateTargetGroup",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:CreateListener",
                "elasticloadbalancing:DeleteListener",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:CreateRule",
                "elasticloadbalancing:DeleteRule",
                "elasticloadbalancing:ModifyRule",
                "elasticloadbalancing:SetRulePriorities",
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:RemoveTags",
            ],
            // Load balancer and target group names are truncated to 32 characters, but keep this prefix.
            Resource: [
                arn("elasticloadbalancing", `loadbalancer/app/${name}*`),
                arn("elasticloadbalancing", `listener/app/${name}*`),
                arn("elasticloadbalancing", `listener-rule/app/${name}*`),
                arn("elasticloadbalancing", `targetgroup/${name}*`),
            ],
        },
        {
            Sid: "ServiceAutoScaling",
            Effect: "Allow",
            Action: [
                "application-autoscaling:RegisterScalableTarget",
                "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:DescribeScalableTargets",
                "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:DeleteScalingPolicy",
                "application-autoscaling:DescribeScalingPolicies",
                "application-autoscaling:DescribeScalingActivities",
                "application-autoscaling:TagResource",
                "application-autoscaling:UntagResource",
                "application-autoscaling:ListTagsForResource",
            ],
            Resource: "*",
            Condition: inRegion,
        },
        {
            // Target tracking creates its alarms as TargetTracking-service/<cluster>/<service>-…
            Sid: "ScalingAlarms",
            Effect: "Allow",
            Action: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms"],
            Resource: arn("cloudwatch", `alarm:TargetTracking-service/*/${name}*`),
        },
        ...secretStatements(scope, arn),
    );
    return policy(...statements);
}

function secretStatements(scope: DeployScope, arn: (service: string, resource: string) => string): Statement[] {
    const s = scope.app.secrets;
    if (s.source === "ssm") {
        const under = arn("ssm", `parameter/${s.prefix.replace(/^\//, "")}*`);
        const read: Statement = { Sid: "SecretsRead", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: under };
        if (!s.managed) return [read];
        return [
            read,
            {
                Sid: "SecretsWrite",
                Effect: "Allow",
                Action: ["ssm:PutParameter", "ssm:DeleteParameter", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"],
                Resource: under,
            },
            { Sid: "SecretsDescribe", Effect: "Allow", Action: "ssm:DescribeParameters", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": scope.app.region } } },
        ];
    }
    const under = [arn("secretsmanager", `secret:${s.prefix}*`), ...s.arns.map(secretArnPattern)];
    // Lookups read a secret's metadata only; values are read by the tasks' execution role, not here.
    const read: Statement = { Sid: "SecretsRead", Effect: "Allow", Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"], Resource: under };
    if (!s.managed) return [read];
    return [
        read,
        {
            Sid: "SecretsWrite",
            Effect: "Allow",
            // The program writes the values the stack holds, and reads them back to detect drift.
            Action: ["secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:UpdateSecret", "secretsmanager:PutSecretValue", "secretsmanager:GetSecretValue", "secretsmanager:TagResource", "secretsmanager:UntagResource"],
            Resource: arn("secretsmanager", `secret:${s.prefix}*`),
        },
    ];
}
