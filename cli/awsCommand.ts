import { isDeployFailure } from "../core/deploy/failure";
import { UsageError } from "./args";

/** An error the AWS SDK returned after its retries: ECS's or CloudWatch Logs' own words, e.g. AccessDeniedException. */
export function isAwsError(e: unknown): e is Error & { $metadata: unknown } {
    return e instanceof Error && "$metadata" in e;
}

/** A positive number of seconds from a flag, or a usage error naming the flag. */
export function seconds(flag: string, value: string | undefined, fallback: number, usage: string): number {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
        throw new UsageError(`--${flag} must be a positive number of seconds, got "${value}"\nusage: ${usage}`);
    return n;
}

/**
 * Reports a failed `wait` or `task`: the first stderr line `error: ...`, the
 * reasons on the following lines; an AWS refusal in AWS's own words, naming the action when it is known; an answer that is not
 * AWS's (components/awsAnswers.ts) naming the endpoint that gave it.
 */
export function rolloutFailure(isFailure: (e: unknown) => boolean): (e: unknown) => string | undefined {
    return (e) => {
        if (isFailure(e) || isDeployFailure(e, "EndpointError")) return `error: ${(e as Error).message}\n`;
        if (isAwsError(e)) {
            // components/ecsTask.ts nameActions marks the call's IAM action on the clients it makes.
            const action = (e as { action?: unknown }).action;
            const what = typeof action === "string" ? action : "the call";
            return `error: AWS refused ${what}: ${e.name}: ${e.message.replace(/\s+/g, " ")}\n`;
        }
        return undefined;
    };
}
