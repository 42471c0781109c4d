/** The registry-cache tag: the one tag that moves, so it is the only exclusion from immutability. */
export const CACHE_TAG = "buildcache";

/** Keep the last N releases; expire untagged images (superseded cache manifests, failed pushes) after a day. */
export function lifecyclePolicy(keepReleases: number): Record<string, unknown> {
    return {
        rules: [
            { rulePriority: 1, description: "Expire untagged images after 1 day", selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 }, action: { type: "expire" } },
            { rulePriority: 2, description: `Keep the last ${keepReleases} releases`, selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepReleases + 1 }, action: { type: "expire" } },
        ],
    };
}

/** An image tag from the git revision when the tree is clean, else from the build context's hash. */
export function imageTag(revision: string | undefined, dirty: boolean, contextHash: string): string {
    return revision && !dirty ? `git-${revision.slice(0, 12)}` : `ctx-${contextHash.slice(0, 12)}`;
}
