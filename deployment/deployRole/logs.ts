import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

export const logsWildcardOnlyActions = (): string[] => ["logs:DescribeLogGroups"];

/** The stack's log groups, under /ecs/<project>/<stack>/; the pre-deploy task's output is read back from them. */
export function logsStatements(n: StackNames): IamStatement[] {
    const statements: IamStatement[] = [
        {
            Sid: "Logs",
            Effect: "Allow",
            Action: [
                "logs:CreateLogGroup",
                "logs:PutRetentionPolicy",
                // logs.retentionDays: 0 ("never expire") on an update removes the policy.
                "logs:DeleteRetentionPolicy",
                "logs:DeleteLogGroup",
                "logs:TagResource",
                "logs:UntagResource",
                "logs:ListTagsForResource",
                // Adding or removing logs.kmsKeyArn updates the groups in place.
                "logs:AssociateKmsKey",
                "logs:DisassociateKmsKey",
            ],
            Resource: n.arn("logs", n.logGroups),
        },
    ];
    if (n.features.preDeploy)
        statements.push({
            Sid: "PreDeployTaskLogs",
            Effect: "Allow",
            Action: "logs:GetLogEvents",
            Resource: n.arn("logs", `${n.logGroups}:log-stream:*`),
        });
    return statements;
}
