/**
 * CrossGuard policies called the way the policy framework calls them
 * (`validateResource(args, reportViolation)` / `validateStack`), and realistic
 * resources as the program registers them (see `npm run render`), for the
 * policy tests to vary.
 */
import assert from "node:assert/strict";
import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { runtime } from "@pulumi/pulumi";
import { policies } from "../../policy/crossguard";

export const ACCOUNT = "123456789012";
export const REGION = "eu-north-1";
export const DIGEST = `sha256:${"08f8137ec53bee0c92cccfe22c37ff1bae89f06fd9ad6bc8471060a130ddbb6b"}`;
export const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/ecs-deploy-staging@${DIGEST}`;

export const T = {
    service: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    cluster: "aws:ecs/cluster:Cluster",
    repository: "aws:ecr/repository:Repository",
    lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    schedule: "aws:scheduler/schedule:Schedule",
    queue: "aws:sqs/queue:Queue",
};

export class NotApplicable extends Error {}

export const urn = (type: string, name: string) => `urn:pulumi:staging::ecs-deploy::${type}::${name}`;
export const opts = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

export function policyNamed(name: string): ResourceValidationPolicy & StackValidationPolicy {
    const p = policies.find((x) => x.name === name);
    assert.ok(p, `no policy ${name}`);
    return p as ResourceValidationPolicy & StackValidationPolicy;
}

/** Runs a resource policy on one resource; returns the violation messages. */
export function validate(
    policyName: string,
    type: string,
    props: Record<string, any>,
    config: Record<string, unknown> = {},
    name = "ecs-deploy-staging",
): string[] {
    const reported: string[] = [];
    const args: ResourceValidationArgs = {
        type,
        props,
        urn: urn(type, name),
        name,
        opts,
        stackTags: new Map(),
        isType: (cls) => (cls as any).__pulumiType === type,
        asType: (cls: any): any => (cls.__pulumiType === type ? props : undefined),
        getConfig: <C extends object>() => config as C,
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    };
    const validations = [policyNamed(policyName).validateResource].flat();
    for (const v of validations) {
        try {
            void v!(args, (message) => reported.push(message));
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
        }
    }
    return reported;
}

/** Runs a stack policy; returns [urn, message] pairs. */
export function validateStack(
    policyName: string,
    resources: { type: string; name: string; props: Record<string, any> }[],
): [string | undefined, string][] {
    const reported: [string | undefined, string][] = [];
    const list: PolicyResource[] = resources.map((r) => ({
        type: r.type,
        name: r.name,
        props: r.props,
        urn: urn(r.type, r.name),
        opts,
        dependencies: [],
        propertyDependencies: {},
        isType: (cls) => (cls as any).__pulumiType === r.type,
        asType: (cls: any): any => (cls.__pulumiType === r.type ? r.props : undefined),
    }));
    void policyNamed(policyName).validateStack(
        {
            resources: list,
            stackTags: new Map(),
            getConfig: <C extends object>() => ({}) as C,
            notApplicable: () => assert.fail("not applicable"),
        },
        (message, u) => reported.push([u, message]),
    );
    return reported;
}

/** A value the engine does not know yet during preview, behind the framework's proxy. */
export const UNKNOWN = runtime.unknownValue;
export const previewProps = (props: Record<string, any>) => unknownCheckingProxy(props) as Record<string, any>;

export function assertOne(messages: string[], ...patterns: RegExp[]): void {
    assert.equal(messages.length, 1, messages.join("\n"));
    for (const p of patterns) assert.match(messages[0], p);
    assert.match(messages[0], /Fix: \S/);
}

// Realistic inputs, as the program registers them (see `npm run render`).
export const service = (over: Record<string, any> = {}) => ({
    cluster: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/ecs-deploy-staging`,
    taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/ecs-deploy-staging:1`,
    launchType: "FARGATE",
    platformVersion: "LATEST",
    desiredCount: 1,
    deploymentController: { type: "ECS" },
    deploymentCircuitBreaker: { enable: true, rollback: true },
    networkConfiguration: { assignPublicIp: false, subnets: ["subnet-0a", "subnet-0b"], securityGroups: ["sg-0a"] },
    ...over,
});

export const webContainer = (over: Record<string, any> = {}) => ({
    name: "web",
    image: IMAGE,
    essential: true,
    cpu: 0,
    environment: [
        { name: "LOG_LEVEL", value: "debug" },
        { name: "PORT", value: "8080" },
    ],
    secrets: [
        {
            name: "DATABASE_URL",
            valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:staging/web/DATABASE_URL-AbCdEf`,
        },
    ],
    logConfiguration: {
        logDriver: "awslogs",
        options: {
            "awslogs-group": "/ecs/ecs-deploy/staging/web",
            "awslogs-region": REGION,
            "awslogs-stream-prefix": "staging",
        },
    },
    readonlyRootFilesystem: true,
    portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }],
    ...over,
});

