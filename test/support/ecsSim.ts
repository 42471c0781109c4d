/**
 * One service deployment that runs on the clock, answered through the fake
 * ECS JSON API (fakeAws.ts): lifecycle stages, PAUSE hooks, task launch time,
 * crash-looping tasks and the deployment circuit breaker. It stands in for
 * AWS only and models what AWS documents (ecsSimApi.ts answers the API from it):
 * - stages in order, per strategy (ECS API reference ServiceDeployment.lifecycleStage;
 *   developer guide "Lifecycle hooks for Amazon ECS service deployments"); ROLLING reports none;
 * - a PAUSE hook holds the deployment at its stage with a hookId in lifecycleHookDetails
 *   (AWAITING_ACTION, expiresAt, timeoutAction) until ContinueServiceDeployment
 *   (CONTINUE: on to the next stage; ROLLBACK) or its timeout, then its timeout action
 *   (developer guide "Pause hooks for Amazon ECS service deployments"); ECS accepts the
 *   call only for a hook AWAITING_ACTION on an IN_PROGRESS deployment ("Continuing service
 *   deployments"). Undocumented, so chosen here: the refusal's error type
 *   (InvalidParameterException) and the status a rolled-back hook keeps (FAILED);
 * - each task takes `launchMs` from launch to RUNNING (Fargate provisioning, image pull,
 *   container start); a crashing one stops `crash.afterMs` later, and the scheduler
 *   launches a replacement;
 * - the circuit breaker rolls back after max(3, min(200, ceil(0.5 x desired))) failed
 *   tasks (ECS API reference ServiceDeploymentCircuitBreaker.threshold; developer guide
 *   "How the Amazon ECS deployment circuit breaker detects failures"), without ECS's
 *   back-off between failed launches (which only slows the breaker down);
 * - StopServiceDeployment with ROLLBACK rolls back an IN_PROGRESS deployment
 *   (ConflictException otherwise, as the API reference lists).
 */
import { AwsFault } from "./fakeAws";
import { SERVICE } from "./ecsWorld";

export interface SimOptions {
    strategy?: "ROLLING" | "BLUE_GREEN" | "CANARY";
    desiredCount?: number;
    fromRev?: number;
    toRev?: number;
    /** Launch to RUNNING, per task. */
    launchMs?: number;
    /** Each lifecycle stage (and a rolling deployment's drain) without a pause. */
    stageMs?: number;
    rollbackMs?: number;
    /** The new revision's essential container exits this long after RUNNING. */
    crash?: { afterMs: number; exitCode: number; reason?: string };
    pauses?: { stage: string; timeoutMs: number; onTimeout: "CONTINUE" | "ROLLBACK" }[];
    circuitBreaker?: boolean;
    /** Stage lengths that differ from stageMs, e.g. a long BAKE_TIME. */
    stageMsFor?: Record<string, number>;
    /** Tasks that were running and stop `atMs` into the deployment for other reasons (scale-in, an old revision's crash). */
    otherStops?: OtherStop[];
    /** Operations the caller's role may not call: AccessDeniedException. */
    deny?: string[];
}

export interface OtherStop {
    atMs: number;
    rev: number;
    stopCode: string;
    stoppedReason: string;
    exitCode?: number;
}

export interface SimTask {
    id: string;
    /** Not one of the deployment's own tasks: it stops at `other.atMs` for its own reason. */
    other?: OtherStop;
    rev: number;
    launchAt: number;
    runningAt?: number;
    stoppedAt?: number;
    stopCode?: string;
    stoppedReason?: string;
    exitCode?: number;
    reason?: string;
}

export interface Hook {
    hookId: string;
    status: "AWAITING_ACTION" | "SUCCEEDED" | "FAILED" | "TIMED_OUT";
    expiresAt: number;
    timeoutAction: "CONTINUE" | "ROLLBACK";
}

