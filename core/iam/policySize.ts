/** IAM's size quota on a role's inline policies, checked on the execution role's document before any resource exists. */
import type { StackConfig } from "../config/types";
import { ConfigError } from "../support/errors";
import { quote } from "../support/paths";
import { secretArnOf } from "../taskdef/secrets";
import { executionRoleDocument, ExecutionRoleInputs, IamDocument } from "./roleDocuments";

/**
 * "Role policy size cannot exceed 10,240 characters", the sum of a role's inline policies, and
 * "IAM does not count white space" (IAM User Guide, "IAM and AWS STS quotas"; GetAccountSummary's
 * RolePolicySizeQuota is "in non-whitespace characters"). The execution role has one inline policy.
 */
export const ROLE_POLICY_MAX = 10240;

/** A policy's size as IAM counts it: its JSON (as components/roles.ts sends it) without whitespace. */
export const policySize = (doc: IamDocument): number => JSON.stringify(doc).replace(/\s/g, "").length;

const thousands = (n: number) => n.toLocaleString("en-US");

/** What an ARN costs in the policy's Resource list: the ARN, its quotes and a comma. */
const cost = (arn: string) => arn.length + 3;

/**
 * Refuses an execution role whose policy IAM would refuse (PutRolePolicy: LimitExceeded), naming the
 * secrets whose ARNs fill it. `secrets` maps each secret's name in the template to its valueFrom.
 */
export function checkExecutionPolicySize(
    cfg: Pick<StackConfig, "file" | "project" | "secrets">,
    inputs: ExecutionRoleInputs,
    secrets: Record<string, string>,
): void {
    const size = policySize(executionRoleDocument(inputs));
    if (size <= ROLE_POLICY_MAX) return;
    // One ARN per secret in the policy (json keys of one secret share it).
    const arnOf = Object.entries(secrets).map(([name, valueFrom]) => [name, secretArnOf(valueFrom)] as const);
    const arns = new Map(arnOf.map(([name, arn]) => [arn, name]));
    const secretsCost = [...arns.keys()].reduce((sum, arn) => sum + cost(arn), 0);
    // Grouping the longest into one JSON secret saves their ARNs, less the one ARN that replaces them.
    const longest = [...arns].sort(([a], [b]) => b.length - a.length);
    const replacement = longest.length > 0 ? cost(longest[0][0]) : 0;
    const excess = size - ROLE_POLICY_MAX;
    const names: string[] = [];
    let saved = 0;
    for (const [arn, name] of longest) {
        if (saved - replacement >= excess) break;
        names.push(name);
        saved += cost(arn);
    }
    const shown = names.slice(0, 8).join(", ") + (names.length > 8 ? ` and ${names.length - 8} more` : "");
    const prefix = cfg.secrets.prefix;
    const underPrefix = prefix ? [...arns.keys()].filter((a) => a.includes(prefix)).length : 0;
    const shorterPrefix =
        underPrefix > 0
            ? ` or use a shorter prefix than ${quote(prefix)} (each character less saves ${underPrefix})`
            : "";
    // ECS reads a JSON key of a Secrets Manager secret only; SSM parameters are read whole.
    const fix =
        cfg.secrets.source === "ssm"
            ? `shorten the longest parameter names (${shown}),${shorterPrefix}`
            : `group ${shown} into one secret holding a JSON object, each read with ` +
              `secrets.map.NAME: { name: <that secret>, jsonKey: NAME },${shorterPrefix}`;
    throw new ConfigError(
        cfg.file,
        `${cfg.project}:secrets`,
        `the execution role's policy would be ${thousands(size)} characters, over IAM's ${thousands(ROLE_POLICY_MAX)} ` +
            `for a role's inline policies; the ARNs of its ${arns.size} secrets take ${thousands(secretsCost)}`,
        fix.replace(/,$/, ""),
    );
}
