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

/** Runs a command's main; prints user errors as one line, exit 2 for usage, 1 for the rest. */
export function runCommand(main: () => Promise<void>, isUserError: (e: unknown) => boolean): void {
    main().then(
        () => process.exit(0),
        (e: unknown) => {
            if (e instanceof UsageError) {
                process.stderr.write(`error: ${e.message}\n`);
                process.exit(2);
            }
            if (isUserError(e)) {
                // Several problems are several lines, each a complete error of its own.
                process.stderr.write((e as Error).message.split("\n").map((line) => `error: ${line}\n`).join(""));
                process.exit(1);
            }
            process.stderr.write(`internal error: ${e instanceof Error ? (process.env.DEBUG ? e.stack : e.message) : String(e)}\n`);
            process.exit(1);
        },
    );
}
