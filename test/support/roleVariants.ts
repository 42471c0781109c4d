/**
 * The stacks and variants the role tests evaluate: each stack file with a variant's settings, run as the real
 * program under Pulumi's mocks, with its deploy role and the calls its resources need: evaluated once by
 * test/deployment/roles.test.ts (the runs take most of its time) and shared, read-only, by the specs in roles/.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import YAML from "yaml";
import { callResult } from "../../offline/awsStubs";
import { OfflineResult } from "../../offline/runner";

import { appStackFacts, withFullSecretArns } from "../../deployment/appStacks";
import { deployRoleDocument } from "../../deployment/deployRole";

import { IamDocument } from "../../deployment/iamDocument";
import { ACCOUNT, PROJECT, SHARED_ACCOUNT, uniqueCalls } from "./iamSimulator";
import { neededCalls } from "./neededCalls";
import { Call } from "./providerCalls";
import { run } from "./program";
import { ROOT } from "./render";

export const SUFFIX = "AbCdEf";
export const STACKS = ["staging", "production"] as const;

type Overrides = Record<string, unknown>;
interface Variant {
    overrides: (stack: string, config: Record<string, any>) => Overrides;
    secrets?: Record<string, unknown>;
}

const merge = (base: unknown, extra: Record<string, unknown>) => ({
    ...((base as Record<string, unknown>) ?? {}),
    ...extra,
});
const service = (extra: Record<string, unknown>) => (_: string, c: Record<string, any>) => ({
    service: merge(c[`${PROJECT}:service`], extra),
});
const EXISTING_VPC = {
    vpcId: "vpc-0a1b2c3d",
    subnetIds: ["subnet-0a0a0a0a", "subnet-0b0b0b0b"],
    publicSubnetIds: ["subnet-0c0c0c0c", "subnet-0d0d0d0d"],
};
export const KEY = `arn:aws:kms:eu-north-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The variants the first-contact review ran: network, traffic, scaling, cluster, secret sources and forms, exec, waits, keys. */
const VARIANTS: Record<string, Variant> = {
    default: { overrides: () => ({}) },
    "existing VPC": { overrides: () => ({ network: EXISTING_VPC }) },
    "internal load balancer in an existing VPC": {
        overrides: (s, c) => ({
            network: EXISTING_VPC,
            ...service({ loadBalancer: { internal: true, healthCheckPath: "/health" } })(s, c),
        }),
    },
    "blue/green": {
        overrides: service({ strategy: "BLUE_GREEN", bakeTimeMinutes: 5, autoscaling: undefined, desiredCount: 2 }),
    },
    "canary over HTTPS": {
        overrides: service({
            strategy: "CANARY",
            autoscaling: undefined,
            desiredCount: 2,
            loadBalancer: {
                healthCheckPath: "/health",
                certificateArn: `arn:aws:acm:eu-north-1:${ACCOUNT}:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
            },
        }),
    },
    "autoscaling on requests": {
        overrides: service({
            desiredCount: 2,
            autoscaling: { minCount: 2, maxCount: 6, metric: "requests", target: 500 },
        }),
    },
    "no load balancer": { overrides: service({ loadBalancer: undefined, strategy: "ROLLING" }) },
    "existing cluster": { overrides: () => ({ cluster: { name: "shared" } }) },
    "Fargate Spot above an on-demand base": { overrides: service({ capacity: { spot: 3, onDemand: 1, base: 1 } }) },
    "Fargate Spot in an existing cluster": {
        overrides: (s, c) => ({
            cluster: { name: "shared" },
            ...service({ capacity: { spot: 3, onDemand: 1, base: 1 } })(s, c),
        }),
    },
    "SSM parameters": { overrides: (s) => ({ secrets: { source: "ssm", prefix: `/${s}/web/` } }) },
    "managed Secrets Manager secrets": {
        overrides: () => ({}),
        secrets: { secretValues: { DATABASE_URL: "postgres://db/app" } },
    },
    "managed SSM parameters": {
        overrides: (s) => ({ secrets: { source: "ssm", prefix: `/${s}/web/` } }),
        secrets: { secretValues: { SESSION_KEY: "k" } },
    },
    "mapped secrets: JSON key, version stage, partial ARN": {
        overrides: (s) => ({
            secrets: {
                prefix: `${s}/web/`,
                map: {
                    DATABASE_URL: { name: "shared/db", jsonKey: "url", versionStage: "AWSPREVIOUS" },
                    SESSION_KEY: { name: `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:shared/session-secret` },
                },
            },
        }),
    },
    "mapped secrets in another account and outside the prefix": {
        overrides: (s) => ({
            secrets: {
                prefix: `${s}/web/`,
                map: {
                    DATABASE_URL: {
                        name: `arn:aws:secretsmanager:eu-north-1:${SHARED_ACCOUNT}:secret:shared/api-token-${SUFFIX}`,
                    },
                    SESSION_KEY: {
                        name: `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:shared/session-${SUFFIX}`,
                    },
                },
            },
        }),
    },
    "SSM parameters mapped by ARN, in another account and outside the prefix": {
        overrides: (s) => ({
            secrets: {
                source: "ssm",
                prefix: `/${s}/web/`,
                map: {
                    DATABASE_URL: { name: `arn:aws:ssm:eu-north-1:${SHARED_ACCOUNT}:parameter/shared/db-url` },
                    SESSION_KEY: { name: `arn:aws:ssm:eu-north-1:${ACCOUNT}:parameter/shared/session` },
                },
            },
        }),
    },
    "ECS Exec and task role statements": {
        overrides: (s, c) => ({
            ...service({ enableExecuteCommand: true })(s, c),
            iam: {
                taskRoleStatements: [
                    {
                        Effect: "Allow",
                        Action: ["s3:GetObject"],
                        Resource: [`arn:aws:s3:::${s}-uploads/reports/latest.csv`],
                    },
                    {
                        Effect: "Allow",
                        Action: "sqs:SendMessage",
                        Resource: `arn:aws:sqs:eu-north-1:${ACCOUNT}:${s}-jobs`,
                    },
                    // Wildcards below a fixed name: an S3 prefix, a table's indexes, a secret's random suffix.
                    { Effect: "Allow", Action: ["s3:PutObject"], Resource: [`arn:aws:s3:::${s}-uploads/web/*`] },
                    {
                        Effect: "Allow",
                        Action: "dynamodb:Query",
                        Resource: `arn:aws:dynamodb:eu-north-1:${ACCOUNT}:table/${s}-orders/index/*`,
                    },
                    {
                        Effect: "Allow",
                        Action: "secretsmanager:GetSecretValue",
                        Resource: `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:shared/api-token-??????`,
                    },
                ],
            },
        }),
    },
    "provider's steady-state wait instead of the rollout watch": {
        overrides: service({ watchRollout: false, waitForSteadyState: true }),
    },
    "no waiting, no alarms": {
        overrides: service({ watchRollout: false, waitForSteadyState: false, alarms: { enabled: false } }),
    },
    "pre-deploy task": { overrides: service({ preDeploy: { command: ["npm", "run", "migrate"] } }) },
    "fail-fast rollout watch": { overrides: service({ failFast: { afterFailedTasks: 1 } }) },
    "blue/green with pauses": {
        overrides: service({
            strategy: "BLUE_GREEN",
            autoscaling: undefined,
            desiredCount: 2,
            pauses: [
                { stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60, onTimeout: "ROLLBACK" },
                { stage: "POST_PRODUCTION_TRAFFIC_SHIFT", timeoutMinutes: 15, onTimeout: "CONTINUE" },
            ],
        }),
    },
    "customer-managed keys": {
        overrides: (s) => ({ logs: { kmsKeyArn: KEY }, secrets: { prefix: `${s}/web/`, kmsKeyArns: [KEY] } }),
    },
};

export interface Evaluated {
    stack: string;
    variant: string;
    result: OfflineResult;
    /** The stack file with the variant applied, as the delivery project reads it. */
    stackYaml: string;
    deploy: IamDocument;
    needed: Call[];
}

export const regionOf = (stack: string) =>
    String(YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")).config["aws:region"]);

function stackFileWith(stack: string, overrides: Overrides, secrets: Record<string, unknown> | undefined): string {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
        config: Record<string, unknown>;
    };
    for (const [k, v] of Object.entries(overrides)) doc.config[`${PROJECT}:${k}`] = v;
    for (const [k, v] of Object.entries(secrets ?? {}))
        doc.config[`${PROJECT}:${k}`] = Object.fromEntries(
            Object.keys(v as object).map((n) => [n, { secure: "v1:AAAA" }]),
        );
    return YAML.stringify(doc);
}

/** What the role specs checked, for the run's summary line. */
export interface RoleCounts {
    checks: number;
    neededDenied: number;
    grantedUnused: number;
    neighboursAllowed: number;
}

/** Every stack with every variant, run as the program and with its deploy role and needed calls. */
export async function evaluatedVariants(): Promise<Evaluated[]> {
    const evaluated: Evaluated[] = [];
    for (const stack of STACKS) {
        const region = regionOf(stack);
        const base = (
            YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
                config: Record<string, any>;
            }
        ).config;
        for (const [variant, v] of Object.entries(VARIANTS)) {
            const overrides = v.overrides(stack, base);
            const result = await run(stack, {
                overrides,
                secrets: v.secrets,
                answers: { secretSuffix: () => SUFFIX },
            });
            const stackYaml = stackFileWith(stack, overrides, v.secrets);
            const facts = await withFullSecretArns(
                appStackFacts(PROJECT, stack, `Pulumi.${stack}.yaml`, stackYaml),
                async (arn) =>
                    String(
                        callResult(
                            "aws:secretsmanager/getSecret:getSecret",
                            { arn },
                            { region, missingSecrets: [], stackOutputs: {}, secretSuffix: () => SUFFIX },
                        ).arn,
                    ),
            );
            const deploy = deployRoleDocument({
                partition: "aws",
                accountId: ACCOUNT,
                project: PROJECT,
                app: facts,
                readRepositories: [],
            });
            const config = YAML.parse(stackYaml).config as Record<string, any>;
            evaluated.push({
                stack,
                variant,
                result,
                stackYaml,
                deploy,
                needed: uniqueCalls(neededCalls(result, region, stack, config)),
            });
        }
    }
    return evaluated;
}
