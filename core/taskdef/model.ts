/**
 * The RegisterTaskDefinition input shape, read from the ECS API model that
 * ships inside @aws-sdk/client-ecs (its runtime schemas), not a hand-typed list,
 * so new ECS fields are accepted as soon as the SDK is updated.
 */
export type Shape =
    | { kind: "string"; enum?: string[] }
    | { kind: "integer" }
    | { kind: "boolean" }
    | { kind: "list"; member: Shape }
    | { kind: "map"; value: Shape }
    | { kind: "structure"; name: string; members: Record<string, Shape>; required: string[] };

// Smithy runtime schema encoding: 0 string, 1 number, 2 boolean, 64|x list of x, 128|x map of x;
// arrays are [3 struct | 1 list | 2 map, namespace, name, traits, ...]; functions defer recursion.
type RawSchema = number | (() => RawSchema) | RawSchema[];

// The runtime schemas type enum members as plain strings; which enum a member takes is written in the
// SDK's model declarations (dist-types/models/*.d.ts, generated from the same Smithy model), and each
// enum's values are the SDK's runtime export of that name (e.g. TransportProtocol = {TCP: "tcp", UDP: "udp"}).
type EnumTable = Record<string, Record<string, string[]>>; // structure -> member -> values

function readEnumTable(ecs: Record<string, unknown>): EnumTable {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const fs = require("node:fs") as typeof import("node:fs");
    const path = require("node:path") as typeof import("node:path");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const dir = path.join(path.dirname(require.resolve("@aws-sdk/client-ecs")), "..", "dist-types", "models");
    const table: EnumTable = {};
    for (const file of fs.readdirSync(dir).filter((f) => /^models_\d+\.d\.ts$/.test(f))) {
        const text = fs.readFileSync(path.join(dir, file), "utf8");
        for (const m of text.matchAll(/^export interface (\w+) \{([\s\S]*?)^\}/gm)) {
            for (const f of m[2].matchAll(/^\s+(\w+)\??: \(?(\w+)\)?(?:\[\])? \| undefined;$/gm)) {
                const values = ecs[f[2]];
                if (isEnumObject(values)) (table[m[1]] ??= {})[f[1]] = Object.values(values);
            }
        }
    }
    return table;
}

const isEnumObject = (v: unknown): v is Record<string, string> =>
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).length > 0 &&
    Object.values(v).every((x) => typeof x === "string");

/** The enum a string (or list-of-strings) member takes, on the shape that carries it. */
function withEnum(shape: Shape, values: string[] | undefined): Shape {
    if (!values) return shape;
    if (shape.kind === "string") return { ...shape, enum: values };
    if (shape.kind === "list" && shape.member.kind === "string")
        return { kind: "list", member: { ...shape.member, enum: values } };
    return shape;
}

const LIST = 64;
const MAP = 128;

function convert(raw: RawSchema, seen: Map<unknown, Shape>, enums: EnumTable = {}): Shape {
    if (typeof raw === "function") return convert(raw(), seen, enums);
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
    if (typeof tag !== "number" || raw.length === 2) return convert(raw[0], seen, enums);
    // 3 is a structure, 4 a union (a structure that sets exactly one member).
    if (tag === 3 || tag === 4) {
        const [, , name, , names, types, requiredCount] = raw as [
            number,
            string,
            string,
            number,
            string[],
            RawSchema[],
            number?,
        ];
        const shape: Shape = {
            kind: "structure",
            name,
            members: {},
            required: tag === 3 ? names.slice(0, requiredCount ?? 0) : [],
        };
        seen.set(raw, shape);
        const memberEnums = Object.hasOwn(enums, name) ? enums[name] : {};
        names.forEach(
            (n, i) =>
                (shape.members[n] = withEnum(
                    convert(types[i], seen, enums),
                    Object.hasOwn(memberEnums, n) ? memberEnums[n] : undefined,
                )),
        );
        return shape;
    }
    if (tag === 1) return { kind: "list", member: convert(raw[4], seen, enums) };
    if (tag === 2) return { kind: "map", value: convert(raw[5], seen, enums) };
    throw new Error(`unsupported ECS model schema tag ${tag}`);
}

let cached: Shape | undefined;

/** The RegisterTaskDefinitionRequest structure from the ECS model. */
export function registerTaskDefinitionShape(): Shape {
    if (!cached) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const ecs = require("@aws-sdk/client-ecs") as Record<string, RawSchema>;
        cached = convert(ecs["RegisterTaskDefinitionRequest$"], new Map(), readEnumTable(ecs));
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
