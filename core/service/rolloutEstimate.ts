import { STRATEGIES, type StackConfig, type Strategy } from "../config/types";

/**
 * Worst-case time of one deployment of the service, from the values that
 * decide it (the rendered resources, or defaults), so that a change to a
 * health check or a deployment percentage shows its cost before it ships.
 *
 * Model, per batch of replaced tasks:
 *   ready  = max(grace period, ALB interval x healthy threshold,
 *                container startPeriod + interval x retries)
 *            -- all three clocks start when the task starts, so they overlap;
 *   drain  = the target group's deregistration delay (with a load balancer);
 *   stop   = the largest container stopTimeout (SIGTERM to SIGKILL);
 *   start  = an optional fixed task start time (image pull, ENI), equal on both
 *            sides of a comparison and unknown offline, so 0 unless given.
 * ROLLING runs ceil(desired / batch) batches, where a batch is what
 * maximumPercent (rounded down) minus minimumHealthyPercent (rounded up) allow.
 * CANARY / LINEAR / BLUE_GREEN start the whole new revision at once, then add
 * their traffic-shift waits and the bake time before the old one drains.
 * `serialSeconds` is a looser bound that adds every wait instead of overlapping them.
 */
export interface RolloutInputs {
    strategy: Strategy;
    desiredCount: number;
    minimumHealthyPercent: number;
    maximumPercent: number;
    healthCheckGracePeriodSeconds: number;
    /** Absent without a load balancer. */
    targetGroup?: { intervalSeconds: number; healthyThreshold: number; deregistrationDelaySeconds: number };
    /** The slowest essential container's health check, when it has one. */
    containerHealthCheck?: { startPeriod: number; interval: number; retries: number };
    stopTimeoutSeconds: number;
    bakeTimeMinutes: number;
    canaryBakeTimeMinutes: number;
    linearStepPercent: number;
    linearStepBakeTimeMinutes: number;
    taskStartSeconds: number;
}

export interface RolloutTerm {
    name: string;
    seconds: number;
}

export interface RolloutEstimate {
    batches: number;
    batchSize: number;
    /** Each term once; `seconds` below counts the per-batch ones `batches` times. */
    terms: RolloutTerm[];
    seconds: number;
    serialSeconds: number;
}

/** ECS's own defaults, and what awsx leaves unset (it only defaults desiredCount to 1 and waits for steady state). */
export const ECS_DEFAULTS = {
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    healthCheckGracePeriodSeconds: 0,
    stopTimeoutSeconds: 30,
} as const;
/** An ALB target group's defaults for HTTP with ip targets, which awsx's ApplicationLoadBalancer keeps. */
export const ALB_DEFAULTS = { intervalSeconds: 30, healthyThreshold: 5, deregistrationDelaySeconds: 300 } as const;
/** Docker / ECS container health check defaults. */
export const CONTAINER_HEALTH_CHECK_DEFAULTS = { startPeriod: 0, interval: 30, retries: 3 } as const;

export class RolloutError extends Error {}

/** How many tasks ECS can replace at once, and in how many batches. */
export function rollingBatches(
    desiredCount: number,
    minimumHealthyPercent: number,
    maximumPercent: number,
): { batches: number; batchSize: number } {
    if (desiredCount <= 0) return { batches: 0, batchSize: 0 };
    const maxRunning = Math.floor((desiredCount * maximumPercent) / 100);
    const minHealthy = Math.ceil((desiredCount * minimumHealthyPercent) / 100);
    const batchSize = maxRunning - minHealthy;
    if (batchSize <= 0) {
        throw new RolloutError(
            `with ${desiredCount} task(s), maximumPercent ${maximumPercent} allows ${maxRunning} running ` +
                `and minimumHealthyPercent ${minimumHealthyPercent} keeps ${minHealthy}, so no task can be replaced`,
        );
    }
    return { batches: Math.ceil(desiredCount / batchSize), batchSize };
}

