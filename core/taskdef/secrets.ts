import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import type { StackConfig } from "../config/types";
import { formatArn, parseArn } from "../iam/arn";
import { SecretNotFound } from "../support/errors";
import { itemSegment, join, ownValue } from "../support/paths";
import { looksLikeCredential } from "./credentialNames";
import { ShapeIssue } from "./shape";

type SecretsConfig = StackConfig["secrets"];

/** One secret the template names, and where the stack says to find it. */
export interface SecretLookup {
    name: string; // as the template names it (the env var)
    source: SecretsConfig["source"];
    id: string; // the secret name / parameter path, or an ARN, to look up
    jsonKey?: string;
    versionStage?: string;
    versionId?: string;
}

export function secretLookups(names: string[], cfg: SecretsConfig): SecretLookup[] {
    return names.map((name) => {
        const m = ownValue(cfg.map, name) ?? {};
        const target = m.name ?? name;
        const id = target.startsWith("arn:") ? target : cfg.prefix + target;
        return {
            name,
            source: cfg.source,
            id,
            jsonKey: m.jsonKey,
            versionStage: m.versionStage,
            versionId: m.versionId,
        };
    });
}

/** CreateSecret Name: "Length Constraints: Minimum length of 1. Maximum length of 512." (Secrets Manager API Reference). */
export const SECRET_NAME_MAX = 512;

/**
 * Secrets Manager names longer than it takes, once the stack's prefix is put before the template's name: neither
 * found nor created, so say it before any resource. SSM parameter names are paths with limits of their own, left to SSM.
 */
export function secretNameLengthIssues(names: string[], cfg: SecretsConfig): ShapeIssue[] {
    if (cfg.source !== "secretsmanager") return [];
    return secretLookups(names, cfg)
        .filter((l) => !l.id.startsWith("arn:") && l.id.length > SECRET_NAME_MAX)
        .map((l) => {
            const mapped = ownValue(cfg.map, l.name)?.name !== undefined;
            return {
                path: mapped ? `${join("map", l.name)}.name` : "prefix",
                problem:
                    `gives secret ${l.name} the Secrets Manager name ${quoteStart(l.id)} of ${l.id.length} characters, ` +
                    `and a secret's name takes at most ${SECRET_NAME_MAX}`,
                fix: mapped
                    ? "map it to a shorter name"
                    : `shorten the prefix or the template's secret name, or map ${l.name} to a shorter one under secrets.map`,
            };
        });
}

const quoteStart = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * ECS's valueFrom: the full Secrets Manager ARN (with its random suffix), plus
 * `:json-key:version-stage:version-id` when one is set; or the SSM parameter ARN.
 */
export function secretValueFrom(lookup: SecretLookup, arn: string): string {
    if (lookup.source === "ssm" || !(lookup.jsonKey || lookup.versionStage || lookup.versionId)) return arn;
    return `${arn}:${lookup.jsonKey ?? ""}:${lookup.versionStage ?? ""}:${lookup.versionId ?? ""}`;
}

/** The command that creates a missing secret, for the error message. */
export function createCommand(lookup: SecretLookup, region: string): string {
    return lookup.source === "ssm"
        ? `aws ssm put-parameter --region ${region} --type SecureString --name ${lookup.id} --value '...'`
        : `aws secretsmanager create-secret --region ${region} --name ${lookup.id} --secret-string '...'`;
}

/** Every name -> valueFrom, or SecretNotFound for the first secret the source lacks. */
export function resolveSecrets(
    lookups: SecretLookup[],
    found: Record<string, string | undefined>,
    file: string,
    path: string,
    region: string,
): Record<string, string> {
    const out: Record<string, string> = {};
    for (const l of lookups) {
        const arn = ownValue(found, l.id);
        if (!arn) {
            const kind = l.source === "ssm" ? "SSM parameter" : "Secrets Manager secret";
            throw new SecretNotFound(
                file,
                `${path}.${l.name}`,
                `the template's secret ${l.name} has no ${kind} named ${l.id} in ${region}`,
                `create it (${createCommand(l, region)}), or point the name elsewhere under secrets.map`,
            );
        }
        out[l.name] = secretValueFrom(l, arn);
    }
    return out;
}

/** The entries of a record whose keys are listed: the valueFroms of the secrets a plan names. */
export function pick<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
    return Object.fromEntries(Object.entries(record).filter(([k]) => keys.includes(k)));
}

/** The secret ARN without ECS's `:json-key:stage:id` suffix, for IAM. */
export function secretArnOf(valueFrom: string): string {
    const arn = parseArn(valueFrom);
    const [kind, name] = arn?.resource.split(":") ?? [];
    if (!arn || arn.service !== "secretsmanager" || kind !== "secret" || !name) return valueFrom;
    if (!arn.partition || !arn.region || !arn.account) return valueFrom;
    return formatArn({ ...arn, resource: `secret:${name}` });
}

// Plain env vars that look like credentials: they belong in secrets, not in the task definition in clear.
/** Credential-looking env vars with a literal value, unless the stack allows that name. */
export function checkPlainCredentials(td: RegisterTaskDefinitionCommandInput, allow: string[]): ShapeIssue[] {
    return (td.containerDefinitions ?? []).flatMap((c, i) =>
        (c.environment ?? []).flatMap((e, j) =>
            typeof e.name === "string" &&
            looksLikeCredential(e.name) &&
            typeof e.value === "string" &&
            e.value !== "" &&
            !allow.includes(e.name)
                ? [
                      {
                          path: `containerDefinitions${itemSegment("containerDefinitions", c, i)}.environment${itemSegment("environment", e, j)}`,
                          problem:
                              "looks like a credential but is a plain environment value, visible to anyone who can read the task definition",
                          fix:
                              "move it to secrets (names only; the stack's secret source holds the value), " +
                              `or allow it with secrets.allowPlainEnv: [${e.name}]`,
                      },
                  ]
                : [],
        ),
    );
}
