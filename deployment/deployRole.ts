import { elbNamePrefix } from "../core/service/names";
import type { AppStackFacts } from "./appStacks";
import { policy, PolicyDocument, Statement } from "./iamDocument";

/**
 * The permissions of one app stack's deploy role: each call the provider makes
 * to create, read, update and delete what the ecs-deploy program declares for
 * that stack, the calls the program itself makes during `pulumi up`, and
 * nothing else. Resources are the stack's own names, each pattern ending at a
 * name boundary (`<project>-<stack>-…`, `/ecs/<project>/<stack>/…`, exact
 * secret names); `*` only for actions IAM authorises on `*` alone, held to the
 * stack's region. The calls each statement covers are listed, with the
 * provider source that makes them, in test/deployment/iam.test.ts.
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

/** Registry calls of a push (and of the build cache's import and export) to one repository. */
export const ECR_PUSH_PULL = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:PutImage",
];
/** Reading an image's label: its manifest, then its config blob. */
export const ECR_READ = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** The service-linked roles ECS, ELB and Application Auto Scaling create on a first use in the account. */
const SERVICE_LINKED_ROLES: Record<string, string> = {
    "ecs.amazonaws.com": "AWSServiceRoleForECS",
    "elasticloadbalancing.amazonaws.com": "AWSServiceRoleForElasticLoadBalancing",
    "ecs.application-autoscaling.amazonaws.com": "AWSServiceRoleForApplicationAutoScaling_ECSService",
};

/** The program's own logical names for the roles it creates (components/roles.ts, components/loadBalancer.ts). */
export const ROLE_SUFFIXES = { execution: "execution", task: "task", infrastructure: "ecs-infra" } as const;