export function estimateRollout(i: RolloutInputs): RolloutEstimate {
    const tg = i.targetGroup;
    const hc = i.containerHealthCheck;
    const albReady = tg ? tg.intervalSeconds * tg.healthyThreshold : 0;
    const containerReady = hc ? hc.startPeriod + hc.interval * hc.retries : 0;
    const grace = tg ? i.healthCheckGracePeriodSeconds : 0; // ECS only applies it with a load balancer
    const ready = Math.max(grace, albReady, containerReady);
    const drain = tg ? tg.deregistrationDelaySeconds : 0;
    const stop = i.stopTimeoutSeconds;
    const start = i.taskStartSeconds;

    const terms: RolloutTerm[] = [
        { name: "task start (given)", seconds: start },
        { name: "health-check grace period", seconds: grace },
        { name: "ALB interval x healthy threshold", seconds: albReady },
        { name: "container startPeriod + interval x retries", seconds: containerReady },
        { name: "deregistration delay", seconds: drain },
        { name: "stop timeout", seconds: stop },
    ];
    const perBatch = start + ready + drain + stop;
    const perBatchSerial = start + grace + albReady + containerReady + drain + stop;

    if (i.strategy === "ROLLING") {
        const { batches, batchSize } = rollingBatches(i.desiredCount, i.minimumHealthyPercent, i.maximumPercent);
        return { batches, batchSize, terms, seconds: batches * perBatch, serialSeconds: batches * perBatchSerial };
    }
    const steps = Math.ceil(100 / i.linearStepPercent);
    const shift =
        i.strategy === "CANARY"
            ? i.canaryBakeTimeMinutes * 60
            : i.strategy === "LINEAR"
              ? Math.max(0, steps - 1) * i.linearStepBakeTimeMinutes * 60
              : 0;
    const bake = i.bakeTimeMinutes * 60;
    terms.push({ name: `${i.strategy} traffic shift waits`, seconds: shift }, { name: "bake time", seconds: bake });
    const batches = i.desiredCount > 0 ? 1 : 0;
    return {
        batches,
        batchSize: i.desiredCount,
        terms,
        seconds: batches * (perBatch + shift + bake),
        serialSeconds: batches * (perBatchSerial + shift + bake),
    };
}

/**
 * Rollout inputs straight from typed stack config and the task's container
 * definitions (for when nothing has been rendered yet).
 */
export function rolloutInputsFromConfig(
    service: StackConfig["service"],
    containerDefinitions?: unknown,
    taskStartSeconds = 0,
): RolloutInputs {
    const lb = service.loadBalancer;
    const containers = containerTimings(containerDefinitions ?? []);
    return {
        strategy: service.strategy,
        desiredCount: Math.max(service.desiredCount, service.autoscaling?.maxCount ?? 0),
        minimumHealthyPercent: service.minimumHealthyPercent,
        maximumPercent: service.maximumPercent,
        healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
        targetGroup: lb
            ? {
                  intervalSeconds: lb.healthCheckIntervalSeconds,
                  healthyThreshold: lb.healthyThreshold,
                  deregistrationDelaySeconds: lb.deregistrationDelaySeconds,
              }
            : undefined,
        containerHealthCheck: containers?.healthCheck,
        stopTimeoutSeconds: containers?.stopTimeout ?? ECS_DEFAULTS.stopTimeoutSeconds,
        bakeTimeMinutes: service.bakeTimeMinutes,
        canaryBakeTimeMinutes: service.canaryBakeTimeMinutes,
        linearStepPercent: service.linearStepPercent,
        linearStepBakeTimeMinutes: service.linearStepBakeTimeMinutes,
        taskStartSeconds,
    };
}

/** The same service and task, deployed with awsx's FargateService + ApplicationLoadBalancer defaults. */
export function awsxBaseline(ours: RolloutInputs): RolloutInputs {
    return {
        ...ours,
        strategy: "ROLLING",
        minimumHealthyPercent: ECS_DEFAULTS.minimumHealthyPercent,
        maximumPercent: ECS_DEFAULTS.maximumPercent,
        healthCheckGracePeriodSeconds: ECS_DEFAULTS.healthCheckGracePeriodSeconds,
        targetGroup: { ...ALB_DEFAULTS },
    };
}

function strategyOf(v: unknown): Strategy {
    const s = String(v ?? "ROLLING").toUpperCase();
    if (!(STRATEGIES as readonly string[]).includes(s))
        throw new RolloutError(`unknown deployment strategy ${JSON.stringify(v)}`);
    return s as Strategy;
}

type Resource = { type: string; name: string; inputs: Record<string, unknown> };

const num = (v: unknown, fallback: number): number => {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : fallback;
};
const obj = (v: unknown): Record<string, unknown> =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Reads the rollout inputs out of a rendered resource list ({type, name, inputs}[]).
 * The worst case uses the autoscaler's maximum when it can scale above desiredCount.
 */
