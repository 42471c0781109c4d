/**
 * The approval (continue) role, evaluated by the IAM policy simulator: GitHub Actions in the stack's own
 * environment may continue or roll back that stack's service's paused deployments and follow the outcome
 * (`npm run continue`'s calls), and nothing else: not another service, cluster, stack, region or account,
 * and no other action on its own service.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import YAML from "yaml";
import { appStackFacts, AppStackFacts } from "../../deployment/appStacks";
import { CONTINUE_CALLS, continueRoleDocument } from "../../deployment/continueRole";
import { continueRoleName } from "../../deployment/deliveryConfig";
import { githubEnvironmentTrustDocument } from "../../deployment/oidcTrust";
import { actionsOf, IamDocument } from "../../deployment/iamDocument";
import { ROOT } from "../support/render";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const PROJECT = "ecs-deploy";
const REPO = "acme/ecs-deploy";

interface Call {
    action: string;
    resource: string;
    context?: Record<string, string>;
}

async function decide(doc: IamDocument, call: Call, region: string): Promise<string> {
    const account = /^arn:[^:]+:[^:]+:[^:]*:(\d{12})?:/.exec(call.resource)?.[1] || ACCOUNT;
    const r = await runSimulation(
        {
            request: {
                principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${continueRoleName(PROJECT, "staging")}/github`,
                action: call.action,
                resource: { resource: call.resource, accountId: account },
                contextVariables: { "aws:RequestedRegion": region, ...call.context },
            },
            identityPolicies: [{ name: "continue", policy: doc }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        {},
    );
    if (r.resultType === "error") throw new Error(`${call.action} on ${call.resource}: ${JSON.stringify(r.errors)}`);
    return r.overallResult;
}

/** A stack file with pauses, as the delivery project reads it. */
function pausingStack(stack: string, extra: Record<string, unknown> = {}): AppStackFacts {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8"));
    Object.assign(doc.config, extra);
    Object.assign(doc.config[`${PROJECT}:service`], {
        strategy: "BLUE_GREEN",
        autoscaling: undefined,
        pauses: [{ stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60 }],
    });
    return appStackFacts(PROJECT, stack, `Pulumi.${stack}.yaml`, YAML.stringify(doc));
}

/** `npm run continue`'s calls on one service: the service, one of its deployments, its cluster's tasks. */
function continueCalls(region: string, cluster: string, service: string, account = ACCOUNT): Call[] {
    const ecs = (r: string) => `arn:aws:ecs:${region}:${account}:${r}`;
    const deployment = ecs(`service-deployment/${cluster}/${service}/Qm9ZuGzC3cz2xXSp0Tqof`);
    return [
        { action: "ecs:ListServiceDeployments", resource: ecs(`service/${cluster}/${service}`) },
        { action: "ecs:DescribeServices", resource: ecs(`service/${cluster}/${service}`) },
        { action: "ecs:DescribeServiceDeployments", resource: deployment },
        { action: "ecs:ContinueServiceDeployment", resource: deployment },
        {
            action: "ecs:ListTasks",
            resource: ecs(`container-instance/${cluster}/*`),
            context: { "ecs:cluster": ecs(`cluster/${cluster}`) },
        },
        { action: "ecs:DescribeTasks", resource: ecs(`task/${cluster}/0f4e3b0a2b6c4d8e9f1a2b3c4d5e6f70`) },
    ];
}

const auto = (logical: string) => `${logical}-1a2b3c4`; // the provider's `<logical name>-<7 random>`

