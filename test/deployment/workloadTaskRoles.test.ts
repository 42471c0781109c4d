/**
 * The roles tasks and schedules run with, for stacks with workers and scheduled jobs, under the IAM policy simulator:
 * each job's scheduler role (core/iam/schedulerRole.ts) runs that job's family in the stack's cluster, hands ECS the
 * two task roles and reports to its own dead-letter queue, and nothing else; only Scheduler acting for the stack's
 * schedule group assumes it; the execution role reads exactly the secrets of every family and logs to every family's groups.
 */
import assert from "node:assert/strict";
import { secretArnOf } from "../../core/taskdef/secrets";
import { actionsOf, IamDocument } from "../../deployment/iamDocument";
import {
    ACCOUNT,
    decide,
    decideTrust,
    inAnotherAccount,
    key,
    neighbours,
    OTHER_ACCOUNT,
    PROJECT,
} from "../support/iamSimulator";
import { physicalOf } from "../support/neededCalls";
import { all, only } from "../support/program";
import type { Call } from "../support/providerCalls";
import { policyDocument, WorkloadStack, workloadStacks } from "../support/workloadStacks";

const counts = { allowed: 0, denied: 0 };
const at = (e: WorkloadStack) => `${e.stack} / ${e.variant}`;

async function expect(doc: IamDocument, e: WorkloadStack, allowed: Call[], denied: Call[]) {
    for (const c of allowed) assert.equal(await decide(doc, c, e.region), "Allowed", `${at(e)}: ${key(c)}`);
    for (const c of denied) assert.notEqual(await decide(doc, c, e.region), "Allowed", `${at(e)}: ${key(c)}`);
    counts.allowed += allowed.length;
    counts.denied += denied.length;
}

