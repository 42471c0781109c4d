/** Fargate's rules for one container of a complete task definition: checkFargate runs them on each. */
import type { ContainerDefinition, LinuxParameters } from "@aws-sdk/client-ecs";
import { itemSegment, quote } from "../support/paths";

const FARGATE_LOG_DRIVERS = ["awslogs", "splunk", "awsfirelens"];
const AWSLOGS_REQUIRED = ["awslogs-group", "awslogs-region", "awslogs-stream-prefix"];
// ECS health-check bounds: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
const HEALTH_RANGES: Record<"interval" | "timeout" | "retries" | "startPeriod", [number, number]> = {
    interval: [5, 300],
    timeout: [2, 60],
    retries: [1, 10],
    startPeriod: [0, 300],
};
// Parameters not valid in Fargate tasks, from "Amazon ECS task definition differences for Fargate":
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-task-parameters
const NOT_ON_FARGATE: (keyof ContainerDefinition)[] = [
    "disableNetworking",
    "links",
    "hostname",
    "extraHosts",
    "dnsServers",
    "dnsSearchDomains",
    "dockerSecurityOptions",
];
const LINUX_NOT_ON_FARGATE: (keyof LinuxParameters)[] = [
    "devices",
    "sharedMemorySize",
    "tmpfs",
    "maxSwap",
    "swappiness",
];
// ResourceRequirement types Fargate cannot satisfy: GPU (same page, "gpu"), NeuronDevice ("only supported
// on Managed Instances", the ECS API's ResourceRequirement.value documentation).
const RESOURCE_TYPES_NOT_ON_FARGATE: string[] = ["GPU", "NeuronDevice", "InferenceAccelerator"];
// Docker's (and ECS's) floor for container memory: ContainerDefinition.memory/memoryReservation,
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
const MIN_CONTAINER_MEMORY = 6;

// containerPortRange: "first-last", 1..65535, first below last (the ECS API's PortMapping.containerPortRange).
function checkPortRange(range: string, path: string, bad: (path: string, problem: string, fix: string) => void): void {
    const m = /^(\d+)-(\d+)$/.exec(range);
    const [first, last] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!m || first < 1 || last > 65535 || first >= last)
        bad(
            path,
            `${quote(range)} is not a port range`,
            'write it as "first-last" with 1 <= first < last <= 65535, e.g. "8000-8099"',
        );
}

interface Context {
    volumeNames: Set<string>;
    names: (string | undefined)[];
    containers: ContainerDefinition[];
}

