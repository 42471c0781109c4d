/**
 * The registry reader under faults: a loopback proxy in front of a real
 * registry throttles, fails, stalls, truncates, tampers and redirects, and
 * plays a Bearer token server. Small timeouts keep the suite fast.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ecrCredentials } from "../../../../cli/label";
import { RegistryError } from "../../../../core/support/errors";
import { rejectsWithRegistryError } from "../../../support/registryAssert";
import { readImageLabel, type ReadLabelOptions } from "../../../../core/template/registry/label";
import { backoffMs, retryAfterMs } from "../../../../core/template/registry/http";
import { parseChallenges } from "../../../../core/template/registry/auth";
import { FaultProxy, redirect, stall, stallBody, status, tamper, truncate } from "../../../support/fault-proxy";
import { Layout } from "../../../support/fixture-images";
import { RunningRegistry, startRegistry } from "../../../support/registry-server";

const creds = { username: "ci", password: "s3cret-Pa55" };
const basicAuth = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
const TEMPLATE = JSON.stringify({ family: "web", containerDefinitions: [{ name: "web", essential: true }] });
const MANIFEST = /\/v2\/web\/manifests\//;
const BLOB = /\/v2\/web\/blobs\//;

const rejects = (p: Promise<unknown>, ...patterns: RegExp[]): Promise<RegistryError> =>
    rejectsWithRegistryError(p, patterns, /s3cret|\n/);

describe("retry and challenge parsing", () => {
    const policy = { timeoutMs: 1000, retries: 3, retryBaseMs: 100, maxRetryWaitMs: 5000 };

    it("reads Retry-After as seconds or an HTTP date", () => {
        const now = Date.parse("2030-01-01T00:00:00Z");
        assert.equal(retryAfterMs("3", now), 3000);
        assert.equal(retryAfterMs("Tue, 01 Jan 2030 00:00:07 GMT", now), 7000);
        assert.equal(retryAfterMs("Mon, 31 Dec 2029 23:00:00 GMT", now), 0);
        assert.equal(retryAfterMs("soon", now), undefined);
        assert.equal(retryAfterMs(null, now), undefined);
    });

    it("backs off exponentially with jitter, honours Retry-After and caps the wait", () => {
        assert.equal(
            backoffMs(0, policy, undefined, () => 0),
            50,
        );
        assert.equal(
            backoffMs(0, policy, undefined, () => 1),
            100,
        );
        assert.equal(
            backoffMs(3, policy, undefined, () => 0),
            400,
        );
        assert.equal(
            backoffMs(3, policy, undefined, () => 1),
            800,
        );
        assert.equal(
            backoffMs(0, policy, 2000, () => 1),
            2000,
        );
        assert.equal(
            backoffMs(0, policy, 3_600_000, () => 1),
            5000,
        );
        assert.equal(
            backoffMs(10, policy, undefined, () => 1),
            5000,
        );
    });

    it("parses WWW-Authenticate challenges with commas inside quotes", () => {
        assert.deepEqual(
            parseChallenges(
                'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"',
            ),
            [
                {
                    scheme: "bearer",
                    params: {
                        realm: "https://auth.docker.io/token",
                        service: "registry.docker.io",
                        scope: "repository:a/b:pull,push",
                    },
                },
            ],
        );
        assert.deepEqual(parseChallenges('Basic realm="x", Bearer realm="https://t/token"'), [
            { scheme: "basic", params: { realm: "x" } },
            { scheme: "bearer", params: { realm: "https://t/token" } },
        ]);
    });
});

describe("registry faults", function () {
    this.timeout(60_000);
    let reg: RunningRegistry;
    let layout: Layout;
    let proxy: FaultProxy;
    let store: FaultProxy;
    const fast: ReadLabelOptions = {
        plainHttp: true,
        credentials: creds,
        timeoutMs: 400,
        retries: 3,
        retryBaseMs: 20,
        maxRetryWaitMs: 2000,
    };
    const ref = () => `${proxy.host}/web:1`;

    before(async function () {
        this.timeout(60_000);
        reg = await startRegistry({ credentials: creds });
        layout = await Layout.create();
        await layout.image("amd", { labels: { ECS_TASK_TEMPLATE: TEMPLATE } });
        await layout.image("arm", { platform: { architecture: "arm64" }, labels: { ECS_TASK_TEMPLATE: TEMPLATE } });
        layout.index(
            "multi",
            [
                { tag: "amd", platform: { architecture: "amd64" } },
                { tag: "arm", platform: { architecture: "arm64" } },
            ],
            { attestations: true },
        );
        await layout.push("amd", `${reg.host}/web:1`, { credentials: creds });
        await layout.push("multi", `${reg.host}/web:multi`, { credentials: creds });
        proxy = await FaultProxy.start({ upstream: reg.url });
        // Stands in for S3: another origin that serves blobs on its own authority.
        store = await FaultProxy.start({ upstream: reg.url, upstreamAuth: basicAuth });
    });

    beforeEach(() => {
        proxy.reset();
        store.reset();
    });

    after(async () => {
        await proxy?.stop();
        await store?.stop();
        layout?.remove();
        await reg?.stop();
    });

    it("reads through the proxy when nothing goes wrong", async () => {
        const got = await readImageLabel(ref(), fast);
        assert.equal(got.label, TEMPLATE);
        assert.equal(proxy.count(MANIFEST), 1);
        assert.equal(proxy.count(BLOB), 1);
    });

    it("waits out a 429 with Retry-After, then succeeds", async () => {
        proxy.on(MANIFEST, status(429, { "retry-after": "1" }));
        const started = Date.now();
        const got = await readImageLabel(ref(), fast);
        const took = Date.now() - started;
        assert.equal(got.label, TEMPLATE);
        assert.equal(proxy.count(MANIFEST), 2);
        assert.ok(took >= 1000, `waited ${took} ms, Retry-After asked for 1000`);
        assert.ok(took < 2500, `waited ${took} ms`);
    });

    it("retries 502/503/504 with backoff and succeeds within the budget", async () => {
        proxy.on(BLOB, status(502)).on(BLOB, status(504));
        const got = await readImageLabel(ref(), fast);
        assert.equal(got.label, TEMPLATE);
        assert.equal(proxy.count(BLOB), 3);
    });

    it("gives up clearly after repeated 503s, having tried a bounded number of times", async () => {
        proxy.on(MANIFEST, status(503), 100);
        await rejects(
            readImageLabel(ref(), { ...fast, retries: 2 }),
            new RegExp(
                `web:1: manifest: ${proxy.host} answered 503 Service Unavailable to 3 attempt\\(s\\); gave up\\. Fix: `,
            ),
        );
        assert.equal(proxy.count(MANIFEST), 3);
    });

    it("times out a request that never answers", async () => {
        proxy.on(MANIFEST, stall());
        const started = Date.now();
        await rejects(
            readImageLabel(ref(), { ...fast, timeoutMs: 300 }),
            new RegExp(`manifest: no response from ${proxy.host} within 0\\.3 s\\. Fix: `),
        );
        assert.ok(Date.now() - started < 2000);
        assert.equal(proxy.count(MANIFEST), 1, "a timeout is not retried");
    });

    it("times out a body that stalls half way", async () => {
        proxy.on(BLOB, stallBody(0.5));
        await rejects(
            readImageLabel(ref(), { ...fast, timeoutMs: 300 }),
            new RegExp(`config: the response from ${proxy.host} stalled after \\d+ bytes within 0\\.3 s`),
        );
    });

    it("treats a truncated body as an error and does not retry it", async () => {
        proxy.on(BLOB, truncate(0.5));
        const err = await rejects(
            readImageLabel(ref(), fast),
            new RegExp(`config: the response from ${proxy.host} was cut off after (\\d+) of (\\d+) bytes`),
        );
        const [, got, of] = /after (\d+) of (\d+)/.exec(err.message) ?? [];
        assert.equal(Number(got), Math.floor(Number(of) / 2));
        assert.equal(proxy.count(BLOB), 1);
    });

    it("rejects a tampered config blob (digest mismatch) without retrying it", async () => {
        proxy.on(BLOB, tamper());
        await rejects(
            readImageLabel(ref(), fast),
            /web:1: config: content does not match its digest sha256:[0-9a-f]{64} \(it hashes to sha256:[0-9a-f]{64}\)\. Fix: /,
        );
        assert.equal(proxy.count(BLOB), 1);
    });

    it("rejects a tampered manifest, by tag and by digest", async () => {
        proxy.on(MANIFEST, tamper());
        await rejects(readImageLabel(ref(), fast), /web:1: manifest: content does not match its digest/);
        const { digest } = await readImageLabel(`${proxy.host}/web:multi`, fast);
        proxy.on(MANIFEST, tamper());
        await rejects(
            readImageLabel(`${proxy.host}/web@${digest}`, fast),
            new RegExp(`manifest: content does not match its digest ${digest}`),
        );
        proxy.on(/\/v2\/web\/manifests\/sha256:/, tamper());
        await rejects(
            readImageLabel(`${proxy.host}/web:multi`, fast),
            /manifests\[platform=linux\/amd64\]: content does not match its digest/,
        );
    });

    it("follows a cross-origin redirect without the Authorization header", async () => {
        proxy.on(
            BLOB,
            redirect((path) => `${store.url}${path}?X-Amz-Signature=abc123`),
        );
        const got = await readImageLabel(ref(), fast);
        assert.equal(got.label, TEMPLATE);
        const toProxy = proxy.seen.filter((s) => BLOB.test(s.path));
        assert.equal(toProxy.length, 1);
        assert.equal(toProxy[0].headers.authorization, basicAuth, "the registry itself got the credentials");
        assert.equal(store.seen.length, 1);
        assert.match(store.seen[0].path, /X-Amz-Signature=abc123/);
        assert.equal(store.seen[0].headers.authorization, undefined, "the other origin never sees them");
    });

    it("keeps the Authorization header on a same-origin redirect", async () => {
        proxy.on(
            BLOB,
            redirect((path) => `${proxy.url}${path}?moved=1`),
        );
        assert.equal((await readImageLabel(ref(), fast)).label, TEMPLATE);
        const hops = proxy.seen.filter((s) => BLOB.test(s.path));
        assert.equal(hops.length, 2);
        assert.equal(hops[1].headers.authorization, basicAuth);
    });

    it("names the registry and the user on wrong credentials, never the password", async () => {
        const err = await rejects(
            readImageLabel(ref(), { ...fast, credentials: { username: "ci", password: "Wr0ng-pass-77" } }),
            new RegExp(
                `registry ${proxy.host} refused basic auth as user 'ci' \\(401 Unauthorized\\)\\. Fix: check the username and password`,
            ),
        );
        assert.doesNotMatch(err.message, /Wr0ng/);
    });

    it("explains a 403", async () => {
        proxy.on(MANIFEST, status(403));
        await rejects(
            readImageLabel(ref(), fast),
            new RegExp(
                `registry ${proxy.host} denied pull access to 'web' with basic auth as user 'ci' \\(403 Forbidden\\)\\. Fix: grant`,
            ),
        );
    });

    describe("Bearer token challenge", () => {
        let gate: FaultProxy;
        before(async () => {
            gate = await FaultProxy.start({
                upstream: reg.url,
                upstreamAuth: basicAuth,
                bearer: { service: "test-registry", credentials: { username: "deployer", password: "t0ken-Pass" } },
            });
        });
        after(async () => gate?.stop());

        it("gets a token from the realm with basic credentials, then reads", async () => {
            const got = await readImageLabel(`${gate.host}/web:multi`, {
                ...fast,
                platform: "linux/arm64",
                credentials: { username: "deployer", password: "t0ken-Pass" },
            });
            assert.equal(got.label, TEMPLATE);
            assert.equal(gate.tokenRequests.length, 1, "one token serves the whole read");
            const q = new URL(gate.tokenRequests[0].path, gate.url).searchParams;
            assert.equal(q.get("service"), "test-registry");
            assert.equal(q.get("scope"), "repository:web:pull");
            assert.equal(
                gate.tokenRequests[0].headers.authorization,
                `Basic ${Buffer.from("deployer:t0ken-Pass").toString("base64")}`,
            );
            assert.match(gate.seen.at(-1)?.headers.authorization ?? "", /^Bearer t/);
        });

        it("says the token server refused anonymous, or the user, without the password", async () => {
            await rejects(
                readImageLabel(`${gate.host}/web:1`, { ...fast, credentials: undefined }),
                new RegExp(
                    `token server ${gate.host} refused anonymous for registry ${gate.host} \\(401 Unauthorized\\)\\. Fix: log in`,
                ),
            );
            const err = await rejects(
                readImageLabel(`${gate.host}/web:1`, {
                    ...fast,
                    credentials: { username: "deployer", password: "bad-Tok3n" },
                }),
                /token server .* refused basic auth as user 'deployer'/,
            );
            assert.doesNotMatch(err.message, /bad-Tok3n/);
        });
    });

    describe("ECR credentials for the label command", () => {
        it("come from GetAuthorizationToken through the AWS SDK's default chain", async () => {
            let target = "";
            const ecr = createServer((req, res) => {
                target = String(req.headers["x-amz-target"]);
                req.resume();
                res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
                res.end(
                    JSON.stringify({
                        authorizationData: [
                            { authorizationToken: Buffer.from("AWS:ecr-Token-xyz").toString("base64"), expiresAt: 1 },
                        ],
                    }),
                );
            });
            await new Promise<void>((r) => ecr.listen(0, "127.0.0.1", r));
            const saved = { ...process.env };
            Object.assign(process.env, {
                AWS_ENDPOINT_URL_ECR: `http://127.0.0.1:${(ecr.address() as AddressInfo).port}`,
                AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
                AWS_SECRET_ACCESS_KEY: "example-secret",
            });
            delete process.env.AWS_PROFILE;
            try {
                assert.deepEqual(
                    await ecrCredentials("eu-north-1", "123456789012.dkr.ecr.eu-north-1.amazonaws.com/web:1"),
                    { username: "AWS", password: "ecr-Token-xyz" },
                );
                assert.match(target, /GetAuthorizationToken$/);
            } finally {
                process.env = saved;
                ecr.closeAllConnections();
                ecr.close();
            }
        });
    });
});
