/**
 * Content-addressed builds through the real program: the docker-build inputs
 * depend only on what is built (app/ and its template), never on the commit
 * being deployed; an existing tag is reused, never rebuilt; previews neither
 * build nor export the cache. Real git repositories in a temp dir.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildFacts, lastAppRevision } from "../../components/image";
import { buildIdentity, normaliseSourceUrl } from "../../core/image/ecr";
import { all, only, run } from "../support/program";
import { ROOT, tempDir } from "../support/render";
import { IMAGE } from "../support/types";

const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
};
const git = (dir: string, ...args: string[]) =>
    execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", env }).trim();

// Checkouts live inside the project: the stack refuses an appDir outside it.
const CHECKOUTS = path.join(ROOT, ".tmp");
const made: string[] = [];

/** A checkout with this project's app/ in it, a README beside it, and an origin remote. */
function checkout(): { repo: string; app: string } {
    fs.mkdirSync(CHECKOUTS, { recursive: true });
    const repo = fs.mkdtempSync(path.join(CHECKOUTS, "image-repo-"));
    made.push(repo);
    const app = path.join(repo, "app");
    fs.cpSync(path.join(ROOT, "app"), app, { recursive: true });
    fs.writeFileSync(path.join(repo, "README.md"), "one\n");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "remote", "add", "origin", "git@github.com:acme/web.git");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "first");
    return { repo, app };
}

const program = (app: string, extra: Record<string, unknown> = {}) =>
    run("staging", { overrides: { appDir: app, templateFile: path.join(app, "ecs-task-template.json") }, ...extra });

