import { createHash } from "node:crypto";

/** The registry-cache tag: the one tag that moves, so it is the only exclusion from immutability. */
export const CACHE_TAG = "buildcache";

/** Keep the last N releases; expire untagged images (superseded cache manifests, failed pushes) after a day. */
export function lifecyclePolicy(keepReleases: number): Record<string, unknown> {
    return {
        rules: [
            {
                rulePriority: 1,
                description: "Expire untagged images after 1 day",
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the last ${keepReleases} releases`,
                selection: {
                    tagStatus: "tagged",
                    tagPatternList: ["*"],
                    countType: "imageCountMoreThan",
                    countNumber: keepReleases + 1,
                },
                action: { type: "expire" },
            },
        ],
    };
}

/** What a build of the app is named and labelled with: all of it derived from the build's content. */
export interface BuildIdentity {
    tag: string;
    labels: Record<string, string>;
}

export interface BuildFacts {
    /** sha256 of the build context's files (names, modes, bytes). */
    contextHash: string;
    platform: string;
    labelKey: string;
    templateText: string;
    /** The last commit that touched the app directory, when git knows it for certain. */
    revision?: string;
    /** The repository's URL, normalised so every clone of it labels alike. */
    source?: string;
}

/**
 * Content-addressed: tag = hash of (context, template label) + platform, so an
 * unchanged app gives the same tag, the same labels, the same docker-build
 * inputs, hence no rebuild and no new task-definition revision. Nothing here
 * depends on the commit being deployed, only on what is built.
 */
export function buildIdentity(f: BuildFacts): BuildIdentity {
    const content = createHash("sha256")
        .update(f.contextHash)
        .update("\0")
        .update(f.labelKey)
        .update("\0")
        .update(f.templateText)
        .digest("hex");
    const tag = `ctx-${content.slice(0, 24)}-${f.platform.replace(/\//g, "-")}`;
    const labels: Record<string, string> = { [f.labelKey]: f.templateText, "org.opencontainers.image.version": tag };
    if (f.revision) labels["org.opencontainers.image.revision"] = f.revision;
    if (f.source) labels["org.opencontainers.image.source"] = f.source;
    return { tag, labels };
}

/** git@github.com:acme/web.git, ssh://git@github.com/acme/web, https://github.com/acme/web.git -> https://github.com/acme/web */
export function normaliseSourceUrl(url: string | undefined): string | undefined {
    if (!url) return undefined;
    const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(url);
    let out = scp ? `https://${scp[1]}/${scp[2]}` : url.replace(/^(ssh|git|https?):\/\/(?:[^@/]+@)?/, "https://");
    out = out.replace(/\.git$/, "").replace(/\/+$/, "");
    return /^https:\/\/[^/]+\/.+/.test(out) ? out : undefined;
}