const BLUE_GREEN = ["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT"];
const SHIFT = ["PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT"];
const AFTER = ["POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"];

export class EcsSim {
    readonly o: Required<Omit<SimOptions, "crash">> & Pick<SimOptions, "crash">;
    readonly stages: string[];
    t0 = 0;
    status = "IN_PROGRESS";
    stage = 0;
    stageAt = 0;
    hooks: Hook[] = [];
    tasks: SimTask[] = [];
    failures = 0;
    breakerTriggered = false;
    rollbackAt?: number;
    finishedAt?: number;
    events: { at: number; message: string }[] = [];
    /** When the circuit breaker rolled back, for the benchmark. */
    breakerAt?: number;

    constructor(o: SimOptions = {}) {
        this.o = {
            strategy: "ROLLING",
            desiredCount: 1,
            fromRev: 41,
            toRev: 42,
            launchMs: 50,
            stageMs: 20,
            rollbackMs: 50,
            circuitBreaker: true,
            pauses: [],
            stageMsFor: {},
            otherStops: [],
            deny: [],
            ...o,
        };
        const s = this.o.strategy;
        this.stages =
            s === "ROLLING" ? ["ROLLING"] : [...BLUE_GREEN, ...SHIFT, ...(s === "CANARY" ? SHIFT : []), ...AFTER];
    }

    get threshold(): number {
        return Math.max(3, Math.min(200, Math.ceil(this.o.desiredCount * 0.5)));
    }

    /** The deployment starts with the first call, so a command's start-up time is not part of the model. */
    advance(now = Date.now()): void {
        if (!this.t0) {
            this.t0 = now;
            this.o.otherStops.forEach((other, i) =>
                this.tasks.push({
                    id: `other${i + 1}`,
                    rev: other.rev,
                    launchAt: now - 120_000,
                    runningAt: now - 60_000,
                    other,
                }),
            );
            this.enter(0, now);
        }
        for (let i = 0; i < 100_000; i++) {
            const e = this.next();
            if (!e || e.at > now) return;
            e.run(e.at);
        }
    }

    private next(): { at: number; run: (at: number) => void } | undefined {
        const due: { at: number; run: (at: number) => void }[] = [];
        for (const t of this.tasks.filter((t) => t.stoppedAt === undefined)) {
            const other = t.other;
            if (other)
                due.push({ at: this.t0 + other.atMs, run: (at) => Object.assign(t, { ...other, stoppedAt: at }) });
            else if (t.runningAt === undefined)
                due.push({ at: t.launchAt + this.o.launchMs, run: (at) => (t.runningAt = at) });
            else if (this.o.crash)
                due.push({ at: t.runningAt + this.o.crash.afterMs, run: (at) => this.crashed(t, at) });
        }
        const hook = this.hooks.find((h) => h.status === "AWAITING_ACTION");
        if (this.status === "IN_PROGRESS" && hook)
            due.push({ at: hook.expiresAt, run: (at) => this.timeout(hook, at) });
        else if (this.status === "IN_PROGRESS") {
            const ready = this.stages[this.stage] === "SCALE_UP" || this.o.strategy === "ROLLING" ? this.readyAt() : 0;
            if (ready !== undefined)
                due.push({ at: Math.max(this.stageAt + this.stageMs(), ready), run: (at) => this.leave(at) });
        }
        if (this.status === "ROLLBACK_IN_PROGRESS" && this.rollbackAt !== undefined)
            due.push({ at: this.rollbackAt + this.o.rollbackMs, run: (at) => this.rolledBack(at) });
        return due.sort((a, b) => a.at - b.at)[0];
    }

    private stageMs(): number {
        return this.o.stageMsFor[this.stages[this.stage]] ?? this.o.stageMs;
    }

    /** The deployment's own tasks that have not stopped. */
    live(): SimTask[] {
        return this.tasks.filter((t) => !t.other && t.stoppedAt === undefined);
    }

