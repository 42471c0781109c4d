/**
 * ARNs, built and read in one place: arn:<partition>:<service>:<region>:<account>:<resource>.
 * Global services (IAM, S3) leave the region empty, S3 the account too; the resource may
 * itself hold colons (`log-group:/ecs/x:log-stream:*`) and wildcards (a pattern).
 */
export interface ArnParts {
    partition: string;
    service: string;
    /** Empty for global services (IAM, S3). */
    region?: string;
    /** Empty for S3; `aws` for AWS-managed IAM policies. */
    account?: string;
    resource: string;
}

export function formatArn(p: ArnParts): string {
    return `arn:${p.partition}:${p.service}:${p.region ?? ""}:${p.account ?? ""}:${p.resource}`;
}

// The first four fields hold no colon; the resource is the rest, one line, not empty.
const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)$/;

/** The fields of an ARN (each field as written, wildcards included), or undefined when the text is not one. */
export function parseArn(text: string): Required<ArnParts> | undefined {
    const m = ARN.exec(text);
    return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}
