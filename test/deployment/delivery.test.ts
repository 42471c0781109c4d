/**
 * The delivery project (deployment/) under Pulumi's mocks, with its real stack
 * file and the app's real stack files: Deployments settings (triggers, path
 * filters), the OIDC provider, each deploy role's trust and permissions, and
 * the CI image-push role. The mocks stand in for AWS and Pulumi Cloud only.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import YAML from "yaml";
import { loadStackFiles } from "../../offline/stackFiles";
import { appStackFacts, withFullSecretArns } from "../../deployment/appStacks";
import { CONTINUE_CALLS } from "../../deployment/continueRole";
import { continueRoleName, deployRoleName, parseDeliveryConfig } from "../../deployment/deliveryConfig";
import { deployRoleDocument } from "../../deployment/deployRole";
import { pathFilters, PROGRAM_PATHS } from "../../deployment/deploymentSettings";
import { deploymentsSubject } from "../../deployment/oidcTrust";
import { actionsOf, IamDocument, resourcesOf, IamStatement } from "../../deployment/iamDocument";
import { renderCli, tempDir } from "../support/render";
import { OIDC, ROLE, ROLE_POLICY } from "../support/types";

const ROOT = path.resolve(__dirname, "..", "..");
const DELIVERY_DIR = path.join(ROOT, "deployment");
const ACCOUNT = "123456789012";
const ORG = "acme";

interface Recorded {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

function resourceState(type: string, inputs: Record<string, any>): Record<string, unknown> {
    switch (type) {
        case "aws:iam/role:Role":
            return { arn: `arn:aws:iam::${ACCOUNT}:role/${String(inputs.name)}` };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}` };
        default:
            return {};
    }
}

/** Runs deployment/index.ts under mocks with the `shared` stack file, plus config overrides by short key. */
async function runDelivery(overrides: Record<string, unknown> = {}) {
    const files = loadStackFiles(DELIVERY_DIR, "shared");
    const config = { ...files.config };
    for (const [k, v] of Object.entries(overrides))
        config[`${files.project}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    const resources: Recorded[] = [];
    pulumi.runtime.setAllConfig(config, files.secretKeys);
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                resources.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, any> });
                return {
                    id: `${args.name}-id`,
                    state: {
                        ...(args.inputs as Record<string, unknown>),
                        ...resourceState(args.type, args.inputs as Record<string, any>),
                    },
                };
            },
            call(args) {
                if (args.token === "aws:index/getCallerIdentity:getCallerIdentity")
                    return {
                        accountId: ACCOUNT,
                        arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
                        userId: "AIDA",
                        id: ACCOUNT,
                    };
                if (args.token === "aws:index/getPartition:getPartition")
                    return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
                throw new Error(`unexpected call ${args.token}`);
            },
        },
        files.project,
        files.stack,
        false,
        ORG,
    );
    for (const id of Object.keys(require.cache)) if (id.startsWith(DELIVERY_DIR + path.sep)) delete require.cache[id];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require(path.join(DELIVERY_DIR, "index.ts")) as () => Promise<Record<string, unknown>>;
    const exported = await main();
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(exported))
        outputs[k] = pulumi.Output.isInstance(v)
            ? await (v as unknown as { promise(): Promise<unknown> }).promise()
            : v;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    const all = (type: string) => resources.filter((r) => r.type === type);
    const one = (type: string, name: string) => {
        const found = resources.filter((r) => r.type === type && r.name === name);
        assert.equal(found.length, 1, `${type} ${name}: ${resources.map((r) => `${r.type}/${r.name}`).join(", ")}`);
        return found[0];
    };
    return { resources, outputs, all, one };
}

type Run = Awaited<ReturnType<typeof runDelivery>>;
const SETTINGS = "pulumiservice:index:DeploymentSettings";
const PULUMI_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/api.pulumi.com/oidc`;

const docOf = (r: Recorded): IamDocument => JSON.parse(String(r.inputs.policy ?? r.inputs.assumeRolePolicy));

/** Pulumi Deployments' path-filter globs: `**` spans directories, `*` does not; a pattern matches the whole path. */
function globMatches(pattern: string, file: string): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*\*/g, "\u0000")
        .replace(/\*/g, "[^/]*")
        .replace(/\u0000/g, ".*");
    return new RegExp(`^${re}$`).test(file);
}
function triggers(filters: string[], file: string): boolean {
    const includes = filters.filter((f) => !f.startsWith("!"));
    const excludes = filters.filter((f) => f.startsWith("!")).map((f) => f.slice(1));
    return (
        (includes.length === 0 || includes.some((p) => globMatches(p, file))) &&
        !excludes.some((p) => globMatches(p, file))
    );
}

