import { iamDocument, IamDocument, IamStatement } from "./iamDocument";

/**
 * Who may assume the delivery roles. Pulumi Deployments presents a token from
 * https://api.pulumi.com/oidc whose audience is the organization name and
 * whose subject names the org, project, stack and operation; GitHub Actions
 * presents one from token.actions.githubusercontent.com naming the repository
 * and ref. Each role trusts exactly one such identity.
 */
export const PULUMI_OIDC_URL = "https://api.pulumi.com/oidc";
export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials requests. */
export const GITHUB_AUDIENCE = "sts.amazonaws.com";

/** IAM names a provider, and its condition keys, by the issuer URL without its scheme. */
export const issuerHost = (url: string): string => url.replace(/^https:\/\//, "");

// Pulumi names cannot hold these, but a value that did would widen a StringLike match.
function plainName(what: string, value: string): string {
    if (!/^[A-Za-z0-9_.-]+$/.test(value))
        throw new Error(`${what} "${value}" may only contain letters, digits, '_', '.' and '-'`);
    return value;
}

/**
 * The subject of a Pulumi Deployments token for any operation (preview, update,
 * refresh, destroy) on one stack:
 * pulumi:deploy:org:<org>:project:<project>:stack:<stack>:operation:<op>:scope:write
 */
export function deploymentsSubject(org: string, project: string, stack: string): string {
    const names = [
        `org:${plainName("organization", org)}`,
        `project:${plainName("project", project)}`,
        `stack:${plainName("stack", stack)}`,
    ];
    return `pulumi:deploy:${names.join(":")}:operation:*:scope:write`;
}

/** Trust for one app stack's deploy role: that org's audience and that stack's subject, nothing wider. */
export function deploymentsTrustDocument(
    providerArn: string,
    org: string,
    project: string,
    stack: string,
): IamDocument {
    const host = issuerHost(PULUMI_OIDC_URL);
    return webIdentityTrust("PulumiDeploymentsForThisStackOnly", providerArn, {
        // Exact audience; the subject needs StringLike only for the operation.
        StringEquals: { [`${host}:aud`]: org },
        StringLike: { [`${host}:sub`]: deploymentsSubject(org, project, stack) },
    });
}

function repositoryName(repository: string): string {
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
        throw new Error(`repository "${repository}" must be owner/name`);
    return repository;
}

/** Trust for the CI image-push role: workflow runs on one branch of one repository (not pull requests, not forks). */
export function githubBranchTrustDocument(providerArn: string, repository: string, branch: string): IamDocument {
    const host = issuerHost(GITHUB_OIDC_URL);
    if (!/^[A-Za-z0-9_./-]+$/.test(branch))
        throw new Error(`branch "${branch}" may only contain letters, digits, '_', '.', '/' and '-'`);
    return webIdentityTrust("GitHubActionsOnThisBranchOnly", providerArn, {
        StringEquals: {
            [`${host}:aud`]: GITHUB_AUDIENCE,
            [`${host}:sub`]: `repo:${repositoryName(repository)}:ref:refs/heads/${branch}`,
        },
    });
}

/**
 * Trust for a stack's approval role: jobs of one repository that run in one GitHub environment (which holds
 * that stack's reviewers). GitHub's token names it in the subject: repo:<owner>/<name>:environment:<environment>.
 */
export function githubEnvironmentTrustDocument(
    providerArn: string,
    repository: string,
    environment: string,
): IamDocument {
    const host = issuerHost(GITHUB_OIDC_URL);
    return webIdentityTrust("GitHubActionsInThisEnvironmentOnly", providerArn, {
        StringEquals: {
            [`${host}:aud`]: GITHUB_AUDIENCE,
            [`${host}:sub`]: `repo:${repositoryName(repository)}:environment:${plainName("environment", environment)}`,
            // The environment claim too (IAM's service reference lists it), should the repository customise its subject.
            [`${host}:environment`]: environment,
        },
    });
}

/** A role that one OIDC provider's tokens may assume, under the given conditions only. */
function webIdentityTrust(sid: string, providerArn: string, condition: IamStatement["Condition"]): IamDocument {
    return iamDocument({
        Sid: sid,
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: condition,
    });
}
