/**
 * Each execution role against the calls ECS makes for the task (pull the image, log, read each resolved
 * secret) and their neighbours, evaluated by the IAM policy simulator over every stack and variant.
 */
import assert from "node:assert/strict";
import { secretArnOf } from "../../../core/taskdef/secrets";
import { IamDocument } from "../../../deployment/iamDocument";
import { ACCOUNT, decideAll, inAnotherAccount, key, OTHER_ACCOUNT, PROJECT } from "../../support/iamSimulator";
import { Call } from "../../support/providerCalls";
import { all } from "../../support/program";
import { Evaluated, RoleCounts, KEY, regionOf, SUFFIX } from "../../support/roleVariants";

export function executionRoleSpecs(evaluated: Evaluated[], counts: RoleCounts): void {
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
}
