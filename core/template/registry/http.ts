/**
 * One HTTP GET against a registry, with the guards a deploy needs: a timeout
 * on every request (including its body), bounded retries with backoff on
 * 429/502/503/504, size caps, and redirects followed by hand so credentials
 * never travel to another origin (ECR sends blobs to presigned S3 URLs).
 * A truncated body is an error and is never retried into acceptance.
 * Built on node:http rather than fetch: fetch's lazy load and lingering
 * sockets cost the `label` command ~80 ms of its ~100.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import * as tls from "node:tls";
import { RegistryError } from "../../support/errors";

export interface HttpPolicy {
    /** Extra CA certificates (PEM) for https, beside Node's store and NODE_EXTRA_CA_CERTS. */
    ca?: string | Buffer;
    timeoutMs: number;
    retries: number;
    retryBaseMs: number;
    maxRetryWaitMs: number;
}

export interface GetRequest {
    url: string;
    headers: Record<string, string>;
    /** Cap on a successful body; a larger body is an error, not a truncation. */
    maxBytes: number;
    /** For messages: the image ref, and which document (manifest, config, token). */
    where: string;
    path: string;
}

export interface HeaderMap {
    get(name: string): string | null;
}

export interface GetResponse {
    status: number;
    statusText: string;
    headers: HeaderMap;
    body: Buffer;
    /** Where the body finally came from, after redirects. */
    url: string;
}

/** Running total of response body bytes, shared by every request of one read. */
export interface Meter {
    bytes: number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** Error bodies are only read for their error code; no need for more. */
const ERROR_BODY_BYTES = 64 * 1024;

export async function get(req: GetRequest, policy: HttpPolicy, meter: Meter): Promise<GetResponse> {
    for (let attempt = 0; ; attempt++) {
        const res = await followRedirects(req, policy, meter);
        if (!RETRYABLE.has(res.status)) return res;
        if (attempt >= policy.retries) {
            throw new RegistryError(
                req.where,
                req.path,
                `${hostOf(res.url)} answered ${res.status} ${res.statusText} to ${attempt + 1} attempt(s); gave up`,
                "the registry is overloaded or down: try again later, or raise the retry count",
            );
        }
        await sleep(backoffMs(attempt, policy, retryAfterMs(res.headers.get("retry-after"))));
    }
}

/** Milliseconds a Retry-After header asks for (delta-seconds or an HTTP date), if it parses. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
    if (value === null) return undefined;
    const v = value.trim();
    if (/^\d+$/.test(v)) return Number(v) * 1000;
    const at = Date.parse(v);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff with jitter (half fixed, half random, so callers spread
 * out but never retry instantly), never shorter than Retry-After, and never
 * longer than the cap: a registry asking for an hour gets the cap, then the
 * retry budget decides.
 */
export function backoffMs(attempt: number, policy: HttpPolicy, retryAfter?: number, random = Math.random): number {
    const exp = policy.retryBaseMs * 2 ** attempt;
    const jittered = exp / 2 + (random() * exp) / 2;
    return Math.min(policy.maxRetryWaitMs, Math.max(jittered, retryAfter ?? 0));
}

async function followRedirects(req: GetRequest, policy: HttpPolicy, meter: Meter): Promise<GetResponse> {
    let url = req.url;
    let headers = { ...req.headers };
    for (let hop = 0; ; hop++) {
        const res = await once({ ...req, url, headers }, policy, meter);
        const location = res.headers.get("location");
        if (!REDIRECTS.has(res.status) || !location) return res;
        if (hop >= MAX_REDIRECTS) {
            throw new RegistryError(
                req.where,
                req.path,
                `more than ${MAX_REDIRECTS} redirects, last to ${hostOf(url)}`,
                "check the registry URL and any proxy in front of it",
            );
        }
        const next = new URL(location, url);
        const from = new URL(url);
        if (from.protocol === "https:" && next.protocol !== "https:") {
            throw new RegistryError(
                req.where,
                req.path,
                `${from.host} redirected to a non-https URL on ${next.host}`,
                "fix the registry's storage redirect settings; refusing to downgrade",
            );
        }
        if (next.origin !== from.origin) {
            // Presigned storage URLs carry their own signature; our token must not leak to them.
            headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== "authorization"));
        }
        url = next.toString();
    }
}

