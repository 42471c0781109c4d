import { formatArn } from "../core/iam/arn";
import { ECR_PUSH_PULL } from "./deployRole";
import { iamDocument, IamDocument } from "./iamDocument";

/**
 * The CI image-push role: log in to ECR, push to (and pull the build cache
 * from) one repository. It cannot create, delete or retag repositories, or
 * touch anything else in the account.
 */
export function imagePushRoleDocument(
    partition: string,
    accountId: string,
    region: string,
    repository: string,
): IamDocument {
    return iamDocument(
        // ECR hands out registry tokens for "*" only.
        {
            Sid: "EcrLogin",
            Effect: "Allow",
            Action: "ecr:GetAuthorizationToken",
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": region } },
        },
        {
            Sid: "EcrPushToOneRepository",
            Effect: "Allow",
            Action: [...ECR_PUSH_PULL, "ecr:DescribeImages"],
            Resource: formatArn({
                partition,
                service: "ecr",
                region,
                account: accountId,
                resource: `repository/${repository}`,
            }),
        },
    );
}
