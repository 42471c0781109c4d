/** service.pauses (PAUSE lifecycle hooks) and service.failFast: read, and checked against the strategy and the watch. */
import { circuitBreakerThreshold, CIRCUIT_BREAKER_MAX_THRESHOLD } from "../service/failFast";
import {
    LAMBDA_ONLY_STAGES,
    PAUSE_STRATEGIES,
    PAUSE_TIMEOUT_MINUTES,
    pauseSeconds,
    pauseStages,
    stageVisits,
} from "../service/lifecycleHooks";
import { isPlainObject } from "../support/paths";
import { closest } from "../taskdef/shape";
import { ConfigReader, shown } from "./reader";
import { FailFastConfig, HOOK_ACTIONS, HookStage, MAX_WAIT_SECONDS, PauseConfig, StackConfig, Strategy } from "./types";

const EXAMPLE = "pauses: [{stage: POST_TEST_TRAFFIC_SHIFT, timeoutMinutes: 60, onTimeout: ROLLBACK}]";

/** service.pauses: one PAUSE hook per entry, each at a stage this strategy's deployments reach, each stage once. */
export function parsePauses(service: ConfigReader, strategy: Strategy): PauseConfig[] {
    const list = service.any("pauses");
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
        const got = typeof list === "object" && list !== null ? "a mapping" : shown(list);
        service.fail("pauses", `must be a list, got ${got}`, `write it as a YAML list: ${EXAMPLE}`);
        return [];
    }
    if (list.length === 0) return [];
    if (!PAUSE_STRATEGIES.includes(strategy)) {
        service.fail(
            "pauses",
            `a ${strategy} deployment has no lifecycle stages, so it cannot pause`,
            `pauses work with strategy ${PAUSE_STRATEGIES.join(", ")} (they need service.loadBalancer); or remove service.pauses`,
        );
        return [];
    }
    const valid = pauseStages(strategy);
    const seen = new Map<HookStage, number>();
    const pauses: PauseConfig[] = [];
    list.forEach((item: unknown, i) => {
        const r = ConfigReader.of(service.where, `${service.at("pauses")}[${i}]`, item, service.problems);
        if (item === null || item === undefined)
            return r.fail("", "is empty", `give it a stage and a timeout, e.g. ${EXAMPLE.slice(9, -1)}`);
        if (!isPlainObject(item)) return; // reported by ConfigReader.of
        const stage = pauseStage(r, strategy, valid);
        if (!r.has("timeoutMinutes"))
            r.fail(
                "timeoutMinutes",
                "is not set",
                `say how long ECS waits for a decision, ${PAUSE_TIMEOUT_MINUTES.min} to ${PAUSE_TIMEOUT_MINUTES.max} minutes`,
            );
        const timeoutMinutes = r.int("timeoutMinutes", 0, PAUSE_TIMEOUT_MINUTES.min, PAUSE_TIMEOUT_MINUTES.max);
        // ECS's own default (DeploymentLifecycleHookTimeoutConfiguration.action): an unanswered pause rolls back.
        const onTimeout = r.oneOf("onTimeout", "ROLLBACK", HOOK_ACTIONS);
        r.done();
        if (!stage) return;
        const first = seen.get(stage);
        if (first !== undefined) {
            r.fail(
                "stage",
                `${stage} is already a pause (${service.at("pauses")}[${first}])`,
                "keep one pause per stage: remove this one or the other",
            );
            return;
        }
        seen.set(stage, i);
        pauses.push({ stage, timeoutMinutes, onTimeout });
    });
    return pauses;
}

function pauseStage(r: ConfigReader, strategy: Strategy, valid: HookStage[]): HookStage | undefined {
    const raw = r.any("stage");
    if (raw === undefined || raw === "") {
        r.fail("stage", "is not set", `name the stage to pause at, one of ${valid.join(", ")}`);
        return undefined;
    }
    const stage = r.str("stage", ""); // reports a value that is not a string
    if (stage === "") return undefined;
    const upper = stage.toUpperCase() as HookStage;
    if (valid.includes(upper)) return upper;
    if (LAMBDA_ONLY_STAGES.includes(upper)) {
        const instead = valid.filter((s) => s.endsWith(upper)); // PRE_/POST_ of the same shift
        r.fail(
            "stage",
            `ECS runs only Lambda hooks at ${upper}, it cannot pause a ${strategy} deployment there`,
            `pause at ${instead.join(" or ")} instead`,
        );
        return undefined;
    }
    const guess = closest(upper, valid);
    r.fail(
        "stage",
        `${shown(stage)} is not a stage a ${strategy} deployment can pause at`,
        `${guess ? `did you mean ${guess}? ` : ""}use one of ${valid.join(", ")}`,
    );
    return undefined;
}

/** service.failFast: roll back after this many failed new tasks, which only the rollout watch can do. */
export function parseFailFast(service: ConfigReader): FailFastConfig | undefined {
    if (!service.has("failFast")) return (service.any("failFast"), undefined);
    const r = service.child("failFast");
    const out = { afterFailedTasks: r.int("afterFailedTasks", 1, 1, CIRCUIT_BREAKER_MAX_THRESHOLD) };
    r.done();
    return out;
}

/** Checks that need the whole service section: fail-fast against the watch and the circuit breaker, pauses against the watch's budget. */
export function checkRolloutSteering(r: ConfigReader, s: StackConfig["service"]): void {
    if (s.failFast && !s.watchRollout)
        r.fail(
            "failFast",
            "the rollout watch is what stops a failing deployment, but service.watchRollout is false",
            "remove service.failFast, or set service.watchRollout: true",
        );
    if (s.failFast) {
        // The most tasks the service can deploy at once: the circuit breaker's threshold is highest there.
        const count = Math.max(s.desiredCount, s.autoscaling?.maxCount ?? 0);
        const threshold = circuitBreakerThreshold(count);
        if (s.failFast.afterFailedTasks >= threshold)
            r.fail(
                "failFast.afterFailedTasks",
                `${s.failFast.afterFailedTasks} is not below ECS's own circuit breaker, which rolls back after ${threshold} failed tasks ` +
                    `at ${count} task${count === 1 ? "" : "s"}, so fail-fast would never act first`,
                `set it between 1 and ${threshold - 1}, or remove service.failFast`,
            );
    }
    const pause = pauseSeconds(s);
    if (pause === 0) return;
    const repeats = s.pauses.filter((p) => stageVisits(p.stage, s) > 1);
    const visits = repeats.map((p) => `${p.stage} comes ${stageVisits(p.stage, s)} times`).join(", ");
    const held = `the pauses can hold a deployment for ${pause / 60} minutes${visits ? ` (${visits})` : ""}`;
    if (s.watchRollout && s.rolloutTimeoutSeconds === undefined && pause > MAX_WAIT_SECONDS)
        r.fail(
            "pauses",
            `${held}, longer than \`pulumi up\` can watch (${MAX_WAIT_SECONDS / 60} minutes, the longest AWS role session)`,
            "shorten timeoutMinutes, or set service.watchRollout: false and follow the rollout with npm run wait",
        );
    if (s.watchRollout && s.rolloutTimeoutSeconds !== undefined && s.rolloutTimeoutSeconds < pause)
        r.fail(
            "rolloutTimeoutSeconds",
            `${s.rolloutTimeoutSeconds}s is shorter than the pauses' timeouts (${pause}s: ${held}), so the watch would give up at a pause`,
            `raise it above ${pause}, or remove it to take the strategy's worst case plus the pauses`,
        );
}
