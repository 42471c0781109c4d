import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import type { StackConfig } from "../config/types";
import { ConfigError } from "../support/errors";
import { quote } from "../support/paths";

const mappedPorts = (c: ContainerDefinition): number[] =>
    (c.portMappings ?? []).map((p) => p.containerPort).filter((p): p is number => typeof p === "number");

/**
 * The container and port the service registers with the load balancer: config's, else the first
 * essential container that maps a port (a log router or agent listed first is not the app).
 */
export function serviceTarget(
    cfg: StackConfig,
    merged: RegisterTaskDefinitionCommandInput,
): { containerName: string; containerPort: number } {
    const containers = merged.containerDefinitions ?? [];
    const lb = cfg.service.loadBalancer;
    const where = `${cfg.project}:service.loadBalancer`;
    const names = containers.map((c) => quote(c.name)).join(", ");
    const withPorts = containers.filter((c) => mappedPorts(c).length > 0);
    let chosen: ContainerDefinition | undefined;
    if (lb?.containerName) {
        chosen = containers.find((c) => c.name === lb.containerName);
        if (!chosen)
            throw new ConfigError(
                cfg.file,
                `${where}.containerName`,
                `${quote(lb.containerName)} is not a container of the task definition`,
                `use one of ${names}`,
            );
    } else {
        chosen =
            withPorts.find((c) => c.essential !== false) ??
            containers.find((c) => c.essential !== false) ??
            containers[0];
    }
    if (!chosen) return { containerName: "", containerPort: 0 };
    const ports = mappedPorts(chosen);
    if (lb && ports.length === 0) {
        const others = withPorts.map((c) => quote(c.name));
        throw new ConfigError(
            cfg.file,
            `${where}.containerName`,
            lb.containerName
                ? `container ${quote(chosen.name)} maps no port for the load balancer`
                : "no essential container maps a port for the load balancer",
            others.length
                ? `set containerName to the container that serves traffic (${others.join(", ")} map a port)`
                : "add a portMappings entry (containerPort) to the container that serves traffic, and set containerName to it",
        );
    }
    const port = lb?.containerPort ?? ports[0];
    if (lb && !ports.includes(port))
        throw new ConfigError(
            cfg.file,
            `${where}.containerPort`,
            `${port} is not a port container ${quote(chosen.name)} maps`,
            `use one of ${ports.join(", ")}`,
        );
    return { containerName: String(chosen.name), containerPort: port ?? 0 };
}
