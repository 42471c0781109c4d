import { isPlainObject, itemSegment, quote } from "../support/paths";
import { ShapeIssue } from "./shape";

/**
 * Valid Fargate task sizes, cpu units -> memory MiB. Source:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
const range = (from: number, to: number, step: number) =>
    Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
export const FARGATE_SIZES: Record<number, number[]> = {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
};

export const MAX_CONTAINERS = 10;
export const MAX_TASK_DEFINITION_BYTES = 64 * 1024;
const FARGATE_LOG_DRIVERS = ["awslogs", "splunk", "awsfirelens"];
const AWSLOGS_REQUIRED = ["awslogs-group", "awslogs-region", "awslogs-stream-prefix"];
// ECS health-check bounds: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
const HEALTH_RANGES: Record<string, [number, number]> = {
    interval: [5, 300],
    timeout: [2, 60],
    retries: [1, 10],
    startPeriod: [0, 300],
};
// Parameters not valid in Fargate tasks, from "Amazon ECS task definition differences for Fargate":
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-task-parameters
const NOT_ON_FARGATE = [
    "disableNetworking",
    "links",
    "hostname",
    "extraHosts",
    "dnsServers",
    "dnsSearchDomains",
    "dockerSecurityOptions",
];
const LINUX_NOT_ON_FARGATE = ["devices", "sharedMemorySize", "tmpfs", "maxSwap", "swappiness"];
// ResourceRequirement types Fargate cannot satisfy: GPU (same page, "gpu"), NeuronDevice ("only supported
// on Managed Instances", the ECS API's ResourceRequirement.value documentation).
const RESOURCE_TYPES_NOT_ON_FARGATE = ["GPU", "NeuronDevice", "InferenceAccelerator"];
// Docker's (and ECS's) floor for container memory: ContainerDefinition.memory/memoryReservation,
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
const MIN_CONTAINER_MEMORY = 6;

type Json = Record<string, unknown>;

function sizesText(cpu: number): string {
    const m = FARGATE_SIZES[cpu];
    return m.length > 4 ? `${m[0]}..${m[m.length - 1]} in steps of ${m[1] - m[0]}` : m.join(", ");
}

/** Fargate's rules for a complete task definition (after merge and dynamic values). */
export function checkFargate(td: Json): ShapeIssue[] {
    const issues: ShapeIssue[] = [];
    const bad = (path: string, problem: string, fix: string) => issues.push({ path, problem, fix });

    if (td.networkMode !== "awsvpc")
        bad(
            "networkMode",
            `is "${String(td.networkMode)}"; Fargate needs awsvpc`,
            "set networkMode to awsvpc or remove it",
        );
    if (!Array.isArray(td.requiresCompatibilities) || !td.requiresCompatibilities.includes("FARGATE")) {
        bad("requiresCompatibilities", "does not include FARGATE", 'set requiresCompatibilities to ["FARGATE"]');
    }
    if (typeof td.family === "string" && !/^[A-Za-z0-9_-]{1,255}$/.test(td.family)) {
        bad("family", `"${td.family}" has characters ECS does not allow`, "use letters, digits, - and _ (at most 255)");
    }
    if (td.pidMode === "host") bad("pidMode", "host is not supported on Fargate", 'remove pidMode or set it to "task"');
    if (td.ipcMode !== undefined) bad("ipcMode", "is not supported on Fargate", "remove ipcMode");
    if (Array.isArray(td.placementConstraints) && td.placementConstraints.length)
        bad("placementConstraints", "are not supported on Fargate", "remove placementConstraints");

    const cpu = Number(td.cpu);
    const memory = Number(td.memory);
    if (td.cpu === undefined || td.memory === undefined) {
        bad(
            td.cpu === undefined ? "cpu" : "memory",
            "is required at task level on Fargate",
            'set cpu and memory, e.g. cpu: "256", memory: "512"',
        );
    } else if (!FARGATE_SIZES[cpu]) {
        bad("cpu", `${String(td.cpu)} is not a Fargate size`, `use one of ${Object.keys(FARGATE_SIZES).join(", ")}`);
    } else if (!FARGATE_SIZES[cpu].includes(memory)) {
        bad(
            "memory",
            `${String(td.memory)} MiB is not valid with cpu ${cpu}`,
            `with cpu ${cpu} use memory ${sizesText(cpu)}`,
        );
    }

    const storage = isPlainObject(td.ephemeralStorage) ? td.ephemeralStorage.sizeInGiB : undefined;
    if (typeof storage === "number" && (storage < 21 || storage > 200))
        bad(
            "ephemeralStorage.sizeInGiB",
            `${storage} is outside 21..200`,
            "use 21 to 200 GiB, or remove it for the 20 GiB default",
        );

    // Tag keys are 1..128 characters (the ECS API's Tag.key).
    (Array.isArray(td.tags) ? (td.tags as Json[]) : []).forEach((t, i) => {
        if (typeof t.key !== "string" || t.key.trim() === "")
            bad(`tags[${i}].key`, "is empty", "give every tag a key, or remove the tag");
    });

    // Elastic Inference has reached end of life, and the provider dropped the argument (terraform-provider-aws
    // #42137), so an accelerator in the rendered file would never deploy.
    if (Array.isArray(td.inferenceAccelerators) && td.inferenceAccelerators.length)
        bad(
            "inferenceAccelerators",
            "are not available: Amazon Elastic Inference has reached end of life and Fargate never offered it",
            "remove inferenceAccelerators",
        );

    const volumes = Array.isArray(td.volumes) ? (td.volumes as Json[]) : [];
    const volumeNames = new Set(volumes.map((v) => v.name));
    volumes.forEach((v, i) => {
        const at = `volumes${itemSegment("volumes", v, i)}`;
        if (v.host !== undefined)
            bad(
                `${at}.host`,
                "host volumes are not supported on Fargate",
                "use an EFS volume or a bind mount without host",
            );
        if (v.dockerVolumeConfiguration !== undefined)
            bad(
                `${at}.dockerVolumeConfiguration`,
                "Docker volumes are not supported on Fargate",
                "use an EFS volume or a task-local bind mount",
            );
    });

    const containers = Array.isArray(td.containerDefinitions) ? (td.containerDefinitions as Json[]) : [];
    if (containers.length === 0) bad("containerDefinitions", "is empty", "define at least one container");
    if (containers.length > MAX_CONTAINERS)
        bad(
            "containerDefinitions",
            `has ${containers.length} containers; ECS allows at most ${MAX_CONTAINERS}`,
            "remove containers or split the service",
        );
    if (containers.length > 0 && !containers.some((c) => c.essential !== false)) {
        bad("containerDefinitions", "has no essential container", "set essential: true on the main container");
    }
    const names = containers.map((c) => c.name);
    let cpuSum = 0;
    let memSum = 0;
    containers.forEach((c, i) => {
        const at = `containerDefinitions${itemSegment("containerDefinitions", c, i)}`;
        if (typeof c.name !== "string" || !/^[A-Za-z0-9_-]{1,255}$/.test(c.name))
            bad(
                `${at}.name`,
                "is missing or has characters ECS does not allow",
                "name it with letters, digits, - and _",
            );
        if (names.indexOf(c.name) !== i)
            bad(`${at}.name`, "is used by another container", "give each container a distinct name");
        checkContainer(c, at, { volumeNames, names, containers }, bad);
        cpuSum += typeof c.cpu === "number" ? c.cpu : 0;
        memSum +=
            typeof c.memory === "number" ? c.memory : typeof c.memoryReservation === "number" ? c.memoryReservation : 0;
    });
    if (FARGATE_SIZES[cpu] && cpuSum > cpu)
        bad(
            "containerDefinitions",
            `container cpu adds up to ${cpuSum}, more than the task's ${cpu}`,
            "lower the containers' cpu or raise the task cpu",
        );
    if (FARGATE_SIZES[cpu] && memSum > memory)
        bad(
            "containerDefinitions",
            `container memory adds up to ${memSum} MiB, more than the task's ${memory}`,
            "lower the containers' memory/memoryReservation or raise the task memory",
        );

    const bytes = Buffer.byteLength(JSON.stringify(td));
    if (bytes > MAX_TASK_DEFINITION_BYTES)
        bad(
            "",
            `the task definition is ${bytes} bytes; ECS accepts at most ${MAX_TASK_DEFINITION_BYTES}`,
            "move large values (long env values, scripts) into the image or a config file",
        );
    return issues;
}

