// Wiring only: config -> app stack facts -> OIDC trust, deploy roles, Deployments settings -> outputs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import * as fs from "node:fs";
import * as path from "node:path";
import { appStackFacts, withFullSecretArns } from "./appStacks";
import { continueRoleDocument } from "./continueRole";
import {
    continueRoleName,
    deployRoleName,
    durationSeconds,
    imagePushRoleName,
    parseDeliveryConfig,
} from "./deliveryConfig";
import { deployRoleDocument } from "./deployRole";
import { deploymentSettingsArgs } from "./deploymentSettings";
import { imagePushRoleDocument } from "./imagePushRole";
import {
    deploymentsTrustDocument,
    GITHUB_AUDIENCE,
    GITHUB_OIDC_URL,
    githubBranchTrustDocument,
    githubEnvironmentTrustDocument,
    PULUMI_OIDC_URL,
} from "./oidcTrust";

const KEYS = [
    "organization",
    "repository",
    "branch",
    "appProject",
    "appDir",
    "stacks",
    "pulumiOidcProviderArn",
    "githubOidcProviderArn",
    "imagePushStack",
    "sessionDuration",
];

function readConfig(): Record<string, unknown> {
    const config = new pulumi.Config();
    return Object.fromEntries(KEYS.map((k) => [k, k === "stacks" ? config.getObject(k) : config.get(k)]));
}

export = async () => {
    const cfg = parseDeliveryConfig(readConfig(), pulumi.getProject(), pulumi.getOrganization());
    const { accountId } = await aws.getCallerIdentity();
    const { partition } = await aws.getPartition();
    const tags = { app: cfg.appProject, purpose: "delivery", "managed-by": "pulumi" };
    const appDir = path.resolve(__dirname, cfg.appDir);
    const facts = new Map(
        cfg.stacks.map((s) => {
            const file = path.join(appDir, `Pulumi.${s.name}.yaml`);
            return [
                s.name,
                appStackFacts(
                    cfg.appProject,
                    s.name,
                    path.relative(process.cwd(), file),
                    fs.readFileSync(file, "utf8"),
                ),
            ] as const;
        }),
    );

    // AWS allows one provider per issuer URL in an account: reuse one when ESC or another project made it.
    const pulumiProviderArn: pulumi.Input<string> =
        cfg.pulumiOidcProviderArn ??
        new aws.iam.OpenIdConnectProvider("pulumi-cloud", {
            url: PULUMI_OIDC_URL,
            clientIdLists: [cfg.organization],
            tags,
        }).arn;

    const deployRoles: Record<string, pulumi.Output<string>> = {};
    for (const stack of cfg.stacks) {
        const app = await withFullSecretArns(
            facts.get(stack.name)!,
            async (arn) => (await aws.secretsmanager.getSecret({ arn })).arn,
        );
        const role = new aws.iam.Role(`deploy-${stack.name}`, {
            name: deployRoleName(cfg.appProject, stack.name),
            description: `Pulumi Deployments of ${cfg.organization}/${cfg.appProject}/${stack.name}: what that stack manages, nothing else`,
            assumeRolePolicy: pulumi
                .output(pulumiProviderArn)
                .apply((arn) =>
                    JSON.stringify(deploymentsTrustDocument(arn, cfg.organization, cfg.appProject, stack.name)),
                ),
            maxSessionDuration: Math.max(3600, durationSeconds(cfg.sessionDuration)),
            tags: { ...tags, stack: stack.name },
        });
        const readRepositories = stack.promoteFrom ? [`${cfg.appProject}-${stack.promoteFrom}`] : [];
        new aws.iam.RolePolicy(`deploy-${stack.name}`, {
            role: role.id,
            policy: JSON.stringify(
                deployRoleDocument({ partition, accountId, project: cfg.appProject, app, readRepositories }),
            ),
        });
        new pulumiservice.DeploymentSettings(
            stack.name,
            deploymentSettingsArgs({
                organization: cfg.organization,
                project: cfg.appProject,
                stack,
                allStacks: cfg.stacks.map((s) => s.name),
                repository: cfg.repository,
                branch: cfg.branch,
                roleArn: role.arn,
                sessionDuration: cfg.sessionDuration,
            }),
        );
        deployRoles[stack.name] = role.arn;
    }

    // GitHub Actions' provider, made once when a workflow role needs it (image push, approvals).
    const pausing = cfg.stacks.filter((s) => facts.get(s.name)!.features.pauses);
    const githubProviderArn: pulumi.Input<string> | undefined =
        cfg.imagePushStack || pausing.length
            ? (cfg.githubOidcProviderArn ??
              new aws.iam.OpenIdConnectProvider("github-actions", {
                  url: GITHUB_OIDC_URL,
                  clientIdLists: [GITHUB_AUDIENCE],
                  tags,
              }).arn)
            : undefined;

    let imagePushRoleArn: pulumi.Output<string> | undefined;
    if (cfg.imagePushStack && githubProviderArn) {
        const app = facts.get(cfg.imagePushStack)!;
        const role = new aws.iam.Role("image-push", {
            name: imagePushRoleName(cfg.appProject, cfg.imagePushStack),
            description: `GitHub Actions on ${cfg.repository}@${cfg.branch}: push app images to ${cfg.appProject}-${cfg.imagePushStack}`,
            assumeRolePolicy: pulumi
                .output(githubProviderArn)
                .apply((arn) => JSON.stringify(githubBranchTrustDocument(arn, cfg.repository, cfg.branch))),
            tags,
        });
        new aws.iam.RolePolicy("image-push", {
            role: role.id,
            policy: JSON.stringify(
                imagePushRoleDocument(partition, accountId, app.region, `${cfg.appProject}-${cfg.imagePushStack}`),
            ),
        });
        imagePushRoleArn = role.arn;
    }

    // Stacks with pauses: the approval workflow (continue.yml), in the GitHub environment named after the stack.
    const continueRoles: Record<string, pulumi.Output<string>> = {};
    for (const stack of pausing) {
        const role = new aws.iam.Role(`continue-${stack.name}`, {
            name: continueRoleName(cfg.appProject, stack.name),
            description:
                `GitHub Actions on ${cfg.repository} in environment ${stack.name}: ` +
                `continue or roll back ${cfg.appProject}-${stack.name}'s paused deployments`,
            assumeRolePolicy: pulumi
                .output(githubProviderArn!)
                .apply((arn) => JSON.stringify(githubEnvironmentTrustDocument(arn, cfg.repository, stack.name))),
            tags: { ...tags, stack: stack.name },
        });
        new aws.iam.RolePolicy(`continue-${stack.name}`, {
            role: role.id,
            policy: JSON.stringify(
                continueRoleDocument({ partition, accountId, project: cfg.appProject, app: facts.get(stack.name)! }),
            ),
        });
        continueRoles[stack.name] = role.arn;
    }

    return {
        pulumiOidcProviderArn: pulumi.output(pulumiProviderArn),
        deployRoleArns: pulumi.output(deployRoles),
        imagePushRoleArn,
        continueRoleArns: pulumi.output(continueRoles),
    };
};
