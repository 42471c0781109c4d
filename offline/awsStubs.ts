import * as crypto from "node:crypto";

/**
 * Deterministic stand-ins for AWS answers, for offline runs (render, tests).
 * They play AWS's part only: every value is what AWS would return in shape,
 * with a fixed account and stable identifiers.
 */
export const OFFLINE_ACCOUNT = "123456789012";

export interface Answers {
    region: string;
    /** Secret names / parameter paths that do not exist. */
    missingSecrets: string[];
    /** Other stacks' outputs, by "org/project/stack", for StackReferences. */
    stackOutputs: Record<string, Record<string, unknown>>;
    /** Secrets Manager's random ARN suffix; render shows "??????" so the placeholder is obvious. */
    secretSuffix: (name: string) => string;
    /** Images ECR holds, by repository name; a repository not listed does not exist yet. */
    ecrImages?: Record<string, { imageTag?: string; imageDigest: string }[]>;
    /** Outputs for a stack that stackOutputs does not list (offline: a stand-in for this project's own stacks). */
    otherStack?: (name: string) => Record<string, unknown> | undefined;
    /** The region's available zones (default: its a, b and c). */
    zones?: string[];
    /** VPC ids, subnet ids and cluster names that do not exist. */
    missingResources?: string[];
    /** Existing subnets' VPC and zone, by id; an unlisted subnet is in the VPC asked about, in a zone picked from its id. */
    subnets?: Record<string, { vpcId?: string; availabilityZone?: string }>;
    /** The VPC an unlisted subnet is in: the stack's vpcId. */
    vpcIdOfSubnets?: string;
}

const zonesOf = (a: Answers) => a.zones ?? ["a", "b", "c"].map((z) => `${a.region}${z}`);

export const hash = (v: unknown) =>
    crypto
        .createHash("sha256")
        .update(JSON.stringify(v ?? null))
        .digest("hex");

export function resourceState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    a: Answers,
): Record<string, unknown> {
    const acct = OFFLINE_ACCOUNT;
    const r = a.region;
    const physical = String(inputs.name ?? name);
    switch (type) {
        case "pulumi:pulumi:StackReference":
            return {
                outputs: a.stackOutputs[String(inputs.name)] ?? a.otherStack?.(String(inputs.name)) ?? {},
                secretOutputNames: [],
            };
        case "aws:ecr/repository:Repository":
            return {
                arn: `arn:aws:ecr:${r}:${acct}:repository/${physical}`,
                registryId: acct,
                repositoryUrl: `${acct}.dkr.ecr.${r}.amazonaws.com/${physical}`,
                name: physical,
            };
        case "aws:iam/role:Role":
            return { arn: `arn:aws:iam::${acct}:role/${physical}`, name: physical };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: `arn:aws:logs:${r}:${acct}:log-group:${physical}`, name: physical };
        case "aws:ecs/taskDefinition:TaskDefinition":
            return { arn: `arn:aws:ecs:${r}:${acct}:task-definition/${String(inputs.family)}:1`, revision: 1 };
        case "aws:ecs/cluster:Cluster":
            return { arn: `arn:aws:ecs:${r}:${acct}:cluster/${physical}`, name: physical };
        case "aws:ecs/service:Service":
            return { name: physical, arn: `arn:aws:ecs:${r}:${acct}:service/${physical}` };
        case "aws:secretsmanager/secret:Secret":
            return {
                arn: `arn:aws:secretsmanager:${r}:${acct}:secret:${physical}-${a.secretSuffix(physical)}`,
                name: physical,
            };
        case "aws:ssm/parameter:Parameter":
            return { arn: `arn:aws:ssm:${r}:${acct}:parameter/${physical.replace(/^\//, "")}`, name: physical };
        case "aws:lb/loadBalancer:LoadBalancer":
            return {
                arn: `arn:aws:elasticloadbalancing:${r}:${acct}:loadbalancer/app/${physical}/0123456789abcdef`,
                arnSuffix: `app/${physical}/0123456789abcdef`,
                dnsName: `${physical}-123456789.${r}.elb.amazonaws.com`,
                zoneId: "Z23TAZW6A9HXX8",
            };
        case "aws:lb/targetGroup:TargetGroup":
            return {
                arn: `arn:aws:elasticloadbalancing:${r}:${acct}:targetgroup/${physical}/0123456789abcdef`,
                arnSuffix: `targetgroup/${physical}/0123456789abcdef`,
            };
        case "aws:lb/listener:Listener":
            return {
                arn: `arn:aws:elasticloadbalancing:${r}:${acct}:listener/app/${name}/0123456789abcdef/0123456789abcdef`,
            };
        case "aws:lb/listenerRule:ListenerRule":
            return {
                arn: `arn:aws:elasticloadbalancing:${r}:${acct}:listener-rule/app/${name}/0123456789abcdef/0123456789abcdef/0123456789abcdef`,
            };
        // ARN and URL shapes: the Scheduler, SQS and CloudWatch API references (CreateSchedule's ScheduleArn,
        // CreateScheduleGroup's ScheduleGroupArn, GetQueueAttributes' QueueArn and CreateQueue's QueueUrl, AlarmArn).
        case "aws:scheduler/schedule:Schedule": {
            // No group_name puts the schedule in the account's "default" group (tf:scheduler/schedule.go).
            const group = String(inputs.groupName ?? "default");
            return {
                arn: `arn:aws:scheduler:${r}:${acct}:schedule/${group}/${physical}`,
                name: physical,
                groupName: group,
            };
        }
        case "aws:scheduler/scheduleGroup:ScheduleGroup":
            return {
                arn: `arn:aws:scheduler:${r}:${acct}:schedule-group/${physical}`,
                name: physical,
                state: "ACTIVE",
            };
        case "aws:sqs/queue:Queue":
            return {
                arn: `arn:aws:sqs:${r}:${acct}:${physical}`,
                url: `https://sqs.${r}.amazonaws.com/${acct}/${physical}`,
                name: physical,
            };
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            return { arn: `arn:aws:cloudwatch:${r}:${acct}:alarm:${physical}`, name: physical };
        case "docker-build:index:Image": {
            const digest = `sha256:${hash({ ...inputs, registries: undefined })}`;
            return {
                digest,
                ref: `${String((inputs.tags as string[] | undefined)?.[0] ?? name)}@${digest}`,
                contextHash: hash(inputs.context),
            };
        }
        default:
            return { arn: `arn:aws:${type.split(":")[1]?.split("/")[0] ?? "aws"}:${r}:${acct}:${physical}` };
    }
}

