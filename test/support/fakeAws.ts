/**
 * A small fake of AWS APIs on 127.0.0.1. ECS and CloudWatch Logs speak JSON 1.1:
 * POST /, the operation in the `X-Amz-Target` header
 * (AmazonEC2ContainerServiceV20141113.<Op>, Logs_20140328.<Op>), JSON in and
 * out, errors as HTTP 400 with `{"__type": ..., "message": ...}` as AWS sends
 * them. EventBridge Scheduler speaks REST-JSON: the operation is the method and
 * path (GET /schedules/{Name}?groupName=..., its Smithy model's @http trait), errors
 * carry their type in `X-Amzn-ErrorType` and `{"Message": ...}`. Each test scripts
 * the answers; the fake records every call. It stands in for AWS only: the SDK,
 * its retries and our code run for real.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Call {
    op: string;
    service: "ecs" | "logs" | "scheduler";
    /** The JSON body; for a REST call, its path and query parameters by their model names. */
    body: Record<string, any>;
    /** The region the SDK signed the call for (its SigV4 credential scope). */
    region?: string;
}

/** Return one to answer with an AWS error. */
export class AwsFault {
    constructor(
        readonly type: string,
        readonly message: string,
        readonly status = 400,
    ) {}
}

/** Answers one call; `n` counts this operation's calls from 0. */
export type Handler = (body: Record<string, any>, n: number) => unknown;

export interface FakeAws {
    url: string;
    calls: Call[];
    count(op: string): number;
    close(): Promise<void>;
}

const PREFIXES: Record<string, Call["service"]> = { AmazonEC2ContainerServiceV20141113: "ecs", Logs_20140328: "logs" };

/** The REST-JSON operations the fake routes, as the Scheduler model's @http traits give them. */
const REST_ROUTES: { method: string; path: RegExp; op: string; service: Call["service"]; params: string[] }[] = [
    { method: "GET", path: /^\/schedules\/([^/]+)$/, op: "GetSchedule", service: "scheduler", params: ["Name"] },
];

/** A REST call's operation and parameters (path labels, then the query string), or undefined when no route matches. */
function restCall(method: string | undefined, url: string | undefined) {
    const u = new URL(url ?? "/", "http://fake");
    for (const r of REST_ROUTES) {
        const m = method === r.method ? r.path.exec(u.pathname) : null;
        if (!m) continue;
        const body: Record<string, string> = Object.fromEntries(u.searchParams);
        r.params.forEach((name, i) => (body[name] = decodeURIComponent(m[i + 1])));
        return { op: r.op, service: r.service, body };
    }
    return undefined;
}

/** Credential=AKID/20261202/eu-north-1/scheduler/aws4_request: the region in the SigV4 scope. */
const signedRegion = (authorization: string | undefined) =>
    /Credential=[^/]+\/\d+\/([^/]+)\//.exec(authorization ?? "")?.[1];

export async function startFakeAws(handlers: Record<string, Handler>): Promise<FakeAws> {
    const calls: Call[] = [];
    const counts = new Map<string, number>();
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const target = String(req.headers["x-amz-target"] ?? "");
            const [prefix, jsonOp] = target.split(".");
            const rest = target ? undefined : restCall(req.method, req.url);
            const service = rest?.service ?? PREFIXES[prefix];
            const op = rest?.op ?? jsonOp;
            const send = (status: number, body: unknown, type?: string) => {
                const text = JSON.stringify(body);
                res.writeHead(status, {
                    "content-type": rest ? "application/json" : "application/x-amz-json-1.1",
                    "x-amzn-requestid": `req-${calls.length}`,
                    ...(type ? { "x-amzn-errortype": type } : {}),
                });
                res.end(text);
            };
            const fault = (status: number, type: string, message: string) =>
                send(status, rest ? { Message: message } : { __type: type, message }, type);
            if (!service || !op || (!rest && req.method !== "POST"))
                return fault(400, "UnknownOperationException", `no such operation: ${req.method} ${req.url} ${target}`);
            let body: Record<string, any> = {};
            try {
                body = rest ? rest.body : chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
            } catch {
                return fault(400, "SerializationException", "bad JSON");
            }
            calls.push({ op, service, body, region: signedRegion(req.headers.authorization) });
            const n = counts.get(op) ?? 0;
            counts.set(op, n + 1);
            const handler = handlers[op];
            if (!handler) return fault(400, "InvalidAction", `the fake does not answer ${op}`);
            let answer: unknown;
            try {
                answer = handler(body, n);
            } catch (e) {
                return fault(500, "InternalFailure", (e as Error).message);
            }
            if (answer instanceof AwsFault) return fault(answer.status, answer.type, answer.message);
            send(200, answer ?? {});
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        calls,
        count: (op) => counts.get(op) ?? 0,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

/** Throttles the first `times` calls of a handler the way AWS does, then answers. */
export function throttled(times: number, handler: Handler): Handler {
    return (body, n) => (n < times ? new AwsFault("ThrottlingException", "Rate exceeded") : handler(body, n - times));
}

/** AWS JSON sends timestamps as epoch seconds. */
export const epoch = (iso: string) => new Date(iso).getTime() / 1000;

/** The environment a command run against the fake gets: dummy credentials, no profile, the standard endpoint variables. */
export function fakeAwsEnv(url: string, style: "per-service" | "global" = "per-service"): NodeJS.ProcessEnv {
    const endpoints =
        style === "global"
            ? { AWS_ENDPOINT_URL: url }
            : { AWS_ENDPOINT_URL_ECS: url, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url, AWS_ENDPOINT_URL_SCHEDULER: url };
    return {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: "AKIDFAKEFAKEFAKE",
        AWS_SECRET_ACCESS_KEY: "fake-secret",
        AWS_REGION: "eu-north-1",
        AWS_CONFIG_FILE: "/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
        AWS_EC2_METADATA_DISABLED: "true",
        ...endpoints,
    };
}

/** `withFake(handlers)` starts a fake AWS API for one test; it is closed after each test of the calling file. */
export function fakeAwsPerTest(): (handlers: Record<string, Handler>) => Promise<FakeAws> {
    let fake: FakeAws | undefined;
    afterEach(async () => {
        await fake?.close();
        fake = undefined;
    });
    return async (handlers) => (fake = await startFakeAws(handlers));
}
