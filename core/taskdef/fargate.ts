import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import { itemSegment } from "../support/paths";
import { checkContainer } from "./fargateContainer";
import { volumeNameIssues } from "./layerRules";
import { decimalUnits } from "./normalise";
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
export const MAX_TAGS = 50;

/** The memory sizes Fargate runs with `cpu` units, for messages. */
export function sizesText(cpu: number): string {
    const m = FARGATE_SIZES[cpu];
    return m.length > 4 ? `${m[0]}..${m[m.length - 1]} in steps of ${m[1] - m[0]}` : m.join(", ");
}

/** Fargate's rules for a complete task definition (after merge and dynamic values). */
export function checkFargate(td: RegisterTaskDefinitionCommandInput): ShapeIssue[] {
    const issues: ShapeIssue[] = [];
    const bad = (path: string, problem: string, fix: string) => issues.push({ path, problem, fix });

    if (td.networkMode !== "awsvpc")
        bad(
            "networkMode",
            `is "${String(td.networkMode)}"; Fargate needs awsvpc`,
            "set networkMode to awsvpc or remove it",
        );
    if (!td.requiresCompatibilities?.includes("FARGATE")) {
        bad("requiresCompatibilities", "does not include FARGATE", 'set requiresCompatibilities to ["FARGATE"]');
    }
    if (typeof td.family === "string" && !/^[A-Za-z0-9_-]{1,255}$/.test(td.family)) {
        bad("family", `"${td.family}" has characters ECS does not allow`, "use letters, digits, - and _ (at most 255)");
    }
    if (td.pidMode === "host") bad("pidMode", "host is not supported on Fargate", 'remove pidMode or set it to "task"');
    if (td.ipcMode !== undefined) bad("ipcMode", "is not supported on Fargate", "remove ipcMode");
    if (td.placementConstraints?.length)
        bad("placementConstraints", "are not supported on Fargate", "remove placementConstraints");

    // Strictly decimal: Number() would read "0x100" as 256, which ECS does not (layerRules.ts).
    const cpu = decimalUnits(td.cpu);
    const memory = decimalUnits(td.memory);
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

    const storage = td.ephemeralStorage?.sizeInGiB;
    if (typeof storage === "number" && (storage < 21 || storage > 200))
        bad(
            "ephemeralStorage.sizeInGiB",
            `${storage} is outside 21..200`,
            "use 21 to 200 GiB, or remove it for the 20 GiB default",
        );

    // Tag keys are 1..128 characters (the ECS API's Tag.key); each layer's own tag rules are in layerRules.ts.
    (td.tags ?? []).forEach((t, i) => {
        if (typeof t.key !== "string" || t.key.trim() === "")
            bad(`tags[${i}].key`, "is empty", "give every tag a key, or remove the tag");
    });
    // "Maximum number of tags per resource - 50" (RegisterTaskDefinitionRequest.tags), the stack's own included.
    if ((td.tags ?? []).length > MAX_TAGS)
        bad(
            "tags",
            `has ${(td.tags ?? []).length} tags, the stack's own included; ECS takes at most ${MAX_TAGS}`,
            `remove tags until at most ${MAX_TAGS} are left`,
        );

    // Elastic Inference has reached end of life, and the provider dropped the argument (terraform-provider-aws
    // #42137), so an accelerator in the rendered file would never deploy.
    if (td.inferenceAccelerators?.length)
        bad(
            "inferenceAccelerators",
            "are not available: Amazon Elastic Inference has reached end of life and Fargate never offered it",
            "remove inferenceAccelerators",
        );

    const volumes = td.volumes ?? [];
    issues.push(...volumeNameIssues(td));
    const volumeNames = new Set(volumes.map((v) => v.name).filter((n) => n !== undefined));
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

    const containers = td.containerDefinitions ?? [];
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
