/**
 * A small fake of the AWS JSON 1.1 APIs of ECS and CloudWatch Logs on
 * 127.0.0.1: POST /, the operation in the `X-Amz-Target` header
 * (AmazonEC2ContainerServiceV20141113.<Op>, Logs_20140328.<Op>), JSON in and
 * out, errors as HTTP 400 with `{"__type": ..., "message": ...}` as AWS sends
 * them. Each test scripts the answers; the fake records every call. It stands
 * in for AWS only: the SDK, its retries and our code run for real.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Call {
    op: string;
    service: "ecs" | "logs";
    body: Record<string, any>;
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

export async function startFakeAws(handlers: Record<string, Handler>): Promise<FakeAws> {
    const calls: Call[] = [];
    const counts = new Map<string, number>();
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const target = String(req.headers["x-amz-target"] ?? "");
            const [prefix, op] = target.split(".");
            const service = PREFIXES[prefix];
            const send = (status: number, body: unknown, type?: string) => {
                const text = JSON.stringify(body);
                res.writeHead(status, {
                    "content-type": "application/x-amz-json-1.1",
                    "x-amzn-requestid": `req-${calls.length}`,
                    ...(type ? { "x-amzn-errortype": type } : {}),
                });
                res.end(text);
            };
            if (req.method !== "POST" || !service || !op)
                return send(
                    400,
                    { __type: "UnknownOperationException", message: `no such target: ${target}` },
                    "UnknownOperationException",
                );
            let body: Record<string, any> = {};
            try {
                body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
            } catch {
                return send(400, { __type: "SerializationException", message: "bad JSON" }, "SerializationException");
            }
            calls.push({ op, service, body });
            const n = counts.get(op) ?? 0;
            counts.set(op, n + 1);
            const handler = handlers[op];
            if (!handler)
                return send(
                    400,
                    { __type: "InvalidAction", message: `the fake does not answer ${op}` },
                    "InvalidAction",
                );
            let answer: unknown;
            try {
                answer = handler(body, n);
            } catch (e) {
                return send(500, { __type: "InternalFailure", message: (e as Error).message }, "InternalFailure");
            }
            if (answer instanceof AwsFault)
                return send(answer.status, { __type: answer.type, message: answer.message }, answer.type);
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
            : { AWS_ENDPOINT_URL_ECS: url, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url };
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
