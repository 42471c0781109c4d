import { parseArgs, ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

/** node:util parseArgs with errors a person can act on. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, usage: string, allowPositionals = false) {
    try {
        return parseArgs({ args: argv, options, allowPositionals, strict: true });
    } catch (e) {
        throw new UsageError(`${(e as Error).message.split("\n")[0]}\nusage: ${usage}`);
    }
}

/**
 * Runs a command's main: exit 0, 2 for a usage error, 1 for the rest. `report`
 * words a failure the user can act on (undefined: an internal error).
 */
export function runCommand(main: () => Promise<void>, report: (e: unknown) => string | undefined): void {
    main().then(
        () => process.exit(0),
        (e: unknown) => {
            if (e instanceof UsageError) {
                process.stderr.write(`error: ${e.message}\n`);
                process.exit(2);
            }
            process.stderr.write(report(e) ?? `internal error: ${e instanceof Error ? (process.env.DEBUG ? e.stack : e.message) : String(e)}\n`);
            process.exit(1);
        },
    );
}

/** Several problems are several lines, each a complete error of its own. */
export function eachLineAnError(isUserError: (e: unknown) => boolean): (e: unknown) => string | undefined {
    return (e) => (isUserError(e) ? (e as Error).message.split("\n").map((line) => `error: ${line}\n`).join("") : undefined);
}
