/**
 * Each task role: nothing by default, ECS Exec's channels, the stack's statements on their ARNs only;
 * evaluated by the IAM policy simulator over every stack and variant.
 */
import assert from "node:assert/strict";
import { IamDocument } from "../../../deployment/iamDocument";
import { ACCOUNT, decide, decideAll, key, PROJECT } from "../../support/iamSimulator";
import { Call } from "../../support/providerCalls";
import { all } from "../../support/program";
import { Evaluated, RoleCounts, regionOf, SUFFIX } from "../../support/roleVariants";

export function taskRoleSpecs(evaluated: Evaluated[], counts: RoleCounts): void {
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
}
