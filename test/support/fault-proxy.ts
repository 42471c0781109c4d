/**
 * A loopback HTTP proxy in front of the test registry that injects faults
 * (throttling, 5xx, stalls, truncation, tampering, redirects) on matching
 * requests, records what it received, and can play a Bearer token server.
 */
import { createServer, IncomingMessage, request, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Upstream {
    status: number;
    headers: Record<string, string | string[]>;
    body: Buffer;
}

export interface Seen {
    method: string;
    path: string;
    headers: IncomingMessage["headers"];
}

/** Handles one matched request; `forward` fetches the real answer from the registry. */
export type Action = (
    req: IncomingMessage,
    res: ServerResponse,
    forward: () => Promise<Upstream>,
) => Promise<void> | void;

interface Rule {
    match: (path: string) => boolean;
    action: Action;
    times: number;
}

export interface BearerOptions {
    /** Accepted at the token endpoint; anonymous callers are refused when set. */
    credentials?: { username: string; password: string };
    service: string;
}

export interface ProxyOptions {
    /** http://127.0.0.1:port of the registry. */
    upstream: string;
    /** Authorization sent upstream instead of the client's (a presigned-URL store, or behind token auth). */
    upstreamAuth?: string;
    /** Require Bearer tokens from our own /token endpoint. */
    bearer?: BearerOptions;
}

export class FaultProxy {
    readonly seen: Seen[] = [];
    readonly tokenRequests: Seen[] = [];
    private rules: Rule[] = [];
    private readonly tokens = new Set<string>();

    private constructor(
        private readonly server: Server,
        readonly host: string,
        private readonly options: ProxyOptions,
    ) {}

    static async start(options: ProxyOptions): Promise<FaultProxy> {
        const ref: { proxy?: FaultProxy } = {};
        const server = createServer((req, res) => {
            void ref.proxy?.handle(req, res).catch(() => res.destroy());
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const { port } = server.address() as AddressInfo;
        ref.proxy = new FaultProxy(server, `127.0.0.1:${port}`, options);
        return ref.proxy;
    }

    get url(): string {
        return `http://${this.host}`;
    }

    /** Apply `action` to the next `times` requests whose path matches. */
    on(match: RegExp | string, action: Action, times = 1): this {
        const test = typeof match === "string" ? (p: string) => p.includes(match) : (p: string) => match.test(p);
        this.rules.push({ match: test, action, times });
        return this;
    }

    reset(): void {
        this.rules = [];
        this.seen.length = 0;
        this.tokenRequests.length = 0;
    }

    count(match: RegExp | string): number {
        return this.seen.filter((s) => (typeof match === "string" ? s.path.includes(match) : match.test(s.path)))
            .length;
    }

    async stop(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const path = req.url ?? "/";
        const entry = { method: req.method ?? "GET", path, headers: req.headers };
        if (this.options.bearer && path.startsWith("/token")) {
            this.tokenRequests.push(entry);
            return this.issueToken(req, res, this.options.bearer);
        }
        this.seen.push(entry);
        if (this.options.bearer && !this.tokens.has((req.headers.authorization ?? "").replace(/^Bearer /, ""))) {
            const repo = /^\/v2\/(.+?)\/(manifests|blobs)\//.exec(path)?.[1] ?? "";
            res.writeHead(401, {
                "www-authenticate": `Bearer realm="${this.url}/token",service="${this.options.bearer.service}",scope="repository:${repo}:pull"`,
                "content-type": "application/json",
            });
            res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
            return;
        }
        const rule = this.rules.find((r) => r.times > 0 && r.match(path));
        const forward = () => this.forward(req);
        if (rule) {
            rule.times--;
            return rule.action(req, res, forward);
        }
        send(res, await forward());
    }

    private issueToken(req: IncomingMessage, res: ServerResponse, bearer: BearerOptions): void {
        const expected =
            bearer.credentials &&
            `Basic ${Buffer.from(`${bearer.credentials.username}:${bearer.credentials.password}`).toString("base64")}`;
        if (expected && req.headers.authorization !== expected) {
            res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Basic realm="token"' });
            res.end('{"details":"incorrect username or password"}');
            return;
        }
        const token = `t${Math.random().toString(36).slice(2)}`;
        this.tokens.add(token);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ token, expires_in: 300 }));
    }

    private forward(req: IncomingMessage): Promise<Upstream> {
        const target = new URL(req.url ?? "/", this.options.upstream);
        const headers = { ...req.headers, host: target.host };
        delete headers.authorization;
        const auth = this.options.upstreamAuth ?? (this.options.bearer ? undefined : req.headers.authorization);
        if (auth) headers.authorization = auth;
        return new Promise((resolve, reject) => {
            const up = request(target, { method: req.method, headers }, (r) => {
                const chunks: Buffer[] = [];
                r.on("data", (c: Buffer) => chunks.push(c));
                r.on("end", () =>
                    resolve({
                        status: r.statusCode ?? 502,
                        headers: r.headers as Upstream["headers"],
                        body: Buffer.concat(chunks),
                    }),
                );
                r.on("error", reject);
            });
            up.on("error", reject);
            up.end();
        });
    }
}

export function send(res: ServerResponse, u: Upstream): void {
    const headers = { ...u.headers };
    delete headers["transfer-encoding"];
    headers["content-length"] = String(u.body.length);
    res.writeHead(u.status, headers);
    res.end(u.body);
}

// Actions --------------------------------------------------------------------

export const status =
    (code: number, headers: Record<string, string> = {}): Action =>
    (_req, res) => {
        res.writeHead(code, { "content-type": "application/json", ...headers });
        res.end(`{"errors":[{"code":"INJECTED","message":"injected ${code}"}]}`);
    };

/** Never answers; the client's timeout must fire. */
export const stall = (): Action => () => undefined;

/** Sends headers and the first part of the real body, then goes quiet. */
export const stallBody =
    (keep = 0.5): Action =>
    async (_req, res, forward) => {
        const u = await forward();
        res.writeHead(u.status, { ...u.headers, "content-length": String(u.body.length) });
        res.write(u.body.subarray(0, Math.floor(u.body.length * keep)));
    };

/** Declares the full length, sends part of it, and drops the connection. */
export const truncate =
    (keep = 0.5): Action =>
    async (_req, res, forward) => {
        const u = await forward();
        res.writeHead(u.status, { ...u.headers, "content-length": String(u.body.length) });
        res.write(u.body.subarray(0, Math.floor(u.body.length * keep)), () => res.socket?.destroy());
    };

/** Flips one byte of the real body, keeping its length and headers. */
export const tamper = (): Action => async (_req, res, forward) => {
    const u = await forward();
    const body = Buffer.from(u.body);
    const i = Math.floor(body.length / 2);
    body[i] = body[i] === 0x20 ? 0x09 : 0x20;
    send(res, { ...u, body });
};

/** Answers with a redirect; `to` gets the request path. */
export const redirect =
    (to: (path: string) => string, code = 307): Action =>
    (req, res) => {
        res.writeHead(code, { location: to(req.url ?? "/") });
        res.end();
    };
