import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import _ from "lodash";
import { LIST_KEYS } from "../support/lists";
import { isPlainObject, itemSegment, ownValue, quote } from "../support/paths";
import { closest, rawContainers, ShapeIssue } from "./shape";

/** A port range has no containerPort: it is identified by its range instead. */
const ALTERNATE_KEYS: Record<string, string[]> = { portMappings: ["containerPortRange", "protocol"] };

// A container or volume is the app's own: an overlay null only removes its fields, never the whole item.
const NOT_DELETABLE = new Set(["containerDefinitions", "volumes"]);

const DEFAULTS: Record<string, Record<string, unknown>> = { portMappings: { protocol: "tcp" } };

export class MergeKeyMissing extends Error {
    constructor(
        readonly list: string,
        readonly index: number,
        readonly keys: string[],
        /** Where the list is, e.g. containerDefinitions[name=web]; "" at the top level. */
        readonly within = "",
    ) {
        super(`${within ? `${within}.` : ""}${list}[${index}] has no ${keyWords(list).join(" + ")}`);
    }
}

/** The field sets that identify an item of the list, tried in order. */
const keySets = (list: string): string[][] => [
    LIST_KEYS[list],
    ...(Object.hasOwn(ALTERNATE_KEYS, list) ? [ALTERNATE_KEYS[list]] : []),
];

function itemKey(list: string, item: Record<string, unknown>): string | undefined {
    for (const keys of keySets(list)) {
        const values = keys.map((k) => ownValue(item, k) ?? ownValue(ownValue(DEFAULTS, list), k));
        if (values[0] !== undefined && values[0] !== null) return JSON.stringify([keys[0], ...values]);
    }
    return undefined;
}

/** What identifies an item of the list, field by field: ["containerPort (or containerPortRange)", "protocol"]. */
export function keyWords(list: string): string[] {
    const [first, ...rest] = keySets(list).map((keys) => keys[0]);
    return [rest.length ? `${first} (or ${rest.join(", ")})` : first, ...LIST_KEYS[list].slice(1)];
}

/** An overlay item whose every non-key field is null deletes the item: `{name: DEBUG, value: null}`. */
function isDeletion(list: string, item: Record<string, unknown>): boolean {
    if (NOT_DELETABLE.has(list)) return false;
    const keys = keySets(list).flat();
    const rest = Object.entries(item).filter(([k]) => !keys.includes(k));
    return rest.length > 0 && rest.every(([, v]) => v === null);
}

/**
 * Lists of named things merge by key (LIST_KEYS), never by index: lodash merges arrays
 * positionally, which silently renames env vars when an overlay lists them in another order.
 */
function mergeKeyed(list: string, base: unknown[], over: unknown[]): unknown[] {
    const result = base.map((b) => _.cloneDeep(b));
    over.forEach((item, index) => {
        if (!isPlainObject(item)) {
            result.push(_.cloneDeep(item));
            return;
        }
        const key = itemKey(list, item);
        if (key === undefined) throw new MergeKeyMissing(list, index, LIST_KEYS[list]);
        const at = result.findIndex((b) => isPlainObject(b) && itemKey(list, b) === key);
        const mergeItem = (b: unknown): unknown => {
            try {
                return mergeTwo(b, item);
            } catch (e) {
                if (!(e instanceof MergeKeyMissing)) throw e;
                const here = `${list}${itemSegment(list, item, index)}`;
                throw new MergeKeyMissing(e.list, e.index, e.keys, e.within ? `${here}.${e.within}` : here);
            }
        };
        if (isDeletion(list, item)) {
            if (at >= 0) result.splice(at, 1);
        } else if (at >= 0) {
            result[at] = mergeItem(result[at]);
        } else {
            result.push(mergeItem({}));
        }
    });
    return result;
}

function customizer(objValue: unknown, srcValue: unknown, key: string | number): unknown {
    if (!Array.isArray(srcValue)) return undefined;
    if (typeof key === "string" && Object.hasOwn(LIST_KEYS, key))
        return mergeKeyed(key, Array.isArray(objValue) ? objValue : [], srcValue);
    // command, entryPoint, dnsServers, ...: replaced whole.
    return _.cloneDeep(srcValue);
}

function mergeTwo(base: unknown, over: unknown): unknown {
    return pruneNulls(_.mergeWith(_.cloneDeep(base), over, customizer));
}

/** null means "delete": after merging, drop every null-valued key. */
export function pruneNulls<T>(value: T): T {
    if (Array.isArray(value)) return value.filter((v) => v !== null).map(pruneNulls) as T;
    if (isPlainObject(value)) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== null && v !== undefined)
                .map(([k, v]) => [k, pruneNulls(v)]),
        ) as T;
    }
    return value;
}

/**
 * An overlay changes the template's containers; it adds one only when it brings a complete sidecar,
 * with its own image. Otherwise a misspelt name (`wbe`) would add a second essential container running
 * the app image, with no ports, health check or secrets, while `web` lost the stack's settings.
 */
export function unknownOverlayContainers(
    template: RegisterTaskDefinitionCommandInput,
    overlay: Record<string, unknown>,
): ShapeIssue[] {
    const names = (template.containerDefinitions ?? [])
        .map((c) => c.name)
        .filter((n): n is string => typeof n === "string");
    return rawContainers(overlay).flatMap((c, i) => {
        if (!isPlainObject(c) || typeof c.name !== "string" || names.includes(c.name)) return [];
        if (typeof c.image === "string" && c.image !== "") return [];
        const guess = closest(c.name, names);
        const choices = names.length
            ? `the template's containers are ${names.map((n) => quote(n)).join(", ")}`
            : "the template has no containers";
        return [
            {
                path: `containerDefinitions${itemSegment("containerDefinitions", c, i)}.name`,
                problem: `names no container of the template (${choices}), so it would add a container running the app image`,
                fix: guess
                    ? `did you mean ${quote(guess)}? To add a sidecar instead, give it its own image`
                    : `use one of the template's container names, or give a new sidecar its own image`,
            },
        ];
    });
}

/**
 * Deep-merges layers left to right: later layers win on scalars, keyed lists merge by key, null deletes.
 * The first layer is the base, taken as it is (a copy without nulls): its lists are not matched
 * against themselves, so a duplicate or an item without its key reaches validation instead of being
 * merged away or blamed on a later layer.
 */
export function mergeLayers(...layers: object[]): Record<string, unknown> {
    const [base = {}, ...rest] = layers;
    return rest.reduce<Record<string, unknown>>(
        (acc, layer) => mergeTwo(acc, layer) as Record<string, unknown>,
        pruneNulls(_.cloneDeep(base)) as Record<string, unknown>,
    );
}
