/**
 * Image references: `registry/repo:tag`, `repo@sha256:…`, and Docker Hub's
 * defaults (docker.io, library/, latest). Follows the grammar of
 * github.com/distribution/reference closely enough that anything Docker
 * accepts parses the same way here.
 */
import { RegistryError } from "../../support/errors";

export interface ImageRef {
    /** Host[:port] the registry API is served from (Docker Hub: registry-1.docker.io). */
    registry: string;
    /** Repository path, lower case (Docker Hub official images: library/<name>). */
    repository: string;
    tag?: string;
    digest?: string;
    /** The text the ref was parsed from, for messages. */
    original: string;
}

const DOCKER_HUB_API = "registry-1.docker.io";
const DOCKER_HUB_NAMES = new Set(["docker.io", "index.docker.io", DOCKER_HUB_API]);
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST =
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
const FORM = "registry/repository:tag or registry/repository@sha256:<64 hex>";

export function isDigest(s: string): boolean {
    return DIGEST.test(s);
}

export function parseImageRef(ref: string): ImageRef {
    const original = ref;
    const bad = (problem: string, fix = `write the image as ${FORM}`) =>
        new RegistryError(original || "(empty image ref)", "image", problem, fix);
    if (typeof ref !== "string" || ref.trim() === "") throw bad("the image ref is empty");
    ref = ref.trim();
    if (/\s/.test(ref)) throw bad("the image ref contains whitespace");
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref))
        throw bad(
            "an image ref has no URL scheme",
            "drop the http(s):// prefix (use --plain-http for a registry without TLS)",
        );

    let digest: string | undefined;
    const at = ref.indexOf("@");
    if (at >= 0) {
        digest = ref.slice(at + 1);
        ref = ref.slice(0, at);
        if (!DIGEST.test(digest)) {
            throw bad(
                `'${digest}' is not a sha256 digest`,
                "give the digest as sha256: followed by 64 lower-case hex digits",
            );
        }
    }

    let tag: string | undefined;
    const slash = ref.lastIndexOf("/");
    const colon = ref.lastIndexOf(":");
    if (colon > slash) {
        tag = ref.slice(colon + 1);
        ref = ref.slice(0, colon);
        if (!TAG.test(tag))
            throw bad(
                `'${tag}' is not a valid tag`,
                "use letters, digits, '_', '.' and '-' (at most 128, not starting with '.' or '-')",
            );
    }

    // The first component is a registry host only if it looks like one,
    // which is how Docker tells "myhost:5000/app" from "team/app".
    let registry = "docker.io";
    let path = ref;
    const first = ref.indexOf("/");
    if (first >= 0) {
        const head = ref.slice(0, first);
        if (head.includes(".") || head.includes(":") || head === "localhost" || head.startsWith("[")) {
            registry = head;
            path = ref.slice(first + 1);
            if (!HOST.test(registry))
                throw bad(`'${registry}' is not a valid registry host`, "write the registry as host[:port]");
            const port = /:(\d+)$/.exec(registry)?.[1];
            if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
                throw bad(`port ${port} of '${registry}' is not a TCP port`, "use a port from 1 to 65535");
        }
    }
    if (path === "") throw bad("the repository name is missing");
    for (const c of path.split("/")) {
        if (!COMPONENT.test(c)) {
            throw bad(
                `'${path}' is not a valid repository name`,
                "use lower-case letters, digits and single separators (. _ __ -) between '/'",
            );
        }
    }
    if (path.length > 255)
        throw bad("the repository name is longer than 255 characters", "shorten the repository name");

    if (DOCKER_HUB_NAMES.has(registry.toLowerCase())) {
        registry = DOCKER_HUB_API;
        if (!path.includes("/")) path = `library/${path}`;
    }
    if (!tag && !digest) tag = "latest";
    return { registry, repository: path, tag, digest, original };
}

/** The reference a task definition pins: registry/repo@sha256:… (Docker Hub written as docker.io). */
export function pinnedImage(ref: ImageRef, digest: string): string {
    if (!DIGEST.test(digest)) {
        throw new RegistryError(
            ref.original,
            "digest",
            `'${digest}' is not a sha256 digest`,
            "pin to the digest the registry reported for the image",
        );
    }
    const host = ref.registry === DOCKER_HUB_API ? "docker.io" : ref.registry;
    return `${host}/${ref.repository}@${digest}`;
}

/** ECR's region from a registry host (123456789012.dkr.ecr.eu-north-1.amazonaws.com), else undefined. */
export function ecrRegistryRegion(registryHost: string): string | undefined {
    const host = registryHost.toLowerCase().replace(/:\d+$/, "");
    const m =
        /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(host) ??
        /^\d{12}\.dkr-ecr\.([a-z]{2}(?:-[a-z]+)+-\d+)\.on\.aws$/.exec(host);
    return m?.[1];
}

/** "127.0.0.1:5000/app:v1" or "…/app@sha256:…": how messages name the thing being read. */
export function describeRef(ref: ImageRef): string {
    return (
        ref.original ||
        `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`
    );
}
