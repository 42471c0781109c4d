/**
 * The registry reader against a real registry (Debian's docker-registry on
 * 127.0.0.1 with htpasswd), with fixture images built by umoci and pushed by
 * skopeo. skopeo's own view of each image is the ground truth.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RegistryError } from "../../../../core/support/errors";
import { rejectsWithRegistryError } from "../../../support/registryAssert";
import {
    ecrRegistryRegion,
    parseImageRef,
    pinnedImage,
    readImageLabel,
    requireLabel,
} from "../../../../core/template/registry/label";
import { inspectRaw, Layout, PushFormat, sha256Of } from "../../../support/fixture-images";
import { RunningRegistry, startRegistry } from "../../../support/registry-server";
import { ROOT } from "../../../support/render";

const creds = { username: "ci", password: "s3cret-Pa55" };
const TEMPLATE = JSON.stringify({
    family: "web",
    containerDefinitions: [
        {
            name: "web",
            essential: true,
            portMappings: [{ containerPort: 8080, protocol: "tcp" }],
            environment: [{ name: "ROOT_URL" }],
        },
    ],
});
const ARM_TEMPLATE = JSON.stringify({ family: "web-arm", containerDefinitions: [{ name: "web", essential: true }] });
/** ~60 KiB of template: many env names, as a large real template would have. */
const BIG_TEMPLATE = JSON.stringify({
    family: "big",
    containerDefinitions: [
        {
            name: "web",
            essential: true,
            environment: Array.from({ length: 1900 }, (_, i) => ({
                name: `SETTING_NUMBER_${String(i).padStart(5, "0")}`,
            })),
        },
    ],
});