    /** When every new task runs healthy; undefined while any crashes or is not running yet. */
    private readyAt(): number | undefined {
        const live = this.live();
        if (this.o.crash || live.length < this.o.desiredCount || live.some((t) => t.runningAt === undefined))
            return undefined;
        return Math.max(...live.map((t) => t.runningAt!));
    }

    private enter(index: number, at: number): void {
        this.stage = index;
        this.stageAt = at;
        const name = this.stages[index];
        if (name === "SCALE_UP" || name === "ROLLING") for (let i = 0; i < this.o.desiredCount; i++) this.launch(at);
        const pause = this.o.pauses.find((p) => p.stage === name);
        if (pause)
            this.hooks.push({
                hookId: `ecs-pause-${String(this.hooks.length + 1).padStart(4, "0")}Qm9ZuGzC3cz2x`,
                status: "AWAITING_ACTION",
                expiresAt: at + pause.timeoutMs,
                timeoutAction: pause.onTimeout,
            });
    }

    private leave(at: number): void {
        if (this.stage + 1 < this.stages.length) return this.enter(this.stage + 1, at);
        this.status = "SUCCESSFUL";
        this.finishedAt = at;
        this.events.push({ at, message: `(service ${SERVICE}) has reached a steady state.` });
    }

    private launch(at: number): void {
        const t = { id: `t${this.tasks.filter((x) => !x.other).length + 1}`, rev: this.o.toRev, launchAt: at };
        this.tasks.push(t);
        this.events.push({ at, message: `(service ${SERVICE}) has started 1 tasks: (task ${t.id}).` });
    }

    private crashed(t: SimTask, at: number): void {
        const c = this.o.crash!;
        Object.assign(t, {
            stoppedAt: at,
            stopCode: "EssentialContainerExited",
            stoppedReason: "Essential container in task exited",
            exitCode: c.exitCode,
            reason: c.reason,
        });
        if (this.status !== "IN_PROGRESS") return;
        this.failures++;
        if (this.o.circuitBreaker && this.failures >= this.threshold) {
            this.breakerTriggered = true;
            this.breakerAt = at;
            this.events.push({
                at,
                message: `(service ${SERVICE}) (deployment ecs-svc/${this.o.toRev}001) deployment failed: tasks failed to start.`,
            });
            return this.rollBack(at);
        }
        this.launch(at); // the scheduler replaces the failed task
    }

    private timeout(h: Hook, at: number): void {
        h.status = "TIMED_OUT";
        if (h.timeoutAction === "ROLLBACK") this.rollBack(at);
        else this.leave(at);
    }

    rollBack(at: number): void {
        this.status = "ROLLBACK_IN_PROGRESS";
        this.rollbackAt = at;
    }

    private rolledBack(at: number): void {
        this.status = "ROLLBACK_SUCCESSFUL";
        this.finishedAt = at;
        for (const t of this.live())
            Object.assign(t, {
                stoppedAt: at,
                stopCode: "ServiceSchedulerInitiated",
                stoppedReason: `Scaling activity initiated by (deployment ecs-svc/${this.o.toRev}001)`,
                exitCode: t.runningAt !== undefined ? 143 : undefined,
            });
    }

    /** ContinueServiceDeployment as ECS takes it. */
    act(hookId: string, action: "CONTINUE" | "ROLLBACK", now = Date.now()): AwsFault | undefined {
        this.advance(now);
        const h = this.hooks.find((x) => x.hookId === hookId);
        if (!h || h.status !== "AWAITING_ACTION" || this.status !== "IN_PROGRESS")
            return new AwsFault(
                "InvalidParameterException",
                `The lifecycle hook ${hookId} is not awaiting action on an in-progress service deployment.`,
            );
        h.status = action === "CONTINUE" ? "SUCCEEDED" : "FAILED";
        if (action === "CONTINUE") this.leave(now);
        else this.rollBack(now);
        return undefined;
    }
}
