/**
 * A worker's or scheduled job's task definition: the web service's merged definition with its own
 * family, command, size and health check, and no port mappings (nothing routes to it).
 */
import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import type { StackConfig, WorkloadConfig } from "../config/types";
import { ConfigError } from "../support/errors";
import { quote } from "../support/paths";
import type { Sources } from "./finalise";
import { closest } from "./shape";

export type WorkloadKind = "worker" | "job";

export interface Workload {
    kind: WorkloadKind;
    name: string;
    config: WorkloadConfig;
}

/** Every worker, then every scheduled job, each sorted by name, so plans and renders are stable. */
export function workloadsOf(cfg: StackConfig): Workload[] {
    const sorted = <T>(m: Record<string, T>) => Object.entries(m).sort(([a], [b]) => a.localeCompare(b));
    return [
        ...sorted(cfg.workers).map(([name, config]): Workload => ({ kind: "worker", name, config })),
        ...sorted(cfg.schedules).map(([name, config]): Workload => ({ kind: "job", name, config })),
    ];
}

/** The config key of a workload, e.g. ecs-deploy:workers.jobs. */
export function workloadKey(cfg: StackConfig, w: Workload): string {
    return `${cfg.project}:${w.kind === "worker" ? "workers" : "schedules"}.${w.name}`;
}

/** `<project>-<stack>-<name>`: the web family's name with the workload's. */
export function workloadFamily(cfg: StackConfig, w: Workload): string {
    return `${cfg.project}-${cfg.stack}-${w.name}`;
}

/** The container whose command the workload replaces: the one named, else the first essential one that runs the app image. */
export function workloadContainer(cfg: StackConfig, w: Workload, merged: RegisterTaskDefinitionCommandInput): string {
    const containers = merged.containerDefinitions ?? [];
    const names = containers.map((c) => String(c.name));
    if (w.config.container === undefined) {
        const app = containers.filter((c) => c.image === undefined);
        return String((app.find((c) => c.essential !== false) ?? app[0] ?? containers[0])?.name);
    }
    if (names.includes(w.config.container)) return w.config.container;
    const guess = closest(w.config.container, names);
    throw new ConfigError(
        cfg.file,
        `${workloadKey(cfg, w)}.container`,
        `${quote(w.config.container)} is not a container of the task definition`,
        `${guess ? `did you mean ${quote(guess)}? ` : ""}use one of ${names.map(quote).join(", ")}, or leave it out for the app's container`,
    );
}

/**
 * The workload's changes as a layer over the web's merged definition: what finalise blames a problem on
 * when the workload set the value (its size, command or health check).
 */
function workloadLayer(w: Workload, family: string, container: string): Record<string, unknown> {
    const c = w.config;
    const own: Record<string, unknown> = { name: container, command: c.command };
    if (c.healthCheck) own.healthCheck = c.healthCheck;
    return {
        family,
        ...(c.cpu ? { cpu: c.cpu } : {}),
        ...(c.memory ? { memory: c.memory } : {}),
        containerDefinitions: [own],
    };
}

export interface WorkloadDefinition {
    container: string;
    merged: RegisterTaskDefinitionCommandInput;
    sources: Sources;
    /** What may go wrong but is not refused: shown by the preview. */
    warnings: string[];
}

/**
 * A worker that keeps the template's health check while its port mappings are dropped: when the check names one
 * of those ports, the worker's process must serve it too, or ECS replaces every task as unhealthy and the rollout
 * rolls back. Only a service replaces unhealthy tasks (a job's one-off task runs on), so only workers are told.
 */
export function keptHealthCheckWarning(cfg: StackConfig, w: Workload, app: ContainerDefinition): string | undefined {
    if (w.kind !== "worker" || w.config.healthCheck !== undefined || !app.healthCheck?.command) return undefined;
    const check = app.healthCheck.command.join(" ");
    const port = (app.portMappings ?? [])
        .map((m) => m.containerPort)
        .find((n) => n !== undefined && new RegExp(`(?<![0-9])${n}(?![0-9])`).test(check));
    if (port === undefined) return undefined;
    return (
        `${cfg.file}: ${workloadKey(cfg, w)}.healthCheck: the worker keeps container ${quote(app.name)}'s health check, ` +
        `which probes port ${port}, and a worker publishes no port; unless ${JSON.stringify(w.config.command)} serves it, ` +
        "ECS replaces its tasks as unhealthy and the rollout rolls back. Fix: set healthCheck: null, or give the worker its own"
    );
}

/** The workload's definition, before the program's values; `web` is the web family's merge and where it came from. */
export function workloadDefinition(
    cfg: StackConfig,
    w: Workload,
    web: { merged: RegisterTaskDefinitionCommandInput; where: string },
): WorkloadDefinition {
    const container = workloadContainer(cfg, w, web.merged);
    const c = w.config;
    const key = workloadKey(cfg, w);
    if (c.healthCheck === null) {
        const waiting = (web.merged.containerDefinitions ?? []).find((d) =>
            (d.dependsOn ?? []).some((x) => x.containerName === container && x.condition === "HEALTHY"),
        );
        if (waiting)
            throw new ConfigError(
                cfg.file,
                `${key}.healthCheck`,
                `is null, but container ${quote(waiting.name)} starts only once ${quote(container)} is HEALTHY`,
                "keep the health check (remove healthCheck: null), or give the worker its own",
            );
    }
    const family = workloadFamily(cfg, w);
    const app = (web.merged.containerDefinitions ?? []).find((d) => d.name === container);
    const warning = app && keptHealthCheckWarning(cfg, w, app);
    const containers = (web.merged.containerDefinitions ?? []).map((d): ContainerDefinition => {
        // Nothing routes to a worker or job, so no port is published (and a load balancer never targets it).
        const rest = { ...d };
        delete rest.portMappings;
        if (d.name !== container) return rest;
        const { healthCheck, ...withoutCheck } = rest;
        const check = c.healthCheck === undefined ? healthCheck : (c.healthCheck ?? undefined);
        return { ...withoutCheck, command: c.command, ...(check ? { healthCheck: check } : {}) };
    });
    const merged: RegisterTaskDefinitionCommandInput = {
        ...web.merged,
        family,
        ...(c.cpu ? { cpu: c.cpu } : {}),
        ...(c.memory ? { memory: c.memory } : {}),
        containerDefinitions: containers,
    };
    return {
        container,
        merged,
        sources: {
            template: web.merged,
            templateWhere: web.where,
            overlay: workloadLayer(w, family, container),
            overlayWhere: cfg.file,
            overlayPath: key,
        },
        warnings: warning ? [warning] : [],
    };
}
