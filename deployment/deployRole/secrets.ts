import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

export function secretsWildcardOnlyActions(n: StackNames): string[] {
    const s = n.app.secrets;
    return s.source === "ssm" && s.managed.length > 0 ? ["ssm:DescribeParameters"] : [];
}

/** A Secrets Manager ARN pattern for a secret by name: AWS appends `-` and six random characters. */
const secretByName = (n: StackNames, secretName: string) => n.arn("secretsmanager", `secret:${secretName}-??????`);

/** Lookups under the stack's prefix and of its mapped ARNs; writes to exactly the secrets whose values the stack holds. */
export function secretsStatements(n: StackNames): IamStatement[] {
    const s = n.app.secrets;
    if (s.source === "ssm") {
        const under = s.prefix.replace(/^\//, "");
        // Parameters under the prefix, and those secrets.map names by ARN (in another account, a RAM share).
        const read: IamStatement = {
            Sid: "SecretsRead",
            Effect: "Allow",
            Action: "ssm:GetParameter",
            Resource: [n.arn("ssm", `parameter/${under}*`), ...s.arns],
        };
        if (s.managed.length === 0) return [read];
        return [
            read,
            {
                Sid: "SecretsWrite",
                Effect: "Allow",
                Action: [
                    "ssm:PutParameter",
                    "ssm:DeleteParameter",
                    "ssm:AddTagsToResource",
                    "ssm:RemoveTagsFromResource",
                    "ssm:ListTagsForResource",
                ],
                Resource: s.managed.map((m) => n.arn("ssm", `parameter/${under}${m}`)),
            },
        ];
    }
    // Lookups read a secret's metadata only; values are read by the tasks' execution role, not here.
    // A secret secrets.map names by ARN is granted by that exact (resolved) ARN, in whichever account it is.
    const read: IamStatement = {
        Sid: "SecretsRead",
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
        Resource: [n.arn("secretsmanager", `secret:${s.prefix}*`), ...s.arns],
    };
    if (s.managed.length === 0) return [read];
    return [
        read,
        {
            Sid: "SecretsWrite",
            Effect: "Allow",
            // Exactly the secrets whose values the stack holds: written, and read back to detect drift.
            Action: [
                "secretsmanager:CreateSecret",
                "secretsmanager:UpdateSecret",
                "secretsmanager:DeleteSecret",
                "secretsmanager:TagResource",
                "secretsmanager:UntagResource",
                "secretsmanager:PutSecretValue",
                "secretsmanager:GetSecretValue",
                "secretsmanager:UpdateSecretVersionStage",
            ],
            Resource: s.managed.map((m) => secretByName(n, `${s.prefix}${m}`)),
        },
    ];
}
