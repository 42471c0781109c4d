import { secretArnOf } from "../taskdef/secrets";
import { formatArn } from "./arn";

/** IAM documents derived from exactly what the task uses. Plain data; the caller JSON-encodes. */
export interface IamDocument {
    Version: "2012-10-17";
    Statement: IamStatement[];
}
export interface IamStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource?: string | string[];
    Principal?: Record<string, string | string[]>;
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface ExecutionRoleInputs {
    region: string;
    repositoryArns: string[]; // ECR repositories the task pulls from
    logGroupArns: string[];
    secretValueFroms: string[]; // every container secret's valueFrom
    kmsKeyArns: string[]; // customer keys the secrets are encrypted with
}

/** A role that only ECS tasks of this account can assume (confused-deputy guard). */
export function ecsTasksTrustDocument(accountId: string, region: string, partition = "aws"): IamDocument {
    return ecsServiceTrust("ecs-tasks.amazonaws.com", accountId, region, partition);
}

/**
 * The load balancer's infrastructure role: only ECS, acting for this account's
 * services in this region, can assume it.
 */
export function ecsInfrastructureTrustDocument(accountId: string, region: string, partition = "aws"): IamDocument {
    return ecsServiceTrust("ecs.amazonaws.com", accountId, region, partition);
}

/** The AWS-managed policy the program attaches to the load balancer's ECS infrastructure role, and the only one. */
export const ECS_LB_INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForLoadBalancers";

export const ecsInfrastructurePolicyArn = (partition: string): string =>
    formatArn({ partition, service: "iam", account: "aws", resource: `policy/${ECS_LB_INFRASTRUCTURE_POLICY}` });

function ecsServiceTrust(service: string, accountId: string, region: string, partition: string): IamDocument {
    const anyEcsResourceHere = formatArn({ partition, service: "ecs", region, account: accountId, resource: "*" });
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": anyEcsResourceHere },
                },
            },
        ],
    };
}

const uniq = (xs: string[]) => [...new Set(xs)].sort();

/** The execution role: pull this image, write these log groups, read exactly these secrets. */
export function executionRoleDocument(i: ExecutionRoleInputs): IamDocument {
    const statements: IamStatement[] = [];
    if (i.repositoryArns.length) {
        statements.push({
            Sid: "PullImage",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: uniq(i.repositoryArns),
        });
        // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
        statements.push({ Sid: "EcrAuthToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" });
    }
    if (i.logGroupArns.length) {
        statements.push({
            Sid: "WriteLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: uniq(i.logGroupArns.map((a) => `${a}:log-stream:*`)),
        });
    }
    const secrets = uniq(i.secretValueFroms.filter((v) => v.includes(":secretsmanager:")).map(secretArnOf));
    const parameters = uniq(i.secretValueFroms.filter((v) => v.includes(":ssm:")));
    if (secrets.length)
        statements.push({
            Sid: "ReadSecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: secrets,
        });
    if (parameters.length)
        statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: parameters });
    if (i.kmsKeyArns.length && (secrets.length || parameters.length)) {
        const via = [
            ...(secrets.length ? [`secretsmanager.${i.region}.amazonaws.com`] : []),
            ...(parameters.length ? [`ssm.${i.region}.amazonaws.com`] : []),
        ];
        statements.push({
            Sid: "DecryptSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: uniq(i.kmsKeyArns),
            Condition: { StringEquals: { "kms:ViaService": via } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** ECS Exec: the SSM agent's message channels have no resource-level permissions, so AWS requires "*". */
export const ECS_EXEC_STATEMENT: IamStatement = {
    Sid: "EcsExec",
    Effect: "Allow",
    Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
    ],
    Resource: "*",
};

/** The app's own role: nothing unless the stack grants it, plus ECS Exec's channels when exec is on. */
export function taskRoleDocument(
    statements: Record<string, unknown>[],
    executeCommand = false,
): IamDocument | undefined {
    const all = [...(statements as unknown as IamStatement[])];
    if (executeCommand) all.push(ECS_EXEC_STATEMENT);
    return all.length ? { Version: "2012-10-17", Statement: all } : undefined;
}

/** ECR repository ARN for an image in ECR, or undefined for other registries. */
export function ecrRepositoryArn(registry: string, repository: string, partition = "aws"): string | undefined {
    const m = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(registry);
    return m
        ? formatArn({ partition, service: "ecr", region: m[2], account: m[1], resource: `repository/${repository}` })
        : undefined;
}
