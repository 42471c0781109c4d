/**
 * The deploy roles of stacks with workers and scheduled jobs, evaluated by the IAM policy simulator against the
 * provider-call table (test/support/providerCalls.ts, its Scheduler and SQS rows in workloadProviderCalls.ts), for
 * staging and production with workers and a job added and for the held-out stack file: every needed call allowed,
 * no granted action unused, the same calls on another account, region or stack denied, and on another worker's or
 * job's names too: exactly these families, schedules, queues, alarms and scheduler roles.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { appStackFacts } from "../../deployment/appStacks";
import { deployRoleDocument } from "../../deployment/deployRole";
import { actionsOf } from "../../deployment/iamDocument";
import {
    ACCOUNT,
    decideAll,
    deniedCalls,
    key,
    neighbours,
    PROJECT,
    uniqueCalls,
    unusedActions,
} from "../support/iamSimulator";
import type { Call } from "../support/providerCalls";
import { ROOT } from "../support/render";
import { WorkloadStack, workloadStacks } from "../support/workloadStacks";

const counts = { checks: 0, neededDenied: 0, grantedUnused: 0, neighboursAllowed: 0 };
const at = (e: WorkloadStack) => `${e.stack} / ${e.variant}`;

/**
 * The calls a workload's own names decide: its family, schedule, dead-letter queue, scheduler role, and its
 * failed-start alarm, unless the web's deployment alarms (`alarm:<project>-<stack>-*`) already cover the stack's alarms.
 */
const ownedByWorkload = (e: WorkloadStack) => (c: Call) =>
    /^(scheduler|sqs):/.test(c.action) ||
    c.resource.includes(":task-definition/") ||
    (/:alarm:.*-failed-/.test(c.resource) && !e.deploy.Statement.some((s) => s.Sid === "DeploymentAlarms")) ||
    (c.action === "iam:PassRole" && c.context?.["iam:PassedToService"] === "scheduler.amazonaws.com");

/** The same call on a sibling's names: `<name>-<w>-old` for a worker or job `w` of the stack, and `other` for it. */
function siblings(c: Call, e: WorkloadStack): Call[] {
    const name = `${PROJECT}-${e.stack}`;
    const out: Call[] = [];
    for (const w of [...e.workers, ...e.jobs].sort((a, b) => b.length - a.length)) {
        const own = new RegExp(`(${name}-|schedule/${name}/)${w}(?=$|[-:/])`);
        if (!own.test(c.resource)) continue;
        for (const other of [`${w}-old`, "other"])
            out.push({ ...c, resource: c.resource.replace(own, (_, p: string) => `${p}${other}`) });
        break;
    }
    return out;
}

