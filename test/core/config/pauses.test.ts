/** service.pauses and service.failFast: what a stack may ask of a rollout, refused before any resource when ECS could not do it. */
import assert from "node:assert/strict";
import { parseStackConfig } from "../../../core/config/parse";
import { ConfigError } from "../../../core/support/errors";

const ctx = { project: "ecs-deploy", stack: "staging", file: "Pulumi.staging.yaml", region: "eu-north-1" };
const LB = { healthCheckPath: "/health" };
const service = (s: Record<string, unknown>) =>
    parseStackConfig({ service: { desiredCount: 1, loadBalancer: LB, ...s } }, ctx).service;
const blueGreen = (s: Record<string, unknown>) => service({ strategy: "BLUE_GREEN", ...s });
const pause = (p: Record<string, unknown>) => ({ stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60, ...p });

/** Every line of the error: one per problem, each naming the stack file and a field path, with a fix. */
function problems(s: Record<string, unknown>): string[] {
    try {
        service(s);
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        const lines = e.message.split("\n");
        for (const l of lines) assert.match(l, /^Pulumi\.staging\.yaml: ecs-deploy:service[.\w[\]]*: .+\. Fix: \S/);
        return lines;
    }
    return assert.fail("accepted");
}
const rejects = (s: Record<string, unknown>, path: string, problem: RegExp, fix?: RegExp) => {
    const lines = problems(s);
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.ok(lines[0].startsWith(`Pulumi.staging.yaml: ${path}: `), lines[0]);
    assert.match(lines[0], problem);
    if (fix) assert.match(lines[0].split(". Fix: ")[1], fix);
};