export function rolloutInputsFromResources(resources: Resource[], base: RolloutInputs): RolloutInputs {
    const service = resources.find((r) => r.type === "aws:ecs/service:Service");
    if (!service) throw new RolloutError("no aws:ecs/service:Service in the resource list");
    const s = service.inputs;
    const deployment = obj(s.deploymentConfiguration);
    const scaling = resources.find((r) => r.type === "aws:appautoscaling/target:Target");
    const desired = Math.max(num(s.desiredCount, 1), scaling ? num(scaling.inputs.maxCapacity, 0) : 0);

    const tgs = resources.filter((r) => r.type === "aws:lb/targetGroup:TargetGroup");
    const hasLb = Array.isArray(s.loadBalancers) && s.loadBalancers.length > 0 && tgs.length > 0;
    // Both target groups of a traffic-shifting service are configured alike; take the slowest.
    const targetGroup = hasLb
        ? tgs
              .map((t) => {
                  const hc = obj(t.inputs.healthCheck);
                  return {
                      intervalSeconds: num(hc.interval, ALB_DEFAULTS.intervalSeconds),
                      healthyThreshold: num(hc.healthyThreshold, ALB_DEFAULTS.healthyThreshold),
                      deregistrationDelaySeconds: num(
                          t.inputs.deregistrationDelay,
                          ALB_DEFAULTS.deregistrationDelaySeconds,
                      ),
                  };
              })
              .reduce((a, b) =>
                  a.intervalSeconds * a.healthyThreshold + a.deregistrationDelaySeconds >=
                  b.intervalSeconds * b.healthyThreshold + b.deregistrationDelaySeconds
                      ? a
                      : b,
              )
        : undefined;

    const task = resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
    const containers = task ? containerTimings(task.inputs.containerDefinitions) : undefined;

    return {
        ...base,
        strategy: strategyOf(deployment.strategy),
        desiredCount: desired,
        minimumHealthyPercent: num(s.deploymentMinimumHealthyPercent, ECS_DEFAULTS.minimumHealthyPercent),
        maximumPercent: num(s.deploymentMaximumPercent, ECS_DEFAULTS.maximumPercent),
        healthCheckGracePeriodSeconds: num(s.healthCheckGracePeriodSeconds, ECS_DEFAULTS.healthCheckGracePeriodSeconds),
        targetGroup,
        containerHealthCheck: containers ? containers.healthCheck : base.containerHealthCheck,
        stopTimeoutSeconds: containers ? containers.stopTimeout : base.stopTimeoutSeconds,
        bakeTimeMinutes: num(deployment.bakeTimeInMinutes, base.bakeTimeMinutes),
        canaryBakeTimeMinutes: num(
            obj(deployment.canaryConfiguration).canaryBakeTimeInMinutes,
            base.canaryBakeTimeMinutes,
        ),
        linearStepPercent: num(obj(deployment.linearConfiguration).stepPercent, base.linearStepPercent),
        linearStepBakeTimeMinutes: num(
            obj(deployment.linearConfiguration).stepBakeTimeInMinutes,
            base.linearStepBakeTimeMinutes,
        ),
    };
}

/** The slowest essential container's health check and the largest stop timeout; containerDefinitions may be JSON text. */
export function containerTimings(
    containerDefinitions: unknown,
): { healthCheck?: RolloutInputs["containerHealthCheck"]; stopTimeout: number } | undefined {
    let defs = containerDefinitions;
    if (typeof defs === "string") {
        try {
            defs = JSON.parse(defs);
        } catch {
            return undefined;
        }
    }
    if (!Array.isArray(defs)) return undefined;
    let healthCheck: RolloutInputs["containerHealthCheck"];
    let stopTimeout = 0;
    for (const d of defs.map(obj)) {
        stopTimeout = Math.max(stopTimeout, num(d.stopTimeout, ECS_DEFAULTS.stopTimeoutSeconds));
        const hc = obj(d.healthCheck);
        // A health check gates readiness only on essential containers (essential defaults to true).
        if (d.essential === false || !Array.isArray(hc.command)) continue;
        const c = {
            startPeriod: num(hc.startPeriod, CONTAINER_HEALTH_CHECK_DEFAULTS.startPeriod),
            interval: num(hc.interval, CONTAINER_HEALTH_CHECK_DEFAULTS.interval),
            retries: num(hc.retries, CONTAINER_HEALTH_CHECK_DEFAULTS.retries),
        };
        if (
            !healthCheck ||
            c.startPeriod + c.interval * c.retries >
                healthCheck.startPeriod + healthCheck.interval * healthCheck.retries
        )
            healthCheck = c;
    }
    return { healthCheck, stopTimeout: defs.length ? stopTimeout : ECS_DEFAULTS.stopTimeoutSeconds };
}