// containerPortRange: "first-last", 1..65535, first below last (the ECS API's PortMapping.containerPortRange).
function checkPortRange(range: unknown, path: string, bad: (path: string, problem: string, fix: string) => void): void {
    const m = typeof range === "string" ? /^(\d+)-(\d+)$/.exec(range) : null;
    const [first, last] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!m || first < 1 || last > 65535 || first >= last)
        bad(
            path,
            `${quote(range)} is not a port range`,
            'write it as "first-last" with 1 <= first < last <= 65535, e.g. "8000-8099"',
        );
}

interface Context {
    volumeNames: Set<unknown>;
    names: unknown[];
    containers: Json[];
}

function checkContainer(
    c: Json,
    at: string,
    ctx: Context,
    bad: (path: string, problem: string, fix: string) => void,
): void {
    if (c.privileged === true) bad(`${at}.privileged`, "is not supported on Fargate", "remove privileged");
    for (const key of ["memory", "memoryReservation"]) {
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
    const linux = isPlainObject(c.linuxParameters) ? c.linuxParameters : {};
    for (const key of LINUX_NOT_ON_FARGATE) {
        if (linux[key] !== undefined)
            bad(`${at}.linuxParameters.${key}`, "is not supported on Fargate", `remove ${key}`);
    }
    (Array.isArray(c.resourceRequirements) ? (c.resourceRequirements as Json[]) : []).forEach((r, i) => {
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
    const added =
        isPlainObject(linux.capabilities) && Array.isArray(linux.capabilities.add) ? linux.capabilities.add : [];
    added.forEach((cap, i) => {
        if (cap !== "SYS_PTRACE")
            bad(
                `${at}.linuxParameters.capabilities.add[${i}]`,
                `${String(cap)} cannot be added on Fargate`,
                "only SYS_PTRACE may be added; remove the rest",
            );
    });

    const ports = Array.isArray(c.portMappings) ? (c.portMappings as Json[]) : [];
    const seen = new Map<unknown, string>(); // containerPort -> protocol
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

    const hc = isPlainObject(c.healthCheck) ? c.healthCheck : undefined;
    if (hc) {
        const cmd = hc.command;
        if (!Array.isArray(cmd) || cmd.length < 2 || (cmd[0] !== "CMD" && cmd[0] !== "CMD-SHELL")) {
            bad(
                `${at}.healthCheck.command`,
                "must start with CMD or CMD-SHELL followed by the command",
                'write e.g. ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]',
            );
        }
        for (const [field, [min, max]] of Object.entries(HEALTH_RANGES)) {
            const v = hc[field];
            if (typeof v === "number" && (v < min || v > max))
                bad(
                    `${at}.healthCheck.${field}`,
                    `${v} is outside ${min}..${max}`,
                    `set ${field} between ${min} and ${max}`,
                );
        }
    }

    const log = isPlainObject(c.logConfiguration) ? c.logConfiguration : undefined;
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
        const options = isPlainObject(log.options) ? log.options : {};
        for (const o of AWSLOGS_REQUIRED)
            if (!options[o])
                bad(`${at}.logConfiguration.options.${o}`, "is required by awslogs on Fargate", `set ${o}`);
    }

    const mounts = Array.isArray(c.mountPoints) ? (c.mountPoints as Json[]) : [];
    mounts.forEach((m, i) => {
        if (!ctx.volumeNames.has(m.sourceVolume))
            bad(
                `${at}.mountPoints[${i}].sourceVolume`,
                `"${String(m.sourceVolume)}" is not a volume of this task`,
                "add it to volumes or fix the name",
            );
    });
    const deps = Array.isArray(c.dependsOn) ? (c.dependsOn as Json[]) : [];
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

    const envNames = new Set<unknown>();
    for (const list of ["environment", "secrets"]) {
        const items = Array.isArray(c[list]) ? (c[list] as Json[]) : [];
        const seenNames = new Set<unknown>();
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