export function checkContainer(
    c: ContainerDefinition,
    at: string,
    ctx: Context,
    bad: (path: string, problem: string, fix: string) => void,
): void {
    if (c.privileged === true) bad(`${at}.privileged`, "is not supported on Fargate", "remove privileged");
    for (const key of ["memory", "memoryReservation"] as const) {
        const v = c[key];
        if (typeof v === "number" && v < MIN_CONTAINER_MEMORY)
            bad(
                `${at}.${key}`,
                `${v} MiB is below the ${MIN_CONTAINER_MEMORY} MiB a container needs`,
                `set ${key} to at least ${MIN_CONTAINER_MEMORY}, or remove it to use the task's memory`,
            );
    }
    if (typeof c.memory === "number" && typeof c.memoryReservation === "number" && c.memoryReservation > c.memory) {
        bad(
            `${at}.memoryReservation`,
            `(${c.memoryReservation}) exceeds memory (${c.memory})`,
            "make memoryReservation at most memory",
        );
    }
    for (const key of NOT_ON_FARGATE) {
        if (c[key] !== undefined)
            bad(`${at}.${key}`, "is not supported with awsvpc networking on Fargate", `remove ${key}`);
    }
    const linux = c.linuxParameters ?? {};
    for (const key of LINUX_NOT_ON_FARGATE) {
        if (linux[key] !== undefined)
            bad(`${at}.linuxParameters.${key}`, "is not supported on Fargate", `remove ${key}`);
    }
    (c.resourceRequirements ?? []).forEach((r, i) => {
        const rat = `${at}.resourceRequirements[${i}]`;
        if (RESOURCE_TYPES_NOT_ON_FARGATE.includes(String(r.type)))
            bad(
                `${rat}.type`,
                `${String(r.type)} is not available on Fargate`,
                "remove the resource requirement; Fargate tasks have no GPUs, Neuron devices or inference accelerators",
            );
        // The current ECS API makes value optional only for a GPU that sets sharingStrategy (ResourceRequirement.value).
        if (r.value === undefined && !(r.type === "GPU" && r.sharingStrategy !== undefined))
            bad(`${rat}.value`, "is missing", "set value, or remove the resource requirement");
    });
    const added = linux.capabilities?.add ?? [];
    added.forEach((cap, i) => {
        if (cap !== "SYS_PTRACE")
            bad(
                `${at}.linuxParameters.capabilities.add[${i}]`,
                `${String(cap)} cannot be added on Fargate`,
                "only SYS_PTRACE may be added; remove the rest",
            );
    });

    const ports = c.portMappings ?? [];
    const seen = new Map<number | undefined, string>(); // containerPort -> protocol
    ports.forEach((p, i) => {
        const pat = `${at}.portMappings[${i}]`;
        const port = p.containerPort;
        if (p.containerPortRange !== undefined) {
            checkPortRange(p.containerPortRange, `${pat}.containerPortRange`, bad);
            return;
        }
        if (typeof port !== "number" || port < 1 || port > 65535)
            bad(`${pat}.containerPort`, "must be a port number 1..65535", "set containerPort (or containerPortRange)");
        if (p.hostPort !== undefined && p.hostPort !== port)
            bad(
                `${pat}.hostPort`,
                `(${String(p.hostPort)}) differs from containerPort (${String(port)}); awsvpc needs them equal`,
                `set hostPort to ${String(port)} or remove it`,
            );
        const protocol = String(p.protocol ?? "tcp");
        const before = seen.get(port);
        if (before === protocol)
            bad(`${pat}`, `maps ${String(port)}/${protocol} twice`, "remove the duplicate port mapping");
        // "A port can only be included in one port mapping per container" (the ECS API's PortMapping).
        else if (before !== undefined)
            bad(
                `${pat}.protocol`,
                `port ${String(port)} is already mapped as ${before}; ECS maps a container port once, on one protocol`,
                "keep one mapping per containerPort",
            );
        if (before === undefined) seen.set(port, protocol);
    });

    const hc = c.healthCheck;
    if (hc) {
        const cmd = hc.command;
        if (!cmd || cmd.length < 2 || (cmd[0] !== "CMD" && cmd[0] !== "CMD-SHELL")) {
            bad(
                `${at}.healthCheck.command`,
                "must start with CMD or CMD-SHELL followed by the command",
                'write e.g. ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]',
            );
        }
        for (const field of Object.keys(HEALTH_RANGES) as (keyof typeof HEALTH_RANGES)[]) {
            const [min, max] = HEALTH_RANGES[field];
            const v = hc[field];
            if (typeof v === "number" && (v < min || v > max))
                bad(
                    `${at}.healthCheck.${field}`,
                    `${v} is outside ${min}..${max}`,
                    `set ${field} between ${min} and ${max}`,
                );
        }
    }

    const log = c.logConfiguration;
    if (!log) {
        bad(
            `${at}.logConfiguration`,
            "is missing, so the container's output would be lost",
            'set logConfiguration: {"logDriver": "awslogs"}',
        );
    } else if (!FARGATE_LOG_DRIVERS.includes(String(log.logDriver))) {
        bad(
            `${at}.logConfiguration.logDriver`,
            `"${String(log.logDriver)}" is not supported on Fargate`,
            `use one of ${FARGATE_LOG_DRIVERS.join(", ")}`,
        );
    } else if (log.logDriver === "awslogs") {
        const options = log.options ?? {};
        for (const o of AWSLOGS_REQUIRED)
            if (!options[o])
                bad(`${at}.logConfiguration.options.${o}`, "is required by awslogs on Fargate", `set ${o}`);
    }

    const mounts = c.mountPoints ?? [];
    mounts.forEach((m, i) => {
        if (m.sourceVolume === undefined)
            bad(
                `${at}.mountPoints[${i}].sourceVolume`,
                "is missing: a mount point names the task's volume it mounts",
                "set sourceVolume to the name of one of the task's volumes",
            );
        else if (!ctx.volumeNames.has(m.sourceVolume))
            bad(
                `${at}.mountPoints[${i}].sourceVolume`,
                `"${String(m.sourceVolume)}" is not a volume of this task`,
                "add it to volumes or fix the name",
            );
    });
    const deps = c.dependsOn ?? [];
    deps.forEach((d, i) => {
        const dat = `${at}.dependsOn${itemSegment("dependsOn", d, i)}`;
        const target = ctx.containers.find((o) => o.name === d.containerName);
        if (!target)
            bad(`${dat}.containerName`, "names no container of this task", "fix the name or remove the dependency");
        if (d.condition === "HEALTHY" && target && !target.healthCheck)
            bad(
                `${dat}.condition`,
                `HEALTHY needs a healthCheck on ${String(d.containerName)}`,
                "add a healthCheck to that container or use START",
            );
    });

    const envNames = new Set<string | undefined>();
    for (const list of ["environment", "secrets"] as const) {
        // A secret has no value: only environment entries are checked for one.
        const items: { name?: string; value?: string }[] = c[list] ?? [];
        const seenNames = new Set<string | undefined>();
        items.forEach((e, i) => {
            const eat = `${at}.${list}${itemSegment(list, e, i)}`;
            if (typeof e.name !== "string" || e.name === "")
                bad(`${at}.${list}[${i}].name`, "is missing", "give every entry a name");
            else if (seenNames.has(e.name)) bad(eat, "is listed twice", "keep one entry per name");
            else if (list === "secrets" && envNames.has(e.name))
                bad(
                    eat,
                    `is also a plain environment variable; the container would get one of the two`,
                    `remove ${quote(e.name)} from environment or from secrets`,
                );
            seenNames.add(e.name);
            if (list === "environment") envNames.add(e.name);
            // ECS drops an entry without a value on register, and the provider then sees a change on every up.
            if (list === "environment" && e.value === undefined)
                bad(
                    `${eat}.value`,
                    "is missing (ECS would drop the variable)",
                    'set a value (an empty string "" is kept), or remove the entry',
                );
        });
    }
}
