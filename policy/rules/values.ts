import type { Inputs, ResourceClass } from "./types";

// The pack is published on its own (`pulumi policy publish` packs this directory), so it imports nothing outside it.
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A JSON input the provider takes as a string or an object; undefined when it is neither or does not parse. */
export function jsonValue(v: unknown): unknown {
    if (typeof v !== "string") return isPlainObject(v) || Array.isArray(v) ? v : undefined;
    try {
        return JSON.parse(v) as unknown;
    } catch {
        return undefined; // the provider rejects it; not a policy question
    }
}

export type Container = Record<string, unknown>;

/** A task definition's containers (`containerDefinitions` is a JSON string input). */
export function containers(inputs: Inputs): Container[] {
    return list(jsonValue(inputs.containerDefinitions)).filter(isPlainObject);
}

export const containerName = (c: Container, i: number): string =>
    typeof c.name === "string" ? `container "${c.name}"` : `containerDefinitions[${i}]`;

/** The Pulumi type token of a provider resource class, e.g. `aws:ecs/service:Service`. */
export function typeToken(resource: ResourceClass): string {
    const token = (resource as unknown as { __pulumiType?: unknown }).__pulumiType;
    if (typeof token !== "string" || !token) throw new Error(`${resource.name} has no Pulumi type token`);
    return token;
}
