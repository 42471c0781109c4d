import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CACHE_TAG, lifecyclePolicy } from "../core/image/ecr";

export interface RepositoryArgs {
    name: string;
    keepReleases: number;
    kmsKeyArn?: string;
    /** Production keeps its images even if the stack is destroyed; other stacks' repositories are deleted with their images. */
    protect: boolean;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The app's ECR repository: scanned on push, immutable release tags, encrypted, pruned by a lifecycle policy. */
export class Repository extends pulumi.ComponentResource {
    readonly repository: aws.ecr.Repository;

    constructor(name: string, args: RepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:Repository", name, {}, opts);
        this.repository = new aws.ecr.Repository(
            name,
            {
                name: args.name,
                imageScanningConfiguration: { scanOnPush: true },
                // Release tags never move; only the build-cache tag is rewritten by each build.
                imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
                imageTagMutabilityExclusionFilters: [{ filter: CACHE_TAG, filterType: "WILDCARD" }],
                encryptionConfigurations: [
                    args.kmsKeyArn ? { encryptionType: "KMS", kmsKey: args.kmsKeyArn } : { encryptionType: "AES256" },
                ],
                // An unprotected stack's `pulumi destroy` deletes the repository with the images in it;
                // a protected one is never force-deleted (and is retained on delete).
                forceDelete: !args.protect,
                tags: args.tags,
            },
            { parent: this, protect: args.protect, retainOnDelete: args.protect },
        );
        new aws.ecr.LifecyclePolicy(
            name,
            { repository: this.repository.name, policy: JSON.stringify(lifecyclePolicy(args.keepReleases)) },
            { parent: this },
        );
        this.registerOutputs({ repositoryUrl: this.repository.repositoryUrl, arn: this.repository.arn });
    }
}