export function deployPolicy(scope: DeployScope): PolicyDocument {
    const { partition: p, accountId: acct, project, app } = scope;
    const f = app.features;
    const region = app.region;
    const name = `${project}-${app.stack}`;
    // Auto-named resources are `<logical name>-<random>`: the boundary is the dash after the stack's name.
    const named = `${name}-*`;
    const inRegion = { StringEquals: { "aws:RequestedRegion": region } };
    const arn = (service: string, resource: string) => `arn:${p}:${service}:${region}:${acct}:${resource}`;
    const role = (pattern: string) => `arn:${p}:iam::${acct}:role/${pattern}`;
    const cluster = app.clusterName ?? named;
    const clusterArn = arn("ecs", `cluster/${cluster}`);
    const logGroups = `log-group:/ecs/${project}/${app.stack}/*`;
    const wildcardOnly = (sid: string, actions: string[]): Statement => ({
        Sid: sid,
        Effect: "Allow",
        Action: actions,
        Resource: "*",
        Condition: inRegion,
    });

    const statements: Statement[] = [];
    const ecrLogin = f.build || scope.readRepositories.length > 0;
    const describeOnly: string[] = [
        ...(ecrLogin ? ["ecr:GetAuthorizationToken"] : []),
        "ecs:DescribeTaskDefinition",
        "logs:DescribeLogGroups",
        ...(app.secrets.source === "ssm" && app.secrets.managed.length > 0 ? ["ssm:DescribeParameters"] : []),
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSecurityGroupRules",
        "ec2:DescribeNetworkInterfaces",
        ...(f.createVpc
            ? [
                  "ec2:DescribeAvailabilityZones",
                  "ec2:DescribeVpcs",
                  "ec2:DescribeNetworkAcls",
                  "ec2:DescribeSubnets",
                  "ec2:DescribeRouteTables",
                  "ec2:DescribeInternetGateways",
                  "ec2:DescribeAddresses",
                  "ec2:DescribeAddressesAttribute",
                  "ec2:DescribeNatGateways",
              ]
            : f.vpcLookup
              ? ["ec2:DescribeVpcs"]
              : []),
        ...(f.loadBalancer
            ? [
                  "elasticloadbalancing:DescribeLoadBalancers",
                  "elasticloadbalancing:DescribeLoadBalancerAttributes",
                  "elasticloadbalancing:DescribeCapacityReservation",
                  "elasticloadbalancing:DescribeTargetGroups",
                  "elasticloadbalancing:DescribeTargetGroupAttributes",
                  "elasticloadbalancing:DescribeListeners",
                  "elasticloadbalancing:DescribeListenerAttributes",
                  ...(f.trafficShifting ? ["elasticloadbalancing:DescribeRules"] : []),
                  "elasticloadbalancing:DescribeTags",
              ]
            : []),
        ...(f.autoscaling
            ? ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies"]
            : []),
    ];
    // IAM authorises these on "*" only (the service reference lists no resource type for them).
    statements.push(wildcardOnly("DescribeOnWildcardOnly", describeOnly));

    statements.push({
        Sid: "EcrRepository",
        Effect: "Allow",
        Action: [
            "ecr:CreateRepository",
            "ecr:DescribeRepositories",
            "ecr:ListTagsForResource",
            "ecr:TagResource",
            "ecr:UntagResource",
            "ecr:PutImageScanningConfiguration",
            "ecr:PutImageTagMutability",
            "ecr:DeleteRepository",
            "ecr:PutLifecyclePolicy",
            "ecr:GetLifecyclePolicy",
            "ecr:DeleteLifecyclePolicy",
            // docker-build deletes the pushed manifest when the image is deleted.
            ...(f.build ? [...ECR_PUSH_PULL, "ecr:BatchDeleteImage"] : []),
        ],
        Resource: arn("ecr", `repository/${name}`),
    });
    if (scope.readRepositories.length > 0) {
        // Promotion: read the label of, and deploy, the digest another stack runs.
        statements.push({
            Sid: "EcrPromotionRead",
            Effect: "Allow",
            Action: ECR_READ,
            Resource: scope.readRepositories.map((r) => arn("ecr", `repository/${r}`)),
        });
    }

    if (app.clusterName) {
        statements.push({
            Sid: "EcsExistingCluster",
            Effect: "Allow",
            Action: "ecs:DescribeClusters",
            Resource: clusterArn,
        });
    } else {
        statements.push({
            Sid: "EcsCluster",
            Effect: "Allow",
            Action: [
                "ecs:CreateCluster",
                "ecs:DescribeClusters",
                "ecs:UpdateCluster",
                "ecs:DeleteCluster",
                "ecs:TagResource",
                "ecs:UntagResource",
            ],
            Resource: clusterArn,
        });
    }
    const serviceArn = arn("ecs", `service/${cluster}/${named}`);
    const deploymentArn = arn("ecs", `service-deployment/${cluster}/${named}`);
    statements.push(
        {
            Sid: "EcsService",
            Effect: "Allow",
            Action: [
                "ecs:CreateService",
                "ecs:DescribeServices",
                "ecs:UpdateService",
                "ecs:DeleteService",
                "ecs:TagResource",
                "ecs:UntagResource",
                // The provider's steady-state wait and the program's rollout watch both follow the service's deployments;
                // the provider's sigintRollback stops one on Ctrl-C.
                ...(f.waitForSteadyState || f.watchRollout
                    ? ["ecs:ListServiceDeployments", "ecs:DescribeServiceDeployments"]
                    : []),
                ...(f.waitForSteadyState ? ["ecs:StopServiceDeployment"] : []),
            ],
            Resource: f.waitForSteadyState || f.watchRollout ? [serviceArn, deploymentArn] : serviceArn,
        },
        {
            // One family, the stack's own name; old revisions stay registered (skipDestroy), so nothing deregisters.
            Sid: "EcsTaskDefinition",
            Effect: "Allow",
            Action: [
                "ecs:RegisterTaskDefinition",
                "ecs:TagResource",
                "ecs:UntagResource",
                ...(f.preDeploy ? ["ecs:RunTask"] : []),
            ],
            Resource: arn("ecs", `task-definition/${name}:*`),
        },
    );
    if (f.watchRollout || f.preDeploy) {
        // The rollout watcher and the pre-deploy task read the stack's tasks, in its cluster only.
        statements.push({
            Sid: "EcsTasks",
            Effect: "Allow",
            Action: ["ecs:DescribeTasks", ...(f.preDeploy ? ["ecs:StopTask"] : [])],
            Resource: arn("ecs", `task/${cluster}/*`),
        });
    }
    if (f.preDeploy) {
        // RunTask propagates the task definition's tags to the task: ECS authorises them as TagResource on create.
        statements.push({
            Sid: "EcsTagPreDeployTask",
            Effect: "Allow",
            Action: "ecs:TagResource",
            Resource: arn("ecs", `task/${cluster}/*`),
            Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
        });
    }
    if (f.watchRollout) {
        statements.push({
            Sid: "EcsListTasks",
            Effect: "Allow",
            Action: "ecs:ListTasks",
            Resource: arn("ecs", `container-instance/${cluster}/*`),
            Condition: { ArnLike: { "ecs:cluster": clusterArn } },
        });
    }

    statements.push({
        Sid: "Logs",
        Effect: "Allow",
        Action: [
            "logs:CreateLogGroup",
            "logs:PutRetentionPolicy",
            "logs:DeleteLogGroup",
            "logs:TagResource",
            "logs:UntagResource",
            "logs:ListTagsForResource",
            // Adding or removing logs.kmsKeyArn updates the groups in place.
            "logs:AssociateKmsKey",
            "logs:DisassociateKmsKey",
        ],
        Resource: arn("logs", logGroups),
    });
    if (f.preDeploy)
        statements.push({
            Sid: "PreDeployTaskLogs",
            Effect: "Allow",
            Action: "logs:GetLogEvents",
            Resource: arn("logs", `${logGroups}:log-stream:*`),
        });

    statements.push(
        {
            Sid: "IamRoles",
            Effect: "Allow",
            Action: [
                "iam:CreateRole",
                "iam:GetRole",
                "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies",
                "iam:UpdateRoleDescription",
                "iam:UpdateAssumeRolePolicy",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:ListInstanceProfilesForRole",
                "iam:DeleteRole",
                "iam:PutRolePolicy",
                "iam:GetRolePolicy",
                "iam:DeleteRolePolicy",
            ],
            Resource: role(named),
        },
        {
            Sid: "PassTaskRolesToEcsTasks",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: [role(`${name}-${ROLE_SUFFIXES.execution}-*`), role(`${name}-${ROLE_SUFFIXES.task}-*`)],
            Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
    );
    if (f.trafficShifting) {
        const infra = role(`${name}-${ROLE_SUFFIXES.infrastructure}-*`);
        statements.push(
            {
                // The one managed policy the program attaches; never AdministratorAccess or any other.
                Sid: "IamAttachEcsInfrastructurePolicy",
                Effect: "Allow",
                Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
                Resource: infra,
                Condition: {
                    ArnEquals: { "iam:PolicyARN": `arn:${p}:iam::aws:policy/${ECS_LB_INFRASTRUCTURE_POLICY}` },
                },
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

    statements.push({
        Sid: "Ec2Network",
        Effect: "Allow",
        Action: [
            ...(f.createVpc
                ? [
                      "ec2:CreateVpc",
                      "ec2:DescribeVpcAttribute",
                      "ec2:ModifyVpcAttribute",
                      "ec2:DeleteVpc",
                      "ec2:CreateSubnet",
                      "ec2:DeleteSubnet",
                      "ec2:CreateInternetGateway",
                      "ec2:AttachInternetGateway",
                      "ec2:DetachInternetGateway",
                      "ec2:DeleteInternetGateway",
                      "ec2:CreateRouteTable",
                      "ec2:DeleteRouteTable",
                      "ec2:CreateRoute",
                      "ec2:ReplaceRoute",
                      "ec2:DeleteRoute",
                      "ec2:AssociateRouteTable",
                      "ec2:ReplaceRouteTableAssociation",
                      "ec2:DisassociateRouteTable",
                      "ec2:AllocateAddress",
                      "ec2:DisassociateAddress",
                      "ec2:ReleaseAddress",
                      "ec2:CreateNatGateway",
                      "ec2:DeleteNatGateway",
                  ]
                : []),
            "ec2:CreateSecurityGroup",
            "ec2:DeleteSecurityGroup",
            // Only the load balancer adds ingress rules.
            ...(f.loadBalancer ? ["ec2:AuthorizeSecurityGroupIngress"] : []),
            "ec2:AuthorizeSecurityGroupEgress",
            "ec2:RevokeSecurityGroupIngress",
            "ec2:RevokeSecurityGroupEgress",
            "ec2:ModifySecurityGroupRules",
            "ec2:CreateTags",
            "ec2:DeleteTags",
        ],
        // Auto-named VPC resources carry no name in their ARN: held to this account and region.
        Resource: arn("ec2", "*"),
    });

    if (f.loadBalancer) {
        // Load balancer and target group names are at most 32 characters: the program names them from this prefix (core/service/names.ts).
        const elb = `${elbNamePrefix(project, app.stack)}-*`;
        statements.push({
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
                arn("elasticloadbalancing", `loadbalancer/app/${elb}`),
                arn("elasticloadbalancing", `listener/app/${elb}`),
                ...(f.trafficShifting ? [arn("elasticloadbalancing", `listener-rule/app/${elb}`)] : []),
                arn("elasticloadbalancing", `targetgroup/${elb}`),
            ],
        });
    }

    if (f.autoscaling) {
        // Scalable targets are named by a random id: held to ECS desired counts in this account and region.
        const ecsDesiredCount = {
            StringEquals: {
                "application-autoscaling:service-namespace": "ecs",
                "application-autoscaling:scalable-dimension": "ecs:service:DesiredCount",
            },
        };
        statements.push(
            {
                Sid: "ServiceAutoScaling",
                Effect: "Allow",
                Action: [
                    "application-autoscaling:RegisterScalableTarget",
                    "application-autoscaling:DeregisterScalableTarget",
                    "application-autoscaling:PutScalingPolicy",
                    "application-autoscaling:DeleteScalingPolicy",
                ],
                Resource: arn("application-autoscaling", "scalable-target/*"),
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
                Resource: arn("application-autoscaling", "scalable-target/*"),
            },
            {
                // Target tracking creates its alarms as TargetTracking-service/<cluster>/<service>-…, with the caller's permissions.
                Sid: "ScalingAlarms",
                Effect: "Allow",
                Action: ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"],
                Resource: arn("cloudwatch", `alarm:TargetTracking-service/${cluster}/${named}`),
            },
        );
    }
    if (f.alarms) {
        statements.push({
            Sid: "DeploymentAlarms",
            Effect: "Allow",
            Action: [
                "cloudwatch:PutMetricAlarm",
                "cloudwatch:DescribeAlarms",
                "cloudwatch:DeleteAlarms",
                "cloudwatch:ListTagsForResource",
                "cloudwatch:TagResource",
                "cloudwatch:UntagResource",
            ],
            Resource: arn("cloudwatch", `alarm:${named}`),
        });
    }
    statements.push(...secretStatements(scope, arn));
    return policy(...statements);
}

/** A Secrets Manager ARN pattern for a secret by name: AWS appends `-` and six random characters. */
const secretByName = (arn: (service: string, resource: string) => string, secretName: string) =>
    arn("secretsmanager", `secret:${secretName}-??????`);

function secretStatements(scope: DeployScope, arn: (service: string, resource: string) => string): Statement[] {
    const s = scope.app.secrets;
    if (s.source === "ssm") {
        const under = s.prefix.replace(/^\//, "");
        const read: Statement = {
            Sid: "SecretsRead",
            Effect: "Allow",
            Action: "ssm:GetParameter",
            Resource: arn("ssm", `parameter/${under}*`),
        };
        if (s.managed.length === 0) return [read];
        return [
            read,
            {
                Sid: "SecretsWrite",
                Effect: "Allow",
                Action: [
                    "ssm:PutParameter",
                    "ssm:DeleteParameter",
                    "ssm:AddTagsToResource",
                    "ssm:RemoveTagsFromResource",
                    "ssm:ListTagsForResource",
                ],
                Resource: s.managed.map((n) => arn("ssm", `parameter/${under}${n}`)),
            },
        ];
    }
    // Lookups read a secret's metadata only; values are read by the tasks' execution role, not here.
    const read: Statement = {
        Sid: "SecretsRead",
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
        Resource: [arn("secretsmanager", `secret:${s.prefix}*`), ...s.arns],
    };
    if (s.managed.length === 0) return [read];
    return [
        read,
        {
            Sid: "SecretsWrite",
            Effect: "Allow",
            // Exactly the secrets whose values the stack holds: written, and read back to detect drift.
            Action: [
                "secretsmanager:CreateSecret",
                "secretsmanager:UpdateSecret",
                "secretsmanager:DeleteSecret",
                "secretsmanager:TagResource",
                "secretsmanager:UntagResource",
                "secretsmanager:PutSecretValue",
                "secretsmanager:GetSecretValue",
                "secretsmanager:UpdateSecretVersionStage",
            ],
            Resource: s.managed.map((n) => secretByName(arn, `${s.prefix}${n}`)),
        },
    ];
}
