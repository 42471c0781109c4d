import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { BuildFacts, buildIdentity, BuildIdentity, CACHE_TAG, normaliseSourceUrl } from "../core/image/ecr";

export interface AppImageArgs {
    appDir: string;
    platform: string;
    /** The ECR repository's name, known before it exists: the tag lookup needs no resource output. */
    repositoryName: string;
    repositoryUrl: pulumi.Input<string>;
    registryId: pulumi.Input<string>;
    labelKey: string;
    templateText: string;
}

function git(dir: string, args: string[]): string | undefined {
    try {
        return execFileSync("git", ["-C", dir, ...args], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
        }).trim();
    } catch {
        return undefined;
    }
}

/** A hash of the build context's files: names, executable bits and bytes, in a fixed order. */
export function contextHash(dir: string): string {
    const hash = crypto.createHash("sha256");
    const walk = (d: string): void => {
        for (const entry of fs
            .readdirSync(d, { withFileTypes: true })
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
            if (entry.name === "node_modules" || entry.name === ".git") continue;
            const full = path.join(d, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.isFile()) {
                const exec = (fs.statSync(full).mode & 0o111) !== 0 ? "x" : "-";
                hash.update(path.relative(dir, full))
                    .update("\0")
                    .update(exec)
                    .update(fs.readFileSync(full))
                    .update("\0");
            }
        }
    };
    walk(dir);
    return hash.digest("hex");
}

/**
 * The last commit that touched the app directory, when it describes the
 * content: none with uncommitted changes there, none at a shallow clone's
 * boundary (where git sees every file as added by the oldest fetched commit).
 */
export function lastAppRevision(dir: string): string | undefined {
    if (git(dir, ["status", "--porcelain", "--", "."]) !== "") return undefined;
    const sha = git(dir, ["log", "-1", "--format=%H", "--", "."]);
    if (!sha) return undefined;
    if (git(dir, ["rev-parse", "--is-shallow-repository"]) === "true") {
        const file = git(dir, ["rev-parse", "--path-format=absolute", "--git-path", "shallow"]);
        const boundary = file && fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
        if (boundary.includes(sha)) return undefined;
    }
    return sha;
}

/** Everything a build's tag and labels derive from, read from the app directory and its git checkout. */
export function buildFacts(appDir: string, platform: string, labelKey: string, templateText: string): BuildFacts {
    const dir = path.resolve(appDir);
    return {
        contextHash: contextHash(dir),
        platform,
        labelKey,
        templateText,
        revision: lastAppRevision(dir),
        source: normaliseSourceUrl(git(dir, ["config", "--get", "remote.origin.url"])),
    };
}

/**
 * The docker-build inputs for one build of the app, apart from the registry
 * credentials. The cache lives in the same repository (registry cache, OCI
 * image manifest) so CI runners share it.
 */
export function imageInputs(
    appDir: string,
    platform: string,
    identity: BuildIdentity,
    labelKey: string,
    templateText: string,
    repositoryUrl: pulumi.Input<string>,
) {
    const repo = pulumi.output(repositoryUrl);
    const cache = pulumi.interpolate`${repo}:${CACHE_TAG}`;
    return {
        context: { location: appDir },
        dockerfile: { location: path.join(appDir, "Dockerfile") },
        platforms: [platform as dockerBuild.Platform],
        buildArgs: { [labelKey]: templateText },
        labels: identity.labels,
        tags: [pulumi.interpolate`${repo}:${identity.tag}`],
        push: true,
        // Previews neither build nor push nor export the registry cache: docker-build
        // builds on preview by default and then still exports the cache ("Images built
        // during previews are never exported to registries, however cache manifests are
        // still exported", pulumi-docker-build provider/internal/image.go, buildOnPreview).
        // The provider still checks the Dockerfile's syntax on preview.
        buildOnPreview: false,
        cacheFrom: [{ registry: { ref: cache } }],
        cacheTo: [
            { registry: { ref: cache, imageManifest: true, ociMediaTypes: true, mode: dockerBuild.CacheMode.Max } },
        ],
    };
}

/** The digest ECR holds for a tag, if any. The repository not existing yet (first up) means none. */
async function existingDigest(repositoryName: string, tag: string): Promise<string | undefined> {
    try {
        // ListImages (terraform-provider-aws website/docs/d/ecr_images.html.markdown): tags and digests, no error for an absent tag.
        const { imageIds } = await aws.ecr.getImages({ repositoryName });
        return (imageIds ?? []).find((i) => i.imageTag === tag)?.imageDigest;
    } catch (e) {
        if (/RepositoryNotFoundException/.test(String((e as Error).message ?? e))) return undefined;
        throw e;
    }
}

/**
 * Builds app/ and pushes it to ECR with the task-definition template as its
 * label, under a content-addressed tag. When ECR already holds that tag (the
 * same content built before: a redeploy of an older commit, a platform
 * switched back, a retried up), its digest is reused and nothing is built,
 * so an immutable tag is never pushed twice.
 */
export class AppImage extends pulumi.ComponentResource {
    /** repository@sha256:…, what the task definition runs. */
    readonly pinnedRef: pulumi.Output<string>;
    readonly tag: string;
    /** Whether this run declares a build (false: the tag's image already exists). */
    readonly built: boolean;

    private constructor(
        name: string,
        args: AppImageArgs,
        identity: BuildIdentity,
        existing: string | undefined,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("ecs-deploy:index:AppImage", name, {}, opts);
        this.tag = identity.tag;
        const repo = pulumi.output(args.repositoryUrl);
        this.built = existing === undefined;
        if (existing !== undefined) {
            this.pinnedRef = pulumi.interpolate`${repo}@${existing}`;
        } else {
            const auth = aws.ecr.getAuthorizationTokenOutput({ registryId: args.registryId }, { parent: this });
            const image = new dockerBuild.Image(
                name,
                {
                    ...imageInputs(args.appDir, args.platform, identity, args.labelKey, args.templateText, repo),
                    registries: [
                        {
                            address: repo.apply((r) => r.split("/")[0]),
                            username: auth.userName,
                            password: pulumi.secret(auth.password),
                        },
                    ],
                },
                // Deleting an Image makes docker-build delete its pushed manifest (image.go Delete ->
                // client.go ManifestDelete); kept task-definition revisions still run it. The
                // repository's lifecycle policy prunes old releases instead.
                { parent: this, retainOnDelete: true },
            );
            this.pinnedRef = pulumi.interpolate`${repo}@${image.digest}`;
        }
        this.registerOutputs({ pinnedRef: this.pinnedRef, tag: this.tag });
    }

    static async create(name: string, args: AppImageArgs, opts?: pulumi.ComponentResourceOptions): Promise<AppImage> {
        const identity = buildIdentity(buildFacts(args.appDir, args.platform, args.labelKey, args.templateText));
        return new AppImage(name, args, identity, await existingDigest(args.repositoryName, identity.tag), opts);
    }
}
