/**
 * Registry interop against a real registry (docker-registry on 127.0.0.1):
 * nested indexes, index entries without a platform, OCI artifacts, an empty
 * label, and TLS mistakes. Images are built by umoci and pushed by skopeo;
 * the index and artifact documents around them are pushed through the
 * registry API, and skopeo's view of them is the ground truth.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RegistryError } from "../../../../core/support/errors";
import { readImageLabel, requireLabel } from "../../../../core/template/registry/label";
import { inspectRaw, Layout, sha256Of } from "../../../support/fixture-images";
import { putBlob, putManifest } from "../../../support/registry-push";
import { rejectsWithRegistryError } from "../../../support/registryAssert";
import { RunningRegistry, startRegistry } from "../../../support/registry-server";

const creds = { username: "ci", password: "interop-Pa55" };
const TEMPLATE = JSON.stringify({ family: "web", containerDefinitions: [{ name: "web", essential: true }] });
const ARM_TEMPLATE = JSON.stringify({ family: "web-arm", containerDefinitions: [{ name: "web", essential: true }] });
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json";
const ROOT = join(__dirname, "..", "..", "..", "..");

const rejects = (p: Promise<unknown>, ...patterns: RegExp[]): Promise<RegistryError> =>
    rejectsWithRegistryError(p, patterns);

/** The label command both ways users run it: what `npm run label` runs, and bin/label. */
const commands: [string, string[]][] = [
    ["npm run label", ["--require", "tsx/cjs", join(ROOT, "cli", "label.ts")]],
    ["bin/label", [join(ROOT, "bin", "label")]],
];
function label(cmd: string[], args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [...cmd, ...args], {
        encoding: "utf8",
        env: { ...process.env, REGISTRY_USERNAME: creds.username, REGISTRY_PASSWORD: creds.password, ...env },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("registry interop", function () {
    this.timeout(120_000);
    let reg: RunningRegistry;
    let layout: Layout;
    let r: (tag: string) => string;
    const opts = { plainHttp: true, credentials: creds };
    const digests: Record<string, string> = {};

    before(async function () {
        this.timeout(120_000);
        reg = await startRegistry({ credentials: creds });
        r = (tag) => `${reg.host}/web:${tag}`;
        layout = await Layout.create();
        await layout.image("amd", { labels: { ECS_TASK_TEMPLATE: TEMPLATE } });
        await layout.image("arm", { platform: { architecture: "arm64" }, labels: { ECS_TASK_TEMPLATE: ARM_TEMPLATE } });
        await layout.image("empty", { labels: { ECS_TASK_TEMPLATE: "" } });
        for (const tag of ["amd", "arm", "empty"]) await layout.push(tag, r(tag), { credentials: creds });
        const target = { url: reg.url, credentials: creds };
        const amd = layout.descriptor("amd");
        const arm = layout.descriptor("arm");
        const linux = (architecture: string) => ({ os: "linux", architecture });

        const inner = await putManifest(target, "web", "inner", {
            schemaVersion: 2,
            mediaType: OCI_INDEX,
            manifests: [
                { ...amd, platform: linux("amd64") },
                { ...arm, platform: linux("arm64") },
            ],
        });
        digests.inner = inner.digest;
        const innerDesc = { mediaType: OCI_INDEX, digest: inner.digest, size: inner.size };
        digests["nested-platform"] = (
            await putManifest(target, "web", "nested-platform", {
                schemaVersion: 2,
                mediaType: OCI_INDEX,
                manifests: [
                    { ...innerDesc, platform: linux("amd64") },
                    { ...innerDesc, platform: linux("arm64") },
                ],
            })
        ).digest;
        digests["nested-bare"] = (
            await putManifest(target, "web", "nested-bare", {
                schemaVersion: 2,
                mediaType: OCI_INDEX,
                manifests: [innerDesc],
            })
        ).digest;
        digests.bare = (
            await putManifest(target, "web", "bare", { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [amd, arm] })
        ).digest;

        // A cosign-style signature: an OCI 1.1 artifact with the empty config.
        const emptyConfig = await putBlob(target, "web", Buffer.from("{}"));
        const payload = await putBlob(
            target,
            "web",
            Buffer.from(JSON.stringify({ critical: { image: { "docker-manifest-digest": amd.digest } } })),
        );
        const artifact = {
            schemaVersion: 2,
            mediaType: OCI_MANIFEST,
            artifactType: SIGNATURE,
            config: { mediaType: "application/vnd.oci.empty.v1+json", ...emptyConfig },
            layers: [{ mediaType: "application/vnd.dev.cosign.simplesigning.v1+json", ...payload }],
            subject: amd,
        };
        const sig = await putManifest(target, "web", "sig", artifact);
        digests["with-artifact"] = (
            await putManifest(target, "web", "with-artifact", {
                schemaVersion: 2,
                mediaType: OCI_INDEX,
                manifests: [
                    {
                        mediaType: OCI_MANIFEST,
                        digest: sig.digest,
                        size: sig.size,
                        artifactType: SIGNATURE,
                        platform: linux("amd64"),
                    },
                    { ...amd, platform: linux("amd64") },
                ],
            })
        ).digest;
    });

    after(async () => {
        layout?.remove();
        await reg?.stop();
    });

    it("follows an index nested in an index whose entry names the platform", async () => {
        const top = await inspectRaw(r("nested-platform"), creds);
        assert.equal(sha256Of(top), digests["nested-platform"], "skopeo sees the same top document");
        const got = await readImageLabel(r("nested-platform"), opts);
        assert.equal(got.label, TEMPLATE);
        assert.equal(got.digest, digests["nested-platform"], "the pinned digest is the outer index's");
        assert.equal(got.platformDigest, layout.descriptor("amd").digest);
        assert.equal(
            (await readImageLabel(r("nested-platform"), { ...opts, platform: "linux/arm64" })).label,
            ARM_TEMPLATE,
        );
    });

    it("follows an index nested in an index whose entry has no platform", async () => {
        const got = await readImageLabel(r("nested-bare"), { ...opts, platform: "linux/arm64" });
        assert.equal(got.label, ARM_TEMPLATE);
        assert.equal(got.digest, digests["nested-bare"]);
        assert.equal(got.platformDigest, layout.descriptor("arm").digest);
    });

    it("decides index entries without a platform by their config's os and architecture", async () => {
        assert.equal((await readImageLabel(r("bare"), opts)).label, TEMPLATE);
        const arm = await readImageLabel(r("bare"), { ...opts, platform: "linux/arm64" });
        assert.equal(arm.label, ARM_TEMPLATE);
        assert.equal(arm.platformDigest, layout.descriptor("arm").digest);
        await rejects(
            readImageLabel(r("bare"), { ...opts, platform: "linux/s390x" }),
            /manifests\[platform=linux\/s390x\]: the image has no linux\/s390x manifest \(it has: linux\/amd64, linux\/arm64\)\. Fix: build and push the image for linux\/s390x/,
        );
    });

    it("refuses an OCI artifact as an artifact, not as an image without a label", async () => {
        const err = await rejects(
            readImageLabel(r("sig"), opts),
            /web:sig: manifest: the ref is an OCI artifact \(application\/vnd\.dev\.cosign\.artifact\.sig\.v1\+json\), not a container image: it has no image config, so no labels\. Fix: point the ref at the container image/,
        );
        assert.doesNotMatch(err.message, /no ECS_TASK_TEMPLATE label/);
    });

    it("skips an artifact entry in an index, even one that claims the platform", async () => {
        const got = await readImageLabel(r("with-artifact"), opts);
        assert.equal(got.label, TEMPLATE);
        assert.equal(got.platformDigest, layout.descriptor("amd").digest);
    });

    it("names the missing --build-arg when the label is empty", async () => {
        const got = await readImageLabel(r("empty"), opts);
        assert.equal(got.label, "");
        assert.throws(
            () => requireLabel(got),
            /web:empty: config\.Labels\.ECS_TASK_TEMPLATE: the ECS_TASK_TEMPLATE label is empty: the image was built without --build-arg ECS_TASK_TEMPLATE\. Fix: rebuild it with docker build --build-arg ECS_TASK_TEMPLATE=/,
        );
        for (const [name, cmd] of commands) {
            const out = label(cmd, [r("empty"), "--plain-http"]);
            assert.equal(out.status, 1, name);
            assert.match(
                out.stderr,
                /^label: .*the ECS_TASK_TEMPLATE label is empty: the image was built without --build-arg ECS_TASK_TEMPLATE\. Fix: .+\n$/,
                name,
            );
        }
    });

    it("explains HTTPS against a registry without TLS", async () => {
        await rejects(
            readImageLabel(r("amd"), { credentials: creds }),
            new RegExp(
                `${reg.host.replace(/\./g, "\\.")} answered in plain HTTP, not TLS \\(.+\\)\\. Fix: the registry has no TLS: pass --plain-http`,
            ),
        );
    });
});

describe("registry interop: TLS", function () {
    this.timeout(120_000);
    let reg: RunningRegistry;
    let layout: Layout;
    let ref: string;

    before(async function () {
        this.timeout(120_000);
        reg = await startRegistry({ credentials: creds, tls: true });
        layout = await Layout.create();
        await layout.image("amd", { labels: { ECS_TASK_TEMPLATE: TEMPLATE } });
        ref = `${reg.host}/web:tls`;
        await layout.push("amd", ref, { credentials: creds });
    });
    after(async () => {
        layout?.remove();
        await reg?.stop();
    });

    it("skopeo reads it with the CA, as the label command does with NODE_EXTRA_CA_CERTS", () => {
        const skopeo = spawnSync(
            "skopeo",
            [
                "inspect",
                "--config",
                "--cert-dir",
                reg.certDir!,
                "--creds",
                `${creds.username}:${creds.password}`,
                `docker://${ref}`,
            ],
            { encoding: "utf8" },
        );
        assert.equal(skopeo.status, 0, skopeo.stderr);
        for (const [name, cmd] of commands) {
            const out = label(cmd, [ref], { NODE_EXTRA_CA_CERTS: reg.caFile! });
            assert.equal(out.status, 0, `${name}: ${out.stderr}`);
            assert.deepEqual(JSON.parse(out.stdout), JSON.parse(TEMPLATE), name);
        }
    });

    it("explains an unknown CA and names NODE_EXTRA_CA_CERTS", async () => {
        await rejects(
            readImageLabel(ref, { credentials: creds }),
            /web:tls: manifest: 127\.0\.0\.1:\d+'s TLS certificate is not signed by a CA this machine trusts \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)\. Fix: .*export NODE_EXTRA_CA_CERTS=\/path\/to\/ca\.pem/,
        );
        const out = label(commands[1][1], [ref]);
        assert.equal(out.status, 1);
        assert.match(out.stderr, /^label: .*NODE_EXTRA_CA_CERTS.*\n$/);
    });

    it("trusts a CA given in-process", async () => {
        const got = await readImageLabel(ref, { credentials: creds, ca: readFileSync(reg.caFile!) });
        assert.equal(got.label, TEMPLATE);
    });

    it("explains --plain-http against a TLS registry", async () => {
        await rejects(
            readImageLabel(ref, { credentials: creds, plainHttp: true }),
            /web:tls: manifest: 127\.0\.0\.1:\d+ speaks HTTPS, but the request was plain HTTP \(400 Bad Request\)\. Fix: drop --plain-http: the registry has TLS/,
        );
    });
});
