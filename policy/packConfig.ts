import { ruleConfig, rules } from "./rules";
import type { Config, Rule } from "./rules/types";
import { isPlainObject } from "./rules/values";

export type Level = "mandatory" | "advisory" | "disabled";

/** `--policy-pack-config` JSON: { all?: level, <policy>: level | { enforcementLevel?, ...config } }. */
export type PackConfig = Record<string, unknown>;

const LEVELS = ["mandatory", "advisory", "disabled", "remediate"];

function levelOf(v: unknown): string | undefined {
    if (typeof v === "string") return v;
    return isPlainObject(v) && typeof v.enforcementLevel === "string" ? v.enforcementLevel : undefined;
}

/** A rule's enforcement level and config under a pack config. */
export function settings(rule: Rule, pack: PackConfig): { level: Level; config: Config } {
    const entry = pack[rule.name];
    const level = levelOf(entry) ?? levelOf(pack.all) ?? "mandatory";
    return {
        level: level === "remediate" ? "mandatory" : (level as Level),
        config: ruleConfig(rule, isPlainObject(entry) ? entry : {}),
    };
}

const typeMatches = (schema: { type?: unknown; items?: unknown }, v: unknown): boolean => {
    switch (schema.type) {
        case "integer":
            return Number.isInteger(v);
        case "number":
            return typeof v === "number";
        case "string":
        case "boolean":
            return typeof v === schema.type;
        case "array":
            return (
                Array.isArray(v) &&
                (!isPlainObject(schema.items) || v.every((x) => typeMatches(schema.items as { type?: unknown }, x)))
            );
        default:
            return true;
    }
};

/** What is wrong with a pack config, one line each; the engine does this for CrossGuard. */
export function packConfigErrors(pack: PackConfig): string[] {
    const errors: string[] = [];
    for (const [name, entry] of Object.entries(pack)) {
        const rule = rules.find((r) => r.name === name);
        const level = levelOf(entry);
        if (level !== undefined && !LEVELS.includes(level))
            errors.push(`${name}: enforcement level ${JSON.stringify(level)} is not one of ${LEVELS.join(", ")}`);
        if (name === "all") continue;
        if (!rule) {
            errors.push(`${name}: no such policy; known: ${rules.map((r) => r.name).join(", ")}`);
            continue;
        }
        if (!isPlainObject(entry)) continue;
        const properties = rule.configSchema?.properties ?? {};
        for (const [key, value] of Object.entries(entry)) {
            if (key === "enforcementLevel") continue;
            const schema = properties[key];
            if (!schema)
                errors.push(`${name}.${key}: unknown setting; known: ${Object.keys(properties).join(", ") || "none"}`);
            else if (
                !typeMatches(schema, value) ||
                (typeof schema.minimum === "number" && typeof value === "number" && value < schema.minimum)
            )
                errors.push(
                    `${name}.${key}: ${JSON.stringify(value)} is not a valid ${String(schema.type)}` +
                        `${typeof schema.minimum === "number" ? ` >= ${schema.minimum}` : ""}`,
                );
        }
    }
    return errors;
}
