/**
 * Lists of named things, and the fields that identify an item: the merge matches an overlay's items
 * to the template's by them (never by index), the diff pairs items by them, and error paths address
 * an item by its name (containerDefinitions[name=web]) where `inPaths` is set, by index elsewhere.
 * Here, under support/, because both the paths and the task-definition stage read it.
 */
const KEYED_LISTS: Record<string, { keys: string[]; inPaths?: true }> = {
    containerDefinitions: { keys: ["name"], inPaths: true },
    environment: { keys: ["name"], inPaths: true },
    secrets: { keys: ["name"], inPaths: true },
    ulimits: { keys: ["name"], inPaths: true },
    tags: { keys: ["key"] },
    portMappings: { keys: ["containerPort", "protocol"] },
    mountPoints: { keys: ["containerPath"] },
    volumes: { keys: ["name"], inPaths: true },
    dependsOn: { keys: ["containerName"], inPaths: true },
    systemControls: { keys: ["namespace"] },
    extraHosts: { keys: ["hostname"] },
    resourceRequirements: { keys: ["type"] },
};

/** list -> the fields that identify an item, in order. */
export const LIST_KEYS: Record<string, string[]> = Object.fromEntries(
    Object.entries(KEYED_LISTS).map(([list, { keys }]) => [list, keys]),
);

/** list -> the field that names an item in a field path. */
export const NAMED_BY: Record<string, string> = Object.fromEntries(
    Object.entries(KEYED_LISTS)
        .filter(([, { inPaths }]) => inPaths)
        .map(([list, { keys }]) => [list, keys[0]]),
);
