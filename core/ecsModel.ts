/**
 * The RegisterTaskDefinition input shape, read from the ECS API model that
 * ships inside @aws-sdk/client-ecs (its runtime schemas), not a hand-typed list,
 * so new ECS fields are accepted as soon as the SDK is updated.
 */
export type Shape =
    | { kind: "string" }
    | { kind: "integer" }
    | { kind: "boolean" }
    | { kind: "list"; member: Shape }
    | { kind: "map"; value: Shape }
    | { kind: "structure"; name: string; members: Record<string, Shape>; required: string[] };

// Smithy runtime schema encoding: 0 string, 1 number, 2 boolean, 64|x list of x, 128|x map of x;
// arrays are [3 struct | 1 list | 2 map, namespace, name, traits, ...]; functions defer recursion.
type RawSchema = number | (() => RawSchema) | RawSchema[];

const LIST = 64;
const MAP = 128;

function convert(raw: RawSchema, seen: Map<unknown, Shape>): Shape {
    if (typeof raw === "function") return convert(raw(), seen);
    if (typeof raw === "number") {
        if (raw & LIST) return { kind: "list", member: convert(raw & ~LIST, seen) };
        if (raw & MAP) return { kind: "map", value: convert(raw & ~MAP, seen) };
        if (raw === 1) return { kind: "integer" };
        if (raw === 2) return { kind: "boolean" };
        return { kind: "string" };
    }
    const cached = seen.get(raw);
    if (cached) return cached;
    const [tag] = raw as [number];
    // A member with traits: [schema, traits].
    if (typeof tag !== "number" || raw.length === 2) return convert(raw[0], seen);
    // 3 is a structure, 4 a union (a structure that sets exactly one member).
    if (tag === 3 || tag === 4) {
        const [, , name, , names, types, requiredCount] = raw as [number, string, string, number, string[], RawSchema[], number?];
        const shape: Shape = { kind: "structure", name, members: {}, required: tag === 3 ? names.slice(0, requiredCount ?? 0) : [] };
        seen.set(raw, shape);
        names.forEach((n, i) => (shape.members[n] = convert(types[i], seen)));
        return shape;
    }
    if (tag === 1) return { kind: "list", member: convert(raw[4], seen) };
    if (tag === 2) return { kind: "map", value: convert(raw[5], seen) };
    throw new Error(`unsupported ECS model schema tag ${tag}`);
}

let cached: Shape | undefined;

/** The RegisterTaskDefinitionRequest structure from the ECS model. */
export function registerTaskDefinitionShape(): Shape {
    if (!cached) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const ecs = require("@aws-sdk/client-ecs") as Record<string, RawSchema>;
        cached = convert(ecs["RegisterTaskDefinitionRequest$"], new Map());
    }
    return cached;
}

/** Walks a dotted member path through structures and lists, e.g. ["containerDefinitions", "portMappings"]. */
export function memberShape(root: Shape, names: string[]): Shape | undefined {
    let s: Shape | undefined = root;
    for (const n of names) {
        while (s && s.kind === "list") s = s.member;
        s = s && s.kind === "structure" ? s.members[n] : undefined;
    }
    return s;
}
