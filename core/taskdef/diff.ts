/**
 * A field-level diff of two task definitions (RegisterTaskDefinition inputs),
 * for reviewers: named lists are matched by their key (the same keys the merge
 * uses), never by position, so reordering is not a change.
 */
import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import _ from "lodash";
import { UserError } from "../support/errors";
import { LIST_KEYS } from "../support/lists";
import { normalise } from "./normalise";
import { isPlainObject, join } from "../support/paths";
import { looksLikeCredential } from "./credentialNames";
import { asTaskDefinition } from "./shape";

export type ChangeKind = "added" | "removed" | "changed";

export interface Change {
    kind: ChangeKind;
    /** containerDefinitions[name=web].environment[name=ROOT_URL] */
    path: string;
    before?: unknown;
    after?: unknown;
    /** A credential-looking environment variable: its values are never shown. */
    masked?: boolean;
}

export class TaskDefinitionFileError extends UserError {}

const FIX = "pass two task-definition.json files as `npm run render -- --stack <name> --out <dir>` writes them";

/** A task-definition file's text, checked just enough to diff it. */
export function parseTaskDefinition(text: string, file: string): RegisterTaskDefinitionCommandInput {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (e) {
        throw new TaskDefinitionFileError(file, "", `is not valid JSON (${(e as Error).message.split("\n")[0]})`, FIX);
    }
    if (!isPlainObject(value) || !Array.isArray(value.containerDefinitions)) {
        throw new TaskDefinitionFileError(
            file,
            "",
            "is not a task definition: expected a JSON object with a containerDefinitions list",
            FIX,
        );
    }
    if (!value.containerDefinitions.every(isPlainObject)) {
        throw new TaskDefinitionFileError(file, "containerDefinitions", "has an entry that is not an object", FIX);
    }
    return asTaskDefinition(value);
}

// Environment entries are name/value pairs: a change is shown on the entry, not on `.value`.
const VALUE_OF: Record<string, string> = { environment: "value" };

function keyValues(list: string, item: unknown): unknown[] | undefined {
    if (!isPlainObject(item)) return undefined;
    const values = LIST_KEYS[list].map((k) => item[k]);
    return values[0] === undefined || values[0] === null ? undefined : values;
}

function segment(list: string, values: unknown[]): string {
    const parts = LIST_KEYS[list]
        .map((k, i) => (values[i] === undefined ? undefined : `${k}=${String(values[i])}`))
        .filter((p) => p !== undefined);
    return `[${parts.join(",")}]`;
}

/** An item as shown when added or removed: without its key fields, which the path already names. */
function itemBody(list: string, item: Record<string, unknown>): unknown {
    const field = VALUE_OF[list];
    const rest: Record<string, unknown> = _.omit(item, LIST_KEYS[list]);
    if (field && Object.keys(rest).length === 1 && field in rest) return rest[field];
    return rest;
}

// Items in key order (numbers numerically, text by code point), so the output does not depend on either side's order.
function compareKeys(p: unknown[], q: unknown[]): number {
    for (let i = 0; i < Math.max(p.length, q.length); i++) {
        const [x, y] = [p[i], q[i]];
        if (x === y) continue;
        if (typeof x === "number" && typeof y === "number") return x - y;
        return String(x ?? "") < String(y ?? "") ? -1 : 1;
    }
    return 0;
}

function diffKeyed(list: string, path: string, before: unknown[], after: unknown[], out: Change[]): boolean {
    const index = (items: unknown[]) => {
        const map = new Map<string, { values: unknown[]; item: Record<string, unknown> }>();
        for (const item of items) {
            const values = keyValues(list, item);
            if (!values) return undefined;
            const id = JSON.stringify(values);
            if (map.has(id)) return undefined; // duplicate keys: no unambiguous pairing
            map.set(id, { values, item: item as Record<string, unknown> });
        }
        return map;
    };
    const a = index(before);
    const b = index(after);
    if (!a || !b) return false;
    const credential = (item: Record<string, unknown>) =>
        list === "environment" && typeof item.name === "string" && looksLikeCredential(item.name);
    const field = VALUE_OF[list];
    const onlyValue = (item: Record<string, unknown>) =>
        Object.keys(_.omit(item, LIST_KEYS[list])).every((k) => k === field);
    for (const id of _.uniq([...a.keys(), ...b.keys()]).sort((p, q) =>
        compareKeys(JSON.parse(p) as unknown[], JSON.parse(q) as unknown[]),
    )) {
        const x = a.get(id);
        const y = b.get(id);
        const here = path + segment(list, (x ?? y)!.values);
        const masked = credential((x ?? y)!.item) || undefined;
        if (!x) out.push({ kind: "added", path: here, after: itemBody(list, y!.item), masked });
        else if (!y) out.push({ kind: "removed", path: here, before: itemBody(list, x.item), masked });
        else if (field && onlyValue(x.item) && onlyValue(y.item)) {
            if (!_.isEqual(x.item[field], y.item[field]))
                out.push({ kind: "changed", path: here, before: x.item[field], after: y.item[field], masked });
        } else {
            const start = out.length;
            walk(here, x.item, y.item, out, undefined);
            if (masked) for (const c of out.slice(start)) c.masked = true;
        }
    }
    return true;
}

