/**
 * Field paths as users read them: containerDefinitions[name=web].portMappings[0].hostPort.
 * Lists of named things are addressed by name, the rest by index.
 */
import { NAMED_BY } from "./lists";

// Characters that could split, recolour or reorder a one-line message: C0/C1 controls (newline, CR, NUL,
// ESC of ANSI sequences, NEL), DEL, line/paragraph separators, bidi embeddings/overrides/isolates and
// zero-width characters, the BOM. A name holding one could forge a line a CI runner reads as a command.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Escapes what UNSAFE matches as \uXXXX, so text from input can never break or forge a message line. */
export function escapeControls(text: string): string {
    return text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A value from input, quoted for a message: "web", "web\n::error::x" (escaped, still one line). */
export function quote(value: unknown): string {
    return escapeControls(JSON.stringify(String(value)));
}

// Names and keys written bare in a path: nothing that could be mistaken for path syntax or hide a character.
const BARE = /^[A-Za-z0-9_\-.:/@+]+$/;
const segmentText = (s: string) => (BARE.test(s) ? s : quote(s));

export function itemSegment(list: string, item: unknown, index: number): string {
    const key = Object.hasOwn(NAMED_BY, list) ? NAMED_BY[list] : undefined;
    const value = key && isPlainObject(item) && Object.hasOwn(item, key) ? item[key] : undefined;
    return typeof value === "string" && value !== "" ? `[${key}=${segmentText(value)}]` : `[${index}]`;
}

export function join(base: string, key: string): string {
    const k = segmentText(key);
    return base ? `${base}.${k}` : k;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** obj[key] when obj has that key itself: never a member of Object.prototype (`constructor`, `toString`, ...). */
export function ownValue<T>(obj: Record<string, T> | undefined, key: string): T | undefined {
    return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Replaces every leaf (at any depth of arrays and plain objects) that `match`es with `replacement`; says whether any did. */
export function replaceLeaves(
    v: unknown,
    match: (leaf: unknown) => boolean,
    replacement: unknown,
): { value: unknown; replaced: boolean } {
    if (match(v)) return { value: replacement, replaced: true };
    if (Array.isArray(v)) {
        const items = v.map((x) => replaceLeaves(x, match, replacement));
        return { value: items.map((i) => i.value), replaced: items.some((i) => i.replaced) };
    }
    if (isPlainObject(v)) {
        const entries = Object.entries(v).map(([k, x]) => [k, replaceLeaves(x, match, replacement)] as const);
        return {
            value: Object.fromEntries(entries.map(([k, i]) => [k, i.value])),
            replaced: entries.some(([, i]) => i.replaced),
        };
    }
    return { value: v, replaced: false };
}
