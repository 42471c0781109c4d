// npm run render -- --stack <name> [--config-file F] [--template F] [--image REF] [--out DIR]
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../core/support/errors";
import { canonicalJson } from "../core/taskdef/normalise";
import { familyFileName, familyOfFile, WEB } from "../core/taskdef/familyDiff";
import { eachLineAnError, parseFlags, runCommand, UsageError } from "./args";
import { evaluateProgram, OfflineResult, OfflineUserError } from "../offline/runner";

const USAGE =
    "npm run render -- --stack <name> [--config-file <Pulumi.<name>.yaml>] [--template <file>] [--image <ref>] [--out <dir>]";

/** A dynamic resource's serialised provider: code, not configuration a reviewer reads. */
const DYNAMIC_PROVIDER = "__provider";

/** Every resource the program declares, with inputs marked secret masked. Sorted, so re-renders are identical. */
export function resourceList(result: OfflineResult): unknown[] {
    return result.resources
        .map((r) => ({
            type: r.type,
            name: r.name,
            options: r.options,
            inputs: Object.fromEntries(
                Object.entries(r.inputs).map(([k, v]) => [
                    k,
                    r.secretInputs.includes(k) ? "[secret]" : k === DYNAMIC_PROVIDER ? "[provider code]" : v,
                ]),
            ),
        }))
        .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

/**
 * The files render writes, by name: what a reviewer or a pipeline reads. The web family's definition is
 * task-definition.json; each worker's and scheduled job's is task-definition-<name>.json.
 */
export function renderFiles(result: OfflineResult): Record<string, string> {
    const families = (result.outputs.taskDefinitions ?? {}) as Record<string, unknown>;
    return {
        [familyFileName(WEB)]: canonicalJson(result.outputs.taskDefinition),
        ...Object.fromEntries(
            Object.entries(families).map(([name, definition]) => [familyFileName(name), canonicalJson(definition)]),
        ),
        "imagedefinitions.json": canonicalJson(result.outputs.imageDefinitions),
        "resources.json": canonicalJson(resourceList(result)),
    };
}

export async function render(argv: string[]): Promise<{ written: string[]; removed: string[]; warnings: string[] }> {
    const { values } = parseFlags(
        argv,
        {
            stack: { type: "string" },
            "config-file": { type: "string" },
            template: { type: "string" },
            image: { type: "string" },
            out: { type: "string" },
        },
        USAGE,
    );
    if (!values.stack) throw new UsageError(`--stack is required\nusage: ${USAGE}`);
    const overrides: Record<string, unknown> = {};
    if (values.template) overrides.templateFile = path.resolve(values.template);
    if (values.image !== undefined) overrides.image = values.image;

    const result = await evaluateProgram({ stack: values.stack, configFile: values["config-file"], overrides });
    const out = path.resolve(values.out ?? path.join("out", values.stack));
    fs.mkdirSync(out, { recursive: true });
    const files = renderFiles(result);
    // A family an earlier render wrote here that this stack no longer has (a worker or job removed) would read as
    // still deployed: render owns the family files in its directory (familyOfFile), so it removes them.
    const removed = fs
        .readdirSync(out)
        .filter((f) => familyOfFile(f) !== undefined && !(f in files))
        .map((f) => path.join(out, f));
    for (const file of removed) fs.rmSync(file);
    const written = Object.entries(files).map(([file, content]) => {
        fs.writeFileSync(path.join(out, file), content);
        return path.join(out, file);
    });
    // What the preview would show as warnings (pulumi.log.warn), without the runtime's prefix.
    const prefix = "warning: [runtime] ";
    const warnings = result.diagnostics.filter((d) => d.startsWith(prefix)).map((d) => d.slice(prefix.length));
    return { written, removed, warnings };
}

/** Each problem in bad input is one line on stderr; anything else is an internal error. */
export const renderReport = eachLineAnError((e) => e instanceof UserError || e instanceof OfflineUserError);

if (require.main === module) {
    runCommand(async () => {
        const { written, removed, warnings } = await render(process.argv.slice(2));
        for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
        for (const file of removed)
            process.stdout.write(`removed ${path.relative(process.cwd(), file)}: no such family now\n`);
        for (const file of written) process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    }, renderReport);
}
