/**
 * The AWS API calls a `pulumi up` / `refresh` / `destroy` makes for each
 * resource type the app program declares, as IAM actions on the resource each
 * call is authorised against. One row per (type, operation, action), each
 * citing the provider source that makes the call (hashicorp/terraform-provider-aws,
 * which the Pulumi AWS provider wraps, or pulumi/pulumi-docker-build), plus the
 * calls the program itself makes while deploying. The IAM simulator tests hold
 * every deploy role to exactly this table: each call allowed, no other action granted.
 */
import { arnOf, everything, rows, TF } from "./providerCallRows";
import type { Call, Row, Subject } from "./providerCallRows";
import { WORKLOAD_PROVIDER_CALLS } from "./workloadProviderCalls";

export type { Call, Op, Row, Subject } from "./providerCallRows";

const waits = (inputs: Record<string, unknown>) => inputs.waitForSteadyState === true;
const ec2 = (kind: string, id: string) => (s: Subject) => ({ resource: arnOf(s, "ec2", `${kind}/${id}`) });
const repository = (s: Subject) => ({ resource: arnOf(s, "ecr", `repository/${s.name}`) });
const logGroup = (s: Subject) => ({ resource: arnOf(s, "logs", `log-group:${String(s.inputs.name)}`) });
// Role policies and attachments share their role's logical name.
const role = (s: Subject) => ({ resource: `arn:${s.partition}:iam::${s.account}:role/${s.roleName(s.logical)}` });
const ownRole = (s: Subject) => ({ resource: `arn:${s.partition}:iam::${s.account}:role/${s.physical}` });
const lb = (s: Subject) => ({
    resource: arnOf(s, "elasticloadbalancing", `loadbalancer/app/${s.loadBalancer}/50dc6c495c0c9188`),
});
const scalableTarget = (s: Subject) => ({
    resource: arnOf(s, "application-autoscaling", "scalable-target/0ec4a1b2c3d4e5f60718"),
    context: {
        "application-autoscaling:service-namespace": "ecs",
        "application-autoscaling:scalable-dimension": "ecs:service:DesiredCount",
    },
});
const secretArn = (s: Subject, name: string) => arnOf(s, "secretsmanager", `secret:${name}-AbCdEf`);

/** ECS authorises tags given on a create or register call as ecs:TagResource with ecs:CreateAction. */
const ecsTagOnCreate =
    (createAction: string, resource: (s: Subject) => string): Row["on"] =>
    (s) => ({ resource: resource(s), context: { "ecs:CreateAction": createAction } });

