// npm run diff -- <old.json> <new.json> [--format text|markdown] [--title <heading>]
import * as fs from "node:fs";
import { UserError } from "../core/support/errors";
import {
    diffTaskDefinitions,
    formatMarkdown,
    formatText,
    parseTaskDefinition,
    TaskDefinitionFileError,
} from "../core/taskdef/diff";
import { eachLineAnError, parseFlags, runCommand, UsageError } from "./args";

const USAGE =
    "npm run diff -- <old task-definition.json> <new task-definition.json> [--format text|markdown] [--title <heading>]";

const REASONS: Record<string, string> = {
    ENOENT: "no such file",
    EISDIR: "is a directory",
    EACCES: "permission denied",
};

function readTaskDefinition(file: string) {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? "";
        throw new TaskDefinitionFileError(
            file,
            "",
            `cannot be read (${REASONS[code] ?? (e as Error).message.split("\n")[0]})`,
            "check the path; `npm run render -- --stack <name> --out <dir>` writes <dir>/task-definition.json",
        );
    }
    return parseTaskDefinition(text, file);
}

/** The diff's text, as the command prints it. */
export function diff(argv: string[]): string {
    const { values, positionals } = parseFlags(
        argv,
        { format: { type: "string", default: "text" }, title: { type: "string" } },
        USAGE,
        true,
    );
    if (positionals.length !== 2)
        throw new UsageError(`expected two files, got ${positionals.length}\nusage: ${USAGE}`);
    if (values.format !== "text" && values.format !== "markdown")
        throw new UsageError(`--format must be text or markdown, not ${values.format}\nusage: ${USAGE}`);
    const [before, after] = positionals.map(readTaskDefinition);
    const changes = diffTaskDefinitions(before, after);
    return values.format === "markdown"
        ? formatMarkdown(changes, values.title)
        : (values.title ? `${values.title}: ` : "") + formatText(changes);
}

if (require.main === module) {
    runCommand(
        async () => {
            process.stdout.write(diff(process.argv.slice(2)));
        },
        eachLineAnError((e) => e instanceof UserError),
    );
}
