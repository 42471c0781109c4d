/**
 * The README's stack-config table, generated from Pulumi.yaml, where every
 * key is declared with its description and default.
 *
 *   node --require tsx/cjs scripts/configTable.ts [--write]
 *
 * Prints the table, or with --write replaces it in README.md between its
 * markers. A test fails when the README's table differs from Pulumi.yaml.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";

const ROOT = path.resolve(__dirname, "..");
export const START = "<!-- config-table: generated from Pulumi.yaml by scripts/configTable.ts -->";
export const END = "<!-- config-table: end -->";

interface Declared {
    type?: string;
    description?: string;
    default?: unknown;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();

function showDefault(d: unknown): string {
    if (d === undefined) return "";
    if (d === "") return '`""`';
    return `\`${JSON.stringify(d)}\``;
}

export function configTable(pulumiYaml = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")): string {
    const doc = YAML.parse(pulumiYaml) as { config: Record<string, Declared> };
    const rows = Object.entries(doc.config).map(
        ([key, d]) =>
            `| \`${key}\` | ${d.type ?? "object"} | ${showDefault(d.default)} | ${cell(d.description ?? "")} |`,
    );
    return [START, "| key | type | default | what it is |", "| --- | --- | --- | --- |", ...rows, END].join("\n");
}

/** The table as the README has it, markers included; undefined when the markers are missing. */
export function readmeTable(readme: string): string | undefined {
    const a = readme.indexOf(START);
    const b = readme.indexOf(END);
    return a < 0 || b < a ? undefined : readme.slice(a, b + END.length);
}

if (require.main === module) {
    const table = configTable();
    if (process.argv.includes("--write")) {
        const file = path.join(ROOT, "README.md");
        const readme = fs.readFileSync(file, "utf8");
        const current = readmeTable(readme);
        if (!current) {
            process.stderr.write(`configTable: README.md has no ${START} ... ${END} markers\n`);
            process.exitCode = 1;
        } else fs.writeFileSync(file, readme.replace(current, table));
    } else process.stdout.write(`${table}\n`);
}
