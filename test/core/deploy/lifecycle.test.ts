/** Lifecycle stages and PAUSE hooks as ECS reports them: pure, from DescribeServiceDeployments' answers. */
import assert from "node:assert/strict";
import {
    DeploymentLifecycleHookStage,
    ServiceDeploymentLifecycleStage,
    type ServiceDeployment,
} from "@aws-sdk/client-ecs";
import {
    continueCommands,
    describePause,
    isLifecycleStage,
    LIFECYCLE_STAGES,
    pauseDeadline,
    pausedAt,
    stageReached,
    timedOutPause,
} from "../../../core/deploy/lifecycle";

const hook = (status: string, targetType = "PAUSE", hookId = "ecs-pause-1") => ({
    hookId,
    targetType,
    status,
    expiresAt: new Date("2026-12-02T08:00:00Z"),
    timeoutAction: "ROLLBACK",
});
const sd = (status: string, lifecycleStage?: string, hooks: object[] = []): ServiceDeployment =>
    ({ status, lifecycleStage, lifecycleHookDetails: hooks }) as ServiceDeployment;

describe("lifecycle stages", () => {
    it("knows every stage the SDK names, for deployments and for hooks", () => {
        for (const s of [
            ...Object.values(ServiceDeploymentLifecycleStage),
            ...Object.values(DeploymentLifecycleHookStage),
        ])
            assert.ok(isLifecycleStage(s), s);
        assert.ok(!isLifecycleStage("BAKE"));
        assert.equal(new Set(LIFECYCLE_STAGES).size, LIFECYCLE_STAGES.length);
    });

    it("lists them in the order a deployment passes them", () => {
        const at = (s: string) => LIFECYCLE_STAGES.indexOf(s);
        assert.ok(at("PRE_SCALE_UP") < at("SCALE_UP") && at("SCALE_UP") < at("POST_SCALE_UP"));
        assert.ok(at("POST_TEST_TRAFFIC_SHIFT") < at("PRE_PRODUCTION_TRAFFIC_SHIFT"));
        assert.ok(at("POST_PRODUCTION_TRAFFIC_SHIFT") < at("BAKE_TIME") && at("BAKE_TIME") < at("CLEAN_UP"));
    });

    it("has reached a stage it is at, saw, or is past; a completed deployment is past them all", () => {
        assert.ok(stageReached(sd("IN_PROGRESS", "BAKE_TIME"), "BAKE_TIME", []));
        assert.ok(stageReached(sd("IN_PROGRESS", "CLEAN_UP"), "BAKE_TIME", []), "BAKE_TIME passed between two looks");
        assert.ok(stageReached(sd("IN_PROGRESS", "SCALE_UP"), "PRE_SCALE_UP", []));
        assert.ok(stageReached(sd("SUCCESSFUL"), "BAKE_TIME", []));
        assert.ok(stageReached(sd("ROLLBACK_IN_PROGRESS", "SCALE_UP"), "BAKE_TIME", ["BAKE_TIME"]), "seen before");
    });

    it("has not reached a later stage, nor one it never got to before rolling back", () => {
        assert.ok(!stageReached(sd("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT"), "BAKE_TIME", ["SCALE_UP"]));
        assert.ok(!stageReached(sd("ROLLBACK_IN_PROGRESS", "CLEAN_UP"), "BAKE_TIME", []));
        assert.ok(!stageReached(sd("IN_PROGRESS"), "BAKE_TIME", []), "a rolling deployment reports no stage");
        assert.ok(!stageReached(undefined, "BAKE_TIME", []));
    });
});

describe("PAUSE hooks", () => {
    it("is paused at a PAUSE hook awaiting action on an in-progress deployment, at the deployment's stage", () => {
        const p = pausedAt(
            sd("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", [hook("SUCCEEDED", "PAUSE", "old"), hook("AWAITING_ACTION")]),
        );
        assert.deepEqual(p, {
            hookId: "ecs-pause-1",
            stage: "POST_TEST_TRAFFIC_SHIFT",
            expiresAt: new Date("2026-12-02T08:00:00Z"),
            timeoutAction: "ROLLBACK",
        });
    });

    it("is not paused at a Lambda hook, a finished hook, one already acted on, or once the deployment moved on", () => {
        assert.equal(pausedAt(sd("IN_PROGRESS", "TEST_TRAFFIC_SHIFT", [hook("IN_PROGRESS", "AWS_LAMBDA")])), undefined);
        assert.equal(pausedAt(sd("IN_PROGRESS", "BAKE_TIME", [hook("SUCCEEDED"), hook("TIMED_OUT")])), undefined);
        assert.equal(pausedAt(sd("IN_PROGRESS", "BAKE_TIME", [hook("AWAITING_ACTION")]), ["ecs-pause-1"]), undefined);
        assert.equal(pausedAt(sd("ROLLBACK_IN_PROGRESS", "BAKE_TIME", [hook("AWAITING_ACTION")])), undefined);
        assert.equal(pausedAt(undefined), undefined);
    });

    it("finds a pause that timed out", () => {
        assert.equal(
            timedOutPause(sd("ROLLBACK_IN_PROGRESS", "BAKE_TIME", [hook("TIMED_OUT")]))?.hookId,
            "ecs-pause-1",
        );
        assert.equal(timedOutPause(sd("ROLLBACK_IN_PROGRESS", "BAKE_TIME", [hook("FAILED")])), undefined);
    });

    it("words a pause and the commands that act on it", () => {
        assert.equal(
            describePause({
                hookId: "h1",
                stage: "BAKE_TIME",
                expiresAt: new Date("2026-12-02T08:00:00Z"),
                timeoutAction: "CONTINUE",
            }),
            "BAKE_TIME, hook h1 (ECS will CONTINUE it at 2026-12-02T08:00:00.000Z unless it is continued first)",
        );
        assert.equal(describePause({ hookId: "h1" }), "its current lifecycle stage, hook h1");
        assert.equal(
            continueCommands("c", "s"),
            "continue: npm run continue -- --cluster c --service s; roll back: npm run continue -- --cluster c --service s --rollback",
        );
    });

    it("waits at a pause until the hook expires, plus a margin for ECS to act", () => {
        const expiresAt = new Date("2026-12-02T08:00:00Z");
        assert.equal(pauseDeadline({ hookId: "h", expiresAt }, [], 0, 15), expiresAt.getTime() + 60_000);
        assert.equal(pauseDeadline({ hookId: "h", expiresAt }, [], 0, 30), expiresAt.getTime() + 120_000);
        const cfg = [{ stage: "BAKE_TIME", timeoutMinutes: 90, onTimeout: "ROLLBACK" as const }];
        assert.equal(pauseDeadline({ hookId: "h", stage: "BAKE_TIME" }, cfg, 1000, 15), 1000 + 90 * 60_000 + 60_000);
        assert.equal(
            pauseDeadline({ hookId: "h", stage: "SCALE_UP" }, cfg, 0, 15),
            1440 * 60_000 + 60_000,
            "ECS's default",
        );
    });
});