function walk(path: string, before: unknown, after: unknown, out: Change[], list: string | undefined): void {
    if (_.isEqual(before, after)) return;
    if (before === undefined) {
        out.push({ kind: "added", path, after: redact(after, list) });
    } else if (after === undefined) {
        out.push({ kind: "removed", path, before: redact(before, list) });
    } else if (isPlainObject(before) && isPlainObject(after)) {
        for (const key of _.uniq([...Object.keys(before), ...Object.keys(after)]).sort())
            walk(join(path, key), before[key], after[key], out, key);
    } else if (
        Array.isArray(before) &&
        Array.isArray(after) &&
        list &&
        LIST_KEYS[list] &&
        diffKeyed(list, path, before, after, out)
    ) {
        return;
    } else {
        // Scalars, and lists replaced whole (command, entryPoint, ...): their order is meaning.
        out.push({ kind: "changed", path, before: redact(before, list), after: redact(after, list) });
    }
}

/** Every added, removed and changed field, after normalising both sides to the form ECS returns. */
export function diffTaskDefinitions(
    before: RegisterTaskDefinitionCommandInput,
    after: RegisterTaskDefinitionCommandInput,
): Change[] {
    const out: Change[] = [];
    walk("", normalise(before), normalise(after), out, undefined);
    return out;
}

const HIDDEN = "(hidden)";

/** A value with the values of credential-looking environment variables replaced, wherever they are nested. */
export function redact(value: unknown, list?: string): unknown {
    if (Array.isArray(value)) {
        return value.map((item) =>
            list === "environment" &&
            isPlainObject(item) &&
            typeof item.name === "string" &&
            looksLikeCredential(item.name) &&
            "value" in item
                ? { ...item, value: HIDDEN }
                : redact(item),
        );
    }
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
    return value;
}

function show(value: unknown): string {
    return JSON.stringify(redact(value));
}

export interface ShownChange {
    kind: ChangeKind;
    path: string;
    before: string;
    after: string;
}

/** The before/after text of each change, credentials masked: what both formats print. */
export function shownChanges(changes: Change[]): ShownChange[] {
    return changes.map((c) => ({
        kind: c.kind,
        path: c.path,
        before: c.kind === "added" ? "" : c.masked ? `(${c.kind})` : show(c.before),
        after: c.kind === "removed" ? "" : c.masked ? `(${c.kind})` : show(c.after),
    }));
}

export function summary(changes: Change[]): string {
    if (changes.length === 0) return "no changes";
    const count = (k: ChangeKind) => changes.filter((c) => c.kind === k).length;
    const parts = (["added", "removed", "changed"] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} ${k}`);
    return `${changes.length} change${changes.length === 1 ? "" : "s"} (${parts.join(", ")})`;
}

const SIGN: Record<ChangeKind, string> = { added: "+", removed: "-", changed: "~" };

/** One line per change: `~ path: before → after`, `+ path: value`, `- path: value`. */
export function formatText(changes: Change[]): string {
    if (changes.length === 0) return "no changes\n";
    const lines = shownChanges(changes).map((c) => {
        if (c.kind === "added") return `+ ${c.path}: ${c.after}`;
        if (c.kind === "removed") return `- ${c.path}: ${c.before}`;
        return `${SIGN[c.kind]} ${c.path}: ${c.before} → ${c.after}`;
    });
    return `${summary(changes)}\n${lines.join("\n")}\n`;
}

/** Inline code that survives any backticks and pipes inside it (a table cell). */
export function codeSpan(text: string): string {
    if (text === "") return "";
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return `${fence}${pad}${text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}${pad}${fence}`;
}

/** The changes as a Markdown table: one row each, credentials masked. */
export function markdownTable(changes: Change[]): string {
    const rows = shownChanges(changes).map(
        (c) => `| ${c.kind} | ${codeSpan(c.path)} | ${codeSpan(c.before)} | ${codeSpan(c.after)} |`,
    );
    return `| change | field | before | after |\n| --- | --- | --- | --- |\n${rows.join("\n")}\n`;
}

/** A Markdown table for a PR comment, under an optional heading. */
export function formatMarkdown(changes: Change[], title?: string): string {
    const heading = title ? `#### ${title}\n\n` : "";
    if (changes.length === 0) return `${heading}No changes to the task definition.\n`;
    return `${heading}${summary(changes)}\n\n${markdownTable(changes)}`;
}