export const taskDefinition = (
    containers: Record<string, any>[] = [webContainer()],
    over: Record<string, any> = {},
) => ({
    family: "ecs-deploy-staging",
    cpu: "256",
    memory: "512",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: JSON.stringify(containers),
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecs-deploy-staging-execution`,
    ...over,
});

export const repository = (over: Record<string, any> = {}) => ({
    name: "ecs-deploy-staging",
    imageScanningConfiguration: { scanOnPush: true },
    imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
    imageTagMutabilityExclusionFilters: [{ filter: "buildcache", filterType: "WILDCARD" }],
    encryptionConfigurations: [{ encryptionType: "AES256" }],
    forceDelete: false,
    ...over,
});

export const trust = (condition?: Record<string, any>, service = "ecs-tasks.amazonaws.com") =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                ...(condition ? { Condition: condition } : {}),
            },
        ],
    });
export const document = (...Statement: Record<string, any>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
export const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:staging/web/DATABASE_URL-AbCdEf`;

export const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/ecs-deploy-staging`;
export const JOB_TASK_DEFINITION_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/ecs-deploy-staging-nightly-report:3`;
export const DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:ecs-deploy-staging-nightly-report-dlq-1a2b3c4`;

/** A scheduled job as the program declares it: `over` the schedule, `target` its target, `ecs` the RunTask parameters. */
export const schedule = (
    over: Record<string, any> = {},
    target: Record<string, any> = {},
    ecs: Record<string, any> = {},
) => ({
    name: "nightly-report",
    groupName: "ecs-deploy-staging",
    scheduleExpression: "cron(0 3 * * ? *)",
    scheduleExpressionTimezone: "Europe/Stockholm",
    flexibleTimeWindow: { mode: "OFF" },
    state: "ENABLED",
    target: {
        arn: CLUSTER_ARN,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/ecs-deploy-staging-nightly-report-scheduler-5e6f7a8`,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: DLQ_ARN },
        ecsParameters: {
            taskDefinitionArn: JOB_TASK_DEFINITION_ARN,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            taskCount: 1,
            propagateTags: "TASK_DEFINITION",
            enableEcsManagedTags: true,
            networkConfiguration: {
                subnets: ["subnet-0a", "subnet-0b"],
                securityGroups: ["sg-0a"],
                assignPublicIp: false,
            },
            ...ecs,
        },
        ...target,
    },
    ...over,
});

/** The scheduler role's policy as the program writes it: RunTask on the job's family, PassRole on its two roles. */
export const schedulerPolicy = () =>
    document(
        {
            Sid: "RunJob",
            Effect: "Allow",
            Action: "ecs:RunTask",
            Resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/ecs-deploy-staging-nightly-report:*`,
            Condition: { ArnEquals: { "ecs:cluster": CLUSTER_ARN } },
        },
        {
            Sid: "PassTaskRoles",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: [
                `arn:aws:iam::${ACCOUNT}:role/ecs-deploy-staging-execution-5549fa4`,
                `arn:aws:iam::${ACCOUNT}:role/ecs-deploy-staging-task-9f846d4`,
            ],
            Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
        { Sid: "DeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: DLQ_ARN },
    );
