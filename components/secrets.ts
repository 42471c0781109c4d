import * as aws from "@pulumi/aws";
import { StackConfig } from "../core/config/types";
import { formatArn } from "../core/iam/arn";
import { resolveSecrets, SecretLookup, secretLookups } from "../core/taskdef/secrets";

// An invoke's error for an absent secret/parameter; anything else (denied, throttled) is not "missing".
const NOT_FOUND = /ResourceNotFound|ParameterNotFound|not found|couldn't find|could not find|no such/i;

async function findArn(
    l: SecretLookup,
    region: string,
    accountId: string,
    partition: string,
): Promise<string | undefined> {
    try {
        if (l.source === "ssm") {
            // The ARN is built from the name; the lookup only proves the parameter exists.
            // Its value is never decrypted nor used, so it stays out of state.
            const p = await aws.ssm.getParameter({ name: l.id, withDecryption: false });
            return (
                p.arn ||
                formatArn({
                    partition,
                    service: "ssm",
                    region,
                    account: accountId,
                    resource: `parameter/${l.id.replace(/^\//, "")}`,
                })
            );
        }
        const s = await aws.secretsmanager.getSecret(l.id.startsWith("arn:") ? { arn: l.id } : { name: l.id });
        return s.arn;
    } catch (e) {
        if (NOT_FOUND.test(String((e as Error).message ?? e))) return undefined;
        throw e;
    }
}

/** Resolves the template's secret names to the ARNs ECS needs (Secrets Manager's include their random suffix). */
export async function lookupSecrets(
    cfg: StackConfig,
    names: string[],
    accountId: string,
    partition = "aws",
): Promise<Record<string, string>> {
    // Secrets whose values the stack holds are created by the program, not looked up.
    const lookups = secretLookups(
        names.filter((n) => !cfg.secrets.managed.includes(n)),
        cfg.secrets,
    );
    const found = Object.fromEntries(
        await Promise.all(
            lookups.map(async (l) => [l.id, await findArn(l, cfg.region, accountId, partition)] as const),
        ),
    );
    return resolveSecrets(lookups, found, cfg.file, `${cfg.project}:secrets`, cfg.region);
}
