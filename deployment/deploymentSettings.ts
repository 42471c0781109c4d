import type * as pulumi from "@pulumi/pulumi";
import type { DeploymentSettingsArgs } from "@pulumi/pulumiservice";
import type { StackDelivery } from "./deliveryConfig";

/**
 * Pulumi Deployments settings for one app stack, as plain inputs. A push stack
 * (staging) runs `pulumi up` on every push to the branch that touches the
 * program, and `pulumi preview` on pull requests, commented by the Pulumi
 * GitHub App. A release stack (production) never deploys on push: it deploys
 * when the release workflow or a person asks for it.
 */

/** What the app program is made of, relative to the repository root (Pulumi.yaml is at the root). */
export const PROGRAM_PATHS = [
    "app/**",
    "components/**",
    "core/**",
    "index.ts",
    // Loaded by every preview and up (Pulumi.yaml nodeargs), so a change to them is a change to the program.
    "scripts/transpile.js",
    "scripts/compileCache.js",
    "Pulumi.*",
    "package*.json",
    "tsconfig.json",
];

/**
 * Path filters for a push stack: the program, minus the other stacks' files,
 * so editing Pulumi.production.yaml does not redeploy staging. A push deploys
 * when a changed file matches an include and no exclude.
 */
export function pathFilters(stack: string, allStacks: string[]): string[] {
    return [...PROGRAM_PATHS, ...allStacks.filter((s) => s !== stack).map((s) => `!Pulumi.${s}.yaml`)];
}

export interface SettingsInput {
    organization: string;
    project: string;
    stack: StackDelivery;
    allStacks: string[];
    repository: string;
    branch: string;
    roleArn: pulumi.Input<string>;
    sessionDuration: string;
}

export function deploymentSettingsArgs(i: SettingsInput): DeploymentSettingsArgs {
    const push = i.stack.trigger === "push";
    return {
        organization: i.organization,
        project: i.project,
        stack: i.stack.name,
        // With a vcs block the repository comes from the GitHub App; only the branch is given here.
        sourceContext: { git: { branch: `refs/heads/${i.branch}` } },
        vcs: {
            provider: "github",
            repository: i.repository,
            // Both default to true in the provider: a release stack turns them off explicitly.
            deployCommits: push,
            // Previews run the pull request's code with the stack's role: only the push stack's role is offered to them.
            previewPullRequests: push,
            pullRequestTemplate: false,
            paths: push ? pathFilters(i.stack.name, i.allStacks) : undefined,
        },
        operationContext: {
            oidc: {
                aws: {
                    roleARN: i.roleArn,
                    sessionName: `pulumi-deployments-${i.stack.name}`,
                    duration: i.sessionDuration,
                },
            },
            // A burst of pushes deploys the newest commit once, not each in turn.
            options: { skipIntermediateDeployments: push },
        },
        cacheOptions: { enable: true },
    };
}
