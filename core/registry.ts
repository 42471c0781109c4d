/**
 * Reads the task-definition template an image carries as a LABEL, straight
 * from its registry and without pulling: manifest (or index) -> platform
 * manifest -> config blob -> config.Labels[key]. A few KiB whatever the
 * image's size. Pure of Pulumi, so the program and the `label` command share it.
 *
 * Written on Node's fetch rather than a registry client library: none we
 * found verifies digests, caps sizes, honours Retry-After and strips
 * credentials on cross-origin redirects all at once.
 */
import { RegistryError } from "./errors";
import { Authenticator, type RegistryCredentials } from "./registry/auth";
import { get, type HttpPolicy, type Meter } from "./registry/http";
import { ACCEPT_ANY, ACCEPT_IMAGE, formatPlatform, isSchema1, parseManifest, parsePlatform, type Platform, selectPlatform, sha256, verifyDigest } from "./registry/manifest";
import { describeRef, type ImageRef, parseImageRef } from "./registry/ref";
import { standInLabels } from "./registry/standIn";

export { ecrRegistryRegion, parseImageRef, pinnedImage } from "./registry/ref";
export { clearStandIns, registerStandIn } from "./registry/standIn";
export type { ImageRef } from "./registry/ref";
export type { RegistryCredentials } from "./registry/auth";

export const DEFAULT_LABEL_KEY = "ECS_TASK_TEMPLATE";

export interface ReadLabelOptions {
    /** "linux/amd64" (default), "linux/arm64", "linux/arm64/v8". */
    platform?: string;
    credentials?: RegistryCredentials;
    /** http:// instead of https:// (a loopback registry in tests). */
    plainHttp?: boolean;
    /** Label key, default ECS_TASK_TEMPLATE. */
    key?: string;
    /** Per request, body included. Default 10 s. */
    timeoutMs?: number;
    /** Retries on 429/502/503/504. Default 3. */
    retries?: number;
    /** First backoff step; doubles per retry. Default 250 ms. */
    retryBaseMs?: number;
    /** Longest single wait, Retry-After included. Default 20 s. */
    maxRetryWaitMs?: number;
    /** Default 4 MiB, the distribution registry's own manifest limit. */
    maxManifestBytes?: number;
    /** Default 8 MiB. */
    maxConfigBytes?: number;
}

export interface ImageLabel {
    ref: ImageRef;
    /** Digest of the top-level manifest or index the ref points to: what a task definition pins. */
    digest: string;
    /** The selected platform manifest's digest (equals digest for a single-platform image). */
    platformDigest: string;
    configDigest: string;
    /** Raw label value; undefined when the image has no such label. */
    label: string | undefined;
    /** Response body bytes read, tokens included. */
    bytesTransferred: number;
}

interface ImageConfig {
    os?: string;
    architecture?: string;
    variant?: string;
    config?: { Labels?: Record<string, unknown> | null } | null;
}

