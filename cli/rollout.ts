// Flags and lines `npm run wait` and `npm run continue` share.
import { continueCommands, isLifecycleStage, LIFECYCLE_STAGES } from "../core/deploy/lifecycle";
import { isDeployFailure } from "../core/deploy/failure";
import type { RolloutVerdict } from "../core/deploy/rolloutStatus";
import { runCommand, UsageError } from "./args";
import { rolloutFailure, seconds } from "./awsCommand";

/** The flags `wait` and `continue` both take: the service, its region, and how long and how often to ask. */
export const SERVICE_FLAGS = {
    cluster: { type: "string" },
    service: { type: "string" },
    region: { type: "string" },
    timeout: { type: "string" },
    poll: { type: "string" },
} as const;

interface ServiceFlagValues {
    cluster?: string;
    service?: string;
    region?: string;
    timeout?: string;
    poll?: string;
}

/** The service flags read, or a usage error when the service is not named. */
export function serviceFlags(values: ServiceFlagValues, usage: string) {
    const { cluster, service, region } = values;
    if (!cluster || !service) throw new UsageError(`--cluster and --service are required\nusage: ${usage}`);
    return {
        cluster,
        service,
        region,
        timeoutSeconds: seconds("timeout", values.timeout, 1800, usage),
        pollSeconds: seconds("poll", values.poll, 15, usage),
    };
}

/** What `wait` and `continue` resolve with: the outcome line, and 3 when the deployment is paused. */
export interface RolloutOutcome {
    line: string;
    status: 0 | 3;
}

/** Runs `wait` or `continue` as a process: progress lines, then the outcome's line; exit 3 at a pause. */
export function runRolloutCommand(
    command: (argv: string[], progress: (line: string) => void) => Promise<RolloutOutcome>,
): void {
    runCommand(
        async () => {
            const r = await command(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`));
            process.stdout.write(`${r.line}\n`);
            return r.status === 3 ? 3 : undefined;
        },
        rolloutFailure((e) => isDeployFailure(e, "RolloutFailed", "WatchError")),
    );
}

/** A lifecycle stage from --until, or a usage error listing the valid ones. */
export function stageFlag(value: string | undefined, usage: string): string | undefined {
    if (value === undefined || isLifecycleStage(value)) return value;
    throw new UsageError(
        `--until must be a lifecycle stage, got "${value}"; use one of ${LIFECYCLE_STAGES.join(", ")}\nusage: ${usage}`,
    );
}

/** A positive whole number from a flag (--fail-fast), or a usage error naming the flag. */
export function countFlag(flag: string, value: string | undefined, usage: string): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
        throw new UsageError(`--${flag} must be a whole number of tasks, at least 1, got "${value}"\nusage: ${usage}`);
    return n;
}

/** The one line `wait` and `continue` print at a pause: where, the hook, and the commands that act on it. */
export function pauseLine(v: RolloutVerdict, cluster: string, service: string): string {
    return `${v.headline}; ${continueCommands(cluster, service)}`;
}