describe("delivery project: Deployments settings", () => {
    let run: Run;
    before(async () => {
        run = await runDelivery();
    });

    it("manages settings for both app stacks of the app's project, with the vcs block (not the deprecated github one)", () => {
        const settings = run.all(SETTINGS);
        assert.deepEqual(settings.map((s) => s.inputs.stack).sort(), ["production", "staging"]);
        for (const s of settings) {
            assert.equal(s.inputs.organization, ORG);
            assert.equal(s.inputs.project, "ecs-deploy");
            assert.equal(s.inputs.github, undefined);
            assert.equal(s.inputs.vcs.provider, "github");
            assert.equal(s.inputs.vcs.repository, "acme/ecs-deploy");
            assert.equal(s.inputs.vcs.pullRequestTemplate, false);
            assert.deepEqual(s.inputs.sourceContext, { git: { branch: "refs/heads/main" } });
            assert.deepEqual(s.inputs.cacheOptions, { enable: true });
        }
    });

    it("staging deploys on push to main and previews pull requests, filtered to the program's paths", () => {
        const staging = run.one(SETTINGS, "staging").inputs;
        assert.equal(staging.vcs.deployCommits, true);
        assert.equal(staging.vcs.previewPullRequests, true);
        for (const p of ["app/**", "components/**", "core/**", "index.ts", "Pulumi.*", "package*.json"])
            assert.ok(staging.vcs.paths.includes(p), p);
        assert.deepEqual(staging.vcs.paths, [...PROGRAM_PATHS, "!Pulumi.production.yaml"]);
        assert.equal(staging.operationContext.options.skipIntermediateDeployments, true);
    });

    it("the path filters deploy staging for program changes only", () => {
        const filters = run.one(SETTINGS, "staging").inputs.vcs.paths as string[];
        for (const f of [
            "app/server.js",
            "app/ecs-task-template.json",
            "components/service.ts",
            "core/registry/oci.ts",
            "index.ts",
            "scripts/transpile.js",
            "scripts/compileCache.js",
            "Pulumi.yaml",
            "Pulumi.staging.yaml",
            "package.json",
            "package-lock.json",
        ]) {
            assert.ok(triggers(filters, f), `${f} should deploy staging`);
        }
        for (const f of [
            "Pulumi.production.yaml",
            "README.md",
            "deployment/index.ts",
            "deployment/Pulumi.yaml",
            ".github/workflows/main.yml",
            "test/diff.test.ts",
            "cli/render.ts",
            "scripts/configTable.ts",
        ]) {
            assert.ok(!triggers(filters, f), `${f} should not deploy staging`);
        }
    });

    it("production never deploys on push or previews pull requests: release tags or by hand only", () => {
        const production = run.one(SETTINGS, "production").inputs;
        assert.equal(production.vcs.deployCommits, false);
        assert.equal(production.vcs.previewPullRequests, false);
        assert.equal(production.vcs.paths, undefined);
    });

    it("gives each stack's deployments that stack's own role through OIDC", () => {
        for (const stack of ["staging", "production"]) {
            const aws = run.one(SETTINGS, stack).inputs.operationContext.oidc.aws;
            assert.deepEqual(aws, {
                roleARN: `arn:aws:iam::${ACCOUNT}:role/pulumi-deployments-ecs-deploy-${stack}`,
                sessionName: `pulumi-deployments-${stack}`,
                duration: "2h",
            });
        }
        const deployRoleArns = run.outputs.deployRoleArns as Record<string, unknown>;
        assert.equal(deployRoleArns.staging, `arn:aws:iam::${ACCOUNT}:role/pulumi-deployments-ecs-deploy-staging`);
    });
});