export const PROVIDER_CALLS: Row[] = [
    // internal/service/ecr/repository.go: CreateRepository (scan, mutability, encryption and tags in one call),
    // findRepositoryByName -> DescribeRepositories, tags interceptor -> ListTagsForResource,
    // update -> PutImageTagMutability / PutImageScanningConfiguration / TagResource / UntagResource,
    // delete -> DeleteRepository (Force from force_delete).
    ...rows(
        "aws:ecr/repository:Repository",
        `${TF} internal/service/ecr/repository.go`,
        {
            create: ["ecr:CreateRepository", "ecr:TagResource"],
            read: ["ecr:DescribeRepositories", "ecr:ListTagsForResource"],
            update: [
                "ecr:PutImageTagMutability",
                "ecr:PutImageScanningConfiguration",
                "ecr:TagResource",
                "ecr:UntagResource",
            ],
            delete: ["ecr:DeleteRepository"],
        },
        repository,
    ),
    ...rows(
        "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        `${TF} internal/service/ecr/lifecycle_policy.go`,
        {
            create: ["ecr:PutLifecyclePolicy"],
            read: ["ecr:GetLifecyclePolicy"],
            update: ["ecr:PutLifecyclePolicy"],
            delete: ["ecr:DeleteLifecyclePolicy"],
        },
        repository,
    ),
    // data source: internal/service/ecr/authorization_token_data_source.go -> GetAuthorizationToken (no resource type).
    ...rows(
        "docker-build:index:Image",
        `${TF} internal/service/ecr/authorization_token_data_source.go`,
        { create: ["ecr:GetAuthorizationToken"], read: ["ecr:GetAuthorizationToken"] },
        everything,
    ),
    // pulumi/pulumi-docker-build provider/internal/image.go: Create builds with buildkit and pushes (blob HEAD, upload, manifest PUT)
    // and imports/exports the registry cache (manifest and blob GETs); Read -> cli.Inspect -> ManifestGet;
    // Delete -> cli.Delete -> ManifestDelete (provider/internal/client.go), which ECR authorises as BatchDeleteImage.
    ...rows(
        "docker-build:index:Image",
        "pulumi/pulumi-docker-build provider/internal/image.go, provider/internal/client.go",
        {
            create: [
                "ecr:BatchCheckLayerAvailability",
                "ecr:InitiateLayerUpload",
                "ecr:UploadLayerPart",
                "ecr:CompleteLayerUpload",
                "ecr:PutImage",
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
            ],
            read: ["ecr:BatchGetImage"],
            delete: ["ecr:BatchDeleteImage"],
        },
        repository,
    ),

    // internal/service/ecs/cluster.go: CreateCluster (tags on create: ecs:TagResource with CreateAction), DescribeClusters
    // (with TAGS, SETTINGS, CONFIGURATIONS), UpdateCluster for settings/configuration, tags via TagResource/UntagResource,
    // DeleteCluster and waitClusterDeleted -> DescribeClusters.
    ...rows(
        "aws:ecs/cluster:Cluster",
        `${TF} internal/service/ecs/cluster.go`,
        {
            create: ["ecs:CreateCluster"],
            read: ["ecs:DescribeClusters"],
            update: ["ecs:UpdateCluster", "ecs:TagResource", "ecs:UntagResource"],
            delete: ["ecs:DeleteCluster"],
        },
        (s) => ({ resource: arnOf(s, "ecs", `cluster/${s.physical}`) }),
    ),
    ...rows(
        "aws:ecs/cluster:Cluster",
        `${TF} internal/service/ecs/cluster.go`,
        { create: ["ecs:TagResource"] },
        ecsTagOnCreate("CreateCluster", (s) => arnOf(s, "ecs", `cluster/${s.physical}`)),
    ),
    // internal/service/ecs/cluster_capacity_providers.go: create and update -> PutClusterCapacityProviders (retried) then
    // waitClusterAvailable -> DescribeClusters, and a read; read -> FindClusterByNameOrARN -> DescribeClusters;
    // delete -> PutClusterCapacityProviders with empty lists, then waitClusterAvailable. On the stack's cluster.
    ...rows(
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
        `${TF} internal/service/ecs/cluster_capacity_providers.go`,
        {
            create: ["ecs:DescribeClusters"],
            read: ["ecs:DescribeClusters"],
            update: ["ecs:DescribeClusters"],
            delete: ["ecs:PutClusterCapacityProviders", "ecs:DescribeClusters"],
        },
        (s) => ({ resource: arnOf(s, "ecs", `cluster/${s.cluster}`) }),
    ),
    // The put names its providers, which IAM sees as ecs:capacity-provider (the IAM service reference's condition key).
    ...rows(
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
        `${TF} internal/service/ecs/cluster_capacity_providers.go`,
        { create: ["ecs:PutClusterCapacityProviders"], update: ["ecs:PutClusterCapacityProviders"] },
        (s) => ({
            resource: arnOf(s, "ecs", `cluster/${s.cluster}`),
            context: { "ecs:capacity-provider": (s.inputs.capacityProviders as string[]) ?? [] },
        }),
    ),
    // internal/service/ecs/service.go: CreateService / UpdateService, DescribeServices (Include TAGS) for read and waits;
    // waitServiceStable (wait_for_steady_state) -> ListServiceDeployments on the service and DescribeServiceDeployments
    // on service-deployment/...; sigint_rollback -> StopServiceDeployment; delete scales to 0 with UpdateService, then DeleteService.
    ...rows(
        "aws:ecs/service:Service",
        `${TF} internal/service/ecs/service.go`,
        {
            create: ["ecs:CreateService", "ecs:DescribeServices"],
            read: ["ecs:DescribeServices"],
            update: ["ecs:UpdateService", "ecs:TagResource", "ecs:UntagResource"],
            delete: ["ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices"],
        },
        (s) => ({ resource: arnOf(s, "ecs", `service/${s.cluster}/${s.physical}`) }),
    ),
    ...rows(
        "aws:ecs/service:Service",
        `${TF} internal/service/ecs/service.go`,
        { create: ["ecs:ListServiceDeployments"], update: ["ecs:ListServiceDeployments"] },
        (s) => ({ resource: arnOf(s, "ecs", `service/${s.cluster}/${s.physical}`) }),
        waits,
    ),
    ...rows(
        "aws:ecs/service:Service",
        `${TF} internal/service/ecs/service.go`,
        { create: ["ecs:TagResource"] },
        ecsTagOnCreate("CreateService", (s) => arnOf(s, "ecs", `service/${s.cluster}/${s.physical}`)),
    ),
    ...rows(
        "aws:ecs/service:Service",
        `${TF} internal/service/ecs/service.go`,
        {
            create: ["ecs:DescribeServiceDeployments"],
            update: ["ecs:DescribeServiceDeployments", "ecs:StopServiceDeployment"],
        },
        (s) => ({ resource: arnOf(s, "ecs", `service-deployment/${s.cluster}/${s.physical}/Qm9ZuGzC3cz2xXSp0Tqof`) }),
        waits,
    ),
    // internal/service/ecs/task_definition.go: RegisterTaskDefinition (tags on register: TagResource with CreateAction),
    // DescribeTaskDefinition (Include TAGS; no resource type), tags-only change -> TagResource/UntagResource on the revision;
    // skip_destroy: true, so delete calls nothing.
    ...rows(
        "aws:ecs/taskDefinition:TaskDefinition",
        `${TF} internal/service/ecs/task_definition.go`,
        {
            create: ["ecs:RegisterTaskDefinition"],
            update: ["ecs:TagResource", "ecs:UntagResource"],
        },
        (s) => ({ resource: arnOf(s, "ecs", `task-definition/${String(s.inputs.family)}:7`) }),
    ),
    ...rows(
        "aws:ecs/taskDefinition:TaskDefinition",
        `${TF} internal/service/ecs/task_definition.go`,
        { create: ["ecs:TagResource"] },
        ecsTagOnCreate("RegisterTaskDefinition", (s) =>
            arnOf(s, "ecs", `task-definition/${String(s.inputs.family)}:7`),
        ),
    ),
    ...rows(
        "aws:ecs/taskDefinition:TaskDefinition",
        `${TF} internal/service/ecs/task_definition.go`,
        { read: ["ecs:DescribeTaskDefinition"] },
        everything,
    ),
    // RegisterTaskDefinition with executionRoleArn/taskRoleArn passes both roles to ECS tasks.
    ...rows(
        "aws:ecs/taskDefinition:TaskDefinition",
        `${TF} internal/service/ecs/task_definition.go`,
        { create: ["iam:PassRole"] },
        (s) => ({
            resource: `arn:${s.partition}:iam::${s.account}:role/${s.roleName(`${s.name}-execution`)}`,
            context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
        }),
    ),
    ...rows(
        "aws:ecs/taskDefinition:TaskDefinition",
        `${TF} internal/service/ecs/task_definition.go`,
        { create: ["iam:PassRole"] },
        (s) => ({
            resource: `arn:${s.partition}:iam::${s.account}:role/${s.roleName(`${s.name}-task`)}`,
            context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
        }),
    ),

    // internal/service/logs/group.go: CreateLogGroup (tags and kms_key_id on create), PutRetentionPolicy, DescribeLogGroups
    // (by prefix; no resource type), tags interceptor -> ListTagsForResource, TagResource/UntagResource,
    // a kms_key_id change -> AssociateKmsKey / DisassociateKmsKey, DeleteLogGroup.
    // resourceGroupUpdate: `if d.HasChange("retention_in_days") { if v, ok := d.GetOk(...); ok { PutRetentionPolicy }
    // else { DeleteRetentionPolicy } }`: retention_in_days becoming 0 (logs.retentionDays: 0, "never expire") deletes it.
    ...rows(
        "aws:cloudwatch/logGroup:LogGroup",
        `${TF} internal/service/logs/group.go`,
        {
            create: ["logs:CreateLogGroup", "logs:TagResource", "logs:PutRetentionPolicy"],
            read: ["logs:ListTagsForResource"],
            update: [
                "logs:PutRetentionPolicy",
                "logs:DeleteRetentionPolicy",
                "logs:AssociateKmsKey",
                "logs:DisassociateKmsKey",
                "logs:TagResource",
                "logs:UntagResource",
            ],
            delete: ["logs:DeleteLogGroup"],
        },
        logGroup,
    ),
    ...rows(
        "aws:cloudwatch/logGroup:LogGroup",
        `${TF} internal/service/logs/group.go`,
        { read: ["logs:DescribeLogGroups"] },
        everything,
    ),

    // internal/service/iam/role.go: CreateRole (tags: TagRole), GetRole, readRoleInlinePolicies -> ListRolePolicies,
    // ListAttachedRolePolicies; update -> UpdateAssumeRolePolicy / UpdateRoleDescription / TagRole / UntagRole;
    // delete -> deleteRoleInstanceProfiles (ListInstanceProfilesForRole), DeleteRole.
    // resourceRoleUpdate: `if d.HasChange("max_session_duration") { ... conn.UpdateRole(ctx, &input) }`. The program never
    // sets it (the provider's default 3600 stays), so only a refresh that reads back a duration changed outside Pulumi
    // makes that diff; `up --refresh` then puts it back.
    ...rows(
        "aws:iam/role:Role",
        `${TF} internal/service/iam/role.go`,
        {
            create: ["iam:CreateRole", "iam:TagRole"],
            read: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"],
            update: [
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRoleDescription",
                "iam:UpdateRole",
                "iam:TagRole",
                "iam:UntagRole",
            ],
            delete: ["iam:ListInstanceProfilesForRole", "iam:DeleteRole"],
        },
        ownRole,
    ),
    ...rows(
        "aws:iam/rolePolicy:RolePolicy",
        `${TF} internal/service/iam/role_policy.go`,
        {
            create: ["iam:PutRolePolicy"],
            read: ["iam:GetRolePolicy"],
            update: ["iam:PutRolePolicy"],
            delete: ["iam:DeleteRolePolicy"],
        },
        role,
    ),
    ...rows(
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        `${TF} internal/service/iam/role_policy_attachment.go`,
        { create: ["iam:AttachRolePolicy"], read: ["iam:ListAttachedRolePolicies"], delete: ["iam:DetachRolePolicy"] },
        (s) => ({
            ...role(s),
            context: { "iam:PolicyARN": String(s.inputs.policyArn) },
        }),
    ),

    // internal/service/ec2/vpc_.go: CreateVpc (tags: CreateTags with CreateAction), ModifyVpcAttribute for DNS hostnames,
    // read: DescribeVpcs, DescribeVpcAttribute, the main route table, default network ACL and default security group; DeleteVpc.
    ...rows(
        "aws:ec2/vpc:Vpc",
        `${TF} internal/service/ec2/vpc_.go`,
        {
            create: ["ec2:CreateVpc", "ec2:ModifyVpcAttribute"],
            update: ["ec2:ModifyVpcAttribute"],
            delete: ["ec2:DeleteVpc"],
        },
        ec2("vpc", "vpc-0a1b2c3d"),
    ),
    ...rows(
        "aws:ec2/vpc:Vpc",
        `${TF} internal/service/ec2/vpc_.go`,
        { create: ["ec2:CreateTags"], update: ["ec2:CreateTags", "ec2:DeleteTags"] },
        (s) => ({ ...ec2("vpc", "vpc-0a1b2c3d")(s), context: { "ec2:CreateAction": "CreateVpc" } }),
    ),
    ...rows(
        "aws:ec2/vpc:Vpc",
        `${TF} internal/service/ec2/vpc_.go`,
        { read: ["ec2:DescribeVpcAttribute"] },
        ec2("vpc", "vpc-0a1b2c3d"),
    ),
    ...rows(
        "aws:ec2/vpc:Vpc",
        `${TF} internal/service/ec2/vpc_.go`,
        {
            read: [
                "ec2:DescribeVpcs",
                "ec2:DescribeRouteTables",
                "ec2:DescribeNetworkAcls",
                "ec2:DescribeSecurityGroups",
            ],
        },
        everything,
    ),
    // internal/service/ec2/vpc_default_security_group.go: adopts the group, revokes its rules, tags it.
    ...rows(
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        `${TF} internal/service/ec2/vpc_default_security_group.go`,
        {
            create: ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:CreateTags"],
            update: ["ec2:CreateTags", "ec2:DeleteTags"],
        },
        ec2("security-group", "sg-0default"),
    ),
    ...rows(
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        `${TF} internal/service/ec2/vpc_default_security_group.go`,
        { read: ["ec2:DescribeSecurityGroups"] },
        everything,
    ),
    // internal/service/ec2/vpc_internet_gateway.go: CreateInternetGateway, AttachInternetGateway, DescribeInternetGateways,
    // delete -> DetachInternetGateway, DeleteInternetGateway.
    ...rows(
        "aws:ec2/internetGateway:InternetGateway",
        `${TF} internal/service/ec2/vpc_internet_gateway.go`,
        {
            create: ["ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:CreateTags"],
            update: ["ec2:CreateTags", "ec2:DeleteTags"],
            delete: ["ec2:DetachInternetGateway", "ec2:DeleteInternetGateway"],
        },
        ec2("internet-gateway", "igw-0a1b2c3d"),
    ),
    ...rows(
        "aws:ec2/internetGateway:InternetGateway",
        `${TF} internal/service/ec2/vpc_internet_gateway.go`,
        { read: ["ec2:DescribeInternetGateways"] },
        everything,
    ),
    // internal/service/ec2/vpc_subnet.go: CreateSubnet, DescribeSubnets, DeleteSubnet (after deleteLingeringENIs -> DescribeNetworkInterfaces).
    // resourceSubnetUpdate: each changed attribute (map_public_ip_on_launch, enable_dns64, the resource-name DNS records,
    // ...) -> ModifySubnetAttribute. On create, modifySubnetAttributesOnCreate calls it only for a value that differs from
    // the new subnet's (`old != new`); the program's subnets send the new-subnet values (mapPublicIpOnLaunch: false), so
    // the call comes on an update that puts back an attribute changed outside Pulumi.
    ...rows(
        "aws:ec2/subnet:Subnet",
        `${TF} internal/service/ec2/vpc_subnet.go`,
        {
            create: ["ec2:CreateSubnet", "ec2:CreateTags"],
            update: ["ec2:ModifySubnetAttribute", "ec2:CreateTags", "ec2:DeleteTags"],
            delete: ["ec2:DeleteSubnet"],
        },
        ec2("subnet", "subnet-0a1b2c3d"),
    ),
    ...rows(
        "aws:ec2/subnet:Subnet",
        `${TF} internal/service/ec2/vpc_subnet.go`,
        { read: ["ec2:DescribeSubnets"], delete: ["ec2:DescribeNetworkInterfaces"] },
        everything,
    ),
    // internal/service/ec2/vpc_route_table.go: CreateRouteTable, inline routes -> CreateRoute / ReplaceRoute / DeleteRoute,
    // DescribeRouteTables, delete -> DisassociateRouteTable for each association, DeleteRouteTable.
    ...rows(
        "aws:ec2/routeTable:RouteTable",
        `${TF} internal/service/ec2/vpc_route_table.go`,
        {
            create: ["ec2:CreateRouteTable", "ec2:CreateRoute", "ec2:CreateTags"],
            update: ["ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute", "ec2:CreateTags", "ec2:DeleteTags"],
            delete: ["ec2:DisassociateRouteTable", "ec2:DeleteRouteTable"],
        },
        ec2("route-table", "rtb-0a1b2c3d"),
    ),
    ...rows(
        "aws:ec2/routeTable:RouteTable",
        `${TF} internal/service/ec2/vpc_route_table.go`,
        { read: ["ec2:DescribeRouteTables"] },
        everything,
    ),
    // internal/service/ec2/vpc_route_table_association.go: AssociateRouteTable, read by DescribeRouteTables,
    // a new route table -> ReplaceRouteTableAssociation, delete -> DisassociateRouteTable.
    ...rows(
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        `${TF} internal/service/ec2/vpc_route_table_association.go`,
        {
            create: ["ec2:AssociateRouteTable"],
            update: ["ec2:ReplaceRouteTableAssociation"],
            delete: ["ec2:DisassociateRouteTable"],
        },
        ec2("route-table", "rtb-0a1b2c3d"),
    ),
    ...rows(
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        `${TF} internal/service/ec2/vpc_route_table_association.go`,
        { read: ["ec2:DescribeRouteTables"] },
        everything,
    ),
    // internal/service/ec2/ec2_eip.go: AllocateAddress, DescribeAddresses, DescribeAddressesAttribute (domain name),
    // delete -> disassociateEIP (DisassociateAddress when associated, e.g. to the NAT gateway after a refresh), ReleaseAddress.
    ...rows(
        "aws:ec2/eip:Eip",
        `${TF} internal/service/ec2/ec2_eip.go`,
        {
            create: ["ec2:AllocateAddress", "ec2:CreateTags"],
            update: ["ec2:CreateTags", "ec2:DeleteTags"],
            delete: ["ec2:DisassociateAddress", "ec2:ReleaseAddress"],
        },
        ec2("elastic-ip", "eipalloc-0a1b2c3d"),
    ),
    ...rows(
        "aws:ec2/eip:Eip",
        `${TF} internal/service/ec2/ec2_eip.go`,
        { read: ["ec2:DescribeAddresses", "ec2:DescribeAddressesAttribute"] },
        everything,
    ),
    // internal/service/ec2/vpc_nat_gateway.go: CreateNatGateway, DescribeNatGateways, DeleteNatGateway.
    ...rows(
        "aws:ec2/natGateway:NatGateway",
        `${TF} internal/service/ec2/vpc_nat_gateway.go`,
        {
            create: ["ec2:CreateNatGateway", "ec2:CreateTags"],
            update: ["ec2:CreateTags", "ec2:DeleteTags"],
            delete: ["ec2:DeleteNatGateway"],
        },
        ec2("natgateway", "nat-0a1b2c3d"),
    ),
    ...rows(
        "aws:ec2/natGateway:NatGateway",
        `${TF} internal/service/ec2/vpc_nat_gateway.go`,
        { read: ["ec2:DescribeNatGateways"] },
        everything,
    ),
    // internal/service/ec2/vpc_security_group.go: CreateSecurityGroup, then revokes the default egress rule;
    // DescribeSecurityGroups; delete -> revoke_rules_on_delete (RevokeSecurityGroupIngress/Egress), deleteLingeringENIs
    // (DescribeNetworkInterfaces), DeleteSecurityGroup.
    ...rows(
        "aws:ec2/securityGroup:SecurityGroup",
        `${TF} internal/service/ec2/vpc_security_group.go`,
        {
            create: ["ec2:CreateSecurityGroup", "ec2:RevokeSecurityGroupEgress", "ec2:CreateTags"],
            update: ["ec2:CreateTags", "ec2:DeleteTags"],
            delete: ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:DeleteSecurityGroup"],
        },
        ec2("security-group", "sg-0a1b2c3d"),
    ),
    ...rows(
        "aws:ec2/securityGroup:SecurityGroup",
        `${TF} internal/service/ec2/vpc_security_group.go`,
        { read: ["ec2:DescribeSecurityGroups"], delete: ["ec2:DescribeNetworkInterfaces"] },
        everything,
    ),
    // internal/service/ec2/vpc_security_group_ingress_rule.go (and its egress twin): Authorize*, DescribeSecurityGroupRules,
    // ModifySecurityGroupRules, Revoke*.
    ...rows(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        `${TF} internal/service/ec2/vpc_security_group_ingress_rule.go`,
        {
            create: ["ec2:AuthorizeSecurityGroupIngress"],
            update: ["ec2:ModifySecurityGroupRules"],
            delete: ["ec2:RevokeSecurityGroupIngress"],
        },
        ec2("security-group", "sg-0a1b2c3d"),
    ),
    ...rows(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        `${TF} internal/service/ec2/vpc_security_group_ingress_rule.go`,
        { read: ["ec2:DescribeSecurityGroupRules"] },
        everything,
    ),
    ...rows(
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        `${TF} internal/service/ec2/vpc_security_group_egress_rule.go`,
        {
            create: ["ec2:AuthorizeSecurityGroupEgress"],
            update: ["ec2:ModifySecurityGroupRules"],
            delete: ["ec2:RevokeSecurityGroupEgress"],
        },
        ec2("security-group", "sg-0a1b2c3d"),
    ),
    ...rows(
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        `${TF} internal/service/ec2/vpc_security_group_egress_rule.go`,
        { read: ["ec2:DescribeSecurityGroupRules"] },
        everything,
    ),

    // internal/service/elbv2/load_balancer.go: CreateLoadBalancer (tags), ModifyLoadBalancerAttributes (drop_invalid_header_fields,
    // deletion protection), SetSecurityGroups / SetSubnets on change; read: DescribeLoadBalancers, DescribeLoadBalancerAttributes,
    // DescribeCapacityReservation, DescribeTags; delete: DeleteLoadBalancer, then waits for its network interfaces (DescribeNetworkInterfaces).
    ...rows(
        "aws:lb/loadBalancer:LoadBalancer",
        `${TF} internal/service/elbv2/load_balancer.go`,
        {
            create: [
                "elasticloadbalancing:CreateLoadBalancer",
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
            ],
            update: [
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets",
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:RemoveTags",
            ],
            delete: ["elasticloadbalancing:DeleteLoadBalancer"],
        },
        lb,
    ),
    ...rows(
        "aws:lb/loadBalancer:LoadBalancer",
        `${TF} internal/service/elbv2/load_balancer.go`,
        {
            read: [
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeCapacityReservation",
                "elasticloadbalancing:DescribeTags",
            ],
            delete: ["ec2:DescribeNetworkInterfaces"],
        },
        everything,
    ),
    // internal/service/elbv2/target_group.go: CreateTargetGroup, ModifyTargetGroupAttributes, ModifyTargetGroup (health check),
    // DescribeTargetGroups, DescribeTargetGroupAttributes, DescribeTags, DeleteTargetGroup.
    ...rows(
        "aws:lb/targetGroup:TargetGroup",
        `${TF} internal/service/elbv2/target_group.go`,
        {
            create: [
                "elasticloadbalancing:CreateTargetGroup",
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:ModifyTargetGroupAttributes",
            ],
            update: [
                "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:RemoveTags",
            ],
            delete: ["elasticloadbalancing:DeleteTargetGroup"],
        },
        (s) => ({ resource: arnOf(s, "elasticloadbalancing", `targetgroup/${s.physical}/73e2d6bc24d8a067`) }),
    ),
    ...rows(
        "aws:lb/targetGroup:TargetGroup",
        `${TF} internal/service/elbv2/target_group.go`,
        {
            read: [
                "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetGroupAttributes",
                "elasticloadbalancing:DescribeTags",
            ],
        },
        everything,
    ),
    // internal/service/elbv2/listener.go: CreateListener, ModifyListenerAttributes, DescribeListeners, DescribeListenerAttributes,
    // ModifyListener, DeleteListener.
    // IAM authorises CreateListener on the load balancer it adds to, CreateRule on the listener.
    ...rows(
        "aws:lb/listener:Listener",
        `${TF} internal/service/elbv2/listener.go`,
        { create: ["elasticloadbalancing:CreateListener"] },
        lb,
    ),
    ...rows(
        "aws:lb/listener:Listener",
        `${TF} internal/service/elbv2/listener.go`,
        {
            create: ["elasticloadbalancing:AddTags", "elasticloadbalancing:ModifyListenerAttributes"],
            update: [
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:RemoveTags",
            ],
            delete: ["elasticloadbalancing:DeleteListener"],
        },
        (s) => ({
            resource: arnOf(
                s,
                "elasticloadbalancing",
                `listener/app/${s.loadBalancer}/50dc6c495c0c9188/f2f7dc8efc522ab2`,
            ),
        }),
    ),
    ...rows(
        "aws:lb/listener:Listener",
        `${TF} internal/service/elbv2/listener.go`,
        {
            read: [
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeListenerAttributes",
                "elasticloadbalancing:DescribeTags",
            ],
        },
        everything,
    ),
    // internal/service/elbv2/listener_rule.go: CreateRule, DescribeRules, ModifyRule, SetRulePriorities, DeleteRule.
    ...rows(
        "aws:lb/listenerRule:ListenerRule",
        `${TF} internal/service/elbv2/listener_rule.go`,
        { create: ["elasticloadbalancing:CreateRule"] },
        (s) => ({
            resource: arnOf(
                s,
                "elasticloadbalancing",
                `listener/app/${s.loadBalancer}/50dc6c495c0c9188/f2f7dc8efc522ab2`,
            ),
        }),
    ),
    ...rows(
        "aws:lb/listenerRule:ListenerRule",
        `${TF} internal/service/elbv2/listener_rule.go`,
        {
            create: ["elasticloadbalancing:AddTags"],
            update: [
                "elasticloadbalancing:ModifyRule",
                "elasticloadbalancing:SetRulePriorities",
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:RemoveTags",
            ],
            delete: ["elasticloadbalancing:DeleteRule"],
        },
        (s) => ({
            resource: arnOf(
                s,
                "elasticloadbalancing",
                `listener-rule/app/${s.loadBalancer}/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`,
            ),
        }),
    ),
    ...rows(
        "aws:lb/listenerRule:ListenerRule",
        `${TF} internal/service/elbv2/listener_rule.go`,
        { read: ["elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags"] },
        everything,
    ),

    // internal/service/cloudwatch/metric_alarm.go: PutMetricAlarm (create and update; tags on create -> TagResource),
    // DescribeAlarms, tags interceptor -> ListTagsForResource, TagResource/UntagResource, DeleteAlarms.
    ...rows(
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        `${TF} internal/service/cloudwatch/metric_alarm.go`,
        {
            create: ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource"],
            read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
            update: ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
            delete: ["cloudwatch:DeleteAlarms"],
        },
        (s) => ({ resource: arnOf(s, "cloudwatch", `alarm:${s.physical}`) }),
    ),

    // internal/service/appautoscaling/target.go: RegisterScalableTarget (create and update, tags -> TagResource),
    // DescribeScalableTargets, ListTagsForResource, DeregisterScalableTarget.
    ...rows(
        "aws:appautoscaling/target:Target",
        `${TF} internal/service/appautoscaling/target.go`,
        {
            create: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:TagResource"],
            read: ["application-autoscaling:ListTagsForResource"],
            update: [
                "application-autoscaling:RegisterScalableTarget",
                "application-autoscaling:TagResource",
                "application-autoscaling:UntagResource",
            ],
            delete: ["application-autoscaling:DeregisterScalableTarget"],
        },
        scalableTarget,
    ),
    ...rows(
        "aws:appautoscaling/target:Target",
        `${TF} internal/service/appautoscaling/target.go`,
        { read: ["application-autoscaling:DescribeScalableTargets"] },
        everything,
    ),
    // internal/service/appautoscaling/policy.go: PutScalingPolicy, DescribeScalingPolicies, DeleteScalingPolicy.
    ...rows(
        "aws:appautoscaling/policy:Policy",
        `${TF} internal/service/appautoscaling/policy.go`,
        {
            create: ["application-autoscaling:PutScalingPolicy"],
            update: ["application-autoscaling:PutScalingPolicy"],
            delete: ["application-autoscaling:DeleteScalingPolicy"],
        },
        scalableTarget,
    ),
    ...rows(
        "aws:appautoscaling/policy:Policy",
        `${TF} internal/service/appautoscaling/policy.go`,
        { read: ["application-autoscaling:DescribeScalingPolicies"] },
        everything,
    ),
    // Application Auto Scaling's target tracking creates and deletes its CloudWatch alarms with the caller's permissions
    // (its user guide: PutScalingPolicy needs cloudwatch:PutMetricAlarm and DescribeAlarms, DeleteScalingPolicy cloudwatch:DeleteAlarms).
    ...rows(
        "aws:appautoscaling/policy:Policy",
        `${TF} internal/service/appautoscaling/policy.go`,
        {
            create: ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms"],
            delete: ["cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"],
        },
        (s) => ({
            resource: arnOf(
                s,
                "cloudwatch",
                `alarm:TargetTracking-service/${s.cluster}/${s.service}-AlarmHigh-6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`,
            ),
        }),
    ),

    // internal/service/secretsmanager/secret.go: CreateSecret (tags), DescribeSecret, GetResourcePolicy, UpdateSecret (kms key,
    // description), TagResource/UntagResource, DeleteSecret (recovery window).
    ...rows(
        "aws:secretsmanager/secret:Secret",
        `${TF} internal/service/secretsmanager/secret.go`,
        {
            create: ["secretsmanager:CreateSecret", "secretsmanager:TagResource"],
            read: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
            update: ["secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:UntagResource"],
            delete: ["secretsmanager:DeleteSecret"],
        },
        (s) => ({ resource: secretArn(s, String(s.inputs.name)) }),
    ),
    // internal/service/secretsmanager/secret_version.go: PutSecretValue, read -> GetSecretValue, delete -> UpdateSecretVersionStage
    // (removes the stages other than AWSCURRENT from the replaced version), then GetSecretValue until it is gone.
    ...rows(
        "aws:secretsmanager/secretVersion:SecretVersion",
        `${TF} internal/service/secretsmanager/secret_version.go`,
        {
            create: ["secretsmanager:PutSecretValue"],
            read: ["secretsmanager:GetSecretValue"],
            delete: ["secretsmanager:UpdateSecretVersionStage", "secretsmanager:GetSecretValue"],
        },
        (s) => ({ resource: secretArn(s, s.physical) }),
    ),
    // internal/service/ssm/parameter.go: PutParameter (tags: AddTagsToResource), GetParameter, DescribeParameters (no resource type),
    // ListTagsForResource, AddTagsToResource/RemoveTagsFromResource, DeleteParameter.
    ...rows(
        "aws:ssm/parameter:Parameter",
        `${TF} internal/service/ssm/parameter.go`,
        {
            create: ["ssm:PutParameter", "ssm:AddTagsToResource"],
            read: ["ssm:GetParameter", "ssm:ListTagsForResource"],
            update: ["ssm:PutParameter", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource"],
            delete: ["ssm:DeleteParameter"],
        },
        (s) => ({ resource: arnOf(s, "ssm", `parameter/${String(s.inputs.name).replace(/^\//, "")}`) }),
    ),
    ...rows(
        "aws:ssm/parameter:Parameter",
        `${TF} internal/service/ssm/parameter.go`,
        { read: ["ssm:DescribeParameters"] },
        everything,
    ),
    ...WORKLOAD_PROVIDER_CALLS,
];

/** Data sources the program reads, by what it looks up. */
export const LOOKUPS = {
    // internal/service/secretsmanager/secret_data_source.go: DescribeSecret, GetResourcePolicy.
    secret: {
        source: `${TF} internal/service/secretsmanager/secret_data_source.go`,
        actions: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
    },
    // internal/service/ssm/parameter_data_source.go: GetParameter (with_decryption false).
    parameter: { source: `${TF} internal/service/ssm/parameter_data_source.go`, actions: ["ssm:GetParameter"] },
    // internal/service/ec2/ec2_availability_zones_data_source.go: DescribeAvailabilityZones.
    zones: {
        source: `${TF} internal/service/ec2/ec2_availability_zones_data_source.go`,
        actions: ["ec2:DescribeAvailabilityZones"],
    },
    // internal/service/ec2/vpc_data_source.go: DescribeVpcs.
    vpc: { source: `${TF} internal/service/ec2/vpc_data_source.go`, actions: ["ec2:DescribeVpcs"] },
    // internal/service/ecs/cluster_data_source.go: DescribeClusters.
    cluster: { source: `${TF} internal/service/ecs/cluster_data_source.go`, actions: ["ecs:DescribeClusters"] },
} as const;

/**
 * Service-linked roles ECS, ELB and Application Auto Scaling create with the caller's
 * iam:CreateServiceLinkedRole on their first use in an account (each service's guide,
 * "Using service-linked roles"): on CreateCluster/CreateService, CreateLoadBalancer, RegisterScalableTarget.
 */
export const SERVICE_LINKED_ROLES: { type: string; service: string; role: string }[] = [
    { type: "aws:ecs/service:Service", service: "ecs.amazonaws.com", role: "AWSServiceRoleForECS" },
    {
        type: "aws:lb/loadBalancer:LoadBalancer",
        service: "elasticloadbalancing.amazonaws.com",
        role: "AWSServiceRoleForElasticLoadBalancing",
    },
    {
        type: "aws:appautoscaling/target:Target",
        service: "ecs.application-autoscaling.amazonaws.com",
        role: "AWSServiceRoleForApplicationAutoScaling_ECSService",
    },
];

/**
 * Calls the program itself makes from the deploy role during `pulumi up` (the same code as `npm run wait`
 * and `npm run task`): the rollout watcher (components/ecsRollout.ts), the pre-deploy one-off task
 * (components/ecsTask.ts), and the deployment alarms it declares.
 */
export interface ProgramCallScope {
    partition: string;
    account: string;
    region: string;
    name: string;
    cluster: string;
    service: string;
    family: string;
    logGroup: string;
    roleName: (logical: string) => string;
}

export function rolloutWatcherCalls(s: ProgramCallScope): Call[] {
    const ecs = (r: string) => `arn:${s.partition}:ecs:${s.region}:${s.account}:${r}`;
    return [
        { action: "ecs:DescribeServices", resource: ecs(`service/${s.cluster}/${s.service}`) },
        { action: "ecs:ListServiceDeployments", resource: ecs(`service/${s.cluster}/${s.service}`) },
        {
            action: "ecs:DescribeServiceDeployments",
            resource: ecs(`service-deployment/${s.cluster}/${s.service}/Qm9ZuGzC3cz2xXSp0Tqof`),
        },
        {
            action: "ecs:ListTasks",
            resource: ecs(`container-instance/${s.cluster}/*`),
            context: { "ecs:cluster": ecs(`cluster/${s.cluster}`) },
        },
        { action: "ecs:DescribeTasks", resource: ecs(`task/${s.cluster}/0f4e3b0a2b6c4d8e9f1a2b3c4d5e6f70`) },
    ];
}

/** The rollout watch with service.failFast: it rolls the failing deployment back (StopServiceDeployment, stopType ROLLBACK). */
export function failFastCalls(s: ProgramCallScope): Call[] {
    const ecs = (r: string) => `arn:${s.partition}:ecs:${s.region}:${s.account}:${r}`;
    return [
        {
            action: "ecs:StopServiceDeployment",
            resource: ecs(`service-deployment/${s.cluster}/${s.service}/Qm9ZuGzC3cz2xXSp0Tqof`),
        },
    ];
}

export function preDeployCalls(s: ProgramCallScope): Call[] {
    const ecs = (r: string) => `arn:${s.partition}:ecs:${s.region}:${s.account}:${r}`;
    const task = ecs(`task/${s.cluster}/0f4e3b0a2b6c4d8e9f1a2b3c4d5e6f70`);
    return [
        { action: "ecs:DescribeTaskDefinition", resource: "*" },
        {
            action: "ecs:RunTask",
            resource: ecs(`task-definition/${s.family}:7`),
            context: { "ecs:cluster": ecs(`cluster/${s.cluster}`) },
        },
        { action: "ecs:DescribeTasks", resource: task },
        { action: "ecs:StopTask", resource: task },
        // The task definition's tags propagate to the task (propagateTags), which ECS authorises as TagResource on create.
        { action: "ecs:TagResource", resource: task, context: { "ecs:CreateAction": "RunTask" } },
        ...["execution", "task"].map((r) => ({
            action: "iam:PassRole",
            resource: `arn:${s.partition}:iam::${s.account}:role/${s.roleName(`${s.name}-${r}`)}`,
            context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
        })),
        {
            action: "logs:GetLogEvents",
            resource: `arn:${s.partition}:logs:${s.region}:${s.account}:log-group:${s.logGroup}:log-stream:web/web/0f4e3b0a2b6c4d8e9f1a2b3c4d5e6f70`,
        },
    ];
}

export function deploymentAlarmCalls(s: ProgramCallScope): Call[] {
    const alarm = `arn:${s.partition}:cloudwatch:${s.region}:${s.account}:alarm:${s.name}-web-5xx`;
    return [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
    ].map((action) => ({ action, resource: alarm }));
}
