// npm run diff -- <old.json> <new.json> [--format text|markdown] [--title <heading>]
// npm run diff -- --dir <old render dir> <new render dir> [--format text|markdown] [--title <heading>]
import * as fs from "node:fs";
import * as path from "node:path";
import { throwAll, UserError } from "../core/support/errors";
import {
    diffTaskDefinitions,
    formatMarkdown,
    formatText,
    parseTaskDefinition,
    TaskDefinitionFileError,
} from "../core/taskdef/diff";
import {
    declaredFamilies,
    diffFamilies,
    familyKinds,
    familyOfFile,
    FamilyFile,
    formatFamiliesMarkdown,
    formatFamiliesText,
    WEB,
} from "../core/taskdef/familyDiff";
import { eachLineAnError, parseFlags, runCommand, UsageError } from "./args";

const USAGE =
    "npm run diff -- [--dir] <old task-definition.json or render dir> <new ...> [--format text|markdown] [--title <heading>]";
const RENDER = "`npm run render -- --stack <name> --out <dir>`";

const REASONS: Record<string, string> = {
    ENOENT: "no such file",
    EISDIR: "is a directory",
    ENOTDIR: "is not a directory",
    EACCES: "permission denied",
};
const reason = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    return REASONS[code] ?? (e as Error).message.split("\n")[0];
};

/** One task-definition file: given by itself, or one family of a render directory (`inRender`). */
function readTaskDefinition(file: string, inRender = false) {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const isDir = (e as NodeJS.ErrnoException).code === "EISDIR";
        throw new TaskDefinitionFileError(
            file,
            "",
            `cannot be read (${reason(e)})`,
            inRender
                ? `render the stack again into an empty directory with ${RENDER}`
                : isDir
                  ? "pass --dir to diff every family of two render directories, or name the task-definition.json inside"
                  : `check the path; ${RENDER} writes <dir>/task-definition.json`,
        );
    }
    return parseTaskDefinition(text, file);
}

/** Every task-definition family of a render directory, with its kind when the render's resources.json tells it. */
function readRenderDir(dir: string, problems: UserError[]): FamilyFile[] {
    let entries: string[];
    try {
        if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
        entries = fs.readdirSync(dir).sort();
    } catch (e) {
        problems.push(
            new TaskDefinitionFileError(
                dir,
                "",
                `cannot be read (${reason(e)})`,
                `check the path; ${RENDER} writes it`,
            ),
        );
        return [];
    }
    if (!entries.includes("task-definition.json")) {
        problems.push(
            new TaskDefinitionFileError(
                dir,
                "",
                "has no task-definition.json, so it is not a render's output",
                `pass a directory ${RENDER} wrote; it always holds the web family's task-definition.json`,
            ),
        );
        return [];
    }
    const families: FamilyFile[] = [];
    for (const entry of entries) {
        const name = familyOfFile(entry);
        if (!name) continue;
        const file = path.join(dir, entry);
        try {
            families.push({ name, file, definition: readTaskDefinition(file, true) });
        } catch (e) {
            if (!(e instanceof UserError)) throw e;
            problems.push(e);
        }
    }
    const resources = readResources(dir);
    const declared = declaredFamilies(resources);
    for (const f of families.filter((f) => declared && !declared.has(f.definition.family ?? ""))) {
        const what = `its family ${f.definition.family ?? "(none)"} is not in this render's resources.json`;
        problems.push(
            new TaskDefinitionFileError(
                f.file,
                "",
                `is left over from an earlier render into the same directory (${what})`,
                `render the stack again into an empty directory with ${RENDER}`,
            ),
        );
    }
    const web = families.find((f) => f.name === WEB);
    const kinds = familyKinds(resources, web?.definition.family);
    return families.map((f) => ({ ...f, kind: f.name === WEB ? "web" : kinds[f.name] }));
}

/** The render's resources.json, only to tell workers from jobs: without it the families are shown by name alone. */
function readResources(dir: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(path.join(dir, "resources.json"), "utf8"));
    } catch {
        return undefined;
    }
}

/** The diff's text, as the command prints it. */
export function diff(argv: string[]): string {
    const { values, positionals } = parseFlags(
        argv,
        {
            format: { type: "string", default: "text" },
            title: { type: "string" },
            dir: { type: "boolean", default: false },
        },
        USAGE,
        true,
    );
    const what = values.dir ? "directories" : "files";
    if (positionals.length !== 2)
        throw new UsageError(`expected two ${what}, got ${positionals.length}\nusage: ${USAGE}`);
    if (values.format !== "text" && values.format !== "markdown")
        throw new UsageError(`--format must be text or markdown, not ${values.format}\nusage: ${USAGE}`);
    if (values.dir) {
        const problems: UserError[] = [];
        const [before, after] = positionals.map((dir) => readRenderDir(dir, problems));
        throwAll(problems);
        const diffs = diffFamilies(before, after);
        return values.format === "markdown"
            ? formatFamiliesMarkdown(diffs, values.title)
            : formatFamiliesText(diffs, values.title);
    }
    const [before, after] = positionals.map((file) => readTaskDefinition(file));
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
