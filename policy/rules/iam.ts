import { GroupPolicy, Policy, Role, RolePolicy, UserPolicy } from "@pulumi/aws/iam";
import type { Finding, Inputs, ResourceCheck, ResourceRule } from "./types";
import { glob, isAllow, Statement, statementName, statements, strings } from "./iamDocument";
import { wildcardPassRole } from "./iamPassRole";
import { ecsTasksTrust, schedulerTrust } from "./iamTrust";
import { isPlainObject, list } from "./values";

const SENSITIVE = ["secretsmanager", "ssm", "kms"];
const WHAT: Record<string, string> = { secretsmanager: "secret", ssm: "parameter", kms: "key" };

// AWS grants these only on "*", and none of them reveals a secret value or uses a key.
const RESOURCE_STAR_ONLY = new Set([
    "secretsmanager:listsecrets",
    "secretsmanager:getrandompassword",
    "ssm:describeparameters",
    "kms:listkeys",
    "kms:listaliases",
]);

/** The sensitive services an Action pattern reaches, unless it names one action AWS grants only on "*". */
function servicesOf(action: string): string[] {
    if (RESOURCE_STAR_ONLY.has(action.toLowerCase())) return [];
    const service = action.includes(":") ? action.slice(0, action.indexOf(":")) : action; // "*" alone is every service
    return SENSITIVE.filter((s) => glob(service).test(s));
}

/** Services a NotAction list leaves allowed: those it does not exclude entirely. */
function servicesNotExcluded(notActions: string[]): string[] {
    return SENSITIVE.filter((s) => !notActions.some((a) => glob(a).test(`${s}:*`) && (a === "*" || a.endsWith(":*"))));
}

/** "*", or a secrets/SSM/KMS ARN that names all of them (…:secret:*, …:parameter/*, …:key/*, …:*). */
function isWildcardResource(resource: string): boolean {
    if (resource === "*") return true;
    const parts = resource.split(":");
    if (parts[0] !== "arn" || parts.length < 6 || !SENSITIVE.some((s) => glob(parts[2]).test(s))) return false;
    return /^([a-z-]+[:/])?\*$/i.test(parts.slice(5).join(":"));
}

function wildcardGrants(s: Statement): { services: string[]; resources: string[] } {
    if (!isAllow(s)) return { services: [], resources: [] };
    const services =
        "NotAction" in s
            ? servicesNotExcluded(strings(s.NotAction))
            : [...new Set(strings(s.Action).flatMap(servicesOf))];
    const resources =
        "NotResource" in s
            ? [`every resource but ${strings(s.NotResource).join(", ")}`]
            : strings(s.Resource).filter(isWildcardResource);
    return services.length && resources.length ? { services, resources } : { services: [], resources: [] };
}

/** One policy document: Allow statements that reach secrets, parameters or keys on "*". */
export function wildcardSecretAccess(document: unknown, where = "policy"): Finding[] {
    return statements(document).flatMap((s, i) => {
        const { services, resources } = wildcardGrants(s);
        if (!services.length) return [];
        return [
            {
                problem:
                    `${where} ${statementName(s, i)} allows ${services.join("/")} actions on ${resources.join(", ")}: ` +
                    `every ${services.map((x) => WHAT[x]).join(" and ")} the account holds`,
                fix: "list the exact secret, parameter and key ARNs the principal uses (this project derives them from the secrets it resolves)",
            },
        ];
    });
}

/** A policy-document check applied to every kind of policy: role, managed, user and group policies, and a role's inline ones. */
function onEveryPolicy(check: (document: unknown, where?: string) => Finding[]): ResourceCheck[] {
    const policyInput = (inputs: Inputs) => check(inputs.policy);
    const roleInlinePolicies = (inputs: Inputs): Finding[] =>
        list(inputs.inlinePolicies)
            .filter(isPlainObject)
            .flatMap((p) => check(p.policy, `inline policy ${typeof p.name === "string" ? `"${p.name}"` : ""}`.trim()));
    return [
        { resource: RolePolicy, check: policyInput },
        { resource: Policy, check: policyInput },
        { resource: UserPolicy, check: policyInput },
        { resource: GroupPolicy, check: policyInput },
        { resource: Role, check: roleInlinePolicies },
    ];
}

export const iamRules: ResourceRule[] = [
    {
        kind: "resource",
        name: "iam-no-wildcard-secret-access",
        control: "ours",
        description:
            'No IAM policy allows Secrets Manager, SSM or KMS actions on "*" (or on every secret, parameter or key).',
        checks: onEveryPolicy(wildcardSecretAccess),
    },
    {
        kind: "resource",
        name: "iam-no-wildcard-passrole",
        control: "ours",
        description: "No IAM policy allows iam:PassRole on every role; it names the roles it passes.",
        checks: onEveryPolicy(wildcardPassRole),
    },
    {
        kind: "resource",
        name: "iam-ecs-tasks-trust-source-account",
        control: "ours",
        description: "Roles that ecs-tasks.amazonaws.com may assume pin aws:SourceAccount in their trust policy.",
        checks: [{ resource: Role, check: ecsTasksTrust }],
    },
    {
        kind: "resource",
        name: "iam-scheduler-trust-source-account",
        control: "ours",
        description: "Roles that scheduler.amazonaws.com may assume pin aws:SourceAccount in their trust policy.",
        checks: [{ resource: Role, check: schedulerTrust }],
    },
];