describe("delivery project: OIDC trust", () => {
    let run: Run;
    before(async () => {
        run = await runDelivery();
    });

    it("registers Pulumi Cloud's issuer with the organization as its audience", () => {
        const provider = run.one(OIDC, "pulumi-cloud").inputs;
        assert.equal(provider.url, "https://api.pulumi.com/oidc");
        assert.deepEqual(provider.clientIdLists, [ORG]);
        assert.equal(run.outputs.pulumiOidcProviderArn, PULUMI_PROVIDER_ARN);
    });

    it("trusts each deploy role to exactly its org, project and stack", () => {
        for (const stack of ["staging", "production"]) {
            const role = run.one(ROLE, `deploy-${stack}`);
            assert.equal(role.inputs.name, `pulumi-deployments-ecs-deploy-${stack}`);
            assert.ok(role.inputs.maxSessionDuration >= 7200);
            assert.deepEqual(docOf(role), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "PulumiDeploymentsForThisStackOnly",
                        Effect: "Allow",
                        Principal: { Federated: PULUMI_PROVIDER_ARN },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: { "api.pulumi.com/oidc:aud": ORG },
                            StringLike: {
                                "api.pulumi.com/oidc:sub": `pulumi:deploy:org:${ORG}:project:ecs-deploy:stack:${stack}:operation:*:scope:write`,
                            },
                        },
                    },
                ],
            });
        }
    });

    it("names the deploy role outside the pattern it manages, so it cannot edit its own policy", () => {
        for (const stack of ["staging", "production"]) {
            const name = deployRoleName("ecs-deploy", stack);
            const iamPatterns = resourcesOf(docOf(run.one(ROLE_POLICY, `deploy-${stack}`))).filter((r) =>
                r.includes(":iam::"),
            );
            for (const pattern of iamPatterns)
                assert.ok(!globMatches(pattern.split(":role/")[1] ?? "", name), `${pattern} matches ${name}`);
        }
    });

    it("reuses an existing provider instead of creating a second one", async () => {
        const existing = `arn:aws:iam::${ACCOUNT}:oidc-provider/api.pulumi.com/oidc`;
        const reused = await runDelivery({
            pulumiOidcProviderArn: existing,
            githubOidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
        });
        assert.equal(reused.all(OIDC).length, 0);
        assert.equal(docOf(reused.one(ROLE, "deploy-staging")).Statement[0].Principal!.Federated, existing);
    });

    it("refuses names that would widen the subject match", () => {
        assert.equal(
            deploymentsSubject("acme", "ecs-deploy", "staging"),
            "pulumi:deploy:org:acme:project:ecs-deploy:stack:staging:operation:*:scope:write",
        );
        assert.throws(() => deploymentsSubject("acme", "ecs-deploy", "*"), /stack "\*" may only contain/);
        assert.throws(() => deploymentsSubject("ac*", "ecs-deploy", "staging"), /organization/);
    });

    it("lets GitHub Actions push images from the main branch of the repository only", () => {
        const provider = run.one(OIDC, "github-actions").inputs;
        assert.equal(provider.url, "https://token.actions.githubusercontent.com");
        assert.deepEqual(provider.clientIdLists, ["sts.amazonaws.com"]);
        const trust = docOf(run.one(ROLE, "image-push")).Statement;
        assert.equal(trust.length, 1);
        assert.deepEqual(trust[0].Condition, {
            StringEquals: {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": "repo:acme/ecs-deploy:ref:refs/heads/main",
            },
        });
        const push = docOf(run.one(ROLE_POLICY, "image-push"));
        assert.deepEqual(resourcesOf(push), ["*", `arn:aws:ecr:eu-north-1:${ACCOUNT}:repository/ecs-deploy-staging`]);
        assert.deepEqual(push.Statement[0].Action, "ecr:GetAuthorizationToken");
        for (const a of actionsOf(push)) assert.match(a, /^ecr:/);
        assert.ok(!actionsOf(push).some((a) => /Delete|Create|Policy/.test(a)));
    });
});

