import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

/** Registry calls of a push (and of the build cache's import and export) to one repository. */
export const ECR_PUSH_PULL = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:PutImage",
];
/** Reading an image's label: its manifest, then its config blob. */
export const ECR_READ = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** The registry login, when the stack pushes or reads images. */
export function ecrWildcardOnlyActions(n: StackNames): string[] {
    return n.features.build || n.scope.readRepositories.length > 0 ? ["ecr:GetAuthorizationToken"] : [];
}

export function ecrStatements(n: StackNames): IamStatement[] {
    const f = n.features;
    const statements: IamStatement[] = [
        {
            Sid: "EcrRepository",
            Effect: "Allow",
            Action: [
                "ecr:CreateRepository",
                "ecr:DescribeRepositories",
                "ecr:ListTagsForResource",
                "ecr:TagResource",
                "ecr:UntagResource",
                "ecr:PutImageScanningConfiguration",
                "ecr:PutImageTagMutability",
                "ecr:DeleteRepository",
                "ecr:PutLifecyclePolicy",
                "ecr:GetLifecyclePolicy",
                "ecr:DeleteLifecyclePolicy",
                // docker-build deletes the pushed manifest when the image is deleted.
                ...(f.build ? [...ECR_PUSH_PULL, "ecr:BatchDeleteImage"] : []),
            ],
            Resource: n.arn("ecr", `repository/${n.name}`),
        },
    ];
    if (n.scope.readRepositories.length > 0) {
        // Promotion: read the label of, and deploy, the digest another stack runs.
        statements.push({
            Sid: "EcrPromotionRead",
            Effect: "Allow",
            Action: ECR_READ,
            Resource: n.scope.readRepositories.map((r) => n.arn("ecr", `repository/${r}`)),
        });
    }
    return statements;
}
