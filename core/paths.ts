/**
 * Field paths as users read them: containerDefinitions[name=web].portMappings[0].hostPort.
 * Lists of named things are addressed by name, the rest by index.
 */
const NAMED_BY: Record<string, string> = {
    containerDefinitions: "name",
    environment: "name",
    secrets: "name",
    volumes: "name",
    ulimits: "name",
    dependsOn: "containerName",
};

export function itemSegment(list: string, item: unknown, index: number): string {
    const key = NAMED_BY[list];
    const value = key && isPlainObject(item) ? item[key] : undefined;
    return typeof value === "string" && value !== "" ? `[${key}=${value}]` : `[${index}]`;
}

export function join(base: string, key: string): string {
    return base ? `${base}.${key}` : key;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
