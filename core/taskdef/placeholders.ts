import type { StackConfig } from "../config/types";
import { formatArn } from "../iam/arn";
import { secretLookups, secretValueFrom } from "./secrets";

/** Where ARNs and the image ref are built from: the caller's account and partition. */
export interface AccountFacts {
    accountId: string;
    partition: string;
    /** The partition's DNS suffix (amazonaws.com, amazonaws.com.cn, ...), for the ECR registry host. */
    dnsSuffix: string;
}

/** What finalise needs before the image, roles and managed secrets exist, each as long as the real value will be. */
export interface Placeholders {
    image: string;
    executionRoleArn: string;
    taskRoleArn: string;
}

/** The 7 random characters the provider appends to an auto-named role (pulumi-aws resources.go: aws_iam_role AutoName). */
const AUTONAME_PLACEHOLDER = "x".repeat(7);

/**
 * Stand-ins sized to the real values: the ECR ref the build pushes (registry
 * host, repository, sha256 digest), or the ref an existing image is deployed
 * by; and role ARNs with the auto-name suffix the provider adds. The 64 KiB
 * limit is then checked on the definition as it will register.
 */
export function worstCasePlaceholders(
    cfg: StackConfig,
    name: string,
    account: AccountFacts,
    existingImage?: string,
): Placeholders {
    const role = (logical: string) =>
        formatArn({
            partition: account.partition,
            service: "iam",
            account: account.accountId,
            resource: `role/${logical}-${AUTONAME_PLACEHOLDER}`,
        });
    const image =
        existingImage ??
        `${account.accountId}.dkr.ecr.${cfg.region}.${account.dnsSuffix}/${name}@sha256:${"f".repeat(64)}`;
    return { image, executionRoleArn: role(`${name}-execution`), taskRoleArn: role(`${name}-task`) };
}

/**
 * Managed secrets do not exist before the first deploy. Their ARNs are built
 * from their names: Secrets Manager's random 6-character suffix as `??????`,
 * which IAM matches as a wildcard and which is as long as the real suffix.
 */
export function managedPlaceholders(
    cfg: StackConfig,
    account: Pick<AccountFacts, "accountId" | "partition">,
): Record<string, string> {
    return Object.fromEntries(
        secretLookups(cfg.secrets.managed, cfg.secrets).map((l) => {
            const arn = formatArn({
                partition: account.partition,
                service: l.source === "ssm" ? "ssm" : "secretsmanager",
                region: cfg.region,
                account: account.accountId,
                resource: l.source === "ssm" ? `parameter/${l.id.replace(/^\//, "")}` : `secret:${l.id}-??????`,
            });
            return [l.name, secretValueFrom(l, arn)];
        }),
    );
}
