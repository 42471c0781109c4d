/**
 * The field-level diff of two renders: every task-definition family either side has (the web one, each
 * worker's, each scheduled job's), matched by the name in its file name, as `npm run render` writes them.
 */
import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import _ from "lodash";
import { isPlainObject } from "../support/paths";
import { Change, codeSpan, diffTaskDefinitions, formatText, markdownTable, redact, summary } from "./diff";
import type { WorkloadKind } from "./workload";

/** The web family's name here: workers and jobs may not be called that, so it never clashes. */
export const WEB = "web";

export type FamilyKind = "web" | WorkloadKind;

/** One rendered task-definition file. */
export interface FamilyFile {
    name: string;
    file: string;
    definition: RegisterTaskDefinitionCommandInput;
    /** Known for web always; for a worker or job when the render's resources.json says which. */
    kind?: FamilyKind;
}

export type FamilyStatus = "added" | "removed" | "changed" | "unchanged";

export interface FamilyDiff {
    name: string;
    kind?: FamilyKind;
    /** The task definition's `family` (the head's, or the base's for a removed one). */
    family?: string;
    status: FamilyStatus;
    changes: Change[];
    /** The file this family was read from: the head's, or the base's for a removed one. */
    file: string;
    /** An added family's whole definition, for the reviewer to read. */
    added?: RegisterTaskDefinitionCommandInput;
}

/** The file `render` writes a family to: task-definition.json for the web, task-definition-<name>.json for a worker or job. */
export const familyFileName = (name: string) =>
    name === WEB ? "task-definition.json" : `task-definition-${name}.json`;

/** The family a render's file holds, by familyFileName's naming; anything else is not a family. */
export function familyOfFile(file: string): string | undefined {
    if (file === "task-definition.json") return WEB;
    const name = /^task-definition-([a-z0-9][a-z0-9-]*)\.json$/.exec(file)?.[1];
    return name === WEB ? undefined : name;
}

/**
 * Which of a render's families are workers and which are scheduled jobs, from its resources.json: a job is
 * the `name` of an aws:scheduler/schedule:Schedule; a worker has an aws:ecs/service:Service named
 * `<web family>-<worker>` (the names components/workloads.ts gives them). Anything else: unknown.
 */
export function familyKinds(resources: unknown, webFamily: string | undefined): Record<string, WorkloadKind> {
    const kinds: Record<string, WorkloadKind> = {};
    if (!Array.isArray(resources)) return kinds;
    for (const r of resources) {
        if (!isPlainObject(r) || typeof r.name !== "string") continue;
        if (r.type === "aws:ecs/service:Service" && webFamily && r.name.startsWith(`${webFamily}-`))
            kinds[r.name.slice(webFamily.length + 1)] = "worker";
    }
    for (const r of resources) {
        if (isPlainObject(r) && r.type === "aws:scheduler/schedule:Schedule" && isPlainObject(r.inputs)) {
            if (typeof r.inputs.name === "string") kinds[r.inputs.name] = "job";
        }
    }
    return kinds;
}

/**
 * The task-definition families a render's resources.json declares, or undefined when it declares none
 * (no resources.json): `render` does not empty its --out directory, so a file no resource matches is
 * left over from an earlier render.
 */
export function declaredFamilies(resources: unknown): Set<string> | undefined {
    if (!Array.isArray(resources)) return undefined;
    const families = resources
        .filter(
            (r) => isPlainObject(r) && r.type === "aws:ecs/taskDefinition:TaskDefinition" && isPlainObject(r.inputs),
        )
        .map((r) => (r as { inputs: Record<string, unknown> }).inputs.family)
        .filter((f): f is string => typeof f === "string");
    return families.length > 0 ? new Set(families) : undefined;
}

const ORDER: Record<string, number> = { web: 0, worker: 1, job: 2 };

