/**
 * The deploy roles' grants for what a stack turns on (a pre-deploy task, deployment alarms, fail fast, Fargate
 * Spot, secrets mapped by ARN, promotion), evaluated by the IAM policy simulator over every stack and variant.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { appStackFacts } from "../../../deployment/appStacks";
import { deployRoleDocument } from "../../../deployment/deployRole";
import { actionsOf } from "../../../deployment/iamDocument";
import {
    ACCOUNT,
    decide,
    decideAll,
    inAnotherAccount,
    key,
    neighbours,
    PROJECT,
    SHARED_ACCOUNT,
} from "../../support/iamSimulator";
import { autoName } from "../../support/neededCalls";
import {
    Call,
    deploymentAlarmCalls,
    failFastCalls,
    LOOKUPS,
    preDeployCalls,
    ProgramCallScope,
} from "../../support/providerCalls";
import { ROOT } from "../../support/render";
import { Evaluated, RoleCounts, regionOf, SUFFIX } from "../../support/roleVariants";

/** Where a stack's web service makes its calls, named as the program names them. */
function webScope(stack: string, region: string): ProgramCallScope {
    const name = `${PROJECT}-${stack}`;
    return {
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
}

export function deployRoleFeatureSpecs(evaluated: Evaluated[], counts: RoleCounts): void {
    describe("deploy roles against the provider-call table", () => {
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
            const scope = webScope(stack, region);
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
            const scope = webScope(stack, region);
            const [stop] = failFastCalls(scope);
            assert.equal(await decide(failFast, stop, region), "Allowed");
            assert.notEqual(await decide(plain, stop, region), "Allowed");
            const elsewhere = [
                ...neighbours(stop, region, stack),
                { ...stop, resource: stop.resource.replace(`/${scope.service}/`, "/other-service/") },
                {
                    ...stop,
                    resource: stop.resource.replace(
                        `service-deployment/${scope.cluster}/`,
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
}