describe("stack config: service.pauses", () => {
    it("has none by default", () => assert.deepEqual(service({}).pauses, []));

    it("reads a pause with the names scripts rely on", () =>
        assert.deepEqual(blueGreen({ pauses: [pause({ onTimeout: "CONTINUE" })] }).pauses, [
            { stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60, onTimeout: "CONTINUE" },
        ]));

    it("rolls back when nobody answers, as ECS does by default", () =>
        assert.equal(blueGreen({ pauses: [pause({})] }).pauses[0].onTimeout, "ROLLBACK"));

    it("takes every stage a PAUSE hook may use, on each strategy that has lifecycle stages", () => {
        const stages = [
            "RECONCILE_SERVICE",
            "PRE_SCALE_UP",
            "POST_SCALE_UP",
            "POST_TEST_TRAFFIC_SHIFT",
            "PRE_PRODUCTION_TRAFFIC_SHIFT",
            "POST_PRODUCTION_TRAFFIC_SHIFT",
        ];
        for (const strategy of ["BLUE_GREEN", "CANARY", "LINEAR"]) {
            const pauses = stages.map((stage) => pause({ stage, timeoutMinutes: 5 }));
            assert.deepEqual(
                service({ strategy, pauses }).pauses.map((p) => p.stage),
                stages,
                strategy,
            );
        }
    });

    it("reads stage names in any case, as it reads the strategy", () =>
        assert.equal(blueGreen({ pauses: [pause({ stage: "post_scale_up" })] }).pauses[0].stage, "POST_SCALE_UP"));

    it("refuses pauses on a ROLLING service, naming the strategies that take them", () =>
        rejects(
            { strategy: "ROLLING", pauses: [pause({})] },
            "ecs-deploy:service.pauses",
            /a ROLLING deployment has no lifecycle stages, so it cannot pause/,
            /pauses work with strategy BLUE_GREEN, CANARY, LINEAR/,
        ));

    it("refuses an unknown stage, naming the stages this strategy can pause at", () =>
        rejects(
            { strategy: "CANARY", pauses: [pause({ stage: "POST_TEST_TRAFIC_SHIFT" })] },
            "ecs-deploy:service.pauses[0].stage",
            /"POST_TEST_TRAFIC_SHIFT" is not a stage a CANARY deployment can pause at/,
            /^did you mean POST_TEST_TRAFFIC_SHIFT\? use one of RECONCILE_SERVICE, PRE_SCALE_UP, POST_SCALE_UP, POST_TEST_TRAFFIC_SHIFT, PRE_PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT$/,
        ));

    it("refuses a deployment state that is not a hook stage (BAKE_TIME)", () =>
        rejects(
            { strategy: "LINEAR", pauses: [pause({ stage: "BAKE_TIME" })] },
            "ecs-deploy:service.pauses[0].stage",
            /"BAKE_TIME" is not a stage a LINEAR deployment can pause at/,
        ));

    it("refuses the stages only a Lambda hook can use, pointing next to them", () => {
        rejects(
            { strategy: "BLUE_GREEN", pauses: [pause({ stage: "TEST_TRAFFIC_SHIFT" })] },
            "ecs-deploy:service.pauses[0].stage",
            /ECS runs only Lambda hooks at TEST_TRAFFIC_SHIFT, it cannot pause a BLUE_GREEN deployment there/,
            /pause at POST_TEST_TRAFFIC_SHIFT instead/,
        );
        rejects(
            { strategy: "LINEAR", pauses: [pause({ stage: "PRODUCTION_TRAFFIC_SHIFT" })] },
            "ecs-deploy:service.pauses[0].stage",
            /cannot pause a LINEAR deployment there/,
            /pause at PRE_PRODUCTION_TRAFFIC_SHIFT or POST_PRODUCTION_TRAFFIC_SHIFT instead/,
        );
    });

    it("refuses a pause without a stage, or with one that is not text", () => {
        rejects(
            { strategy: "BLUE_GREEN", pauses: [{ timeoutMinutes: 5 }] },
            "ecs-deploy:service.pauses[0].stage",
            /is not set/,
        );
        rejects(
            { strategy: "BLUE_GREEN", pauses: [pause({ stage: 3 })] },
            "ecs-deploy:service.pauses[0].stage",
            /must be a string, got 3/,
        );
    });

    it("refuses the same stage twice", () =>
        rejects(
            { strategy: "BLUE_GREEN", pauses: [pause({}), pause({ timeoutMinutes: 5 })] },
            "ecs-deploy:service.pauses[1].stage",
            /POST_TEST_TRAFFIC_SHIFT is already a pause \(ecs-deploy:service\.pauses\[0\]\)/,
        ));

    it("refuses a timeout outside ECS's 1..20160 minutes, or none", () => {
        for (const t of [0, 20161, -5])
            rejects(
                { strategy: "BLUE_GREEN", watchRollout: false, pauses: [pause({ timeoutMinutes: t })] },
                "ecs-deploy:service.pauses[0].timeoutMinutes",
                new RegExp(`${t} is outside 1\\.\\.20160`),
            );
        rejects(
            { strategy: "BLUE_GREEN", pauses: [{ stage: "POST_SCALE_UP" }] },
            "ecs-deploy:service.pauses[0].timeoutMinutes",
            /is not set/,
        );
        assert.equal(
            blueGreen({ watchRollout: false, pauses: [pause({ timeoutMinutes: 20160 })] }).pauses[0].timeoutMinutes,
            20160,
        );
    });

    it("refuses an onTimeout other than CONTINUE or ROLLBACK", () =>
        rejects(
            { strategy: "BLUE_GREEN", pauses: [pause({ onTimeout: "STOP" })] },
            "ecs-deploy:service.pauses[0].onTimeout",
            /"STOP" is not one of CONTINUE, ROLLBACK/,
        ));

    it("refuses an unknown key in a pause, and pauses that are not a list", () => {
        rejects(
            { strategy: "BLUE_GREEN", pauses: [pause({ timeout: 5 })] },
            "ecs-deploy:service.pauses[0].timeout",
            /is not a known setting/,
            /known here: onTimeout, stage, timeoutMinutes/,
        );
        rejects(
            { strategy: "BLUE_GREEN", pauses: pause({}) },
            "ecs-deploy:service.pauses",
            /must be a list, got a mapping/,
        );
        rejects(
            { strategy: "BLUE_GREEN", pauses: ["POST_SCALE_UP"] },
            "ecs-deploy:service.pauses[0]",
            /must be an object/,
        );
        rejects(
            { strategy: "BLUE_GREEN", pauses: [null] },
            "ecs-deploy:service.pauses[0]",
            /is empty/,
            /\{stage: POST_TEST/,
        );
    });

    it("reports every bad pause at once, one line each", () => {
        const lines = problems({
            strategy: "BLUE_GREEN",
            pauses: [pause({ stage: "NOPE" }), pause({ stage: "POST_SCALE_UP", timeoutMinutes: 0, onTimeout: "x" })],
        });
        assert.deepEqual(
            lines.map((l) => l.split(": ")[1]),
            [
                "ecs-deploy:service.pauses[0].stage",
                "ecs-deploy:service.pauses[1].timeoutMinutes",
                "ecs-deploy:service.pauses[1].onTimeout",
            ],
        );
    });

    it("refuses pauses `pulumi up` could not wait through: longer than a role session (12 h)", () => {
        rejects(
            { strategy: "BLUE_GREEN", pauses: [pause({ timeoutMinutes: 721 })] },
            "ecs-deploy:service.pauses",
            /the pauses can hold a deployment for 721 minutes, longer than `pulumi up` can watch \(720 minutes/,
            /set service\.watchRollout: false/,
        );
        assert.equal(blueGreen({ pauses: [pause({ timeoutMinutes: 720 })] }).pauses.length, 1);
        assert.equal(blueGreen({ watchRollout: false, pauses: [pause({ timeoutMinutes: 721 })] }).pauses.length, 1);
    });

    it("counts a pause before each linear step once per step", () =>
        rejects(
            {
                strategy: "LINEAR",
                linearStepPercent: 25,
                pauses: [pause({ stage: "PRE_PRODUCTION_TRAFFIC_SHIFT", timeoutMinutes: 200 })],
            },
            "ecs-deploy:service.pauses",
            /800 minutes \(PRE_PRODUCTION_TRAFFIC_SHIFT comes 4 times\)/,
        ));

    it("refuses a rollout timeout shorter than the pauses' timeouts", () =>
        rejects(
            { strategy: "BLUE_GREEN", rolloutTimeoutSeconds: 1800, pauses: [pause({ timeoutMinutes: 60 })] },
            "ecs-deploy:service.rolloutTimeoutSeconds",
            /1800s is shorter than the pauses' timeouts \(3600s/,
            /raise it above 3600/,
        ));
});

describe("stack config: service.failFast", () => {
    it("is off by default", () => assert.equal(service({}).failFast, undefined));

    it("reads afterFailedTasks, 1 when left out", () => {
        assert.deepEqual(service({ failFast: { afterFailedTasks: 2 } }).failFast, { afterFailedTasks: 2 });
        assert.deepEqual(service({ failFast: {} }).failFast, { afterFailedTasks: 1 });
    });

    it("refuses a count outside 1..200 (ECS's circuit breaker never waits for more than 200 failures)", () => {
        for (const n of [0, 201])
            rejects(
                { desiredCount: 1000, failFast: { afterFailedTasks: n } },
                "ecs-deploy:service.failFast.afterFailedTasks",
                new RegExp(`${n} is outside 1\\.\\.200`),
            );
        rejects(
            { failFast: { afterFailedTasks: "one" } },
            "ecs-deploy:service.failFast.afterFailedTasks",
            /must be a whole number, got "one"/,
        );
    });

    it("refuses a count the circuit breaker reaches first: max(3, min(200, ceil(desired / 2)))", () => {
        rejects(
            { failFast: { afterFailedTasks: 3 } },
            "ecs-deploy:service.failFast.afterFailedTasks",
            /3 is not below ECS's own circuit breaker, which rolls back after 3 failed tasks at 1 task/,
            /set it between 1 and 2/,
        );
        assert.equal(service({ desiredCount: 10, failFast: { afterFailedTasks: 4 } }).failFast?.afterFailedTasks, 4);
        rejects(
            { desiredCount: 10, failFast: { afterFailedTasks: 5 } },
            "ecs-deploy:service.failFast.afterFailedTasks",
            /after 5 failed tasks at 10 tasks/,
        );
        // With autoscaling, the largest count decides: there the breaker waits longest.
        assert.equal(
            service({
                desiredCount: 2,
                autoscaling: { minCount: 2, maxCount: 20 },
                failFast: { afterFailedTasks: 9 },
            }).failFast?.afterFailedTasks,
            9,
        );
    });

    it("refuses fail-fast without the rollout watch, which is what stops the deployment", () =>
        rejects(
            { watchRollout: false, failFast: { afterFailedTasks: 1 } },
            "ecs-deploy:service.failFast",
            /the rollout watch is what stops a failing deployment, but service\.watchRollout is false/,
        ));

    it("refuses a failFast that is not an object, and unknown keys in it", () => {
        rejects({ failFast: 1 }, "ecs-deploy:service.failFast", /must be an object, got number/);
        rejects(
            { failFast: { afterFailures: 1 } },
            "ecs-deploy:service.failFast.afterFailures",
            /is not a known setting/,
        );
    });
});