describe("approval role (continue.yml), evaluated by a policy simulator", function () {
    this.timeout(120_000);

    for (const [label, stack, cluster] of [
        ["staging, its own cluster", "staging", undefined],
        ["production, a shared cluster", "production", "shared"],
    ] as const) {
        describe(label, () => {
            const facts = pausingStack(stack, cluster ? { [`${PROJECT}:cluster`]: { name: cluster } } : {});
            const region = facts.region;
            const doc = continueRoleDocument({ partition: "aws", accountId: ACCOUNT, project: PROJECT, app: facts });
            const own = auto(`${PROJECT}-${stack}`);
            const clusterName = cluster ?? own;

            it("grants exactly the calls `npm run continue` makes", () =>
                assert.deepEqual([...new Set(actionsOf(doc))].sort(), [...CONTINUE_CALLS].sort()));

            it("may continue (or roll back) this service's paused deployments and follow the outcome", async () => {
                for (const c of continueCalls(region, clusterName, own))
                    assert.equal(await decide(doc, c, region), "Allowed", `${c.action} ${c.resource}`);
            });

            it("may not decide another service's deployments, in its cluster or any other, stack, region or account", async () => {
                const elsewhere = [
                    continueCalls(region, clusterName, "other-service"),
                    continueCalls(region, clusterName, `${PROJECT}-${stack}-jobs-1a2b3c4`),
                    continueCalls(region, "other-cluster", own),
                    continueCalls(region, auto(`${PROJECT}-qa`), auto(`${PROJECT}-qa`)),
                    continueCalls("eu-west-1", clusterName, own),
                    continueCalls(region, clusterName, own, OTHER_ACCOUNT),
                ].flat();
                // Listing and reading tasks is bounded by the cluster: the same cluster's tasks stay readable.
                const sameCluster = (c: Call) =>
                    (c.action === "ecs:DescribeTasks" || c.action === "ecs:ListTasks") &&
                    c.resource.includes(`:${region}:${ACCOUNT}:`) &&
                    c.resource.includes(`/${clusterName}/`);
                const allowed: string[] = [];
                for (const c of elsewhere.filter((x) => !sameCluster(x)))
                    if ((await decide(doc, c, region)) === "Allowed") allowed.push(`${c.action} ${c.resource}`);
                assert.deepEqual(allowed, []);
            });

            it("may do nothing else to its own service: no update, stop, delete, task or scaling change", async () => {
                const ecs = (r: string) => `arn:aws:ecs:${region}:${ACCOUNT}:${r}`;
                const deployment = ecs(`service-deployment/${clusterName}/${own}/Qm9ZuGzC3cz2xXSp0Tqof`);
                for (const c of [
                    { action: "ecs:StopServiceDeployment", resource: deployment },
                    { action: "ecs:UpdateService", resource: ecs(`service/${clusterName}/${own}`) },
                    { action: "ecs:DeleteService", resource: ecs(`service/${clusterName}/${own}`) },
                    { action: "ecs:TagResource", resource: ecs(`service/${clusterName}/${own}`) },
                    { action: "ecs:StopTask", resource: ecs(`task/${clusterName}/0f4e3b0a2b6c4d8e9f1a2b3c4d5e6f70`) },
                    { action: "ecs:RunTask", resource: ecs(`task-definition/${PROJECT}-${stack}:7`) },
                    { action: "ecs:RegisterTaskDefinition", resource: "*" },
                ])
                    assert.notEqual(await decide(doc, c, region), "Allowed", c.action);
            });
        });
    }

    describe("trust", () => {
        const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
        const roleArn = `arn:aws:iam::${ACCOUNT}:role/${continueRoleName(PROJECT, "production")}`;
        // The simulator knows GitHub's environment claim but not the generic aud/sub keys; those are relabelled,
        // in the policy and the token alike, to a provider whose aud/sub it does know (StringEquals decides the same).
        const relabel = (text: string) =>
            text
                .split("token.actions.githubusercontent.com:aud")
                .join("accounts.google.com:aud")
                .split("token.actions.githubusercontent.com:sub")
                .join("accounts.google.com:sub");
        async function assume(trust: IamDocument, principal: string, claims: Record<string, string>): Promise<string> {
            const r = await runSimulation(
                {
                    request: {
                        principal,
                        action: "sts:AssumeRoleWithWebIdentity",
                        resource: { resource: roleArn, accountId: ACCOUNT },
                        contextVariables: Object.fromEntries(Object.entries(claims).map(([k, v]) => [relabel(k), v])),
                    },
                    identityPolicies: [],
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                    resourcePolicy: JSON.parse(relabel(JSON.stringify(trust))),
                },
                {},
            );
            if (r.resultType === "error") throw new Error(JSON.stringify(r.errors));
            return r.overallResult;
        }
        const token = (repo: string, environment: string, sub = `repo:${repo}:environment:${environment}`) => ({
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": sub,
            "token.actions.githubusercontent.com:environment": environment,
        });
        const trust = githubEnvironmentTrustDocument(provider, REPO, "production");

        it("lets a workflow job in the repository's `production` environment assume production's approval role", async () =>
            assert.equal(await assume(trust, provider, token(REPO, "production")), "Allowed"));

        it("refuses another environment, another repository, a branch job, another audience or issuer", async () => {
            for (const claims of [
                token(REPO, "staging"),
                token("evil/ecs-deploy", "production"),
                token(REPO, "production-eu"),
                token(REPO, "production", `repo:${REPO}:ref:refs/heads/main`),
                token(REPO, "production", `repo:${REPO}:pull_request`),
                { ...token(REPO, "production"), "token.actions.githubusercontent.com:aud": "evil" },
            ])
                assert.notEqual(await assume(trust, provider, claims), "Allowed", JSON.stringify(claims));
            assert.notEqual(
                await assume(
                    trust,
                    `arn:aws:iam::${ACCOUNT}:oidc-provider/api.pulumi.com/oidc`,
                    token(REPO, "production"),
                ),
                "Allowed",
            );
        });

        it("refuses environment and repository names that would widen the match", () => {
            assert.throws(() => githubEnvironmentTrustDocument(provider, REPO, "prod*"), /environment "prod\*"/);
            assert.throws(() => githubEnvironmentTrustDocument(provider, "acme/*", "production"), /owner\/name/);
        });
    });
});