describe("IAM for workers and scheduled jobs: scheduler and execution roles", function () {
    this.timeout(600_000);
    let evaluated: WorkloadStack[] = [];
    before(async () => {
        evaluated = await workloadStacks();
    });
    after(() => {
        console.log(
            `      workload task and scheduler roles: ${counts.allowed} allowed, ${counts.denied} denied, as expected`,
        );
    });

    it("let a job's scheduler role run that job's family in the stack's cluster only", async () => {
        for (const e of evaluated) {
            const name = `${PROJECT}-${e.stack}`;
            for (const j of e.jobs) {
                const doc = policyDocument(e.result, `${name}-${j}-scheduler`);
                const target = only(e.result, "aws:scheduler/schedule:Schedule", `${name}-${j}`).inputs.target as {
                    arn: string;
                    deadLetterConfig: { arn: string };
                };
                const cluster = target.arn;
                const clusterName = cluster.split("/").pop()!;
                const ecs = (r: string) => `arn:aws:ecs:${e.region}:${ACCOUNT}:${r}`;
                const run = (family: string, inCluster = cluster): Call => ({
                    action: "ecs:RunTask",
                    resource: ecs(`task-definition/${family}:3`),
                    context: { "ecs:cluster": inCluster },
                });
                const task = ecs(`task/${clusterName}/0f4e3b0a2b6c4d8e9f1a2b3c4d5e6f70`);
                const tag: Call = {
                    action: "ecs:TagResource",
                    resource: task,
                    context: { "ecs:CreateAction": "RunTask" },
                };
                const send: Call = { action: "sqs:SendMessage", resource: target.deadLetterConfig.arn };
                const allowed = [run(`${name}-${j}`), tag, send];
                const denied: Call[] = [
                    // The web's family, a worker's, a family that merely starts alike, another stack's.
                    run(name),
                    ...e.workers.map((w) => run(`${name}-${w}`)),
                    run(`${name}-${j}-old`),
                    run(`${PROJECT}-qa-${j}`),
                    // Another cluster, or none named.
                    run(`${name}-${j}`, cluster.replace(`cluster/${clusterName}`, "cluster/shared-other")),
                    { ...run(`${name}-${j}`), context: {} },
                    { ...tag, context: {} },
                    { ...tag, context: { "ecs:CreateAction": "CreateService" } },
                    { action: "ecs:StopTask", resource: task },
                    { action: "ecs:RegisterTaskDefinition", resource: ecs(`task-definition/${name}-${j}:3`) },
                    // Another queue: another job's, another stack's; and nothing but sending to its own.
                    { ...send, resource: send.resource.replace(`${name}-${j}-dlq`, `${name}-other-dlq`) },
                    { ...send, resource: send.resource.replace(name, `${PROJECT}-qa`) },
                    { action: "sqs:ReceiveMessage", resource: send.resource },
                    { action: "sqs:DeleteQueue", resource: send.resource },
                    ...allowed.flatMap((c) => neighbours(c, e.region, e.stack)),
                ];
                await expect(doc, e, allowed, denied);
                assert.deepEqual([...new Set(actionsOf(doc))].sort(), [
                    "ecs:RunTask",
                    "ecs:TagResource",
                    "iam:PassRole",
                    "sqs:SendMessage",
                ]);
            }
        }
    });

    it("let a job's scheduler role pass the two task roles to ECS tasks only, and no other role", async () => {
        for (const e of evaluated) {
            const name = `${PROJECT}-${e.stack}`;
            const roleArn = (logical: string) => {
                const r = all(e.result, "aws:iam/role:Role").find((x) => x.name === logical)!;
                return `arn:aws:iam::${ACCOUNT}:role/${physicalOf(r)}`;
            };
            const pass = (resource: string, to = "ecs-tasks.amazonaws.com"): Call => ({
                action: "iam:PassRole",
                resource,
                context: { "iam:PassedToService": to },
            });
            for (const j of e.jobs) {
                const doc = policyDocument(e.result, `${name}-${j}-scheduler`);
                const roles = [roleArn(`${name}-execution`), roleArn(`${name}-task`)];
                const denied: Call[] = [
                    ...roles.flatMap((r) => [
                        pass(r, "ecs.amazonaws.com"),
                        pass(r, "scheduler.amazonaws.com"),
                        { action: "iam:PassRole", resource: r },
                        pass(inAnotherAccount(r)),
                        pass(r.replace(name, `${PROJECT}-qa`)),
                    ]),
                    pass(roleArn(`${name}-${j}-scheduler`)),
                    pass(roleArn(`${name}-${j}-scheduler`), "scheduler.amazonaws.com"),
                    pass(`arn:aws:iam::${ACCOUNT}:role/${name}-other-task-1a2b3c4`),
                    { action: "iam:CreateRole", resource: roles[1] },
                ];
                await expect(
                    doc,
                    e,
                    roles.map((r) => pass(r)),
                    denied,
                );
            }
        }
    });

    it("let only Scheduler, acting for the stack's schedule group in its account, assume a scheduler role", async () => {
        const assume = (trust: IamDocument, role: string, principal: string, ctx: Record<string, string>) =>
            decideTrust(trust, role, principal, ctx);
        for (const e of evaluated) {
            const name = `${PROJECT}-${e.stack}`;
            for (const j of e.jobs) {
                const role = only(e.result, "aws:iam/role:Role", `${name}-${j}-scheduler`);
                const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as IamDocument;
                const arn = `arn:aws:iam::${ACCOUNT}:role/${physicalOf(role)}`;
                const group = `arn:aws:scheduler:${e.region}:${ACCOUNT}:schedule-group/${name}`;
                const ok = { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": group };
                assert.equal(await assume(trust, arn, "scheduler.amazonaws.com", ok), "Allowed", at(e));
                const refused: [string, Record<string, string>][] = [
                    ["scheduler.amazonaws.com", { ...ok, "aws:SourceAccount": OTHER_ACCOUNT }],
                    ["scheduler.amazonaws.com", { ...ok, "aws:SourceArn": group.replace(name, `${PROJECT}-qa`) }],
                    ["scheduler.amazonaws.com", { ...ok, "aws:SourceArn": `${group.replace("-group", "")}/${j}` }],
                    ["scheduler.amazonaws.com", { ...ok, "aws:SourceArn": group.replace(e.region, "eu-central-2") }],
                    ["scheduler.amazonaws.com", {}],
                    ["ecs-tasks.amazonaws.com", ok],
                    ["events.amazonaws.com", ok],
                    [`arn:aws:iam::${OTHER_ACCOUNT}:root`, {}],
                ];
                for (const [principal, ctx] of refused)
                    assert.notEqual(
                        await assume(trust, arn, principal, ctx),
                        "Allowed",
                        `${principal} ${JSON.stringify(ctx)}`,
                    );
                counts.allowed += 1;
                counts.denied += refused.length;
            }
        }
    });

    it("let the execution role read exactly the secrets of every family and log to every family's groups", async () => {
        for (const e of evaluated) {
            const name = `${PROJECT}-${e.stack}`;
            const doc = policyDocument(e.result, `${name}-execution`);
            const families = all(e.result, "aws:ecs/taskDefinition:TaskDefinition");
            assert.equal(families.length, 1 + e.workers.length + e.jobs.length, at(e));
            const containers = families.flatMap(
                (td) =>
                    JSON.parse(String(td.inputs.containerDefinitions)) as {
                        logConfiguration?: { options?: Record<string, string> };
                        secrets?: { valueFrom: string }[];
                    }[],
            );
            const groups = [...new Set(containers.map((c) => c.logConfiguration?.options?.["awslogs-group"]))];
            assert.ok(
                groups.every((g) => g !== undefined),
                `${at(e)}: a container logs nowhere`,
            );
            for (const w of [...e.workers, ...e.jobs])
                assert.ok(groups.includes(`/ecs/${PROJECT}/${e.stack}/${w}/web`), `${at(e)}: ${w}'s log group`);
            const secrets = [
                ...new Set(containers.flatMap((c) => c.secrets ?? []).map((s) => secretArnOf(s.valueFrom))),
            ];
            assert.ok(secrets.length > 0, at(e));
            const statement = (sid: string) => doc.Statement.find((s) => s.Sid === sid)!;
            const list = (sid: string) => ([] as string[]).concat(statement(sid).Resource ?? []).sort();
            // Exactly the union: no family's secret or group missing, none granted that no family uses.
            assert.deepEqual(list("ReadSecrets"), [...secrets].sort());
            const logArn = (g: string) => `arn:aws:logs:${e.region}:${ACCOUNT}:log-group:${g}`;
            assert.deepEqual(list("WriteLogs"), groups.map((g) => `${logArn(g)}:log-stream:*`).sort());
            const allowed: Call[] = [
                ...secrets.map((s) => ({ action: "secretsmanager:GetSecretValue", resource: s })),
                ...groups.flatMap((g) =>
                    ["logs:CreateLogStream", "logs:PutLogEvents"].map((action) => ({
                        action,
                        resource: `${logArn(g)}:log-stream:web/web/0f4e3b0a2b6c`,
                    })),
                ),
            ];
            const denied: Call[] = [
                {
                    action: "secretsmanager:GetSecretValue",
                    resource: secrets[0].replace(/secret:.*$/, `secret:${e.stack}/web/OTHER-AbCdEf`),
                },
                {
                    action: "logs:PutLogEvents",
                    resource: `${logArn(`/ecs/${PROJECT}/${e.stack}/other/web`)}:log-stream:web/web/1`,
                },
                {
                    action: "logs:PutLogEvents",
                    resource: `${logArn(`/ecs/${PROJECT}/qa/${e.jobs[0]}/web`)}:log-stream:web/web/1`,
                },
                ...allowed.flatMap((c) => neighbours(c, e.region, e.stack)),
            ];
            await expect(doc, e, allowed, denied);
        }
    });
});