describe("IAM for workers and scheduled jobs: deploy roles", function () {
    this.timeout(600_000);
    let evaluated: WorkloadStack[] = [];
    before(async () => {
        evaluated = await workloadStacks();
    });
    after(() => {
        console.log(
            `      workload deploy roles: ${evaluated.length} stacks, ${counts.checks} checks; ` +
                `needed-but-denied ${counts.neededDenied}, granted-unused ${counts.grantedUnused}, ` +
                `neighbours allowed ${counts.neighboursAllowed}`,
        );
    });

    it("need the Scheduler, SQS, worker service and family calls the stacks declare", () => {
        for (const e of evaluated) {
            const actions = new Set(e.needed.map((c) => c.action));
            for (const a of ["scheduler:CreateScheduleGroup", "scheduler:CreateSchedule", "sqs:CreateQueue"])
                assert.ok(actions.has(a), `${at(e)}: ${a}`);
            const name = `${PROJECT}-${e.stack}`;
            for (const w of [...e.workers, ...e.jobs])
                assert.ok(
                    e.needed.some(
                        (c) => c.action === "ecs:RegisterTaskDefinition" && c.resource.includes(`/${name}-${w}:`),
                    ),
                    `${at(e)}: ${w}'s family`,
                );
            for (const w of e.workers)
                assert.ok(
                    e.needed.some((c) => c.action === "ecs:CreateService" && c.resource.includes(`/${name}-${w}-`)),
                    `${at(e)}: ${w}'s service`,
                );
        }
        assert.equal(evaluated.length, 5);
    });

    it("allow every call the provider and the program make", async () => {
        const denied: string[] = [];
        for (const e of evaluated) {
            const r = await deniedCalls(e.deploy, e.needed, e.region);
            counts.checks += r.decided;
            denied.push(...r.denied.map((d) => `${at(e)}: ${d}`));
        }
        counts.neededDenied = denied.length;
        assert.deepEqual(denied, []);
    });

    it("grant no action the table does not list for what the stack declares", () => {
        const unused = evaluated.flatMap((e) => unusedActions(e.deploy, e.needed).map((a) => `${at(e)}: ${a}`));
        counts.grantedUnused = unused.length;
        assert.deepEqual(unused, []);
    });

    it("deny the same calls on another account, region or stack, and on another worker's or job's names", async () => {
        const allowed: string[] = [];
        let sibling = 0;
        for (const e of evaluated) {
            const calls = e.needed
                .flatMap((c) => [...neighbours(c, e.region, e.stack), ...(ownedByWorkload(e)(c) ? siblings(c, e) : [])])
                // EC2 resources carry no name in their ARN; those are held to the account and region only.
                .filter((c) => !(c.action.startsWith("ec2:") && c.resource.includes(":qa")));
            sibling += e.needed.filter(ownedByWorkload(e)).flatMap((c) => siblings(c, e)).length;
            const decisions = await decideAll(e.deploy, uniqueCalls(calls), e.region);
            counts.checks += decisions.length;
            for (const d of decisions.filter((x) => x.result === "Allowed")) allowed.push(`${at(e)}: ${key(d.call)}`);
        }
        counts.neighboursAllowed = allowed.length;
        assert.deepEqual(allowed, []);
        assert.ok(sibling > 50, `only ${sibling} sibling calls`);
    });

    it("never let the deploy role run a worker's or job's task, or pass a scheduler role to anything but Scheduler", async () => {
        for (const e of evaluated) {
            const name = `${PROJECT}-${e.stack}`;
            const ecs = (r: string) => `arn:aws:ecs:${e.region}:${ACCOUNT}:${r}`;
            const calls: Call[] = [...e.workers, ...e.jobs].map((w) => ({
                action: "ecs:RunTask",
                resource: ecs(`task-definition/${name}-${w}:7`),
                context: { "ecs:cluster": ecs("cluster/any") },
            }));
            for (const j of e.jobs) {
                const role = `arn:aws:iam::${ACCOUNT}:role/${name}-${j}-scheduler-1a2b3c4`;
                for (const to of ["ecs-tasks.amazonaws.com", "events.amazonaws.com", "lambda.amazonaws.com"])
                    calls.push({ action: "iam:PassRole", resource: role, context: { "iam:PassedToService": to } });
                calls.push({
                    action: "sqs:SendMessage",
                    resource: `arn:aws:sqs:${e.region}:${ACCOUNT}:${name}-${j}-dlq-x`,
                });
            }
            for (const d of await decideAll(e.deploy, calls, e.region))
                assert.notEqual(d.result, "Allowed", `${at(e)}: ${key(d.call)}`);
            counts.checks += calls.length;
        }
    });

    it("end every new name pattern at a boundary", () => {
        for (const e of evaluated) {
            const sids = ["EcsWorkloadTaskDefinitions", "SchedulerSchedules", "PassSchedulerRolesToScheduler"];
            for (const s of e.deploy.Statement.filter((x) => sids.includes(x.Sid!) || /^Job/.test(x.Sid!)))
                for (const r of ([] as string[]).concat(s.Resource ?? [])) {
                    if (!r.includes("*")) continue;
                    assert.match(
                        r.slice(0, r.indexOf("*")),
                        new RegExp(`(${PROJECT}-${e.stack}-[a-z]+(-[a-z]+)*-|:)$`),
                        `${at(e)}: ${r}`,
                    );
                }
        }
    });

    it("add nothing for workers and jobs to a stack that has none; a worker alone adds only its family", () => {
        const text = fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8");
        const facts = appStackFacts(PROJECT, "staging", "Pulumi.staging.yaml", text);
        const roleOf = (extra: Partial<typeof facts>) =>
            deployRoleDocument({
                partition: "aws",
                accountId: ACCOUNT,
                project: PROJECT,
                app: { ...facts, ...extra },
                readRepositories: [],
            });
        const plain = roleOf({});
        assert.deepEqual([facts.workers, facts.jobs], [[], []]);
        assert.ok(!actionsOf(plain).some((a) => /^(scheduler|sqs):/.test(a)));
        const sids = (d: typeof plain) => d.Statement.map((s) => s.Sid);
        assert.deepEqual(
            sids(roleOf({ workers: ["jobs"] })).filter((s) => !sids(plain).includes(s)),
            ["EcsWorkloadTaskDefinitions"],
        );
        assert.deepEqual(
            sids(roleOf({ jobs: ["nightly-report"] })).filter((s) => !sids(plain).includes(s)),
            [
                "EcsWorkloadTaskDefinitions",
                "JobAlarms",
                "SchedulerGroup",
                "SchedulerSchedules",
                "PassSchedulerRolesToScheduler",
                "JobDeadLetterQueues",
            ],
        );
    });
});