describe("delivery project: approval roles for stacks that pause", () => {
    /** The app's stack files, staging with pauses (and production without), in a directory of their own. */
    function appDirWithPauses(): string {
        const dir = tempDir("delivery-pauses-");
        for (const stack of ["staging", "production"]) {
            const doc = YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8"));
            if (stack === "staging")
                Object.assign(doc.config["ecs-deploy:service"], {
                    strategy: "BLUE_GREEN",
                    pauses: [{ stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60 }],
                });
            fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), YAML.stringify(doc));
        }
        return dir;
    }

    it("makes none while no stack pauses", async () => {
        const run = await runDelivery();
        assert.deepEqual(
            run.resources.filter((r) => r.name.startsWith("continue-")),
            [],
        );
        assert.deepEqual(run.outputs.continueRoleArns, {});
    });

    it("gives a pausing stack one, trusted by its GitHub environment, allowed its service's deployments", async () => {
        const run = await runDelivery({ appDir: appDirWithPauses(), imagePushStack: "" });
        const role = run.one(ROLE, "continue-staging");
        assert.equal(role.inputs.name, continueRoleName("ecs-deploy", "staging"));
        assert.deepEqual(docOf(role).Statement[0].Condition, {
            StringEquals: {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": "repo:acme/ecs-deploy:environment:staging",
                "token.actions.githubusercontent.com:environment": "staging",
            },
        });
        // The GitHub provider exists for it even without the image-push role.
        assert.equal(run.one(OIDC, "github-actions").inputs.url, "https://token.actions.githubusercontent.com");
        assert.deepEqual(
            run.all(ROLE).filter((r) => r.name === "image-push"),
            [],
        );
        const policy = docOf(run.one(ROLE_POLICY, "continue-staging"));
        assert.deepEqual([...new Set(actionsOf(policy))].sort(), [...CONTINUE_CALLS].sort());
        for (const r of resourcesOf(policy))
            assert.match(r, /^arn:aws:ecs:eu-north-1:123456789012:[a-z-]+\/ecs-deploy-staging-/);
        assert.deepEqual(
            run.all(ROLE).filter((r) => r.name === "continue-production"),
            [],
        );
        assert.deepEqual(Object.keys(run.outputs.continueRoleArns as object), ["staging"]);
    });
});

