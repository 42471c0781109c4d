/**
 * What each layer (the app's template, a stack's overlay) must get right on its own, beyond the model's shape,
 * so a problem is reported in the file that has it, before any merge: task size spellings, volume names, tags.
 */
import { isPlainObject, itemSegment, quote } from "../support/paths";
import { cpuUnits, DECIMAL_UNITS, memoryMiB } from "./normalise";
import type { ShapeIssue } from "./shape";

const SIZES = [
    { key: "cpu", coerce: cpuUnits, what: 'decimal CPU units ("256") or vCPUs ("0.25 vCPU")', unit: "CPU units" },
    { key: "memory", coerce: memoryMiB, what: 'decimal MiB ("512") or GB ("1 GB")', unit: "MiB" },
] as const;

/**
 * Task-level cpu and memory ECS would misread or refuse: Number() takes "0x100", "1e3", " 256", "256.0" and
 * "+256" for numbers, ECS takes the forms DECIMAL_UNITS documents. Values of another type are the shape check's.
 */
export function taskSizeIssues(layer: Record<string, unknown>): ShapeIssue[] {
    return SIZES.flatMap(({ key, coerce, what, unit }) => {
        const raw = layer[key];
        if (typeof raw !== "string" && typeof raw !== "number") return [];
        const units = coerce(raw);
        if (typeof units === "string" && DECIMAL_UNITS.test(units)) return [];
        const n = typeof raw === "string" ? Number(raw.trim()) : raw;
        return [
            {
                path: key,
                problem: `${quote(raw)} is not a task ${key} ECS reads: it takes ${what}`,
                fix:
                    Number.isSafeInteger(n) && n > 0
                        ? `write "${n}"`
                        : `write whole ${unit} in decimal digits, e.g. ${key === "cpu" ? '"256"' : '"512"'}`,
            },
        ];
    });
}

// Volume.name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed"
// (@aws-sdk/client-ecs Volume). The provider requires it (terraform-provider-aws
// internal/service/ecs/task_definition.go, volume.name: Required), and mountPoints name it as sourceVolume.
const VOLUME_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Every volume has a name ECS takes. A value that is not a string is the shape check's. */
export function volumeNameIssues(layer: { volumes?: unknown }): ShapeIssue[] {
    const volumes = Array.isArray(layer.volumes) ? layer.volumes : [];
    return volumes.flatMap((v, i): ShapeIssue[] => {
        if (!isPlainObject(v)) return [];
        const name = v.name;
        if (name === undefined || name === null || name === "")
            return [
                {
                    path: `volumes[${i}].name`,
                    problem: "is missing: ECS needs a name for every volume, and mountPoints refer to it by that name",
                    fix: 'name the volume (letters, digits, _ and -), e.g. "data", and mount it with sourceVolume: "data"',
                },
            ];
        if (typeof name === "string" && !VOLUME_NAME.test(name))
            return [
                {
                    path: `volumes${itemSegment("volumes", v, i)}.name`,
                    problem: `${quote(name)} has characters ECS does not allow in a volume name`,
                    fix: "use letters, digits, _ and - (at most 255)",
                },
            ];
        return [];
    });
}

// Tag rules of the RegisterTaskDefinition API (@aws-sdk/client-ecs RegisterTaskDefinitionRequest.tags): "each tag key
// must be unique", keys up to 128 and values up to 256 Unicode characters, and "Do not use aws:, AWS:, or any upper
// or lowercase combination of such as a prefix for either keys or values as it is reserved for Amazon Web Services use".
const TAG_LIMITS = { key: 128, value: 256 } as const;

/** A layer's own tags as ECS takes them, each reported at its place in the layer that wrote it. */
export function tagIssues(layer: { tags?: unknown }): ShapeIssue[] {
    const tags = Array.isArray(layer.tags) ? layer.tags : [];
    const issues: ShapeIssue[] = [];
    tags.forEach((t, i) => {
        if (!isPlainObject(t)) return;
        for (const field of ["key", "value"] as const) {
            const v = t[field];
            if (typeof v !== "string") continue;
            if (/^aws:/i.test(v))
                issues.push({
                    path: `tags[${i}].${field}`,
                    problem: `${quote(v)} starts with aws:, which AWS reserves for its own tags`,
                    fix: `rename the tag's ${field} without the aws: prefix`,
                });
            else if ([...v].length > TAG_LIMITS[field])
                issues.push({
                    path: `tags[${i}].${field}`,
                    problem: `is ${[...v].length} characters long; ECS takes at most ${TAG_LIMITS[field]}`,
                    fix: `shorten it to ${TAG_LIMITS[field]} characters`,
                });
        }
        const first = tags.findIndex((o) => isPlainObject(o) && o.key === t.key);
        if (typeof t.key === "string" && first < i)
            issues.push({
                path: `tags[${i}].key`,
                problem: `${quote(t.key)} is already the key of tags[${first}]; ECS takes each key once`,
                fix: "keep one tag per key",
            });
    });
    return issues;
}

/** The checks above, for one layer. */
export function layerIssues(layer: Record<string, unknown>): ShapeIssue[] {
    return [...taskSizeIssues(layer), ...volumeNameIssues(layer), ...tagIssues(layer)];
}
