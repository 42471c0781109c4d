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
import { RegistryError } from "../../support/errors";
import { Authenticator, type RegistryCredentials } from "./auth";
import { get, type HttpPolicy, type Meter } from "./http";
import {
    ACCEPT_ANY,
    artifactTypeOf,
    type Descriptor,
    formatPlatform,
    type ImageManifest,
    isSchema1,
    matchesPlatform,
    noPlatformError,
    parseManifest,
    parsePlatform,
    type Platform,
    platformCandidates,
    sha256,
    verifyDigest,
} from "./manifest";
import { describeRef, type ImageRef, parseImageRef } from "./ref";
import { standInLabels } from "./standIn";

export { ecrRegistryRegion, parseImageRef, pinnedImage } from "./ref";
export { clearStandIns, registerStandIn } from "./standIn";
export type { ImageRef } from "./ref";
export type { RegistryCredentials } from "./auth";

export const DEFAULT_LABEL_KEY = "ECS_TASK_TEMPLATE";

export interface ReadLabelOptions {
    /** "linux/amd64" (default), "linux/arm64", "linux/arm64/v8". */
    platform?: string;
    credentials?: RegistryCredentials;
    /** http:// instead of https:// (a loopback registry in tests). */
    plainHttp?: boolean;
    /** Extra CA certificates (PEM) to trust for this registry, beside Node's and NODE_EXTRA_CA_CERTS. */
    ca?: string | Buffer;
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
        return {
            ref: image,
            digest: image.digest,
            platformDigest: image.digest,
            configDigest,
            label: standIn[key],
            bytesTransferred: 0,
        };
    }
    const platform = parsePlatform(options.platform ?? "linux/amd64");
    const policy: HttpPolicy = {
        ca: options.ca,
        timeoutMs: options.timeoutMs ?? 10_000,
        retries: options.retries ?? 3,
        retryBaseMs: options.retryBaseMs ?? 250,
        maxRetryWaitMs: options.maxRetryWaitMs ?? 20_000,
    };
    const maxManifest = options.maxManifestBytes ?? 4 * 1024 * 1024;
    const maxConfig = options.maxConfigBytes ?? 8 * 1024 * 1024;
    const meter: Meter = { bytes: 0 };
    const base = `${options.plainHttp ? "http" : "https"}://${image.registry}/v2/${image.repository}`;
    const auth = new Authenticator(
        where,
        base,
        image.repository,
        options.credentials,
        !!options.plainHttp,
        policy,
        meter,
    );

    const fetchDoc = async (
        kind: "manifests" | "blobs",
        reference: string,
        accept: string,
        maxBytes: number,
        path: string,
    ) => {
        for (;;) {
            const headers: Record<string, string> = { accept };
            if (auth.header) headers.authorization = auth.header;
            const res = await get(
                { url: `${base}/${kind}/${reference}`, headers, maxBytes, where, path },
                policy,
                meter,
            );
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
    const topManifest = parseManifest(top.body, contentType, where, "manifest");

    const fetchConfig = async (m: ImageManifest, path: string): Promise<ImageConfig> => {
        if (m.config.size > maxConfig) throw overCap(where, `${path}config`, m.config.size, maxConfig);
        const blob = await fetchDoc("blobs", m.config.digest, "application/json, */*", maxConfig, `${path}config`);
        verifyDigest(blob.body, m.config.digest, where, `${path}config`);
        return parseConfig(blob.body, where);
    };

    interface Chosen {
        manifest: ImageManifest;
        digest: string;
        config?: ImageConfig;
    }
    const platformPath = `manifests[platform=${formatPlatform(platform)}]`;
    /** Platforms seen in image configs of entries that declared none, for the error. */
    const learned: string[] = [];

    // One entry of an index, fetched with every manifest type accepted: an entry may itself be an index.
    const open = async (d: Descriptor, depth: number): Promise<Chosen | undefined> => {
        if (d.size > maxManifest) throw overCap(where, platformPath, d.size, maxManifest);
        const res = await fetchDoc("manifests", d.digest, ACCEPT_ANY, maxManifest, platformPath);
        verifyDigest(res.body, d.digest, where, platformPath);
        const m = parseManifest(res.body, res.headers.get("content-type"), where, platformPath);
        if (m.kind === "index") return choose(m.manifests, depth + 1);
        if (artifactTypeOf(m)) return undefined;
        return { manifest: m, digest: d.digest };
    };

    const choose = async (manifests: Descriptor[], depth: number): Promise<Chosen | undefined> => {
        if (depth > MAX_INDEX_DEPTH) {
            throw new RegistryError(
                where,
                platformPath,
                `indexes are nested more than ${MAX_INDEX_DEPTH} deep`,
                "push the image as one index over its platform manifests",
            );
        }
        const { matching, unlabelled, declared } = platformCandidates(manifests, platform);
        learned.push(...declared);
        for (const d of matching) {
            const chosen = await open(d, depth);
            if (chosen) return chosen;
        }
        // No platform on the entry: the image config says what it is.
        for (const d of unlabelled) {
            const chosen = await open(d, depth);
            if (!chosen) continue;
            if (chosen.config) return chosen;
            const config = await fetchConfig(chosen.manifest, `${platformPath}.`);
            if (config.os && config.architecture && matchesPlatform(config, platform)) return { ...chosen, config };
            if (config.os && config.architecture) learned.push(formatPlatform(config));
        }
        return undefined;
    };

    let chosen: Chosen;
    if (topManifest.kind === "index") {
        const found = await choose(topManifest.manifests, 1);
        if (!found) {
            if (
                topManifest.manifests.length > 0 &&
                topManifest.manifests.every((d) => d.artifactType || isArtifactIndexEntry(d))
            )
                throw artifactError(where, topManifest.manifests[0].artifactType ?? "an index of artifacts");
            throw noPlatformError(platform, [...new Set(learned)], where);
        }
        chosen = found;
    } else {
        const artifact = artifactTypeOf(topManifest);
        if (artifact) throw artifactError(where, artifact);
        chosen = { manifest: topManifest, digest };
    }
    const platformDigest = chosen.digest;
    const configDigest = chosen.manifest.config.digest;
    const config = chosen.config ?? (await fetchConfig(chosen.manifest, ""));
    checkPlatform(config, platform, where);

    const value = config.config?.Labels?.[key];
    if (value !== undefined && value !== null && typeof value !== "string") {
        throw new RegistryError(
            where,
            `config.Labels.${key}`,
            "the label is not a string",
            "set the label to the template's JSON text",
        );
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
    if (result.label === "") {
        // The Dockerfile's `LABEL key=$key` with no build argument given sets an empty label.
        throw new RegistryError(
            describeRef(result.ref),
            `config.Labels.${key}`,
            `the ${key} label is empty: the image was built without --build-arg ${key}`,
            `rebuild it with docker build --build-arg ${key}="$(cat app/ecs-task-template.json)" ` +
                `(the Dockerfile's LABEL takes the template from that build argument)`,
        );
    }
    if (result.label !== undefined) return result.label;
    throw new RegistryError(
        describeRef(result.ref),
        `config.Labels.${key}`,
        `the image carries no ${key} label`,
        `build the image with the template as that label (docker build --label ${key}="$(cat app/ecs-task-template.json)", ` +
            `or a Dockerfile LABEL set from --build-arg), or name the label it does carry with --key`,
    );
}

function parseConfig(body: Buffer, where: string): ImageConfig {
    try {
        const doc = JSON.parse(body.toString("utf8")) as ImageConfig;
        if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) return doc;
    } catch {
        // reported below
    }
    throw new RegistryError(
        where,
        "config",
        "the image config blob is not a JSON object",
        "re-push the image with a current tool",
    );
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

/** Buildx nests at most one level (an index over per-platform indexes); a few more is generous. */
const MAX_INDEX_DEPTH = 4;

/** Index entries that point at artifacts by media type (OCI 1.1 referrers pushed as an index entry). */
function isArtifactIndexEntry(d: Descriptor): boolean {
    return d.mediaType !== undefined && !/manifest|index/.test(d.mediaType);
}

function artifactError(where: string, artifactType: string): RegistryError {
    return new RegistryError(
        where,
        "manifest",
        `the ref is an OCI artifact (${artifactType}), not a container image: it has no image config, so no labels`,
        "point the ref at the container image itself (a signature, SBOM or chart pushed beside it carries no template)",
    );
}

function overCap(where: string, path: string, size: number, cap: number): RegistryError {
    return new RegistryError(
        where,
        path,
        `the descriptor declares ${size} bytes, over the ${cap}-byte cap`,
        "this is not a normal image document; check the ref, or raise the size cap",
    );
}

function notFound(
    status: number,
    statusText: string,
    body: Buffer,
    image: ImageRef,
    reference: string,
    where: string,
    path: string,
): RegistryError {
    let code = "";
    try {
        const errors = (JSON.parse(body.toString("utf8")) as { errors?: { code?: string }[] }).errors;
        code = errors?.[0]?.code ?? "";
    } catch {
        // not a registry error body
    }
    const tail = `(${status}${code ? ` ${code}` : ` ${statusText}`})`;
    // Go's net/http answers a plain-HTTP request on a TLS port with this 400.
    if (status === 400 && /HTTP request to an HTTPS server/i.test(body.toString("utf8"))) {
        return new RegistryError(
            where,
            path,
            `${image.registry} speaks HTTPS, but the request was plain HTTP ${tail}`,
            "drop --plain-http: the registry has TLS",
        );
    }
    if (status === 404 && code === "NAME_UNKNOWN") {
        return new RegistryError(
            where,
            path,
            `repository '${image.repository}' does not exist on ${image.registry} ${tail}`,
            "check the image ref, or push the image first",
        );
    }
    if (status === 404) {
        const what = reference.startsWith("sha256:") ? `manifest or blob ${reference}` : `tag '${reference}'`;
        return new RegistryError(
            where,
            path,
            `repository '${image.repository}' on ${image.registry} has no ${what} ${tail}`,
            "check the tag or digest, or push the image first",
        );
    }
    return new RegistryError(
        where,
        path,
        `${image.registry} answered ${status} ${statusText}${code ? ` (${code})` : ""}`,
        "retry later; if it persists, check the registry",
    );
}
