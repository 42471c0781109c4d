import type { ContainerDefinition, PortMapping, RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import { isPlainObject } from "../support/paths";

/**
 * Task-level cpu and memory as the RegisterTaskDefinition API documents them: cpu "can be expressed as an
 * integer using CPU units (for example, 1024) or as a string using vCPUs (for example, 1 vCPU or 1 vcpu)";
 * memory "as an integer using MiB (for example, 1024) or as a string using GB (for example, 1GB or 1 GB)"
 * (@aws-sdk/client-ecs RegisterTaskDefinitionRequest.cpu/.memory). ECS returns plain units, so that is
 * what the program sends; anything else (Number() reads "0x100", "1e3", " 256", "+256" as numbers) is left
 * as it is, for taskSizeIssues to refuse.
 */
export const DECIMAL_UNITS = /^(0|[1-9][0-9]*)$/;
const AMOUNT = String.raw`([0-9]+(?:\.[0-9]*)?|\.[0-9]+)`;
const VCPU = new RegExp(String.raw`^\s*${AMOUNT}\s*vcpu\s*$`, "i");
const GB = new RegExp(String.raw`^\s*${AMOUNT}\s*gb\s*$`, "i");

function inUnits(v: unknown, spelling: RegExp): unknown {
    const m = typeof v === "string" ? spelling.exec(v) : null;
    return m ? String(Math.round(Number(m[1]) * 1024)) : typeof v === "number" ? String(v) : v;
}
/** cpu in CPU units: "0.25 vCPU" -> "256", 512 -> "512"; other values unchanged. */
export const cpuUnits = (v: unknown): unknown => inUnits(v, VCPU);
/** memory in MiB: "1 GB" -> "1024", 512 -> "512"; other values unchanged. */
export const memoryMiB = (v: unknown): unknown => inUnits(v, GB);

/** The number a task-level cpu or memory stands for, when it is written in decimal units; NaN otherwise. */
export function decimalUnits(v: unknown): number {
    return typeof v === "string" && DECIMAL_UNITS.test(v) ? Number(v) : NaN;
}

/** Task-level cpu/memory as ECS takes them: strings of units. YAML and JSON authors often write numbers. */
export function coerceTaskSize<T extends object>(td: T): T {
    const out = { ...td } as Record<string, unknown>;
    if ("cpu" in out && out.cpu !== null) out.cpu = cpuUnits(out.cpu);
    if ("memory" in out && out.memory !== null) out.memory = memoryMiB(out.memory);
    return out as T;
}

// By code point, not localeCompare: a locale's collation (e.g. Czech "ch" after "h") would make renders differ between machines.
const byName = (a: { name?: string }, b: { name?: string }) => {
    const [x, y] = [String(a.name), String(b.name)];
    return x < y ? -1 : x > y ? 1 : 0;
};

function normaliseContainer(c: ContainerDefinition): ContainerDefinition {
    const out: ContainerDefinition = {
        cpu: 0,
        essential: true,
        environment: [],
        mountPoints: [],
        portMappings: [],
        volumesFrom: [],
        systemControls: [],
        ...c,
    };
    out.environment = [...(out.environment ?? [])].sort(byName);
    if (out.secrets) out.secrets = [...out.secrets].sort(byName);
    // ECS fills hostPort from containerPort under awsvpc; a containerPortRange mapping has neither.
    out.portMappings = (out.portMappings ?? []).map((p): PortMapping => ({
        ...(p.containerPort !== undefined ? { hostPort: p.containerPort } : {}),
        protocol: "tcp",
        ...p,
    }));
    if (out.healthCheck) out.healthCheck = { interval: 30, retries: 3, timeout: 5, ...out.healthCheck };
    return out;
}

/**
 * The form ECS returns from DescribeTaskDefinition: defaults filled, env and
 * secrets sorted, so a re-render is byte-identical and an unchanged stack does
 * not replace its task definition. Idempotent.
 */
export function normalise(td: RegisterTaskDefinitionCommandInput): RegisterTaskDefinitionCommandInput {
    const out: RegisterTaskDefinitionCommandInput = {
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        ...coerceTaskSize(td),
    };
    out.containerDefinitions = (out.containerDefinitions ?? []).map(normaliseContainer);
    return out;
}

/** JSON with object keys sorted at every level: one spelling per meaning, so diffs are about content. */
export function canonicalJson(value: unknown, indent = 2): string {
    return JSON.stringify(sortKeys(value), null, indent) + "\n";
}

export function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (isPlainObject(value)) {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, sortKeys(value[k])]),
        );
    }
    return value;
}
