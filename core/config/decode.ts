/** Config as Pulumi hands it to a program, decoded into this project's raw values. */
import { isPlainObject } from "../support/paths";
import { AllConfig } from "./types";

/** Declared `type: string` in Pulumi.yaml: Pulumi hands them over as text, so "123" stays a string. */
const STRING_KEYS = new Set(["image", "promoteFrom", "appDir", "templateFile", "labelKey", "platform"]);

/** A value as Pulumi hands it to a program: objects JSON-encoded, strings plain. */
function decodeValue(key: string, text: string): unknown {
    if (STRING_KEYS.has(key)) return text;
    try {
        return JSON.parse(text);
    } catch {
        return text; // a plain string value
    }
}

/** Secret values reach plain config by name only. */
function maskSecretValues(raw: Record<string, unknown>): void {
    const values = raw.secretValues;
    if (isPlainObject(values))
        raw.secretValues = Object.fromEntries(
            Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? "[secret]" : v]),
        );
}

/**
 * The whole config of a run (pulumi.runtime.allConfig(): "namespace:key" -> text),
 * split into this project's keys, known or not, and everyone else's.
 */
export function decodeAllConfig(
    all: Record<string, string>,
    project: string,
    isSecret: (fullKey: string) => boolean,
): AllConfig {
    const entries: [string, unknown][] = [];
    const secretKeys: string[] = [];
    const otherKeys: string[] = [];
    for (const [full, text] of Object.entries(all)) {
        const colon = full.indexOf(":");
        if (full.slice(0, colon) !== project) {
            otherKeys.push(full);
            continue;
        }
        const key = full.slice(colon + 1);
        entries.push([key, decodeValue(key, text)]);
        if (isSecret(full)) secretKeys.push(key);
    }
    // Own keys only, even "__proto__" (an assignment would set the prototype and hide the key from the unknown-key check).
    const raw: Record<string, unknown> = Object.fromEntries(entries);
    maskSecretValues(raw);
    return { raw, secretKeys, otherKeys: otherKeys.sort() };
}
