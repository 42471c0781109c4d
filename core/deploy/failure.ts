/**
 * Failures of the deploy-time steps: a rollout that failed, was rolled back or
 * timed out, a watch that could not start, a one-off task that failed or could
 * not run. Plain Errors told apart by name, not subclasses: the dynamic
 * providers serialise this code, and Pulumi's closure serialiser rewrites a
 * class as a function whose `Error.call(this, message)` drops the message
 * (found by test/deployGates.test.ts running the serialised providers).
 */
export type DeployFailureKind = "RolloutFailed" | "WatchError" | "TaskFailed" | "OneOffTaskError" | "EndpointError";

export function deployFailure(kind: DeployFailureKind, message: string): Error {
    const e = new Error(message);
    e.name = kind;
    return e;
}

export function isDeployFailure(e: unknown, ...kinds: DeployFailureKind[]): e is Error {
    return e instanceof Error && (kinds as string[]).includes(e.name);
}

/**
 * An answer that is not the AWS API's (a proxy's HTML error page, say): the endpoint the SDK called, what it
 * answered, and where an endpoint comes from (the SDK's AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL).
 */
export function notAnAwsAnswer(
    service: string,
    url: string,
    status: number | undefined,
    contentType: string | undefined,
) {
    const variable = `AWS_ENDPOINT_URL_${service.toUpperCase().replace(/ /g, "_")}`;
    return deployFailure(
        "EndpointError",
        `the ${service} endpoint ${url} answered HTTP ${status ?? "(no status)"} with ${contentType || "no content type"}, ` +
            `not an AWS API response; check ${variable}, AWS_ENDPOINT_URL and any proxy in between`,
    );
}
