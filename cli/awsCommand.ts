import { UsageError } from "./args";

/** An error the AWS SDK returned after its retries: ECS's or CloudWatch Logs' own words, e.g. AccessDeniedException. */
export function isAwsError(e: unknown): e is Error & { $metadata: unknown } {
    return e instanceof Error && "$metadata" in e;
}

/** A positive number of seconds from a flag, or a usage error naming the flag. */
export function seconds(flag: string, value: string | undefined, fallback: number, usage: string): number {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a positive number of seconds, got "${value}"\nusage: ${usage}`);
    return n;
}

/**
 * Runs `wait` or `task`: exit 0 on success, 1 when the rollout or task failed
 * (first stderr line `error: ...`, the reasons on the following lines), 2 on a
 * usage error.
 */
export function runAwsCommand(main: () => Promise<void>, isFailure: (e: unknown) => boolean): void {
    main().then(
        () => process.exit(0),
        (e: unknown) => {
            if (e instanceof UsageError) {
                process.stderr.write(`error: ${e.message}\n`);
                process.exit(2);
            }
            if (isFailure(e)) process.stderr.write(`error: ${(e as Error).message}\n`);
            else if (isAwsError(e)) process.stderr.write(`error: AWS refused the call: ${e.name}: ${e.message.replace(/\s+/g, " ")}\n`);
            else process.stderr.write(`internal error: ${e instanceof Error ? (process.env.DEBUG ? e.stack : e.message) : String(e)}\n`);
            process.exit(1);
        },
    );
}
