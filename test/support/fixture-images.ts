/**
 * Fixture images, built daemonless at test time and never committed: umoci
 * makes single-platform OCI images with labels (and layers), indexes are
 * written into the OCI layout by hand (buildx-style, with attestation
 * entries), and skopeo pushes them, converting to Docker schema 2 or a
 * Docker manifest list on request.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PlatformSpec {
    os?: string;
    architecture: string;
    variant?: string;
}

export interface ImageSpec {
    platform?: PlatformSpec;
    labels?: Record<string, string>;
    /** Files to add as layers: [source path, path inside the image]. */
    files?: [string, string][];
    /** Fixed RFC 3339 creation time, so two builds' configs differ only where their content does. */
    created?: string;
}

export interface IndexEntry {
    tag: string;
    /** Omitted: an entry without platform (OCI makes it optional). */
    platform?: PlatformSpec;
}

interface Descriptor {
    mediaType: string;
    digest: string;
    size: number;
    platform?: Record<string, string>;
    annotations?: Record<string, string>;
}

export type PushFormat = "oci" | "v2s2" | "v2s1";

export async function tool(cmd: string, args: string[]): Promise<string> {
    try {
        const { stdout } = await run(cmd, args, { maxBuffer: 64 * 1024 * 1024 });
        return stdout;
    } catch (err) {
        const e = err as { stderr?: string; message: string };
        const shown = args.map((a, i) => (/^--(dest-|src-)?creds$/.test(args[i - 1] ?? "") ? "<creds>" : a));
        throw new Error(`${cmd} ${shown.join(" ")} failed: ${e.stderr || e.message}`);
    }
}

/** An OCI image layout on disk that fixture images are built into. */
export class Layout {
    private constructor(readonly dir: string) {}

    static async create(): Promise<Layout> {
        const root = mkdtempSync(join(tmpdir(), "fixtures-"));
        const dir = join(root, "layout");
        await tool("umoci", ["init", "--layout", dir]);
        return new Layout(dir);
    }

    async image(tag: string, spec: ImageSpec = {}): Promise<void> {
        const image = `${this.dir}:${tag}`;
        await tool("umoci", ["new", "--image", image]);
        const created = spec.created ? ["--history.created", spec.created] : [];
        for (const [src, dest] of spec.files ?? []) {
            await tool("umoci", ["insert", ...created, "--image", image, src, dest]);
        }
        const p = spec.platform ?? { architecture: "amd64" };
        const args = ["config", "--image", image, "--os", p.os ?? "linux", "--architecture", p.architecture];
        if (spec.created) args.push("--created", spec.created, "--no-history");
        for (const [k, v] of Object.entries(spec.labels ?? {})) args.push("--config.label", `${k}=${v}`);
        await tool("umoci", args);
    }

