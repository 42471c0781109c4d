import { canonicalJson } from "./normalise";
import { isPlainObject } from "../support/paths";

type Json = Record<string, unknown>;

/** aws.ecs.TaskDefinition's arguments as plain data. */
export interface TaskDefinitionArgs {
    family: string;
    containerDefinitions: string;
    cpu?: string;
    memory?: string;
    networkMode?: string;
    requiresCompatibilities?: string[];
    executionRoleArn?: string;
    taskRoleArn?: string;
    runtimePlatform?: { cpuArchitecture?: string; operatingSystemFamily?: string };
    ephemeralStorage?: { sizeInGib: number };
    volumes?: ({ name: string } & Json)[];
    pidMode?: string;
    proxyConfiguration?: { containerName: string; type?: string; properties?: Record<string, string> };
    enableFaultInjection?: boolean;
    /** The task definition's own tags (the provider takes a map); the program adds the stack's. */
    tags?: Record<string, string>;
}

// ECS's volume shape -> the provider's: host.sourcePath becomes hostPath and configuredAtLaunch is spelt
// configureAtLaunch (pulumi-aws TaskDefinitionVolume); the rest keeps ECS's names.
function volume(v: Json): { name: string } & Json {
    const { host, configuredAtLaunch, ...rest } = v;
    const out: Json =
        isPlainObject(host) && host.sourcePath !== undefined ? { ...rest, hostPath: host.sourcePath } : rest;
    if (configuredAtLaunch !== undefined) out.configureAtLaunch = configuredAtLaunch;
    return { ...out, name: String(v.name) };
}

/** Maps a RegisterTaskDefinition input onto the provider's arguments. containerDefinitions is canonical JSON, so diffs are stable. */
export function toTaskDefinitionArgs(td: Json): TaskDefinitionArgs {
    const proxy = isPlainObject(td.proxyConfiguration) ? td.proxyConfiguration : undefined;
    const storage = isPlainObject(td.ephemeralStorage) ? td.ephemeralStorage : undefined;
    return {
        family: String(td.family),
        containerDefinitions: canonicalJson(td.containerDefinitions, 0).trim(),
        cpu: td.cpu as string | undefined,
        memory: td.memory as string | undefined,
        networkMode: td.networkMode as string | undefined,
        requiresCompatibilities: td.requiresCompatibilities as string[] | undefined,
        executionRoleArn: td.executionRoleArn as string | undefined,
        taskRoleArn: td.taskRoleArn as string | undefined,
        runtimePlatform: td.runtimePlatform as TaskDefinitionArgs["runtimePlatform"],
        ephemeralStorage: storage ? { sizeInGib: Number(storage.sizeInGiB) } : undefined,
        volumes: Array.isArray(td.volumes) ? (td.volumes as Json[]).map(volume) : undefined,
        pidMode: td.pidMode as string | undefined,
        proxyConfiguration: proxy
            ? {
                  containerName: String(proxy.containerName),
                  type: proxy.type as string | undefined,
                  properties: Array.isArray(proxy.properties)
                      ? Object.fromEntries((proxy.properties as Json[]).map((p) => [String(p.name), String(p.value)]))
                      : undefined,
              }
            : undefined,
        enableFaultInjection: td.enableFaultInjection as boolean | undefined,
        tags: Array.isArray(td.tags)
            ? Object.fromEntries((td.tags as Json[]).map((t) => [String(t.key), String(t.value ?? "")]))
            : undefined,
    };
}
