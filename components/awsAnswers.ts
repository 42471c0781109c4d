/**
 * Tells an answer from something that is not the AWS API (a proxy's HTML error page) from AWS's own errors,
 * for the deploy-time clients. Without it the SDK reports the JSON parser's words ("SyntaxError:
 * Unexpected token '<'") and no endpoint.
 */
import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from "@smithy/types";
import { notAnAwsAnswer } from "../core/deploy/failure";

/** What AWS's JSON protocols answer with, errors included: application/x-amz-json-1.0 or 1.1 (or plain JSON). */
const AWS_JSON = /^application\/(?:x-amz-json-1\.[01]|json)\b/i;

/**
 * A middleware for a client of `service` (its SDK service id, e.g. "ECS", "CloudWatch Logs"). It wraps the
 * whole call, retries included, and reads the endpoint the SDK resolved for it (context.endpointV2).
 */
function nonAwsAnswers<I extends object, O extends MetadataBearer>(service: string): InitializeMiddleware<I, O> {
    return (next, context) => async (args) => {
        try {
            return await next(args);
        } catch (e) {
            const response = (e as { $response?: { statusCode?: number; headers?: Record<string, string> } }).$response;
            if (!response) throw e;
            const header = Object.entries(response.headers ?? {}).find(([k]) => k.toLowerCase() === "content-type");
            if (header && AWS_JSON.test(header[1])) throw e;
            const url = context.endpointV2?.url.href ?? "(unresolved)";
            throw notAnAwsAnswer(service, url, response.statusCode, header?.[1]);
        }
    };
}

/** Checks every call of a deploy-time client (`service` as above) for an answer that is not the AWS API. */
export function checkAnswers<I extends object, O extends MetadataBearer>(
    client: { middlewareStack: MiddlewareStack<I, O> },
    service: string,
): void {
    client.middlewareStack.add(nonAwsAnswers<I, O>(service), { step: "initialize", name: "nonAwsAnswers" });
}
