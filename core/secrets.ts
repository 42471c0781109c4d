import { StackConfig } from "./config";
import { SecretNotFound } from "./errors";
import { isPlainObject, itemSegment, ownValue } from "./paths";
import { ShapeIssue } from "./shape";

type Json = Record<string, unknown>;
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
        return { name, source: cfg.source, id, jsonKey: m.jsonKey, versionStage: m.versionStage, versionId: m.versionId };
    });
}

/**
 * ECS's valueFrom: the full Secrets Manager ARN (with its random suffix), plus
 * `:json-key:version-stage:version-id` when one is set; or the SSM parameter ARN.
 */
export function secretValueFrom(lookup: SecretLookup, arn: string): string {
    if (lookup.source === "ssm" || !(lookup.jsonKey || lookup.versionStage || lookup.versionId)) return arn;
    return `${arn}:${lookup.jsonKey ?? ""}:${lookup.versionStage ?? ""}:${lookup.versionId ?? ""}`;
}

/** An ARN of the right shape for a secret that does not exist yet, to validate before deploying. */
export function placeholderValueFrom(lookup: SecretLookup, region: string): string {
    const arn = lookup.source === "ssm" ? `arn:aws:ssm:${region}:000000000000:parameter/${lookup.id.replace(/^\//, "")}` : `arn:aws:secretsmanager:${region}:000000000000:secret:${lookup.id}-??????`;
    return secretValueFrom(lookup, arn);
}

/** The command that creates a missing secret, for the error message. */
export function createCommand(lookup: SecretLookup, region: string): string {
    return lookup.source === "ssm"
        ? `aws ssm put-parameter --region ${region} --type SecureString --name ${lookup.id} --value '...'`
        : `aws secretsmanager create-secret --region ${region} --name ${lookup.id} --secret-string '...'`;
}

/** Every name -> valueFrom, or SecretNotFound for the first secret the source lacks. */
export function resolveSecrets(lookups: SecretLookup[], found: Record<string, string | undefined>, file: string, path: string, region: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const l of lookups) {
        const arn = ownValue(found, l.id);
        if (!arn) {
            const kind = l.source === "ssm" ? "SSM parameter" : "Secrets Manager secret";
            throw new SecretNotFound(file, `${path}.${l.name}`, `the template's secret ${l.name} has no ${kind} named ${l.id} in ${region}`, `create it (${createCommand(l, region)}), or point the name elsewhere under secrets.map`);
        }
        out[l.name] = secretValueFrom(l, arn);
    }
    return out;
}

/** The secret ARN without ECS's `:json-key:stage:id` suffix, for IAM. */
export function secretArnOf(valueFrom: string): string {
    const m = /^(arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:[^:]+)/.exec(valueFrom);
    return m ? m[1] : valueFrom;
}

// Plain env vars that look like credentials: they belong in secrets, not in the task definition in clear.
// A name is read as words (DB-PASSWORD, dbPassword, DB_PASSWORD  are all DB + PASSWORD), so spelling,
// case, a trailing space or a zero-width character does not hide one.
const CREDENTIAL_WORDS = new Set(["PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "SECRET", "TOKEN", "CREDENTIAL", "CREDENTIALS", "APIKEY", "AUTH_DATA"]);
const CREDENTIAL_PAIRS = ["API KEY", "PRIVATE KEY", "ACCESS KEY", "SECRET KEY", "SIGNING KEY", "ENCRYPTION KEY", "CLIENT SECRET", "AUTH DATA"];
// Words after which the name points at a credential instead of holding one: DB_PASSWORD_FILE, JWT_SECRET_ARN.
const POINTER_WORDS = new Set(["FILE", "PATH", "ARN", "NAME", "URL", "URI", "ENDPOINT", "PARAMETER", "ID"]);

function nameWords(name: string): string[] {
    return name
        .replace(/[\p{Cf}\p{Zs}\p{Cc}]/gu, " ")
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .toUpperCase()
        .split(/[^A-Z0-9]+/)
        .filter(Boolean);
}

export function looksLikeCredential(name: string): boolean {
    const words = nameWords(name);
    const text = ` ${words.join(" ")} `;
    if (/^ AWS (SECRET ACCESS KEY|ACCESS KEY ID|SESSION TOKEN) $/.test(text)) return true;
    for (let i = 0; i < words.length; i++) {
        const pair = `${words[i]} ${words[i + 1] ?? ""}`;
        const pairAt = CREDENTIAL_PAIRS.includes(pair);
        const end = pairAt ? i + 2 : i + 1;
        if (!pairAt && !CREDENTIAL_WORDS.has(words[i])) continue;
        const rest = words.slice(end);
        // API_KEY_ID, ACCESS_KEY_ID are half a key pair, and as sensitive as the key.
        if (rest.length === 0 || !rest.every((w) => POINTER_WORDS.has(w)) || (pairAt && rest.join(" ") === "ID")) return true;
    }
    return false;
}

/** Credential-looking env vars with a literal value, unless the stack allows that name. */
export function checkPlainCredentials(td: Json, allow: string[]): ShapeIssue[] {
    const containers = Array.isArray(td.containerDefinitions) ? (td.containerDefinitions as Json[]) : [];
    return containers.flatMap((c, i) =>
        (Array.isArray(c.environment) ? (c.environment as Json[]) : []).flatMap((e, j) =>
            isPlainObject(e) && typeof e.name === "string" && looksLikeCredential(e.name) && typeof e.value === "string" && e.value !== "" && !allow.includes(e.name)
                ? [
                      {
                          path: `containerDefinitions${itemSegment("containerDefinitions", c, i)}.environment${itemSegment("environment", e, j)}`,
                          problem: "looks like a credential but is a plain environment value, visible to anyone who can read the task definition",
                          fix: `move it to secrets (names only; the stack's secret source holds the value), or allow it with secrets.allowPlainEnv: [${e.name}]`,
                      },
                  ]
                : [],
        ),
    );
}