function cli(args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, ["--require", "tsx/cjs", join(ROOT, "cli", "label.ts"), ...args], {
        encoding: "utf8",
        env: { ...process.env, REGISTRY_USERNAME: "", REGISTRY_PASSWORD: "", ...env },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const rejects = (p: Promise<unknown>, ...patterns: RegExp[]): Promise<RegistryError> =>
    rejectsWithRegistryError(p, patterns);

describe("image refs", () => {
    it("applies Docker Hub's defaults", () => {
        assert.deepEqual(parseImageRef("nginx"), {
            registry: "registry-1.docker.io",
            repository: "library/nginx",
            tag: "latest",
            digest: undefined,
            original: "nginx",
        });
        assert.equal(parseImageRef("docker.io/team/app:1.2").repository, "team/app");
        assert.equal(parseImageRef("team/app:1.2").registry, "registry-1.docker.io");
        assert.equal(parseImageRef("index.docker.io/nginx:1").repository, "library/nginx");
    });

    it("tells a registry host from a path component, and keeps tag and digest", () => {
        const d = `sha256:${"ab".repeat(32)}`;
        assert.deepEqual(parseImageRef(`localhost:5000/a/b:v1@${d}`), {
            registry: "localhost:5000",
            repository: "a/b",
            tag: "v1",
            digest: d,
            original: `localhost:5000/a/b:v1@${d}`,
        });
        const ecr = parseImageRef(`123456789012.dkr.ecr.eu-north-1.amazonaws.com/web@${d}`);
        assert.equal(ecr.registry, "123456789012.dkr.ecr.eu-north-1.amazonaws.com");
        assert.equal(ecr.tag, undefined);
        assert.equal(pinnedImage(ecr, d), `123456789012.dkr.ecr.eu-north-1.amazonaws.com/web@${d}`);
        assert.equal(pinnedImage(parseImageRef("nginx:1"), d), `docker.io/library/nginx@${d}`);
    });

    it("rejects malformed refs with the fix", () => {
        assert.throws(() => parseImageRef("Web/App:1"), /not a valid repository name.*Fix: use lower-case/);
        assert.throws(() => parseImageRef("app@sha256:abc"), /'sha256:abc' is not a sha256 digest/);
        assert.throws(() => parseImageRef("https://reg.example.com/app"), /no URL scheme/);
        assert.throws(() => parseImageRef("app:bad tag"), /whitespace/);
        assert.throws(() => parseImageRef(""), /empty/);
    });

    it("recognises ECR hosts", () => {
        assert.equal(ecrRegistryRegion("123456789012.dkr.ecr.eu-north-1.amazonaws.com"), "eu-north-1");
        assert.equal(ecrRegistryRegion("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"), "cn-north-1");
        assert.equal(ecrRegistryRegion("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com"), "us-gov-west-1");
        assert.equal(ecrRegistryRegion("ghcr.io"), undefined);
        assert.equal(ecrRegistryRegion("dkr.ecr.eu-north-1.amazonaws.com.evil.io"), undefined);
    });
});

describe("reading the template label from a registry", function () {
    this.timeout(60_000);
    let reg: RunningRegistry;
    let layout: Layout;
    let r: (repoTag: string) => string;
    const opts = { plainHttp: true, credentials: creds };

    before(async function () {
        this.timeout(60_000);
        reg = await startRegistry({ credentials: creds });
        r = (repoTag) => `${reg.host}/${repoTag}`;
        layout = await Layout.create();
        const scratch = mkdtempSync(join(tmpdir(), "layer-"));
        writeFileSync(join(scratch, "server.js"), "console.log('hello')\n");
        await layout.image("amd", {
            labels: { ECS_TASK_TEMPLATE: TEMPLATE, "org.opencontainers.image.title": "web" },
            files: [[join(scratch, "server.js"), "/app/server.js"]],
        });
        await layout.image("arm", { platform: { architecture: "arm64" }, labels: { ECS_TASK_TEMPLATE: ARM_TEMPLATE } });
        await layout.image("nolabel", { labels: { other: "x" } });
        await layout.image("notjson", { labels: { ECS_TASK_TEMPLATE: "{family: web" } });
        await layout.image("big", { labels: { ECS_TASK_TEMPLATE: BIG_TEMPLATE } });
        await layout.image("custom", { labels: { "com.example.task": TEMPLATE } });
        layout.index(
            "multi",
            [
                { tag: "amd", platform: { architecture: "amd64" } },
                { tag: "arm", platform: { architecture: "arm64", variant: "v8" } },
            ],
            { attestations: true, decoyFirst: true },
        );
        layout.index("plainlist", [
            { tag: "amd", platform: { architecture: "amd64" } },
            { tag: "arm", platform: { architecture: "arm64", variant: "v8" } },
        ]);
        // One push at a time: concurrent pushes of shared blobs into one repository race in the registry
        // ("manifest blob unknown"), which would make this suite flaky.
        const pushes: [string, string, PushFormat?][] = [
            ["amd", "web:oci"],
            ["amd", "web:docker", "v2s2"],
            ["arm", "web:arm-only"],
            ["multi", "web:multi"],
            ["plainlist", "web:list", "v2s2"],
            ["nolabel", "web:nolabel"],
            ["notjson", "web:notjson"],
            ["big", "web:big"],
            ["custom", "web:custom"],
            ["amd", "web:schema1", "v2s1"],
        ];
        for (const [tag, dest, format] of pushes) await layout.push(tag, r(dest), { credentials: creds, format });
        rmSync(scratch, { recursive: true, force: true });
    });

    after(async () => {
        layout?.remove();
        await reg?.stop();
    });

    /** Manifest and config exactly as skopeo sees them. */
    async function truth(repoTag: string) {
        const manifest = await inspectRaw(r(repoTag), creds);
        const config = await inspectRaw(r(repoTag), creds, true);
        return {
            manifest,
            config,
            manifestJson: JSON.parse(manifest.toString()) as {
                mediaType?: string;
                manifests?: { digest: string; platform?: { architecture: string } }[];
            },
        };
    }

    it("reads a single-platform OCI image, reading only its manifest and config", async () => {
        const got = await readImageLabel(r("web:oci"), opts);
        const t = await truth("web:oci");
        assert.equal(
            t.manifestJson.mediaType ?? "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
        );
        assert.equal(got.label, TEMPLATE);
        assert.equal(got.digest, sha256Of(t.manifest));
        assert.equal(got.platformDigest, got.digest);
        assert.equal(got.configDigest, sha256Of(t.config));
        assert.equal(got.bytesTransferred, t.manifest.length + t.config.length);
        assert.equal(pinnedImage(got.ref, got.digest), `${reg.host}/web@${got.digest}`);
    });

    it("reads a Docker schema 2 image", async () => {
        const got = await readImageLabel(r("web:docker"), opts);
        const t = await truth("web:docker");
        assert.equal(t.manifestJson.mediaType, "application/vnd.docker.distribution.manifest.v2+json");
        assert.equal(got.label, TEMPLATE);
        assert.equal(got.digest, sha256Of(t.manifest));
        assert.equal(got.configDigest, sha256Of(t.config));
        assert.equal(got.bytesTransferred, t.manifest.length + t.config.length);
    });

    it("picks linux/amd64 from a multi-platform OCI index, skipping attestation manifests", async () => {
        const t = await truth("web:multi");
        assert.equal(t.manifestJson.mediaType, "application/vnd.oci.image.index.v1+json");
        assert.equal(t.manifestJson.manifests?.length, 5, "two images, two attestations and a decoy attestation first");
        const got = await readImageLabel(r("web:multi"), opts);
        assert.equal(got.label, TEMPLATE);
        assert.equal(got.digest, sha256Of(t.manifest), "the pinned digest is the index's");
        assert.equal(got.platformDigest, t.manifestJson.manifests?.[1].digest);
        assert.notEqual(got.platformDigest, got.digest);
    });

    it("selects the arm64 image from an OCI index and from a Docker manifest list", async () => {
        for (const tag of ["multi", "list"]) {
            const t = await truth(`web:${tag}`);
            const arm = t.manifestJson.manifests?.find((m) => m.platform?.architecture === "arm64");
            for (const platform of ["linux/arm64", "linux/arm64/v8"]) {
                const got = await readImageLabel(r(`web:${tag}`), { ...opts, platform });
                assert.equal(got.label, ARM_TEMPLATE, `${tag} ${platform}`);
                assert.equal(got.platformDigest, arm?.digest);
                assert.equal(got.digest, sha256Of(t.manifest));
            }
        }
    });

    it("reads a Docker manifest list", async () => {
        const t = await truth("web:list");
        assert.equal(t.manifestJson.mediaType, "application/vnd.docker.distribution.manifest.list.v2+json");
        const got = await readImageLabel(r("web:list"), opts);
        assert.equal(got.label, TEMPLATE);
        assert.equal(got.digest, sha256Of(t.manifest));
    });

    it("reads by digest, verifying the manifest against it", async () => {
        const byTag = await readImageLabel(r("web:multi"), opts);
        const byDigest = await readImageLabel(`${reg.host}/web@${byTag.digest}`, { ...opts, platform: "linux/arm64" });
        assert.equal(byDigest.digest, byTag.digest);
        assert.equal(byDigest.label, ARM_TEMPLATE);
        const both = await readImageLabel(`${reg.host}/web:ignored@${byTag.digest}`, opts);
        assert.equal(both.label, TEMPLATE);
    });

    it("reports a missing label as undefined, and requireLabel explains how to add it", async () => {
        const got = await readImageLabel(r("web:nolabel"), opts);
        assert.equal(got.label, undefined);
        assert.throws(
            () => requireLabel(got),
            (e: Error) =>
                e instanceof RegistryError &&
                e.message.startsWith(
                    `${reg.host}/web:nolabel: config.Labels.ECS_TASK_TEMPLATE: the image carries no ECS_TASK_TEMPLATE label. Fix: build the image with`,
                ) &&
                /--label ECS_TASK_TEMPLATE=/.test(e.message),
        );
    });

    it("reads a label under a configurable key", async () => {
        assert.equal((await readImageLabel(r("web:custom"), opts)).label, undefined);
        assert.equal((await readImageLabel(r("web:custom"), { ...opts, key: "com.example.task" })).label, TEMPLATE);
    });

    it("returns a label that is not JSON as it is (the template parser judges it)", async () => {
        const got = await readImageLabel(r("web:notjson"), opts);
        assert.equal(got.label, "{family: web");
    });

    it("reads a ~60 KiB label whole", async () => {
        assert.ok(
            BIG_TEMPLATE.length > 58 * 1024 && BIG_TEMPLATE.length < 64 * 1024,
            `label is ${BIG_TEMPLATE.length} bytes`,
        );
        const got = await readImageLabel(r("web:big"), opts);
        assert.equal(got.label, BIG_TEMPLATE);
        assert.ok(got.bytesTransferred > BIG_TEMPLATE.length);
    });

    it("fails clearly when the platform is not in the index", async () => {
        const err = await rejects(
            readImageLabel(r("web:multi"), { ...opts, platform: "linux/s390x" }),
            /manifests\[platform=linux\/s390x\]: the image has no linux\/s390x manifest \(it has: linux\/amd64, linux\/arm64\/v8\)\. Fix: build and push the image for linux\/s390x/,
        );
        assert.doesNotMatch(err.message, /unknown/, "attestations are not offered as platforms");
    });

    it("fails clearly when a single-platform image is for another platform", async () => {
        await rejects(
            readImageLabel(r("web:arm-only"), opts),
            /web:arm-only: config\.architecture: the image is linux\/arm64, not linux\/amd64\. Fix:/,
        );
        assert.equal(
            (await readImageLabel(r("web:arm-only"), { ...opts, platform: "linux/arm64" })).label,
            ARM_TEMPLATE,
        );
    });

    it("rejects Docker schema 1 with a clear error", async () => {
        await rejects(
            readImageLabel(r("web:schema1"), opts),
            /web:schema1: manifest: the image uses the Docker schema 1 manifest format.*Fix: re-push/,
        );
    });

    it("names the registry and the credentials tried when access is refused, never the password", async () => {
        await rejects(
            readImageLabel(r("web:oci"), { plainHttp: true }),
            new RegExp(`registry ${reg.host} refused anonymous \\(401 Unauthorized\\)\\. Fix: log in`),
        );
        const err = await rejects(
            readImageLabel(r("web:oci"), {
                plainHttp: true,
                credentials: { username: "ci", password: "wrong-Secret-9" },
            }),
            new RegExp(`registry ${reg.host} refused basic auth as user 'ci' \\(401`),
        );
        assert.doesNotMatch(err.message, /wrong-Secret-9|s3cret/);
    });

    it("names the missing tag or repository", async () => {
        await rejects(
            readImageLabel(r("web:v404"), opts),
            /repository 'web' on 127\.0\.0\.1:\d+ has no tag 'v404' \(404 MANIFEST_UNKNOWN\)/,
        );
        await rejects(readImageLabel(r("nothere:v1"), opts), /repository 'nothere' does not exist|has no tag 'v1'/);
    });

    it("caps the size of what it reads", async () => {
        await rejects(
            readImageLabel(r("web:big"), { ...opts, maxConfigBytes: 16 * 1024 }),
            /config: the descriptor declares \d+ bytes, over the 16384-byte cap/,
        );
        await rejects(
            readImageLabel(r("web:oci"), { ...opts, maxManifestBytes: 100 }),
            /manifest: the response is \d+ bytes or more, over the 100-byte cap/,
        );
    });

    describe("the label command", () => {
        it("prints the template as pretty JSON, with credentials from the environment", () => {
            const out = cli([r("web:multi"), "--plain-http", "--platform", "linux/arm64"], {
                REGISTRY_USERNAME: creds.username,
                REGISTRY_PASSWORD: creds.password,
            });
            assert.equal(out.stderr, "");
            assert.equal(out.status, 0);
            assert.equal(out.stdout, JSON.stringify(JSON.parse(ARM_TEMPLATE), null, 2) + "\n");
        });

        it("takes credentials and a label key as flags", () => {
            const out = cli([
                r("web:custom"),
                "--plain-http",
                "--username",
                creds.username,
                "--password",
                creds.password,
                "--key",
                "com.example.task",
            ]);
            assert.equal(out.status, 0, out.stderr);
            assert.deepEqual(JSON.parse(out.stdout), JSON.parse(TEMPLATE));
        });

        it("exits 1 with one line for a label that is not JSON, or no label", () => {
            const env = { REGISTRY_USERNAME: creds.username, REGISTRY_PASSWORD: creds.password };
            const bad = cli([r("web:notjson"), "--plain-http"], env);
            assert.equal(bad.status, 1);
            assert.equal(bad.stdout, "");
            assert.match(
                bad.stderr,
                /^label: 127\.0\.0\.1:\d+\/web:notjson: config\.Labels\.ECS_TASK_TEMPLATE: the label is not valid JSON \(.+\)\. Fix: .+\n$/,
            );
            const none = cli([r("web:nolabel"), "--plain-http"], env);
            assert.equal(none.status, 1);
            assert.match(none.stderr, /^label: .*the image carries no ECS_TASK_TEMPLATE label\. Fix: .+\n$/);
        });

        it("exits 1 with one line, and no password, on refused credentials", () => {
            const out = cli([r("web:oci"), "--plain-http", "--username", "ci", "--password", "hunter2-Wrong"]);
            assert.equal(out.status, 1);
            assert.match(out.stderr, /^label: .*refused basic auth as user 'ci'.*\n$/);
            assert.doesNotMatch(out.stderr, /hunter2/);
        });

        it("exits 2 with the usage on one line for bad arguments", () => {
            for (const args of [[], ["a", "b"], ["app", "--bogus"], ["app", "--username", "u"]]) {
                const out = cli(args);
                assert.equal(out.status, 2, args.join(" "));
                assert.match(out.stderr, /^label: .*usage: npm run label -- <image-ref>.*\n$/);
                assert.equal(out.stderr.split("\n").length, 2);
            }
        });
    });
});

describe("reading from a registry without auth", function () {
    this.timeout(60_000);
    let reg: RunningRegistry;
    let layout: Layout;

    before(async () => {
        reg = await startRegistry();
        layout = await Layout.create();
        await layout.image("amd", { labels: { ECS_TASK_TEMPLATE: TEMPLATE } });
        await layout.push("amd", `${reg.host}/open/web:1`);
    });
    after(async () => {
        layout?.remove();
        await reg?.stop();
    });

    it("reads anonymously", async () => {
        const got = await readImageLabel(`${reg.host}/open/web:1`, { plainHttp: true });
        assert.equal(got.label, TEMPLATE);
    });
});
