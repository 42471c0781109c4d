import { parseArgs, ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

/** node:util parseArgs with errors a person can act on. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
    argv: string[],
    options: T,
    usage: string,
    allowPositionals = false,
) {
    try {
        return parseArgs({ args: argv, options, allowPositionals, strict: true });
    } catch (e) {
        throw new UsageError(`${(e as Error).message.split("\n")[0]}\nusage: ${usage}`);
    }
}

/** How a command ended: its exit status and what it wrote to stderr. */
export interface Outcome {
    status: 0 | 1 | 2 | 3;
    stderr: string;
}

/**
 * A command's main, settled: 0 (or the 3 it returns: `wait` at a pause), 2
 * for a usage error, 1 for the rest. `report` words a failure the user can
 * act on (undefined: an internal error).
 */
export async function commandOutcome(
    main: () => Promise<void | 3>,
    report: (e: unknown) => string | undefined,
): Promise<Outcome> {
    try {
        return { status: (await main()) ?? 0, stderr: "" };
    } catch (e) {
        if (e instanceof UsageError) return { status: 2, stderr: `error: ${e.message}\n` };
        return {
            status: 1,
            stderr:
                report(e) ??
                `internal error: ${e instanceof Error ? (process.env.DEBUG ? e.stack : e.message) : String(e)}\n`,
        };
    }
}

/** Runs a command as a process: its outcome on stderr and as the exit status. */
export function runCommand(main: () => Promise<void | 3>, report: (e: unknown) => string | undefined): void {
    void commandOutcome(main, report).then(({ status, stderr }) => {
        process.stderr.write(stderr);
        process.exit(status);
    });
}

/** Several problems are several lines, each a complete error of its own. */
export function eachLineAnError(isUserError: (e: unknown) => boolean): (e: unknown) => string | undefined {
    return (e) =>
        isUserError(e)
            ? (e as Error).message
                  .split("\n")
                  .map((line) => `error: ${line}\n`)
                  .join("")
            : undefined;
}
