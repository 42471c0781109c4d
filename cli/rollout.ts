// Flags and lines `npm run wait` and `npm run continue` share.
import { continueCommands, isLifecycleStage, LIFECYCLE_STAGES } from "../core/deploy/lifecycle";
import type { RolloutVerdict } from "../core/deploy/rolloutStatus";
import { UsageError } from "./args";

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