describe("content-addressed image builds", function () {
    this.timeout(120_000);
    after(() => {
        for (const repo of made.splice(0)) fs.rmSync(repo, { recursive: true, force: true });
    });

    it("gives identical docker-build inputs for two commits that differ outside app/", async () => {
        const { repo, app } = checkout();
        const first = git(repo, "rev-parse", "HEAD");
        const before = only(await program(app), IMAGE);
        fs.writeFileSync(path.join(repo, "README.md"), "two\n");
        git(repo, "commit", "-qam", "docs only");
        assert.notEqual(git(repo, "rev-parse", "HEAD"), first);
        const after = only(await program(app), IMAGE);
        assert.deepEqual(after.inputs, before.inputs);
        const labels = after.inputs.labels as Record<string, string>;
        assert.equal(
            labels["org.opencontainers.image.revision"],
            first,
            "the revision is the last commit that touched app/",
        );
        assert.equal(labels["org.opencontainers.image.source"], "https://github.com/acme/web");
        assert.match((after.inputs.tags as string[])[0], /:ctx-[0-9a-f]{24}-linux-amd64$/);
    });

    it("changes tag, labels and digest when app/ changes, and names the commit that changed it", async () => {
        const { repo, app } = checkout();
        const before = only(await program(app), IMAGE);
        fs.appendFileSync(path.join(app, "server.js"), "// changed\n");
        const dirty = only(await program(app), IMAGE);
        assert.notDeepEqual(dirty.inputs.tags, before.inputs.tags);
        assert.equal(
            (dirty.inputs.labels as Record<string, string>)["org.opencontainers.image.revision"],
            undefined,
            "uncommitted content has no revision",
        );
        git(repo, "commit", "-qam", "app change");
        const committed = only(await program(app), IMAGE);
        assert.deepEqual(committed.inputs.tags, dirty.inputs.tags, "the tag follows the content, not the commit");
        assert.equal(
            (committed.inputs.labels as Record<string, string>)["org.opencontainers.image.revision"],
            git(repo, "rev-parse", "HEAD"),
        );
    });

    it("puts the platform in the tag", async () => {
        const { app } = checkout();
        const amd = only(await program(app), IMAGE);
        const arm = only(
            await program(app, {
                overrides: {
                    appDir: app,
                    templateFile: path.join(app, "ecs-task-template.json"),
                    platform: "linux/arm64",
                },
            }),
            IMAGE,
        );
        assert.equal(
            (amd.inputs.tags as string[])[0].replace(/-linux-amd64$/, ""),
            (arm.inputs.tags as string[])[0].replace(/-linux-arm64$/, ""),
        );
        assert.deepEqual(arm.inputs.platforms, ["linux/arm64"]);
    });

    it("reuses the digest ECR holds for the tag and declares no build, so an immutable tag is never pushed twice", async () => {
        const { app } = checkout();
        const fresh = await program(app);
        const tag = (only(fresh, IMAGE).inputs.tags as string[])[0].split(":").pop()!;
        const digest = `sha256:${"c".repeat(64)}`;
        const again = await program(app, {
            answers: {
                ecrImages: {
                    "ecs-deploy-staging": [
                        {
                            imageTag: "ctx-000000000000000000000000-linux-amd64",
                            imageDigest: `sha256:${"d".repeat(64)}`,
                        },
                        { imageTag: tag, imageDigest: digest },
                    ],
                },
            },
        });
        assert.deepEqual(all(again, IMAGE), []);
        assert.equal(again.outputs.image, `123456789012.dkr.ecr.eu-north-1.amazonaws.com/ecs-deploy-staging@${digest}`);
        const other = await program(app, {
            answers: { ecrImages: { "ecs-deploy-staging": [{ imageTag: "buildcache", imageDigest: digest }] } },
        });
        assert.equal(all(other, IMAGE).length, 1, "another tag in the repository is no reason to skip the build");
    });

    it("keeps pushed images when the build resource goes: kept task-definition revisions run them", async () => {
        const r = await run("staging");
        assert.equal(only(r, IMAGE).options.retainOnDelete, true);
    });

    it("previews build nothing and export no cache; up exports it; what the program decides is the same in both", async () => {
        const preview = only(await run("staging", { preview: true }), IMAGE);
        const up = only(await run("staging"), IMAGE);
        assert.equal(preview.inputs.buildOnPreview, false);
        // A first preview knows no repository URL yet (tags, cache refs); everything the program itself derives is the same.
        for (const key of ["buildOnPreview", "labels", "buildArgs", "platforms", "context", "dockerfile", "push"])
            assert.deepEqual(preview.inputs[key], up.inputs[key], key);
        const cacheTo = up.inputs.cacheTo as { registry: { ref: string } }[];
        assert.match(cacheTo[0].registry.ref, /ecs-deploy-staging:buildcache$/);
        assert.equal(up.inputs.push, true);
    });

    it("omits the revision at a shallow clone's boundary, where git cannot tell the last change", () => {
        const { repo } = checkout();
        fs.writeFileSync(path.join(repo, "README.md"), "two\n");
        git(repo, "commit", "-qam", "docs only");
        const shallow = path.join(tempDir("image-shallow-"), "c");
        execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo}`, shallow], { env });
        assert.equal(lastAppRevision(path.join(shallow, "app")), undefined);
        assert.equal(lastAppRevision(path.join(repo, "app")), git(repo, "rev-list", "--max-parents=0", "HEAD"));
        const facts = buildFacts(path.join(shallow, "app"), "linux/amd64", "ECS_TASK_TEMPLATE", "{}");
        assert.equal(
            buildIdentity(facts).tag,
            buildIdentity(buildFacts(path.join(repo, "app"), "linux/amd64", "ECS_TASK_TEMPLATE", "{}")).tag,
            "same content, same tag, shallow or not",
        );
    });

    it("normalises the source URL so every clone labels alike", () => {
        for (const url of [
            "git@github.com:acme/web.git",
            "ssh://git@github.com/acme/web.git",
            "https://github.com/acme/web.git",
            "https://token@github.com/acme/web/",
        ]) {
            assert.equal(normaliseSourceUrl(url), "https://github.com/acme/web", url);
        }
        assert.equal(normaliseSourceUrl("/local/path"), undefined);
    });
});