    /**
     * A multi-platform index over images already tagged in this layout, as
     * buildx writes it: optionally with an attestation manifest per image
     * (platform unknown/unknown, vnd.docker.reference.* annotations).
     * `decoyFirst` puts an attestation claiming linux/amd64 first, which a
     * reader must skip by its annotation alone.
     */
    index(tag: string, entries: IndexEntry[], options: { attestations?: boolean; decoyFirst?: boolean } = {}): string {
        const index = this.readIndex();
        const byTag = (t: string): Descriptor => {
            const d = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === t);
            if (!d) throw new Error(`no image tagged ${t} in the layout`);
            return { mediaType: d.mediaType, digest: d.digest, size: d.size };
        };
        const manifests: Descriptor[] = [];
        const images = entries.map((e) => ({
            ...byTag(e.tag),
            ...(e.platform ? { platform: platformJson(e.platform) } : {}),
        }));
        if (options.decoyFirst)
            manifests.push(this.attestation(images[0].digest, { os: "linux", architecture: "amd64" }));
        manifests.push(...images);
        if (options.attestations) for (const img of images) manifests.push(this.attestation(img.digest));
        const body = Buffer.from(
            JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests }),
        );
        const digest = this.writeBlob(body);
        this.tag(tag, { mediaType: "application/vnd.oci.image.index.v1+json", digest, size: body.length });
        return digest;
    }

    async push(
        tag: string,
        dest: string,
        options: { credentials?: { username: string; password: string }; format?: PushFormat } = {},
    ): Promise<void> {
        const index = this.readIndex().manifests.find(
            (m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag,
        );
        const args = ["copy", "--quiet", "--dest-tls-verify=false", "--preserve-digests"];
        if (index?.mediaType === "application/vnd.oci.image.index.v1+json") args.push("--all");
        if (options.format && options.format !== "oci") {
            args.push("--format", options.format);
            args.splice(args.indexOf("--preserve-digests"), 1);
        }
        if (options.credentials)
            args.push("--dest-creds", `${options.credentials.username}:${options.credentials.password}`);
        args.push(`oci:${this.dir}:${tag}`, `docker://${dest}`);
        await tool("skopeo", args);
    }

    /** A tagged document's descriptor (mediaType, digest, size) in this layout. */
    descriptor(tag: string): Descriptor {
        const d = this.readIndex().manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag);
        if (!d) throw new Error(`no image tagged ${tag} in the layout`);
        return { mediaType: d.mediaType, digest: d.digest, size: d.size };
    }

    /** A blob's bytes from this layout. */
    blob(digest: string): Buffer {
        return readFileSync(join(this.dir, "blobs", "sha256", digest.slice(7)));
    }

    remove(): void {
        rmSync(join(this.dir, ".."), { recursive: true, force: true });
    }

    private attestation(subject: string, platform = { os: "unknown", architecture: "unknown" }): Descriptor {
        const statement = this.writeBlobDescriptor(
            "application/vnd.in-toto+json",
            Buffer.from(
                JSON.stringify({
                    _type: "https://in-toto.io/Statement/v0.1",
                    subject: [{ digest: { sha256: subject.slice(7) } }],
                }),
            ),
        );
        const config = this.writeBlobDescriptor(
            "application/vnd.oci.image.config.v1+json",
            Buffer.from(
                JSON.stringify({
                    architecture: "unknown",
                    os: "unknown",
                    config: {},
                    rootfs: { type: "layers", diff_ids: [] },
                }),
            ),
        );
        const manifest = Buffer.from(
            JSON.stringify({
                schemaVersion: 2,
                mediaType: "application/vnd.oci.image.manifest.v1+json",
                config,
                layers: [{ ...statement, annotations: { "in-toto.io/predicate-type": "https://spdx.dev/Document" } }],
            }),
        );
        return {
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            digest: this.writeBlob(manifest),
            size: manifest.length,
            platform,
            annotations: {
                "vnd.docker.reference.type": "attestation-manifest",
                "vnd.docker.reference.digest": subject,
            },
        };
    }

    private writeBlobDescriptor(mediaType: string, body: Buffer): Descriptor {
        return { mediaType, digest: this.writeBlob(body), size: body.length };
    }

    private writeBlob(body: Buffer): string {
        const hex = createHash("sha256").update(body).digest("hex");
        writeFileSync(join(this.dir, "blobs", "sha256", hex), body);
        return `sha256:${hex}`;
    }

    private readIndex(): { manifests: Descriptor[] } {
        return JSON.parse(readFileSync(join(this.dir, "index.json"), "utf8")) as { manifests: Descriptor[] };
    }

    private tag(tag: string, d: Descriptor): void {
        const index = this.readIndex() as { manifests: Descriptor[] } & Record<string, unknown>;
        index.manifests = index.manifests.filter((m) => m.annotations?.["org.opencontainers.image.ref.name"] !== tag);
        index.manifests.push({ ...d, annotations: { "org.opencontainers.image.ref.name": tag } });
        writeFileSync(join(this.dir, "index.json"), JSON.stringify(index));
    }
}

function platformJson(p: PlatformSpec): Record<string, string> {
    return { architecture: p.architecture, os: p.os ?? "linux", ...(p.variant ? { variant: p.variant } : {}) };
}

/** What skopeo reports about a pushed ref: independent ground truth for assertions. */
export async function inspectRaw(
    ref: string,
    credentials?: { username: string; password: string },
    config = false,
): Promise<Buffer> {
    const args = ["inspect", "--raw", "--tls-verify=false"];
    if (config) args.push("--config");
    if (credentials) args.push("--creds", `${credentials.username}:${credentials.password}`);
    args.push(`docker://${ref}`);
    const { stdout } = await run("skopeo", args, { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 });
    return stdout;
}

export function sha256Of(body: Buffer): string {
    return `sha256:${createHash("sha256").update(body).digest("hex")}`;
}
