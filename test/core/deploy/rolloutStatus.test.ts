/** The pure rollout verdict: what ECS's answers mean and what the user is told. */
import assert from "node:assert/strict";
import type { Service, ServiceDeployment } from "@aws-sdk/client-ecs";
import { decideRollout, defaultTarget, formatVerdict, revisionOf, timedOut } from "../../../core/deploy/rolloutStatus";
import { describeServices, Dep, serviceDeployment, td } from "../../support/ecsWorld";

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
