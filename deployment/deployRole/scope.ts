import { formatArn } from "../../core/iam/arn";
import type { AppStackFacts, StackFeatures } from "../appStacks";
import type { IamStatement } from "../iamDocument";

/**
 * The permissions of one app stack's deploy role: each call the provider makes
 * to create, read, update and delete what the ecs-deploy program declares for
 * that stack, the calls the program itself makes during `pulumi up`, and
 * nothing else. Resources are the stack's own names, each pattern ending at a
 * name boundary (`<project>-<stack>-…`, `/ecs/<project>/<stack>/…`, exact
 * secret names); `*` only for actions IAM authorises on `*` alone, held to the
 * stack's region. The calls each statement covers are listed, with the
 * provider source that makes them, in test/support/providerCalls.ts; the
 * simulator test test/deployment/roles.test.ts holds every role to them.
 */
export interface DeployScope {
    partition: string;
    accountId: string;
    /** The app's Pulumi project, e.g. ecs-deploy. */
    project: string;
    app: AppStackFacts;
    /** ECR repositories of other stacks whose images this stack deploys (promotion). */
    readRepositories: string[];
}

/** The stack's names and ARN patterns, derived once from the scope; every statement builder reads them. */
export interface StackNames {
    scope: DeployScope;
    app: AppStackFacts;
    features: StackFeatures;
    region: string;
    /** `<project>-<stack>`: the stack's own names. */
    name: string;
    /** Auto-named resources are `<logical name>-<random>`: the boundary is the dash after the stack's name. */
    named: string;
    cluster: string;
    clusterArn: string;
    logGroups: string;
    /** An ARN in the stack's account and region. */
    arn: (service: string, resource: string) => string;
    /** An IAM role ARN in the stack's account. */
    role: (pattern: string) => string;
}

export function stackNames(scope: DeployScope): StackNames {
    const { partition, accountId: account, project, app } = scope;
    const region = app.region;
    const name = `${project}-${app.stack}`;
    const named = `${name}-*`;
    const arn = (service: string, resource: string) => formatArn({ partition, service, region, account, resource });
    const role = (pattern: string) => formatArn({ partition, service: "iam", account, resource: `role/${pattern}` });
    const cluster = app.clusterName ?? named;
    return {
        scope,
        app,
        features: app.features,
        region,
        name,
        named,
        cluster,
        clusterArn: arn("ecs", `cluster/${cluster}`),
        logGroups: `log-group:/ecs/${project}/${app.stack}/*`,
        arn,
        role,
    };
}

/** A statement on `*`, for actions IAM authorises on `*` alone: held to the stack's region. */
export const wildcardOnly = (n: StackNames, sid: string, actions: string[]): IamStatement => ({
    Sid: sid,
    Effect: "Allow",
    Action: actions,
    Resource: "*",
    Condition: { StringEquals: { "aws:RequestedRegion": n.region } },
});
