/** The pure rollout verdict: what ECS's answers mean and what the user is told. */
import assert from "node:assert/strict";
import type { Service, ServiceDeployment } from "@aws-sdk/client-ecs";
import {
    decideRollout,
    defaultTarget,
    failFastVerdict,
    formatVerdict,
    revisionOf,
    timedOut,
} from "../../../core/deploy/rolloutStatus";
import { describeServices, Dep, serviceDeployment, taskArn, td } from "../../support/ecsWorld";

// The world builders speak the wire format (epoch seconds); the SDK hands Dates to our code.
const service = (deps: Dep[], events: { at: string; message: string }[] = []): Service => {
    const s = (describeServices(deps, events).services as any[])[0];
    return {
        ...s,
        deployments: s.deployments.map((d: any) => ({ ...d, createdAt: new Date(d.createdAt * 1000) })),
        events: s.events.map((e: any) => ({ ...e, createdAt: new Date(e.createdAt * 1000) })),
    };
};
const sd = (status: string, extra: Record<string, unknown> = {}): ServiceDeployment => {
    const d = (serviceDeployment(status, extra).serviceDeployments as any[])[0];
    return { ...d, createdAt: new Date(d.createdAt * 1000) };
};
const target = td(42);

describe("rollout status", () => {
    it("names a revision by family:number", () => assert.equal(revisionOf(target), "ecs-deploy-staging:42"));
    it("watches what the PRIMARY deployment rolls out by default", () =>
        assert.equal(
            defaultTarget(
                service([
                    { rev: 41, status: "ACTIVE", rollout: "COMPLETED", running: 1, desired: 1 },
                    { rev: 42, status: "PRIMARY", rollout: "IN_PROGRESS", running: 0, desired: 1 },
                ]),
            ),
            target,
        ));

    it("is in progress while old and new tasks run side by side", () => {
        const v = decideRollout({
            target,
            service: service([
                { rev: 42, status: "PRIMARY", rollout: "IN_PROGRESS", running: 1, desired: 2 },
                { rev: 41, status: "ACTIVE", rollout: "COMPLETED", running: 2, desired: 2 },
            ]),
            serviceDeployment: sd("IN_PROGRESS"),
        });
        assert.equal(v.state, "inProgress");
        assert.deepEqual(v.reasons, []);
    });

    it("is not complete while the service deployment still says so, even with every task running", () => {
        const s = service([{ rev: 42, status: "PRIMARY", rollout: "COMPLETED", running: 2, desired: 2 }]);
        assert.equal(decideRollout({ target, service: s, serviceDeployment: sd("IN_PROGRESS") }).state, "inProgress");
        assert.equal(decideRollout({ target, service: s, serviceDeployment: sd("SUCCESSFUL") }).state, "completed");
        assert.equal(
            decideRollout({ target, service: s }).state,
            "completed",
            "without a service deployment, the deployment's rolloutState decides",
        );
    });

    it("is not complete while the count is short (a scale-up)", () => {
        const v = decideRollout({
            target,
            service: service([
                { rev: 42, status: "PRIMARY", rollout: "COMPLETED", running: 2, desired: 3, pending: 1 },
            ]),
            serviceDeployment: sd("SUCCESSFUL"),
        });
        assert.equal(v.state, "inProgress");
    });

    it("keeps waiting while a rollback runs, then reports it", () => {
        const s = service([
            { rev: 41, status: "PRIMARY", rollout: "IN_PROGRESS", running: 1, desired: 2 },
            { rev: 42, status: "ACTIVE", rollout: "FAILED", running: 0, desired: 0 },
        ]);
        const during = decideRollout({
            target,
            service: s,
            serviceDeployment: sd("ROLLBACK_IN_PROGRESS", {
                deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 2, threshold: 2 },
            }),
        });
        assert.equal(during.state, "inProgress");
        assert.match(during.headline, /is being rolled back to :41 by the circuit breaker/);
        const after = decideRollout({
            target,
            service: s,
            serviceDeployment: sd("ROLLBACK_SUCCESSFUL", {
                deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 2, threshold: 2 },
            }),
        });
        assert.equal(after.state, "rolledBack");
    });

    it("reports a failed rollback as worse than a rollback", () => {
        const v = decideRollout({
            target,
            service: service([{ rev: 42, status: "PRIMARY", rollout: "FAILED", running: 0, desired: 2 }]),
            serviceDeployment: sd("ROLLBACK_FAILED", { rollback: { reason: "no earlier revision completed" } }),
        });
        assert.equal(v.state, "failed");
        assert.equal(
            v.headline,
            "service ecs-deploy-staging-svc: ecs-deploy-staging:42 failed (no earlier revision completed), and rolling back failed too",
        );
        assert.ok(v.reasons.includes("rollback: no earlier revision completed"));
    });

    it("reports a deployment stopped by a newer one", () => {
        const v = decideRollout({
            target,
            service: service([{ rev: 43, status: "PRIMARY", rollout: "IN_PROGRESS", running: 0, desired: 1 }]),
            serviceDeployment: sd("STOPPED", { statusReason: "Stopped by a newer deployment" }),
        });
        assert.equal(v.state, "failed");
        assert.equal(
            v.headline,
            "service ecs-deploy-staging-svc: ecs-deploy-staging:42 was stopped before it completed (Stopped by a newer deployment)",
        );
    });

    it("fails a circuit-breaker stop without rollback from DescribeServices alone", () => {
        const v = decideRollout({
            target,
            service: service([
                {
                    rev: 42,
                    status: "PRIMARY",
                    rollout: "FAILED",
                    running: 0,
                    desired: 1,
                    reason: "ECS deployment circuit breaker: tasks failed to start.",
                },
            ]),
        });
        assert.equal(v.state, "failed");
        assert.equal(
            v.headline,
            "service ecs-deploy-staging-svc: ecs-deploy-staging:42 failed: ECS deployment circuit breaker: tasks failed to start.",
        );
    });

    it("notices a revision ECS no longer deploys even without the service-deployment API", () => {
        const v = decideRollout({
            target,
            service: service([{ rev: 41, status: "PRIMARY", rollout: "COMPLETED", running: 1, desired: 1 }]),
        });
        assert.equal(v.state, "rolledBack");
        assert.equal(
            v.headline,
            "service ecs-deploy-staging-svc: ecs-deploy-staging:42 is no longer deployed: the service runs :41",
        );
    });

    it("names every triggered alarm", () => {
        const v = decideRollout({
            target,
            service: service([{ rev: 41, status: "PRIMARY", rollout: "COMPLETED", running: 1, desired: 1 }]),
            serviceDeployment: sd("ROLLBACK_SUCCESSFUL", {
                alarms: { status: "TRIGGERED", alarmNames: ["a", "b"], triggeredAlarmNames: ["a", "b"] },
            }),
        });
        assert.match(v.headline, /rolled back to :41 by alarms a, b$/);
        assert.deepEqual(v.reasons.slice(0, 2), [
            "alarm: a went into ALARM during the deployment",
            "alarm: b went into ALARM during the deployment",
        ]);
    });

    it("keeps the five newest events, newest first, and formats one reason per line", () => {
        const events = Array.from({ length: 8 }, (_, i) => ({ at: `2026-12-02T07:0${i}:00Z`, message: `event ${i}` }));
        const v = timedOut(
            {
                target,
                service: service(
                    [{ rev: 42, status: "PRIMARY", rollout: "IN_PROGRESS", running: 0, desired: 1, pending: 1 }],
                    events,
                ),
                since: 0,
            },
            60,
        );
        assert.deepEqual(
            v.reasons.map((r) => r.replace(/^event \S+: /, "")),
            ["event 7", "event 6", "event 5", "event 4", "event 3"],
        );
        const text = formatVerdict(v).split("\n");
        assert.match(
            text[0],
            /did not finish rolling out within 60s: waited for all tasks to run it and the deployment to complete \(0 of 1 tasks running, 1 pending, 0 failed\)$/,
        );
        assert.ok(text.slice(1).every((l) => l.startsWith("  event ")));
    });
});

