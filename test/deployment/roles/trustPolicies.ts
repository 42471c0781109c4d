/**
 * Who may assume each role: ECS of this account and region for the task roles, Pulumi Deployments of the stack's
 * own org, project and stack for its deploy role; evaluated by the IAM policy simulator over every stack and variant.
 */
import assert from "node:assert/strict";
import { deploymentsTrustDocument } from "../../../deployment/oidcTrust";
import { IamDocument } from "../../../deployment/iamDocument";
import { ACCOUNT, decideTrust, OTHER_ACCOUNT, PROJECT } from "../../support/iamSimulator";
import { autoName, physicalOf } from "../../support/neededCalls";
import { all } from "../../support/program";
import { Evaluated, RoleCounts, regionOf, STACKS } from "../../support/roleVariants";

export function trustPolicySpecs(evaluated: Evaluated[], counts: RoleCounts): void {
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
}