/** A failed invoke as the engine reports it: a gRPC error whose details carry the provider's message. */
function providerError(message: string): Error {
    return Object.assign(new Error(message), { code: 2, details: message });
}

export function callResult(token: string, args: Record<string, unknown>, a: Answers): Record<string, unknown> {
    const acct = OFFLINE_ACCOUNT;
    const r = a.region;
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: acct, arn: `arn:aws:iam::${acct}:user/offline`, userId: "AIDAOFFLINE", id: acct };
        case "aws:index/getRegion:getRegion":
            return { name: r, region: r, id: r };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: zonesOf(a), zoneIds: zonesOf(a).map((_, i) => `az${i + 1}`), id: r };
        case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
            return {
                userName: "AWS",
                password: "offline-token",
                authorizationToken: Buffer.from("AWS:offline-token").toString("base64"),
                proxyEndpoint: `https://${String(args.registryId ?? acct)}.dkr.ecr.${r}.amazonaws.com`,
                id: r,
            };
        case "aws:secretsmanager/getSecret:getSecret": {
            const id = String(args.name ?? args.arn);
            if (a.missingSecrets.includes(id))
                throw providerError(
                    `reading Secrets Manager Secret (${id}): operation error Secrets Manager: DescribeSecret, ` +
                        `ResourceNotFoundException: Secrets Manager can't find the specified secret (${id})`,
                );
            // DescribeSecret answers a name or a partial ARN (no random suffix) with the secret's full ARN.
            const given = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/.exec(id)?.[1];
            const full =
                given !== undefined && given.length > 7 && given.endsWith(`-${a.secretSuffix(given.slice(0, -7))}`);
            const name = given === undefined ? id : full ? given.slice(0, -7) : given;
            const arn = full
                ? id
                : given !== undefined
                  ? `${id}-${a.secretSuffix(name)}`
                  : `arn:aws:secretsmanager:${r}:${acct}:secret:${id}-${a.secretSuffix(id)}`;
            return { arn, name, id: arn };
        }
        case "aws:ssm/getParameter:getParameter": {
            const id = String(args.name);
            if (a.missingSecrets.includes(id))
                throw providerError(
                    `reading SSM Parameter (${id}): operation error SSM: GetParameter, ParameterNotFound`,
                );
            return {
                // GetParameter takes a name or, for a shared parameter, its ARN.
                arn: id.startsWith("arn:") ? id : `arn:aws:ssm:${r}:${acct}:parameter/${id.replace(/^\//, "")}`,
                name: id,
                type: "SecureString",
                value: "",
                insecureValue: "",
                version: 1,
                id,
            };
        }
        case "aws:ecr/getImages:getImages": {
            const name = String(args.repositoryName);
            const images = a.ecrImages?.[name];
            if (!images)
                throw providerError(
                    `reading ECR Images: operation error ECR: ListImages, RepositoryNotFoundException: ` +
                        `The repository with name '${name}' does not exist in the registry with id '${acct}'`,
                );
            return { imageIds: images, repositoryName: name, registryId: acct, region: r, id: name };
        }
        // The provider's words for an empty lookup (terraform-provider-aws ec2/vpc_data_source.go,
        // ec2/vpc_subnet_data_source.go, ecs/cluster_data_source.go).
        case "aws:ec2/getVpc:getVpc":
            if (a.missingResources?.includes(String(args.id))) throw providerError("no matching EC2 VPC found");
            return {
                id: String(args.id),
                cidrBlock: "10.0.0.0/16",
                arn: `arn:aws:ec2:${r}:${acct}:vpc/${String(args.id)}`,
            };
        case "aws:ec2/getSubnet:getSubnet": {
            const id = String(args.id);
            if (a.missingResources?.includes(id)) throw providerError("no matching EC2 Subnet found");
            const known = a.subnets?.[id] ?? {};
            const zones = zonesOf(a);
            const zone = known.availabilityZone ?? zones[id.charCodeAt(id.length - 1) % zones.length];
            return {
                id,
                vpcId: known.vpcId ?? String(args.vpcId ?? a.vpcIdOfSubnets ?? "vpc-unknown"),
                availabilityZone: zone,
                arn: `arn:aws:ec2:${r}:${acct}:subnet/${id}`,
            };
        }
        case "aws:ecs/getCluster:getCluster":
            if (a.missingResources?.includes(String(args.clusterName)))
                throw providerError(`reading ECS Cluster (${String(args.clusterName)}): empty result`);
            return {
                arn: `arn:aws:ecs:${r}:${acct}:cluster/${String(args.clusterName)}`,
                clusterName: args.clusterName,
                id: String(args.clusterName),
            };
        default:
            return {};
    }
}