describe("rollout status at pauses, and who rolled it back", () => {
    const hook = (status: string, hookId = "ecs-pause-1") => ({
        hookId,
        targetType: "PAUSE",
        status,
        expiresAt: new Date("2026-12-02T08:00:00Z"),
        timeoutAction: "ROLLBACK",
    });
    const blueGreen = service([
        { rev: 42, status: "PRIMARY", rollout: "IN_PROGRESS", running: 2, desired: 2 },
        { rev: 41, status: "ACTIVE", rollout: "COMPLETED", running: 2, desired: 2 },
    ]);
    const rolledBack = service([
        { rev: 41, status: "PRIMARY", rollout: "COMPLETED", running: 2, desired: 2 },
        { rev: 42, status: "ACTIVE", rollout: "FAILED", running: 0, desired: 0 },
    ]);
    const pause = { hookId: "ecs-pause-1", stage: "POST_TEST_TRAFFIC_SHIFT" };

    it("is paused, not done, while a PAUSE hook awaits action, even with every task running", () => {
        const settled = service([{ rev: 42, status: "PRIMARY", rollout: "COMPLETED", running: 2, desired: 2 }]);
        const v = decideRollout({
            target,
            service: settled,
            serviceDeployment: sd("IN_PROGRESS", {
                lifecycleStage: "BAKE_TIME",
                lifecycleHookDetails: [hook("AWAITING_ACTION")],
            }),
        });
        assert.equal(v.state, "paused");
        assert.equal(v.pause?.hookId, "ecs-pause-1");
        assert.equal(
            v.headline,
            "service ecs-deploy-staging-svc: ecs-deploy-staging:42 is paused at BAKE_TIME, hook ecs-pause-1 " +
                "(ECS will ROLLBACK it at 2026-12-02T08:00:00.000Z unless it is continued first)",
        );
    });

    it("is rolling out again once the hook was acted on, though ECS still lists it as awaiting", () => {
        const v = decideRollout({
            target,
            service: blueGreen,
            serviceDeployment: sd("IN_PROGRESS", {
                lifecycleStage: "BAKE_TIME",
                lifecycleHookDetails: [hook("AWAITING_ACTION")],
            }),
            acted: ["ecs-pause-1"],
        });
        assert.equal(v.state, "inProgress");
    });

    it("names the pause hook's timeout when it rolled the deployment back", () => {
        const v = decideRollout({
            target,
            service: rolledBack,
            serviceDeployment: sd("ROLLBACK_SUCCESSFUL", { lifecycleHookDetails: [hook("TIMED_OUT")] }),
            lastPause: pause,
        });
        assert.equal(v.state, "rolledBack");
        assert.equal(
            v.headline,
            "service ecs-deploy-staging-svc: ecs-deploy-staging:42 was rolled back to :41 by the pause hook's timeout " +
                "at POST_TEST_TRAFFIC_SHIFT (hook ecs-pause-1 timed out, timeout action ROLLBACK)",
        );
    });

    it("names a person when the deployment was rolled back at its pause", () => {
        const v = decideRollout({
            target,
            service: rolledBack,
            serviceDeployment: sd("ROLLBACK_IN_PROGRESS", { lifecycleHookDetails: [hook("SUCCEEDED")] }),
            lastPause: pause,
        });
        assert.equal(v.state, "inProgress");
        assert.equal(
            v.headline,
            "service ecs-deploy-staging-svc: ecs-deploy-staging:42 is being rolled back to :41 at the pause at " +
                "POST_TEST_TRAFFIC_SHIFT by a person (ContinueServiceDeployment with ROLLBACK on hook ecs-pause-1)",
        );
    });

    it("names the alarm or the circuit breaker, not the pause, when one of them rolled it back after a continue", () => {
        const byAlarm = decideRollout({
            target,
            service: rolledBack,
            serviceDeployment: sd("ROLLBACK_SUCCESSFUL", {
                lifecycleHookDetails: [hook("SUCCEEDED")],
                alarms: { status: "TRIGGERED", triggeredAlarmNames: ["ecs-deploy-staging-target-5xx"] },
            }),
            lastPause: pause,
        });
        assert.match(byAlarm.headline, /was rolled back to :41 by alarm ecs-deploy-staging-target-5xx$/);
        const byBreaker = decideRollout({
            target,
            service: rolledBack,
            serviceDeployment: sd("ROLLBACK_SUCCESSFUL", {
                lifecycleHookDetails: [hook("SUCCEEDED")],
                deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 3, threshold: 3 },
            }),
        });
        assert.match(byBreaker.headline, /by the circuit breaker \(3 failed tasks, threshold 3\)$/);
    });

    it("says fail fast stopped it early, naming each counted task and the breaker's threshold", () => {
        const failed = ["t1", "t2"].map((id) => ({
            task: { taskArn: taskArn(id) },
            reason: "EssentialContainerExited: Essential container in task exited; container web exited 1",
        }));
        const v = failFastVerdict({ target, service: blueGreen, serviceDeployment: sd("IN_PROGRESS") }, failed, 2);
        assert.equal(v.state, "rolledBack");
        assert.equal(
            v.headline,
            "service ecs-deploy-staging-svc: ecs-deploy-staging:42 was stopped early by fail-fast: 2 of its tasks failed " +
                "(fail fast after 2; ECS's circuit breaker waits for 3); ECS is rolling it back to :41 (StopServiceDeployment ROLLBACK)",
        );
        assert.deepEqual(v.reasons.slice(0, 2), [
            "task t1 failed: EssentialContainerExited: Essential container in task exited; container web exited 1",
            "task t2 failed: EssentialContainerExited: Essential container in task exited; container web exited 1",
        ]);
        const refused = failFastVerdict(
            { target, service: blueGreen },
            failed.slice(0, 1),
            1,
            "AccessDeniedException: no",
        );
        assert.match(
            refused.headline,
            /1 of its tasks failed \(fail fast after 1; .*\); ECS refused to roll it back: AccessDeniedException: no$/,
        );
    });
});
