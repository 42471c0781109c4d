/**
 * The formats AWS documents for the identifiers a stack file names. Each check
 * returns what is wrong (for a ConfigError's problem), or undefined.
 */
import { quote } from "../support/paths";

const PARTITION = "aws(?:-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?";
const ACCOUNT = "\\d{12}";
const REGION = "[a-z]{2,4}(?:-[a-z]+)+-\\d+";

/** A problem when `s` does not match; `what` names the expected thing. */
const matcher = (pattern: RegExp, what: string) => (s: string) =>
    pattern.test(s) ? undefined : `${quote(s)} is not ${what}`;

// KMS key ARN: arn:<partition>:kms:<region>:<account>:key/<key id>, the key id a UUID or a
// multi-Region mrk-<32 hex> (KMS Developer Guide, "Key identifiers"; AWS Encryption SDK
// spec aws-kms-key-arn §2.5). Log groups and ECR take the key ARN, and IAM grants kms:Decrypt
// on key ARNs, not aliases (CloudWatch Logs API, CreateLogGroup kmsKeyId).
export const kmsKeyArn = matcher(
    new RegExp(
        `^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`,
    ),
    "a KMS key ARN",
);
export const KMS_FIX = "use the key's ARN, arn:aws:kms:<region>:<account>:key/<key id> (not an alias)";

// ACM certificate ARN: "arn:aws:acm:region:123456789012:certificate/12345678-1234-1234-1234-123456789012"
// (ACM API Reference, DescribeCertificate CertificateArn): the certificate id is a UUID.
const ACM_ARN = new RegExp(`^arn:(${PARTITION}):acm:(${REGION}):${ACCOUNT}:certificate/(.*)$`, "s");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function acmCertificateArn(s: string): string | undefined {
    const m = ACM_ARN.exec(s);
    if (!m) return `${quote(s)} is not an ACM certificate ARN`;
    if (!UUID.test(m[3]))
        return `${quote(s)} is not an ACM certificate ARN: its id ${quote(m[3])} is not a lower-case UUID`;
    return undefined;
}
/** The partition and region an ACM certificate ARN names (one that acmCertificateArn accepts). */
export function acmCertificatePlace(arn: string): { partition: string; region: string } | undefined {
    const m = ACM_ARN.exec(arn);
    return m ? { partition: m[1], region: m[2] } : undefined;
}
export const acmFix = (region: string, partition: string) =>
    `use an ACM certificate ARN from ${region}, arn:${partition}:acm:${region}:<account>:certificate/<uuid> ` +
    `(aws acm list-certificates --region ${region} lists them)`;

// EC2 resource ids: the prefix and 8 or 17 lower-case hex digits (EC2 User Guide, "Resource IDs").
const ec2Id = (prefix: string, what: string) => matcher(new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`), what);
export const vpcId = ec2Id("vpc", "a VPC id");
export const subnetId = ec2Id("subnet", "a subnet id");
export const securityGroupId = ec2Id("sg", "a security group id");
export const ec2IdFix = (prefix: string) =>
    `use the id AWS shows, ${prefix}- followed by 8 or 17 hex digits (e.g. ${prefix}-0abc1234def567890)`;

// ELBv2 CreateTargetGroup HealthCheckPath: 1-1024 characters (ELBv2 API Reference, CreateTargetGroup), starting with
// "/" (terraform-provider-aws internal/service/elbv2/target_group.go: StringLenBetween(1, 1024), StringHasPrefix("/")),
// "a valid URI (/path?query)" (ELB User Guide, target group health checks): printable ASCII, no spaces (RFC 3986).
export function healthCheckPath(s: string): string | undefined {
    if (s === "") return "is empty, so the load balancer would have no path to check";
    if (!s.startsWith("/")) return `${quote(s.slice(0, 40))} does not start with /`;
    if (s.length > 1024) return `is ${s.length} characters; the load balancer accepts at most 1024`;
    const bad = s.match(/[^\x21-\x7e]/gu);
    if (bad)
        return `${quote(s.slice(0, 40))} has ${[...new Set(bad)].map(quote).join(", ")}, which a URI path may not hold unencoded`;
    return undefined;
}
export const HEALTH_CHECK_PATH_FIX =
    "use a path of 1 to 1024 printable ASCII characters starting with /, percent-encoding others (a space is %20), e.g. /health";

// ECS joins a Secrets Manager reference as <secret ARN>:<json-key>:<version-stage>:<version-id>
// (ECS Developer Guide, "Pass Secrets Manager secrets"), so none of the parts may hold a colon.
// Version stages are 1-256 characters, version ids 32-64 (Secrets Manager API, GetSecretValue).
export function secretKeyPart(max: number, min = 1) {
    return (s: string) =>
        s.includes(":")
            ? `${quote(s)} contains ":", which ECS reads as the next part of the secret reference`
            : s.length < min || s.length > max
              ? `${quote(s)} must be ${min} to ${max} characters`
              : undefined;
}

// Secrets Manager CreateSecret Name: "ASCII letters, numbers, and the following characters: /_+=.@-"
// (Secrets Manager API Reference, CreateSecret). SSM PutParameter Name: "only the following symbols and
// letters: a-zA-Z0-9_.-", with "/" between hierarchy levels, and no spaces (Systems Manager API Reference, PutParameter).
const NAME_CHARS = {
    secretsmanager: {
        allowed: /^[A-Za-z0-9/_+=.@-]*$/,
        other: /[^A-Za-z0-9/_+=.@-]/gu,
        what: "a Secrets Manager name",
    },
    ssm: { allowed: /^[A-Za-z0-9/_.-]*$/, other: /[^A-Za-z0-9/_.-]/gu, what: "an SSM parameter name" },
} as const;

/** What is wrong with a secret's name (or a prefix of it) in its source, when it holds characters the source refuses. */
export function secretNameChars(source: keyof typeof NAME_CHARS) {
    const { allowed, other, what } = NAME_CHARS[source];
    return (s: string): string | undefined => {
        if (allowed.test(s)) return undefined;
        const bad = [...new Set(s.match(other))].map(quote).join(", ");
        return `${quote(s)} has ${bad}, which ${what} may not hold`;
    };
}

export const secretNameFix = (source: keyof typeof NAME_CHARS) =>
    source === "ssm"
        ? "use only letters, digits and _ . - with / between levels, e.g. /staging/web/"
        : "use only letters, digits and / _ + = . @ -, e.g. staging/web/";
