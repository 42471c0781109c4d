/**
 * Pushes hand-written documents (nested indexes, OCI artifacts) to a test
 * registry through the distribution API itself: blob upload (POST then PUT
 * with the digest) and manifest PUT. skopeo copies images; these documents
 * are shapes it does not produce.
 */
import { createHash } from "node:crypto";

export interface Target {
    url: string;
    credentials?: { username: string; password: string };
}

const digestOf = (body: Buffer) => `sha256:${createHash("sha256").update(body).digest("hex")}`;

function headers(t: Target, extra: Record<string, string> = {}): Record<string, string> {
    const h = { ...extra };
    if (t.credentials)
        h.authorization = `Basic ${Buffer.from(`${t.credentials.username}:${t.credentials.password}`).toString("base64")}`;
    return h;
}

export async function putBlob(t: Target, repo: string, body: Buffer): Promise<{ digest: string; size: number }> {
    const digest = digestOf(body);
    const start = await fetch(`${t.url}/v2/${repo}/blobs/uploads/`, { method: "POST", headers: headers(t) });
    await start.arrayBuffer();
    if (start.status !== 202) throw new Error(`blob upload to ${repo}: ${start.status}`);
    const location = new URL(start.headers.get("location") ?? "", t.url);
    location.searchParams.set("digest", digest);
    const put = await fetch(location, {
        method: "PUT",
        headers: headers(t, { "content-type": "application/octet-stream" }),
        body,
    });
    await put.arrayBuffer();
    if (put.status !== 201) throw new Error(`blob PUT to ${repo}: ${put.status}`);
    return { digest, size: body.length };
}

export async function putManifest(
    t: Target,
    repo: string,
    reference: string,
    doc: Record<string, unknown>,
): Promise<{ digest: string; size: number; mediaType: string }> {
    const body = Buffer.from(JSON.stringify(doc));
    const mediaType = String(doc.mediaType);
    const res = await fetch(`${t.url}/v2/${repo}/manifests/${reference}`, {
        method: "PUT",
        headers: headers(t, { "content-type": mediaType }),
        body,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`manifest PUT ${repo}:${reference}: ${res.status} ${text}`);
    return { digest: digestOf(body), size: body.length, mediaType };
}
