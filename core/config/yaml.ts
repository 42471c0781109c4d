/**
 * Stack and project files as YAML, read with the YAML library's guards turned into
 * one line naming the file, what is wrong and the fix, instead of the library's own
 * exceptions (a ReferenceError for alias bombs, a stack overflow for deep nesting).
 */
import YAML, { CST } from "yaml";
import { ConfigError } from "../support/errors";

/**
 * Collections nested deeper than this are refused before the document is built: the
 * library builds it recursively and runs out of stack near 1,000 levels. A stack file's
 * deepest value (an overlay's log option) sits 6 levels down.
 */
export const MAX_YAML_DEPTH = 64;

/**
 * Alias expansion the library allows before it stops an alias bomb ("billion laughs"):
 * an anchor's uses times the aliases inside it (yaml ToJSOptions.maxAliasCount, default 100).
 */
export const MAX_YAML_ALIASES = 100;

/** How deep the text nests collections, and where it first goes past the limit; on the parser's tokens, without recursion. */
function nesting(text: string): { depth: number; line: number; col: number } {
    const lines = new YAML.LineCounter();
    const stack: [CST.Token, number][] = [];
    for (const token of new YAML.Parser(lines.addNewLine).parse(text)) stack.push([token, 0]);
    let depthMax = 0;
    let over = text.length;
    while (stack.length > 0) {
        const [token, depth] = stack.pop()!;
        if (token.type === "document" && token.value) stack.push([token.value, depth]);
        if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
        depthMax = Math.max(depthMax, depth + 1);
        if (depth + 1 === MAX_YAML_DEPTH + 1) over = Math.min(over, token.offset);
        for (const item of token.items) {
            if (item.key) stack.push([item.key, depth + 1]);
            if (item.value) stack.push([item.value, depth + 1]);
        }
    }
    return { depth: depthMax, ...lines.linePos(over) };
}

/** An alias inside the node it names makes a cycle: JSON (what Pulumi hands a program) cannot hold it. */
function aliasCycle(doc: YAML.Document): string | undefined {
    let found: string | undefined;
    YAML.visit(doc, {
        Alias(_, alias, ancestors) {
            const target = alias.resolve(doc);
            if (target && ancestors.includes(target)) {
                found = alias.source;
                return YAML.visit.BREAK;
            }
            return undefined;
        },
    });
    return found;
}

/** How deep the document's value is once its aliases are copied in, without recursion (each node once). */
function expandedDepth(doc: YAML.Document): number {
    const depthOf = new Map<unknown, number>();
    const children = (node: unknown): unknown[] => {
        if (YAML.isAlias(node)) return [node.resolve(doc)];
        if (!YAML.isCollection(node)) return [];
        return node.items.flatMap((item) => (YAML.isPair(item) ? [item.key, item.value] : [item]));
    };
    const stack: [unknown, boolean][] = [[doc.contents, false]];
    while (stack.length > 0) {
        const [node, expanded] = stack.pop()!;
        if (depthOf.has(node)) continue;
        const kids = children(node);
        const pending = kids.filter((k) => !depthOf.has(k));
        if (!expanded && pending.length > 0) {
            stack.push([node, true]);
            for (const k of pending) stack.push([k, false]);
            continue;
        }
        const below = kids.reduce((max: number, k) => Math.max(max, depthOf.get(k) ?? 0), 0);
        depthOf.set(node, YAML.isCollection(node) ? below + 1 : below);
    }
    return depthOf.get(doc.contents) ?? 0;
}

/** The YAML text of `file` (named in messages) as plain values, or a ConfigError saying what to fix. */
export function parseYaml(text: string, file: string): unknown {
    const fail = (problem: string, fix: string) => new ConfigError(file, "", problem, fix);
    const { depth, line, col } = nesting(text);
    if (depth > MAX_YAML_DEPTH)
        throw fail(
            `nests ${depth} levels deep (level ${MAX_YAML_DEPTH + 1} at line ${line}, column ${col}); at most ${MAX_YAML_DEPTH} levels are read`,
            "flatten that value: no setting needs more than a few levels",
        );
    const doc = YAML.parseDocument(text);
    if (doc.errors.length > 0) {
        const first = doc.errors[0].message.split("\n")[0];
        throw fail(`is not valid YAML (${first})`, "fix the YAML syntax");
    }
    const cycle = aliasCycle(doc);
    if (cycle !== undefined)
        throw fail(
            `alias *${cycle} refers to the node that contains it, an endless value`,
            `replace *${cycle} with the value itself`,
        );
    const expanded = expandedDepth(doc);
    if (expanded > MAX_YAML_DEPTH)
        throw fail(
            `its aliases nest values ${expanded} levels deep; at most ${MAX_YAML_DEPTH} levels are read`,
            "write the values out instead of nesting aliases (*name) inside anchored values",
        );
    try {
        return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
        // yaml's guard against alias bombs (nodes/Alias.js): "Excessive alias count indicates a resource exhaustion attack".
        if (e instanceof ReferenceError && /alias/i.test(e.message))
            throw fail(
                `its aliases expand to more than ${MAX_YAML_ALIASES} copies, the limit that stops alias bombs`,
                "write the repeated values out instead of using anchors (&name) and aliases (*name)",
            );
        throw e;
    }
}
