/**
 * Manifest formats and platform selection: OCI index and Docker manifest
 * list on top, OCI and Docker v2 image manifests below. Docker schema 1 has
 * no config blob (so no labels in the usual place) and is rejected.
 */
import { createHash } from "node:crypto";
import { RegistryError } from "../../support/errors";
import { isDigest } from "./ref";

export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
const SCHEMA1 = [
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
];

export const ACCEPT_ANY = [OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(", ");

export interface Descriptor {
    mediaType?: string;
    /** OCI 1.1: set on descriptors of artifacts (signatures, SBOMs, charts), never of images. */
    artifactType?: string;
    digest: string;
    size: number;
    platform?: { os?: string; architecture?: string; variant?: string };
    annotations?: Record<string, string>;
}

export type Manifest = { kind: "index"; manifests: Descriptor[] } | ImageManifest;
export interface ImageManifest {
    kind: "image";
    config: Descriptor;
    artifactType?: string;
}

/** The config media types of container images; anything else in a manifest's config is an artifact's. */
const IMAGE_CONFIGS = ["application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json"];

/**
 * An OCI artifact rather than an image: it declares an artifactType, or its
 * config is not an image config (the empty descriptor application/vnd.oci.empty.v1+json,
 * a Helm chart's config, ...). OCI image-spec manifest.md, "Guidelines for Artifact Usage".
 */
export function artifactTypeOf(m: ImageManifest): string | undefined {
    if (m.artifactType) return m.artifactType;
    const type = m.config.mediaType;
    return type && !IMAGE_CONFIGS.includes(type) ? type : undefined;
}

export interface Platform {
    os: string;
    architecture: string;
    variant?: string;
}

export function isSchema1(contentType: string | null): boolean {
    return SCHEMA1.includes((contentType ?? "").split(";")[0].trim());
}

export function sha256(body: Buffer): string {
    return `sha256:${createHash("sha256").update(body).digest("hex")}`;
}

/** The content a digest names must hash to it; anything else was altered in transit or at rest. */
export function verifyDigest(body: Buffer, expected: string, where: string, path: string): void {
    const actual = sha256(body);
    if (actual !== expected) {
        throw new RegistryError(
            where,
            path,
            `content does not match its digest ${expected} (it hashes to ${actual})`,
            "the registry or a proxy altered the data; retry, and if it persists re-push the image",
        );
    }
}

export function parseManifest(body: Buffer, contentType: string | null, where: string, path: string): Manifest {
    let doc: Record<string, unknown>;
    try {
        doc = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
        if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("not an object");
    } catch {
        throw new RegistryError(
            where,
            path,
            "the registry answered with a manifest that is not a JSON object",
            "check the ref points at a container image",
        );
    }
    const type = typeof doc.mediaType === "string" ? doc.mediaType : (contentType ?? "").split(";")[0].trim();
    if (doc.schemaVersion === 1 || SCHEMA1.includes(type)) {
        throw new RegistryError(
            where,
            path,
            "the image uses the Docker schema 1 manifest format, which is deprecated and carries no image config",
            "re-push the image with a current tool (docker push, or skopeo copy --format v2s2)",
        );
    }
    if (Array.isArray(doc.manifests)) {
        return {
            kind: "index",
            manifests: doc.manifests.map((d, i) => descriptor(d, where, `${path}.manifests[${i}]`)),
        };
    }
    if (doc.config !== undefined) {
        if (type && type !== OCI_MANIFEST && type !== DOCKER_MANIFEST) {
            throw new RegistryError(
                where,
                path,
                `the manifest's media type is ${type}, not a container image`,
                "point the ref at a container image",
            );
        }
        return {
            kind: "image",
            config: descriptor(doc.config, where, `${path}.config`),
            artifactType:
                typeof doc.artifactType === "string" && doc.artifactType !== "" ? doc.artifactType : undefined,
        };
    }
    throw new RegistryError(
        where,
        path,
        `the manifest (${type || "no media type"}) is neither an image manifest nor an index`,
        "point the ref at a container image",
    );
}

function descriptor(d: unknown, where: string, path: string): Descriptor {
    const o = d as Descriptor;
    if (
        typeof o !== "object" ||
        o === null ||
        typeof o.digest !== "string" ||
        !isDigest(o.digest) ||
        typeof o.size !== "number" ||
        o.size < 0
    ) {
        throw new RegistryError(
            where,
            path,
            "the descriptor lacks a sha256 digest or a size",
            "re-push the image with a current tool",
        );
    }
    return o;
}

/** "linux/arm64/v8" -> {os, architecture, variant}, with the aliases Docker accepts. */
export function parsePlatform(spec: string): Platform {
    const parts = spec.trim().toLowerCase().split("/");
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) {
        throw new RegistryError(
            "--platform",
            "platform",
            `'${spec}' is not os/arch[/variant]`,
            "use linux/amd64, linux/arm64 or linux/arm64/v8",
        );
    }
    const [os, arch, variant] = parts;
    const architecture =
        ({ x86_64: "amd64", "x86-64": "amd64", aarch64: "arm64" } as Record<string, string>)[arch] ?? arch;
    return { os, architecture, variant };
}

export function formatPlatform(p: { os?: string; architecture?: string; variant?: string }): string {
    return [p.os ?? "?", p.architecture ?? "?", p.variant].filter(Boolean).join("/");
}

/** arm64's only variant is v8; an absent variant means the same image. */
function sameVariant(arch: string, want: string | undefined, have: string | undefined): boolean {
    const norm = (v: string | undefined) => (arch === "arm64" && (v === undefined || v === "") ? "v8" : v || undefined);
    return want === undefined || norm(want) === norm(have);
}

export function isAttestation(d: Descriptor): boolean {
    return (
        d.annotations?.["vnd.docker.reference.type"] === "attestation-manifest" ||
        (d.platform?.os === "unknown" && d.platform?.architecture === "unknown")
    );
}

export function matchesPlatform(p: { os?: string; architecture?: string; variant?: string }, want: Platform): boolean {
    return (
        p.os?.toLowerCase() === want.os &&
        p.architecture?.toLowerCase() === want.architecture &&
        sameVariant(want.architecture, want.variant, p.variant)
    );
}

/**
 * An index's entries for a platform: those that declare it, in order, then
 * those that declare none (OCI makes `platform` optional; containerd then
 * reads it from the image config, and so does the caller). Attestations and
 * artifacts are never candidates.
 */
export function platformCandidates(
    manifests: Descriptor[],
    want: Platform,
): { matching: Descriptor[]; unlabelled: Descriptor[]; declared: string[] } {
    const images = manifests.filter((d) => !isAttestation(d) && !d.artifactType);
    return {
        matching: images.filter((d) => d.platform && matchesPlatform(d.platform, want)),
        unlabelled: images.filter((d) => !d.platform || (!d.platform.os && !d.platform.architecture)),
        declared: [
            ...new Set(
                images
                    .filter((d) => d.platform?.os || d.platform?.architecture)
                    .map((d) => formatPlatform(d.platform ?? {})),
            ),
        ],
    };
}

export function noPlatformError(want: Platform, have: string[], where: string): RegistryError {
    return new RegistryError(
        where,
        `manifests[platform=${formatPlatform(want)}]`,
        `the image has no ${formatPlatform(want)} manifest (it has: ${have.join(", ") || "no platform images"})`,
        `build and push the image for ${formatPlatform(want)} (docker buildx build --platform ${formatPlatform(want)}), ` +
            `or set the task's runtimePlatform to one it has`,
    );
}
