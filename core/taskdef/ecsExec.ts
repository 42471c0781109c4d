import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";

/**
 * Where ECS Exec's SSM agent writes inside a container: it cannot start on a
 * read-only root filesystem unless these are writable (aws/containers-roadmap#1359,
 * the workaround AWS's amazon-ecs-exec-checker points to: writable volumes on
 * exactly these paths). ECS bind-mounts the agent itself under /managed-agents.
 */
export const EXEC_AGENT_PATHS = [
    { volume: "ecs-exec-managed-agents", path: "/managed-agents" },
    { volume: "ecs-exec-ssm-lib", path: "/var/lib/amazon/ssm" },
    { volume: "ecs-exec-ssm-log", path: "/var/log/amazon/ssm" },
] as const;

/**
 * With ECS Exec on, every container with a read-only root filesystem gets a
 * task-scoped writable volume (Fargate ephemeral storage, no host path) on each
 * agent path it does not already mount. The rest of its root stays read-only.
 */
export function withExecAgentVolumes(merged: RegisterTaskDefinitionCommandInput): RegisterTaskDefinitionCommandInput {
    const needed = new Set<string>();
    const out = (merged.containerDefinitions ?? []).map((c): ContainerDefinition => {
        if (c.readonlyRootFilesystem !== true) return c;
        const mounts = c.mountPoints ?? [];
        const missing = EXEC_AGENT_PATHS.filter((p) => !mounts.some((m) => m.containerPath === p.path));
        missing.forEach((p) => needed.add(p.volume));
        return missing.length
            ? {
                  ...c,
                  mountPoints: [
                      ...mounts,
                      ...missing.map((p) => ({ sourceVolume: p.volume, containerPath: p.path, readOnly: false })),
                  ],
              }
            : c;
    });
    if (needed.size === 0) return merged;
    const volumes = merged.volumes ?? [];
    const added = EXEC_AGENT_PATHS.filter((p) => needed.has(p.volume) && !volumes.some((v) => v.name === p.volume)).map(
        (p) => ({ name: p.volume }),
    );
    return { ...merged, containerDefinitions: out, volumes: [...volumes, ...added] };
}
