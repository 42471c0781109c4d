import * as aws from "@pulumi/aws";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { CACHE_TAG, imageTag } from "../core/ecr";

export interface AppImageArgs {
    appDir: string;
    platform: string;
    repositoryUrl: pulumi.Input<string>;
    registryId: pulumi.Input<string>;
    labelKey: string;
    templateText: string;
    sourceUrl?: string;
}

function git(args: string[]): string | undefined {
    try {
        return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
        return undefined;
    }
}

/** A hash of the build context's files, for a tag when there is no clean git revision. */
export function contextHash(dir: string): string {
    const hash = crypto.createHash("sha256");
    const walk = (d: string): void => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            if (entry.name === "node_modules" || entry.name === ".git") continue;
            const full = path.join(d, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.isFile()) hash.update(path.relative(dir, full)).update("\0").update(fs.readFileSync(full)).update("\0");
        }
    };
    walk(dir);
    return hash.digest("hex");
}

/**
 * Builds app/ and pushes it to ECR with the task-definition template as its
 * label, plus the OCI source/revision/version labels. The cache lives in the
 * same repository (registry cache, OCI image manifest) so CI runners share it.
 */
export class AppImage extends pulumi.ComponentResource {
    readonly image: dockerBuild.Image;
    /** repository@sha256:…, what the task definition runs. */
    readonly pinnedRef: pulumi.Output<string>;
    readonly tag: string;

    constructor(name: string, args: AppImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:AppImage", name, {}, opts);
        const revision = process.env.GITHUB_SHA ?? git(["rev-parse", "HEAD"]);
        const dirty = !!git(["status", "--porcelain", "--", args.appDir]);
        this.tag = imageTag(revision, dirty, contextHash(args.appDir) + args.templateText);
        const auth = aws.ecr.getAuthorizationTokenOutput({ registryId: args.registryId }, { parent: this });
        const repo = pulumi.output(args.repositoryUrl);

        this.image = new dockerBuild.Image(
            name,
            {
                context: { location: args.appDir },
                dockerfile: { location: path.join(args.appDir, "Dockerfile") },
                platforms: [args.platform as dockerBuild.Platform],
                buildArgs: { [args.labelKey]: args.templateText },
                labels: {
                    [args.labelKey]: args.templateText,
                    "org.opencontainers.image.source": args.sourceUrl ?? git(["config", "--get", "remote.origin.url"]) ?? "",
                    "org.opencontainers.image.revision": revision ?? "",
                    "org.opencontainers.image.version": this.tag,
                },
                tags: [pulumi.interpolate`${repo}:${this.tag}`],
                push: true,
                registries: [{ address: repo.apply((r) => r.split("/")[0]), username: auth.userName, password: pulumi.secret(auth.password) }],
                cacheFrom: [{ registry: { ref: pulumi.interpolate`${repo}:${CACHE_TAG}` } }],
                cacheTo: [{ registry: { ref: pulumi.interpolate`${repo}:${CACHE_TAG}`, imageManifest: true, ociMediaTypes: true, mode: dockerBuild.CacheMode.Max } }],
            },
            { parent: this },
        );
        this.pinnedRef = pulumi.interpolate`${repo}@${this.image.digest}`;
        this.registerOutputs({ pinnedRef: this.pinnedRef, tag: this.tag });
    }
}