/** A single request and its body under one timeout. */
function once(req: GetRequest, policy: HttpPolicy, meter: Meter): Promise<GetResponse> {
    return new Promise((resolve, reject) => {
        const url = new URL(req.url);
        const host = url.host;
        let received = 0;
        let length: number | undefined;
        let phase: "connect" | "body" = "connect";
        let settled = false;
        const finish = (err: RegistryError | undefined, res?: GetResponse) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            if (err) {
                request.destroy();
                reject(err);
            } else if (res) {
                resolve(res);
            }
        };
        const timer = setTimeout(() => {
            const what =
                phase === "connect"
                    ? `no response from ${host}`
                    : `the response from ${host} stalled after ${received} bytes`;
            finish(
                new RegistryError(
                    req.where,
                    req.path,
                    `${what} within ${policy.timeoutMs / 1000} s`,
                    "check the network path to the registry, or raise the timeout",
                ),
            );
        }, policy.timeoutMs);

        const send = url.protocol === "https:" ? httpsRequest : httpRequest;
        const tlsOptions =
            policy.ca && url.protocol === "https:"
                ? { ca: [...tls.rootCertificates, ...extraCAs(), policy.ca.toString()] }
                : {};
        const request = send(
            url,
            {
                method: "GET",
                headers: { "accept-encoding": "identity", "user-agent": "ecs-deploy-label", ...req.headers },
                ...tlsOptions,
            },
            (res) => {
                phase = "body";
                const status = res.statusCode ?? 0;
                const headers = headerMap(res.headers);
                const reply = (body: Buffer): GetResponse => ({
                    status,
                    statusText: res.statusMessage ?? "",
                    headers,
                    body,
                    url: req.url,
                });
                const ok = status >= 200 && status < 300;
                const declared = res.headers["content-length"];
                length = declared === undefined ? undefined : Number(declared);
                if (ok && length !== undefined && length > req.maxBytes) return finish(tooBig(req, length));
                if (REDIRECTS.has(status) || RETRYABLE.has(status)) {
                    res.resume();
                    return finish(undefined, reply(Buffer.alloc(0)));
                }
                const cap = ok ? req.maxBytes : ERROR_BODY_BYTES;
                const chunks: Buffer[] = [];
                res.on("data", (chunk: Buffer) => {
                    received += chunk.length;
                    meter.bytes += chunk.length;
                    if (received <= cap) chunks.push(chunk);
                    else if (ok) finish(tooBig(req, received));
                    else finish(undefined, reply(Buffer.concat(chunks)));
                });
                res.on("end", () => {
                    const body = Buffer.concat(chunks);
                    if (ok && length !== undefined && body.length !== length)
                        return finish(truncated(req, body.length, length));
                    finish(undefined, reply(body));
                });
                // A connection dropped mid-body ends in 'close' without 'end'.
                res.on("close", () => {
                    if (!res.complete) finish(truncated(req, received, length));
                });
            },
        );
        request.on("error", (err: NodeJS.ErrnoException) => {
            if (phase === "body") return finish(truncated(req, received, length));
            finish(connectError(req, host, err));
        });
        request.end();
    });
}

/** CA trouble: Node's verification codes for a chain it cannot anchor in its trust store. */
const UNTRUSTED = new Set([
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

/** A connection that failed before any response, explained: TLS mistakes first, then the network. */
export function connectError(req: GetRequest, host: string, err: NodeJS.ErrnoException): RegistryError {
    const code = err.code ?? err.message;
    const fail = (problem: string, fix: string) => new RegistryError(req.where, req.path, problem, fix);
    if (UNTRUSTED.has(code)) {
        return fail(
            `${host}'s TLS certificate is not signed by a CA this machine trusts (${code})`,
            "if the registry uses a private CA, point NODE_EXTRA_CA_CERTS at its PEM file (export NODE_EXTRA_CA_CERTS=/path/to/ca.pem) and run again",
        );
    }
    if (code === "ERR_TLS_CERT_ALTNAME_INVALID")
        return fail(
            `${host}'s TLS certificate does not name that host (${code})`,
            "use the registry host name the certificate is issued for",
        );
    if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID")
        return fail(
            `${host}'s TLS certificate is not valid now (${code})`,
            "renew the registry's certificate, or check this machine's clock",
        );
    // An HTTPS request answered in plain HTTP: OpenSSL sees a bad record header.
    if (
        code === "ERR_SSL_WRONG_VERSION_NUMBER" ||
        code === "ERR_SSL_PACKET_LENGTH_TOO_LONG" ||
        /wrong version number|packet length too long/i.test(err.message)
    ) {
        return fail(
            `${host} answered in plain HTTP, not TLS (${code})`,
            "the registry has no TLS: pass --plain-http (only over a network you trust), or give the registry a certificate",
        );
    }
    if (/SSL|TLS|CERT|EPROTO|VERIFY/i.test(code))
        return fail(
            `the TLS handshake with ${host} failed (${code})`,
            "check the registry's TLS certificate and protocol; a registry without TLS needs --plain-http",
        );
    return fail(`could not reach ${host} (${code})`, "check the registry host and port, and that it is running");
}

/** Setting `ca` replaces Node's store for that request, so it is given back, with NODE_EXTRA_CA_CERTS. */
function extraCAs(): string[] {
    const file = process.env.NODE_EXTRA_CA_CERTS;
    if (!file) return [];
    try {
        return [readFileSync(file, "utf8")];
    } catch {
        return [];
    }
}

/** Response headers as the fetch-style lookup the callers use. */
function headerMap(raw: IncomingHttpHeaders): HeaderMap {
    return {
        get: (name: string) => {
            const v = raw[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
        },
    };
}

function tooBig(req: GetRequest, bytes: number): RegistryError {
    return new RegistryError(
        req.where,
        req.path,
        `the response is ${bytes} bytes or more, over the ${req.maxBytes}-byte cap`,
        "this is not a normal image document; check the ref, or raise the size cap",
    );
}

function truncated(req: GetRequest, got: number, expected?: number): RegistryError {
    const of = expected === undefined ? "" : ` of ${expected}`;
    return new RegistryError(
        req.where,
        req.path,
        `the response from ${hostOf(req.url)} was cut off after ${got}${of} bytes`,
        "retry; if it persists, check the registry and any proxy in front of it",
    );
}

export function hostOf(url: string): string {
    try {
        return new URL(url).host;
    } catch {
        return url;
    }
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
