import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import { Shape } from "./model";
import { isPlainObject, itemSegment, join, ownValue, quote } from "../support/paths";

export interface ShapeIssue {
    path: string;
    problem: string;
    fix: string;
}

export interface ShapeOptions {
    /** Enforce the model's required members (only the final, merged definition is complete). */
    required: boolean;
    /** Accept `null` anywhere: overlays use it to delete. */
    allowNull: boolean;
}

/**
 * The one place a plain value becomes the SDK's RegisterTaskDefinition input. Sound once checkShape found
 * no issue with it against registerTaskDefinitionShape() (parseTemplate, and mergeSources on two checked
 * layers, nulls pruned): the SDK's types are generated from the same Smithy model, and every member there
 * may be undefined, so a partial definition fits too. The diff takes task-definition files this way,
 * checked only as far as parseTaskDefinition does: it walks them as plain data, and normalise reads each
 * container's lists as render writes them.
 */
export function asTaskDefinition(value: Record<string, unknown>): RegisterTaskDefinitionCommandInput {
    return value as unknown as RegisterTaskDefinitionCommandInput;
}

/** A raw definition's containers, before its shape is known (a template under check, an overlay): maybe not objects. */
export function rawContainers(value: Record<string, unknown>): unknown[] {
    return Array.isArray(value.containerDefinitions) ? value.containerDefinitions : [];
}

/** Whether `path` is `field` or lies inside it (field.x, field[0]); "" is the whole definition. */
export function within(path: string, field: string): boolean {
    return field === "" || path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

/**
 * Issues of later rules (trust, names, sizes) less those about a field the shape check already refused, or a part
 * of one: `networkMode: {}` is one problem, "must be a string", not also a network mode the template may not choose.
 */
export function beyondShape(shapeIssues: ShapeIssue[], later: ShapeIssue[]): ShapeIssue[] {
    return later.filter((issue) => !shapeIssues.some((s) => within(issue.path, s.path)));
}

/** Checks unknown keys, types and required members against the ECS model. Returns every issue found. */
export function checkShape(value: unknown, shape: Shape, options: ShapeOptions, path = "", list = ""): ShapeIssue[] {
    if (value === null) {
        return options.allowNull ? [] : [{ path, problem: "is null", fix: "give it a value or remove the key" }];
    }
    switch (shape.kind) {
        case "string":
            if (typeof value !== "string") return [typeIssue(path, "a string", value)];
            return shape.enum && !shape.enum.includes(value) ? [enumIssue(path, value, shape.enum)] : [];
        case "integer":
            return Number.isInteger(value) ? [] : [typeIssue(path, "an integer", value)];
        case "boolean":
            return typeof value === "boolean" ? [] : [typeIssue(path, "true or false", value)];
        case "list":
            if (!Array.isArray(value)) return [typeIssue(path, "a list", value)];
            return value.flatMap((item, i) =>
                checkShape(item, shape.member, options, path + itemSegment(list, item, i)),
            );
        case "map":
            if (!isPlainObject(value)) return [typeIssue(path, "a map of strings", value)];
            return Object.entries(value).flatMap(([k, v]) =>
                // JavaScript reads "__proto__" as the object's prototype: such a key cannot be carried through the merge.
                k === "__proto__"
                    ? [{ path: join(path, k), problem: "is not a usable key", fix: "rename or remove it" }]
                    : checkShape(v, shape.value, options, join(path, k)),
            );
        case "structure": {
            if (!isPlainObject(value)) return [typeIssue(path, `an object (${shape.name})`, value)];
            const issues: ShapeIssue[] = [];
            for (const [k, v] of Object.entries(value)) {
                const member = ownValue(shape.members, k);
                if (!member) {
                    issues.push(unknownKey(join(path, k), k, Object.keys(shape.members), shape.name));
                    continue;
                }
                issues.push(...checkShape(v, member, options, join(path, k), k));
            }
            if (options.required) {
                for (const r of shape.required) {
                    if (value[r] === undefined || value[r] === null) {
                        issues.push({
                            path: join(path, r),
                            problem: `is required by ECS ${shape.name}`,
                            fix: `set ${r}`,
                        });
                    }
                }
            }
            return issues;
        }
    }
}

function describe(v: unknown): string {
    if (Array.isArray(v)) return "a list";
    if (isPlainObject(v)) return "an object";
    return `${typeof v} ${JSON.stringify(v)}`;
}

function typeIssue(path: string, expected: string, got: unknown): ShapeIssue {
    let fix = `write ${expected}`;
    if (expected === "an integer" && typeof got === "string" && /^\d+$/.test(got))
        fix = `write the number without quotes: ${got}`;
    if (expected === "a string" && typeof got === "number") fix = `quote it: "${got}"`;
    if (expected === "true or false" && (got === "true" || got === "false")) fix = `write ${got} without quotes`;
    return { path, problem: `must be ${expected}, got ${describe(got)}`, fix };
}

function enumIssue(path: string, value: string, allowed: string[]): ShapeIssue {
    const sameLetters = allowed.find(
        (a) =>
            a.toLowerCase() === value.toLowerCase() ||
            a.replace(/[-_]/g, "").toLowerCase() === value.replace(/[-_]/g, "").toLowerCase(),
    );
    const guess = sameLetters ?? closest(value, allowed);
    return {
        path,
        problem: `${quote(value)} is not one of ECS's values (${allowed.join(", ")})`,
        fix: guess ? `write ${quote(guess)}` : `use one of ${allowed.join(", ")}`,
    };
}

function unknownKey(path: string, key: string, allowed: string[], shapeName: string): ShapeIssue {
    const guess = closest(key, allowed);
    return {
        path,
        problem: `is not a field of ECS ${shapeName}`,
        fix: guess ? `did you mean "${guess}"? Otherwise remove it` : `remove it; allowed here: ${allowed.join(", ")}`,
    };
}

/** The allowed key nearest by edit distance, when it is near enough to be a typo or a case slip. */
export function closest(key: string, allowed: string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const a of allowed) {
        const d = a.toLowerCase() === key.toLowerCase() ? 0 : distance(a, key);
        if (d < bestDistance) [best, bestDistance] = [a, d];
    }
    return bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length];
}