export async function readImageLabel(ref: string | ImageRef, options: ReadLabelOptions = {}): Promise<ImageLabel> {
    const image = typeof ref === "string" ? parseImageRef(ref) : ref;
    const where = describeRef(image);
    const key = options.key ?? DEFAULT_LABEL_KEY;
    const standIn = standInLabels(image);
    if (standIn && image.digest) {
        const configDigest = sha256(Buffer.from(JSON.stringify(standIn)));
        return { ref: image, digest: image.digest, platformDigest: image.digest, configDigest, label: standIn[key], bytesTransferred: 0 };
    }
    const platform = parsePlatform(options.platform ?? "linux/amd64");
    const policy: HttpPolicy = {
        timeoutMs: options.timeoutMs ?? 10_000,
        retries: options.retries ?? 3,
        retryBaseMs: options.retryBaseMs ?? 250,
        maxRetryWaitMs: options.maxRetryWaitMs ?? 20_000,
    };
    const maxManifest = options.maxManifestBytes ?? 4 * 1024 * 1024;
    const maxConfig = options.maxConfigBytes ?? 8 * 1024 * 1024;
    const meter: Meter = { bytes: 0 };
    const base = `${options.plainHttp ? "http" : "https"}://${image.registry}/v2/${image.repository}`;
    const auth = new Authenticator(where, base, image.repository, options.credentials, !!options.plainHttp, policy, meter);

    const fetchDoc = async (kind: "manifests" | "blobs", reference: string, accept: string, maxBytes: number, path: string) => {
        for (;;) {
            const headers: Record<string, string> = { accept };
            if (auth.header) headers.authorization = auth.header;
            const res = await get({ url: `${base}/${kind}/${reference}`, headers, maxBytes, where, path }, policy, meter);
            if (res.status === 200) return res;
            if (res.status === 401) {
                await auth.challenge(res.headers.get("www-authenticate"));
                continue;
            }
            if (res.status === 403) throw auth.refused(403, res.statusText);
            throw notFound(res.status, res.statusText, res.body, image, reference, where, path);
        }
    };

    // The top document: by digest when pinned (then verified), else by tag.
    const topRef = image.digest ?? image.tag ?? "latest";
    const top = await fetchDoc("manifests", topRef, ACCEPT_ANY, maxManifest, "manifest");
    const digest = sha256(top.body);
    if (image.digest) verifyDigest(top.body, image.digest, where, "manifest");
    const claimed = top.headers.get("docker-content-digest");
    const contentType = top.headers.get("content-type");
    // What we pin must be what the registry stores; a mismatch means the body
    // changed on the way. (Schema 1's digest covers a signature-stripped body.)
    if (claimed?.startsWith("sha256:") && !isSchema1(contentType)) verifyDigest(top.body, claimed, where, "manifest");
    let manifest = parseManifest(top.body, contentType, where, "manifest");

    let platformDigest = digest;
    if (manifest.kind === "index") {
        const chosen = selectPlatform(manifest.manifests, platform, where);
        const path = `manifests[platform=${formatPlatform(platform)}]`;
        if (chosen.size > maxManifest) throw overCap(where, path, chosen.size, maxManifest);
        const res = await fetchDoc("manifests", chosen.digest, ACCEPT_IMAGE, maxManifest, path);
        verifyDigest(res.body, chosen.digest, where, path);
        manifest = parseManifest(res.body, res.headers.get("content-type"), where, path);
        if (manifest.kind !== "image") {
            throw new RegistryError(where, path, "the index points at another index", "push a flat multi-platform image (one index over image manifests)");
        }
        platformDigest = chosen.digest;
    }

    const configDigest = manifest.config.digest;
    if (manifest.config.size > maxConfig) throw overCap(where, "config", manifest.config.size, maxConfig);
    const blob = await fetchDoc("blobs", configDigest, "application/json, */*", maxConfig, "config");
    verifyDigest(blob.body, configDigest, where, "config");
    const config = parseConfig(blob.body, where);
    checkPlatform(config, platform, where);

    const value = config.config?.Labels?.[key];
    if (value !== undefined && value !== null && typeof value !== "string") {
        throw new RegistryError(where, `config.Labels.${key}`, "the label is not a string", "set the label to the template's JSON text");
    }
    return {
        ref: image,
        digest,
        platformDigest,
        configDigest,
        label: typeof value === "string" ? value : undefined,
        bytesTransferred: meter.bytes,
    };
}

/** The label, or an error that says how to put it there. */
export function requireLabel(result: ImageLabel, key: string = DEFAULT_LABEL_KEY): string {
    if (result.label !== undefined) return result.label;
    throw new RegistryError(
        describeRef(result.ref),
        `config.Labels.${key}`,
        `the image carries no ${key} label`,
        `build the image with the template as that label (docker build --label ${key}="$(cat app/ecs-task-template.json)", or a Dockerfile LABEL set from --build-arg), or name the label it does carry with --key`,
    );
}

function parseConfig(body: Buffer, where: string): ImageConfig {
    try {
        const doc = JSON.parse(body.toString("utf8")) as ImageConfig;
        if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) return doc;
    } catch {
        // reported below
    }
    throw new RegistryError(where, "config", "the image config blob is not a JSON object", "re-push the image with a current tool");
}

/** A single-platform image must still be the platform the task will run on. */
function checkPlatform(config: ImageConfig, want: Platform, where: string): void {
    if (!config.os || !config.architecture) return;
    if (config.os.toLowerCase() === want.os && config.architecture.toLowerCase() === want.architecture) return;
    const have = formatPlatform({ os: config.os, architecture: config.architecture, variant: config.variant });
    throw new RegistryError(
        where,
        "config.architecture",
        `the image is ${have}, not ${formatPlatform(want)}`,
        `build and push the image for ${formatPlatform(want)}, or set the task's runtimePlatform (and --platform) to ${have}`,
    );
}

function overCap(where: string, path: string, size: number, cap: number): RegistryError {
    return new RegistryError(where, path, `the descriptor declares ${size} bytes, over the ${cap}-byte cap`, "this is not a normal image document; check the ref, or raise the size cap");
}

function notFound(status: number, statusText: string, body: Buffer, image: ImageRef, reference: string, where: string, path: string): RegistryError {
    let code = "";
    try {
        const errors = (JSON.parse(body.toString("utf8")) as { errors?: { code?: string }[] }).errors;
        code = errors?.[0]?.code ?? "";
    } catch {
        // not a registry error body
    }
    const tail = `(${status}${code ? ` ${code}` : ` ${statusText}`})`;
    if (status === 404 && code === "NAME_UNKNOWN") {
        return new RegistryError(where, path, `repository '${image.repository}' does not exist on ${image.registry} ${tail}`, "check the image ref, or push the image first");
    }
    if (status === 404) {
        const what = reference.startsWith("sha256:") ? `manifest or blob ${reference}` : `tag '${reference}'`;
        return new RegistryError(where, path, `repository '${image.repository}' on ${image.registry} has no ${what} ${tail}`, "check the tag or digest, or push the image first");
    }
    return new RegistryError(where, path, `${image.registry} answered ${status} ${statusText}${code ? ` (${code})` : ""}`, "retry later; if it persists, check the registry");
}