describe("delivery project: deploy role permissions", () => {
    let run: Run;
    const documents: Record<string, IamDocument> = {};
    before(async () => {
        run = await runDelivery();
        for (const stack of ["staging", "production"])
            documents[stack] = docOf(run.one(ROLE_POLICY, `deploy-${stack}`));
    });
    const each = (fn: (doc: IamDocument, stack: string) => void) => () => {
        for (const [stack, doc] of Object.entries(documents)) fn(doc, stack);
    };

    it(
        "grants no * action, no service:* action, and wildcards only on Describe",
        each((doc) => {
            for (const a of actionsOf(doc)) {
                assert.notEqual(a, "*");
                assert.doesNotMatch(a, /:\*$/, a);
                if (a.includes("*")) assert.match(a, /^[a-z0-9-]+:Describe\*$/, a);
            }
        }),
    );

    it(
        "holds no AdministratorAccess or other managed policy, and attaches the ECS load-balancer one only when traffic shifts",
        each((doc, stack) => {
            const text = JSON.stringify(doc);
            assert.doesNotMatch(text, /AdministratorAccess|PowerUserAccess|IAMFullAccess/);
            // The real stacks roll; their roles attach nothing.
            assert.ok(!actionsOf(doc).includes("iam:AttachRolePolicy"), stack);
            const yaml = fs
                .readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")
                .replace("strategy: ROLLING", "strategy: BLUE_GREEN");
            const shifting = deployRoleDocument({
                partition: "aws",
                accountId: ACCOUNT,
                project: "ecs-deploy",
                app: appStackFacts("ecs-deploy", stack, `Pulumi.${stack}.yaml`, yaml),
                readRepositories: [],
            });
            const attach = shifting.Statement.find((s) =>
                ([] as string[]).concat(s.Action).includes("iam:AttachRolePolicy"),
            )!;
            assert.deepEqual(attach.Condition, {
                ArnEquals: {
                    "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
                },
            });
            assert.equal(attach.Resource, `arn:aws:iam::${ACCOUNT}:role/ecs-deploy-${stack}-ecs-infra-*`);
        }),
    );

    it(
        "stays within the services the program manages",
        each((doc) => {
            const services = new Set(actionsOf(doc).map((a) => a.split(":")[0]));
            const allowed = [
                "ecr",
                "ecs",
                "logs",
                "iam",
                "ec2",
                "elasticloadbalancing",
                "application-autoscaling",
                "cloudwatch",
                "secretsmanager",
                "ssm",
            ];
            for (const s of services) assert.ok(allowed.includes(s), s);
        }),
    );

    it(
        "scopes IAM to the stack's own roles, and passes them only to ECS",
        each((doc, stack) => {
            const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
            const linked = [
                role("aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"),
                role("aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing"),
                role(
                    "aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
                ),
            ];
            for (const s of doc.Statement.filter((st) =>
                actionsOf({ Version: "2012-10-17", Statement: [st] }).some((a) => a.startsWith("iam:")),
            )) {
                for (const r of ([] as string[]).concat(s.Resource ?? [])) {
                    assert.ok(
                        [
                            role(`ecs-deploy-${stack}-*`),
                            role(`ecs-deploy-${stack}-execution-*`),
                            role(`ecs-deploy-${stack}-task-*`),
                            ...linked,
                        ].includes(r),
                        r,
                    );
                }
            }
            const pass = doc.Statement.filter((s) => s.Action === "iam:PassRole");
            assert.deepEqual(
                pass.map((s) => [s.Resource, s.Condition]),
                [
                    [
                        [role(`ecs-deploy-${stack}-execution-*`), role(`ecs-deploy-${stack}-task-*`)],
                        { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
                    ],
                ],
            );
            const slr = doc.Statement.find((s) => s.Action === "iam:CreateServiceLinkedRole")!;
            // Staging has a load balancer; production also scales.
            const services =
                stack === "staging"
                    ? ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com"]
                    : [
                          "ecs.amazonaws.com",
                          "elasticloadbalancing.amazonaws.com",
                          "ecs.application-autoscaling.amazonaws.com",
                      ];
            assert.deepEqual(slr.Condition, { StringEquals: { "iam:AWSServiceName": services } });
            assert.deepEqual(slr.Resource, linked.slice(0, services.length));
        }),
    );

    it(
        "names the stack's ECR repository, log groups, cluster, service and load balancer, each pattern ending at a name boundary",
        each((doc, stack) => {
            const byId = (sid: string): IamStatement => doc.Statement.find((s) => s.Sid === sid)!;
            const arn = (service: string, resource: string) => `arn:aws:${service}:eu-north-1:${ACCOUNT}:${resource}`;
            assert.equal(byId("EcrRepository").Resource, arn("ecr", `repository/ecs-deploy-${stack}`));
            assert.equal(byId("Logs").Resource, arn("logs", `log-group:/ecs/ecs-deploy/${stack}/*`));
            assert.equal(byId("EcsCluster").Resource, arn("ecs", `cluster/ecs-deploy-${stack}-*`));
            assert.deepEqual(byId("EcsService").Resource, [
                arn("ecs", `service/ecs-deploy-${stack}-*/ecs-deploy-${stack}-*`),
                arn("ecs", `service-deployment/ecs-deploy-${stack}-*/ecs-deploy-${stack}-*`),
            ]);
            assert.equal(byId("EcsTaskDefinition").Resource, arn("ecs", `task-definition/ecs-deploy-${stack}:*`));
            for (const r of byId("ElbLoadBalancer").Resource as string[])
                assert.match(
                    r,
                    new RegExp(
                        `^arn:aws:elasticloadbalancing:eu-north-1:${ACCOUNT}:((loadbalancer|listener)/app/|targetgroup/)ecs-deploy-${stack}-\\*$`,
                    ),
                    r,
                );
            assert.doesNotMatch(
                JSON.stringify(doc),
                new RegExp(`ecs-deploy-${stack}\\*`),
                "no pattern runs on from the stack's name into another stack's",
            );
        }),
    );

    it(
        "holds every statement on * to the stack's region",
        each((doc) => {
            for (const s of doc.Statement.filter((st) => st.Resource === "*"))
                assert.deepEqual(s.Condition, { StringEquals: { "aws:RequestedRegion": "eu-north-1" } }, s.Sid);
        }),
    );

    it(
        "reads secrets under the stack's own prefix only, and never their values",
        each((doc, stack) => {
            const secrets = doc.Statement.filter((s) =>
                actionsOf({ Version: "2012-10-17", Statement: [s] }).some(
                    (a) => a.startsWith("secretsmanager:") || a.startsWith("ssm:"),
                ),
            );
            assert.deepEqual(
                secrets.map((s) => s.Sid),
                ["SecretsRead"],
            );
            assert.deepEqual(secrets[0].Action, ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"]);
            assert.deepEqual(secrets[0].Resource, [
                `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:${stack}/web/*`,
            ]);
        }),
    );

    it("keeps stacks apart: staging's role cannot touch production, production reads staging's images only", () => {
        assert.doesNotMatch(JSON.stringify(documents.staging), /production/);
        const mentions = documents.production.Statement.filter((s) => JSON.stringify(s).includes("staging"));
        assert.deepEqual(mentions, [
            {
                Sid: "EcrPromotionRead",
                Effect: "Allow",
                Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                Resource: [`arn:aws:ecr:eu-north-1:${ACCOUNT}:repository/ecs-deploy-staging`],
            },
        ]);
    });

    it("refuses stacks whose names would let one role's patterns reach another stack", () => {
        const base = {
            repository: "acme/ecs-deploy",
            stacks: { staging: { trigger: "push" }, "staging-eu": { trigger: "push" } },
        };
        assert.throws(
            () => parseDeliveryConfig(base, "ecs-deploy-delivery", "acme"),
            /^DeliveryConfigError: ecs-deploy-delivery:stacks\.staging-eu: starts with "staging-", so the staging deploy role's names \(ecs-deploy-staging-\*\) would also match the staging-eu stack's resources\. Fix: rename staging-eu so it does not start with "staging-", e\.g\. eu-staging$/,
        );
        assert.doesNotThrow(() =>
            parseDeliveryConfig(
                { ...base, stacks: { staging: { trigger: "push" }, stagingeu: { trigger: "push" } } },
                "ecs-deploy-delivery",
                "acme",
            ),
        );
    });

    it("covers what the app program really declares, under the names the policy expects", async () => {
        // The IAM service that manages each resource type the program declares.
        const serviceOf = (type: string): string | undefined => {
            if (type === "docker-build:index:Image") return "ecr";
            const m = /^aws:([a-z0-9]+)\/([A-Za-z]+):/.exec(type);
            if (!m) return undefined;
            const map: Record<string, string> = {
                cloudwatch: "logs",
                vpc: "ec2",
                lb: "elasticloadbalancing",
                appautoscaling: "application-autoscaling",
            };
            return map[m[1]] ?? m[1];
        };
        for (const stack of ["staging", "production"]) {
            const out = tempDir(`delivery-render-${stack}-`);
            const r = await renderCli(["--stack", stack, "--out", out]);
            assert.equal(r.status, 0, r.stderr);
            const resources = JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8")) as {
                type: string;
                name: string;
                inputs: Record<string, unknown>;
            }[];
            const granted = new Set(actionsOf(documents[stack]).map((a) => a.split(":")[0]));
            for (const res of resources) {
                const service = serviceOf(res.type);
                if (service) assert.ok(granted.has(service), `${res.type} needs ${service}`);
                // Auto-named resources take their logical name as the prefix of their AWS name.
                if (res.type.startsWith("aws:") && !["aws:cloudwatch/logGroup:LogGroup"].includes(res.type))
                    assert.ok(res.name.startsWith(`ecs-deploy-${stack}`), `${res.type} ${res.name}`);
            }
            for (const group of resources.filter((x) => x.type === "aws:cloudwatch/logGroup:LogGroup"))
                assert.match(String(group.inputs.name), new RegExp(`^/ecs/ecs-deploy/${stack}/`));
            for (const repo of resources.filter((x) => x.type === "aws:ecr/repository:Repository"))
                assert.equal(repo.inputs.name, `ecs-deploy-${stack}`);
            // The provider auto-names roles `<logical name>-<7 hex>`; the recorded inputs show the generated name.
            for (const role of resources.filter((x) => x.type === "aws:iam/role:Role"))
                assert.match(
                    String(role.inputs.name),
                    new RegExp(`^${role.name}-[0-9a-f]{7}$`),
                    "roles are auto-named from ecs-deploy-<stack>…",
                );
        }
    });

    it(
        "fits IAM's 10,240-character limit for a role's inline policies",
        each((doc) => {
            assert.ok(JSON.stringify(doc).length < 10_240, String(JSON.stringify(doc).length));
        }),
    );
});

describe("delivery project: policies follow the app's stack files", () => {
    const facts = (yaml: string) => appStackFacts("ecs-deploy", "staging", "Pulumi.staging.yaml", yaml);

    it("reads the region and secret source from the stack file", () => {
        assert.deepEqual(
            facts(
                "config:\n  aws:region: eu-west-1\n  ecs-deploy:secrets:\n    source: ssm\n    prefix: /staging/web/\n",
            ),
            {
                stack: "staging",
                region: "eu-west-1",
                secrets: { source: "ssm", prefix: "/staging/web/", arns: [], managed: [] },
                clusterName: undefined,
                features: {
                    build: true,
                    createVpc: true,
                    vpcLookup: false,
                    loadBalancer: false,
                    trafficShifting: false,
                    autoscaling: false,
                    watchRollout: true,
                    waitForSteadyState: false,
                    preDeploy: false,
                    alarms: false,
                    failFast: false,
                    pauses: false,
                },
                workers: [],
                jobs: [],
            },
        );
    });

    it("reads pauses and fail-fast, which only act with the rollout watch", () => {
        const features = (service: string) =>
            facts(
                `config:\n  aws:region: eu-west-1\n  ecs-deploy:secrets: {prefix: staging/web/}\n  ecs-deploy:service: ${service}\n`,
            ).features;
        const paused = "{strategy: BLUE_GREEN, pauses: [{stage: POST_SCALE_UP, timeoutMinutes: 5}]}";
        assert.deepEqual(
            [features(paused).pauses, features("{pauses: []}").pauses, features("{desiredCount: 1}").pauses],
            [true, false, false],
        );
        assert.equal(features("{failFast: {afterFailedTasks: 1}}").failFast, true);
        assert.equal(features("{failFast: {afterFailedTasks: 1}, watchRollout: false}").failFast, false);
        assert.equal(features("{desiredCount: 1}").failFast, false);
    });

    it("refuses a stack without a secret prefix: the role would read secrets account-wide", () => {
        assert.throws(
            () => facts("config:\n  aws:region: eu-west-1\n"),
            /^AppStackError: Pulumi\.staging\.yaml: ecs-deploy:secrets\.prefix: is empty.*Fix: give the stack its own prefix, e\.g\. staging\/web\/$/,
        );
        assert.throws(() => facts("config:\n  ecs-deploy:secrets: {prefix: a/}\n"), /aws:region: is not set/);
        // staging/web would also cover staging/web-eu/...
        assert.throws(
            () => facts("config:\n  aws:region: eu-west-1\n  ecs-deploy:secrets: {prefix: staging/web}\n"),
            /^AppStackError: Pulumi\.staging\.yaml: ecs-deploy:secrets\.prefix: "staging\/web" does not end with a separator.*Fix: end it with a slash, e\.g\. staging\/web\/$/,
        );
    });

    it("scopes SSM parameters, mapped ARNs, managed secrets and a reused cluster", async () => {
        const ssm = facts(
            "config:\n  aws:region: eu-west-1\n  ecs-deploy:secrets: {source: ssm, prefix: /staging/web/}\n  ecs-deploy:secretValues: {DATABASE_URL: {secure: v1:abc}}\n  ecs-deploy:cluster: {name: shared}\n",
        );
        const doc = deployRoleDocument({
            partition: "aws",
            accountId: ACCOUNT,
            project: "ecs-deploy",
            app: ssm,
            readRepositories: [],
        });
        const sid = (id: string) => doc.Statement.find((s) => s.Sid === id);
        assert.deepEqual(sid("SecretsRead")!.Resource, [`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/staging/web/*`]);
        // Written: exactly the parameters whose values the stack holds.
        assert.deepEqual(sid("SecretsWrite")!.Resource, [
            `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/staging/web/DATABASE_URL`,
        ]);
        assert.equal(sid("EcsExistingCluster")!.Resource, `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/shared`);

        const managed = facts(
            "config:\n  aws:region: eu-west-1\n  ecs-deploy:secrets: {prefix: staging/web/}\n  ecs-deploy:secretValues: {DATABASE_URL: {secure: v1:abc}, SESSION_KEY: {secure: v1:def}}\n",
        );
        const write = deployRoleDocument({
            partition: "aws",
            accountId: ACCOUNT,
            project: "ecs-deploy",
            app: managed,
            readRepositories: [],
        }).Statement.find((s) => s.Sid === "SecretsWrite")!;
        assert.deepEqual(write.Resource, [
            `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:staging/web/DATABASE_URL-??????`,
            `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:staging/web/SESSION_KEY-??????`,
        ]);

        // A partial ARN whose name ends like a suffix (db-secret) is resolved to the full ARN before the policy is derived.
        const mapped = facts(
            "config:\n  aws:region: eu-west-1\n  ecs-deploy:secrets:\n    prefix: staging/web/\n    map:\n      DB: {name: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared/db-secret'}\n      KEY: {name: other}\n",
        );
        const asked: string[] = [];
        const resolved = await withFullSecretArns(mapped, async (arn) => (asked.push(arn), `${arn}-Xy12Za`));
        assert.deepEqual(asked, ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared/db-secret"]);
        const read = deployRoleDocument({
            partition: "aws",
            accountId: ACCOUNT,
            project: "ecs-deploy",
            app: resolved,
            readRepositories: [],
        }).Statement.find((s) => s.Sid === "SecretsRead")!;
        assert.deepEqual(read.Resource, [
            `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:staging/web/*`,
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared/db-secret-Xy12Za",
        ]);
    });

    it("reads a parameter secrets.map names by ARN, in this account or another, by that ARN alone", () => {
        const mapped = facts(
            "config:\n  aws:region: eu-west-1\n  ecs-deploy:secrets:\n    source: ssm\n    prefix: /staging/web/\n    map:\n" +
                "      DB: {name: 'arn:aws:ssm:eu-west-1:111122223333:parameter/shared/db-url'}\n" +
                `      KEY: {name: 'arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/shared/session'}\n      OTHER: {name: other}\n`,
        );
        const read = deployRoleDocument({
            partition: "aws",
            accountId: ACCOUNT,
            project: "ecs-deploy",
            app: mapped,
            readRepositories: [],
        }).Statement.find((s) => s.Sid === "SecretsRead")!;
        assert.deepEqual(read.Resource, [
            `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/staging/web/*`,
            "arn:aws:ssm:eu-west-1:111122223333:parameter/shared/db-url",
            `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/shared/session`,
        ]);
    });

    it("refuses a mapped ARN of the other secret source, naming the key and the fix", () => {
        assert.throws(
            () =>
                facts(
                    "config:\n  aws:region: eu-west-1\n  ecs-deploy:secrets:\n    source: ssm\n    prefix: /staging/web/\n    map:\n" +
                        "      DB: {name: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared/db-AbCdEf'}\n",
                ),
            /^AppStackError: Pulumi\.staging\.yaml: ecs-deploy:secrets\.map\.DB\.name: is a secretsmanager ARN, but the stack's secrets\.source is ssm\. Fix: name a ssm parameter ARN, or the name under secrets\.prefix$/,
        );
        assert.throws(
            () =>
                facts(
                    "config:\n  aws:region: eu-west-1\n  ecs-deploy:secrets:\n    prefix: staging/web/\n    map:\n" +
                        "      DB: {name: 'arn:aws:ssm:eu-west-1:111122223333:parameter/shared/db-url'}\n",
                ),
            /^AppStackError: Pulumi\.staging\.yaml: ecs-deploy:secrets\.map\.DB\.name: is a ssm ARN, but the stack's secrets\.source is secretsmanager\. Fix: name a secretsmanager secret ARN, or the name under secrets\.prefix$/,
        );
    });

    it("the real stack files scope staging and production to their own prefixes", () => {
        for (const stack of ["staging", "production"]) {
            const files = loadStackFiles(ROOT, stack);
            assert.equal(JSON.parse(files.config["ecs-deploy:secrets"]).prefix, `${stack}/web/`);
        }
    });

    it("checks its own config, naming the key and the fix", () => {
        const base = { repository: "acme/ecs-deploy", stacks: { staging: { trigger: "push" } } };
        assert.equal(parseDeliveryConfig(base, "ecs-deploy-delivery", "acme").sessionDuration, "1h");
        assert.throws(
            () => parseDeliveryConfig({ ...base, repository: "ecs-deploy" }, "ecs-deploy-delivery", "acme"),
            /^DeliveryConfigError: ecs-deploy-delivery:repository: "ecs-deploy" is not owner\/name\. Fix: /,
        );
        assert.throws(
            () =>
                parseDeliveryConfig(
                    { ...base, stacks: { staging: { trigger: "always" } } },
                    "ecs-deploy-delivery",
                    "acme",
                ),
            /stacks\.staging\.trigger: is "always"/,
        );
        assert.throws(
            () =>
                parseDeliveryConfig(
                    { ...base, stacks: { production: { trigger: "release", promoteFrom: "qa" } } },
                    "ecs-deploy-delivery",
                    "acme",
                ),
            /stacks\.production\.promoteFrom: "qa" is not another stack/,
        );
        assert.throws(
            () =>
                parseDeliveryConfig(
                    { ...base, stacks: { staging: { trigger: "push", deployOn: "push" } } },
                    "ecs-deploy-delivery",
                    "acme",
                ),
            /stacks\.staging\.deployOn: is not a known setting/,
        );
        assert.throws(
            () => parseDeliveryConfig({ ...base, sessionDuration: "13h" }, "ecs-deploy-delivery", "acme"),
            /sessionDuration: "13h" is not a duration between 15m and 12h/,
        );
        assert.throws(
            () => parseDeliveryConfig({ ...base, imagePushStack: "qa" }, "ecs-deploy-delivery", "acme"),
            /imagePushStack: "qa" is not in stacks/,
        );
        assert.deepEqual(
            pathFilters("staging", ["staging", "production", "qa"]).filter((p) => p.startsWith("!")),
            ["!Pulumi.production.yaml", "!Pulumi.qa.yaml"],
        );
    });
});
