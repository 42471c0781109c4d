import type { RegisterTaskDefinitionCommandInput, Volume } from "@aws-sdk/client-ecs";
import { canonicalJson } from "./normalise";

/** A volume in the provider's spelling; its nested settings keep ECS's names. */
type ProviderVolume = { name: string } & Record<string, unknown>;

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
    volumes?: ProviderVolume[];
    pidMode?: string;
    proxyConfiguration?: { containerName: string; type?: string; properties?: Record<string, string> };
    enableFaultInjection?: boolean;
    /** The task definition's own tags (the provider takes a map); the program adds the stack's. */
    tags?: Record<string, string>;
}

// ECS's volume shape -> the provider's: host.sourcePath becomes hostPath and configuredAtLaunch is spelt
// configureAtLaunch (pulumi-aws TaskDefinitionVolume); the rest keeps ECS's names.
function volume(v: Volume): ProviderVolume {
    const { host, configuredAtLaunch, ...rest } = v;
    const out: Record<string, unknown> = host?.sourcePath !== undefined ? { ...rest, hostPath: host.sourcePath } : rest;
    if (configuredAtLaunch !== undefined) out.configureAtLaunch = configuredAtLaunch;
    return { ...out, name: String(v.name) };
}

/** Maps a RegisterTaskDefinition input onto the provider's arguments. containerDefinitions is canonical JSON, so diffs are stable. */
export function toTaskDefinitionArgs(td: RegisterTaskDefinitionCommandInput): TaskDefinitionArgs {
    const proxy = td.proxyConfiguration;
    return {
        family: String(td.family),
        containerDefinitions: canonicalJson(td.containerDefinitions, 0).trim(),
        cpu: td.cpu,
        memory: td.memory,
        networkMode: td.networkMode,
        requiresCompatibilities: td.requiresCompatibilities,
        executionRoleArn: td.executionRoleArn,
        taskRoleArn: td.taskRoleArn,
        runtimePlatform: td.runtimePlatform,
        ephemeralStorage: td.ephemeralStorage ? { sizeInGib: Number(td.ephemeralStorage.sizeInGiB) } : undefined,
        volumes: td.volumes?.map(volume),
        pidMode: td.pidMode,
        proxyConfiguration: proxy
            ? {
                  containerName: String(proxy.containerName),
                  type: proxy.type,
                  properties: proxy.properties
                      ? Object.fromEntries(proxy.properties.map((p) => [String(p.name), String(p.value)]))
                      : undefined,
              }
            : undefined,
        enableFaultInjection: td.enableFaultInjection,
        tags: td.tags ? Object.fromEntries(td.tags.map((t) => [String(t.key), String(t.value ?? "")])) : undefined,
    };
}