/** Web first, then workers, then jobs (a family of unknown kind counts as a worker), each by name. */
function compareFamilies(a: FamilyDiff, b: FamilyDiff): number {
    const rank = (d: FamilyDiff) => (d.name === WEB ? 0 : (ORDER[d.kind ?? "worker"] ?? 1));
    return rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Every family either side has: changed, unchanged, or only on one side (added or removed). */
export function diffFamilies(before: FamilyFile[], after: FamilyFile[]): FamilyDiff[] {
    const base = new Map(before.map((f) => [f.name, f]));
    const head = new Map(after.map((f) => [f.name, f]));
    const diffs = _.uniq([...base.keys(), ...head.keys()]).map((name): FamilyDiff => {
        const [x, y] = [base.get(name), head.get(name)];
        const kind = name === WEB ? "web" : (y ?? x)!.kind;
        if (!x)
            return {
                name,
                kind,
                family: y!.definition.family,
                status: "added",
                changes: [],
                file: y!.file,
                added: y!.definition,
            };
        if (!y) return { name, kind, family: x.definition.family, status: "removed", changes: [], file: x.file };
        const changes = diffTaskDefinitions(x.definition, y.definition);
        return {
            name,
            kind,
            family: y.definition.family ?? x.definition.family,
            status: changes.length > 0 ? "changed" : "unchanged",
            changes,
            file: y.file,
        };
    });
    return diffs.sort(compareFamilies);
}

/** `web`, `worker jobs`, `job nightly-report`, or the bare name when the kind is unknown. */
function label(d: FamilyDiff): string {
    return d.name === WEB || !d.kind || d.kind === "web" ? d.name : `${d.kind} ${d.name}`;
}

function tally(diffs: FamilyDiff[]): string {
    const counts = (["changed", "added", "removed", "unchanged"] as const)
        .map((s) => [s, diffs.filter((d) => d.status === s).length] as const)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${s}`);
    return `${diffs.length} ${diffs.length === 1 ? "family" : "families"} (${counts.join(", ")})`;
}

/** The file name without its directory (core/ stays free of node:path). */
const baseName = (file: string) => file.split(/[\\/]/).pop()!;

/** Per family: a heading line, then its changes as `npm run diff` prints them for two files. */
export function formatFamiliesText(diffs: FamilyDiff[], title?: string): string {
    const blocks = diffs.map((d) => {
        const head = `${label(d)}${d.family ? ` (${d.family})` : ""}`;
        if (d.status === "added") return `${head}: added, ${d.file}\n`;
        if (d.status === "removed") return `${head}: removed, no ${baseName(d.file)} in the new render\n`;
        return `${head}: ${formatText(d.changes)}`;
    });
    return `${title ? `${title}: ` : ""}${tally(diffs)}\n\n${blocks.join("\n")}`;
}

/** A fenced block that no backtick run inside it can close. */
function fenced(text: string, lang: string): string {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    return `${fence}${lang}\n${text}\n${fence}`;
}

/**
 * Markdown for a PR comment: under an optional heading (the stack), one subsection per family that
 * changed, was added or was removed, and the unchanged ones on a single line.
 */
export function formatFamiliesMarkdown(diffs: FamilyDiff[], title?: string): string {
    const h = title ? "#####" : "####";
    const heading = title ? `#### ${title}\n\n` : "";
    const unchanged = diffs.filter((d) => d.status === "unchanged");
    if (unchanged.length === diffs.length)
        return `${heading}No changes to the task definitions: ${unchanged.map((d) => codeSpan(label(d))).join(", ")}.\n`;
    const sections = diffs
        .filter((d) => d.status !== "unchanged")
        .map((d) => {
            const family = d.family ? `family ${codeSpan(d.family)}` : "";
            if (d.status === "removed") {
                const gone = `The new render has no ${codeSpan(baseName(d.file))}: ${family || "this family"} is no longer deployed.`;
                return `${h} ${label(d)}: removed\n\n${gone}\n`;
            }
            if (d.status === "added") {
                // Shown whole, as the base has nothing to compare it with; credential-looking values hidden as in a diff.
                const json = JSON.stringify(redact(d.added), null, 2);
                const whole = `<details><summary>The whole definition</summary>\n\n${fenced(json, "json")}\n\n</details>`;
                return `${h} ${label(d)}: added\n\nA new task definition${family ? `, ${family}` : ""}.\n\n${whole}\n`;
            }
            return `${h} ${label(d)}\n\n${family ? `${family}: ` : ""}${summary(d.changes)}\n\n${markdownTable(d.changes)}`;
        });
    const rest = unchanged.length > 0 ? `\nNo changes: ${unchanged.map((d) => codeSpan(label(d))).join(", ")}.\n` : "";
    return `${heading}${tally(diffs)}\n\n${sections.join("\n")}${rest}`;
}
