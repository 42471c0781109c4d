/** Fail fast: which stopped tasks count as failures of the new revision, from Task.stopCode and stoppedReason. */
import assert from "node:assert/strict";
import type { Task } from "@aws-sdk/client-ecs";
import { circuitBreakerThreshold, failFastTrigger, failureOf } from "../../../core/deploy/failFast";
import { taskArn, td } from "../../support/ecsWorld";

const target = td(42);
const since = Date.parse("2026-12-02T07:00:00Z");
const task = (
    id: string,
    stopCode: string,
    stoppedReason: string,
    containers: object[] = [],
    o: Partial<Task> = {},
): Task => ({
    taskArn: taskArn(id),
    taskDefinitionArn: target,
    lastStatus: "STOPPED",
    stopCode: stopCode as Task["stopCode"],
    stoppedReason,
    stoppedAt: new Date(since + 60_000),
    containers,
    ...o,
});

describe("fail fast", () => {
    it("counts an essential container exiting non-zero, naming the container and its reason", () => {
        const t = task("a", "EssentialContainerExited", "Essential container in task exited", [
            { name: "web", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" },
            { name: "log-router", exitCode: 0 },
        ]);
        assert.equal(
            failureOf(t, target, since),
            "EssentialContainerExited: Essential container in task exited; container web exited 137 (OutOfMemoryError: Container killed due to memory usage)",
        );
    });

    it("counts an image that cannot be pulled and a container that cannot start", () => {
        const pull = task(
            "b",
            "TaskFailedToStart",
            "CannotPullContainerError: pull image manifest has been retried 5 time(s)",
            [{ name: "web", reason: "CannotPullContainerError: ref not found" }],
        );
        assert.match(
            failureOf(pull, target, since)!,
            /^TaskFailedToStart: CannotPullContainerError: .*; container web did not run \(CannotPullContainerError: ref not found\)$/,
        );
        const init = task(
            "c",
            "TaskFailedToStart",
            "ResourceInitializationError: unable to pull secrets or registry auth",
        );
        assert.equal(
            failureOf(init, target, since),
            "TaskFailedToStart: ResourceInitializationError: unable to pull secrets or registry auth",
        );
    });

    it("counts failed ELB and container health checks", () => {
        for (const reason of [
            "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-north-1:123456789012:targetgroup/a/1)",
            "Task failed container health checks",
        ])
            assert.ok(failureOf(task("d", "ServiceSchedulerInitiated", reason), target, since), reason);
    });

    it("never counts scale-in, the deployment's own replacements, people, Spot or maintenance", () => {
        const never = [
            task("e", "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/42001)", [
                { name: "web", exitCode: 143 },
            ]),
            task("f", "UserInitiated", "Task stopped by user", [{ name: "web", exitCode: 143 }]),
            task("g", "SpotInterruption", "Your Spot Task was interrupted.", [{ name: "web", exitCode: 143 }]),
            task("h", "TerminationNotice", "Task stopped due to maintenance"),
            task("i", "EssentialContainerExited", "Essential container in task exited", [{ name: "web", exitCode: 0 }]),
        ];
        for (const t of never) assert.equal(failureOf(t, target, since), undefined, t.stoppedReason);
    });

    it("never counts the old revision's tasks, tasks stopped before the deployment, or running ones", () => {
        const crash = [{ name: "web", exitCode: 1 }];
        assert.equal(
            failureOf(task("j", "EssentialContainerExited", "x", crash, { taskDefinitionArn: td(41) }), target, since),
            undefined,
        );
        assert.equal(
            failureOf(
                task("k", "EssentialContainerExited", "x", crash, { stoppedAt: new Date(since - 1) }),
                target,
                since,
            ),
            undefined,
        );
        assert.equal(
            failureOf(task("l", "EssentialContainerExited", "x", crash, { lastStatus: "RUNNING" }), target, since),
            undefined,
        );
    });

    it("triggers at N counted failures, listing them oldest first", () => {
        const crash = (id: string, s: number) =>
            task(id, "EssentialContainerExited", "Essential container in task exited", [{ name: "web", exitCode: 1 }], {
                stoppedAt: new Date(since + s * 1000),
            });
        const tasks = [crash("late", 30), task("m", "UserInitiated", "Task stopped by user"), crash("early", 10)];
        assert.equal(failFastTrigger(tasks, target, since, 3), undefined);
        assert.deepEqual(
            failFastTrigger(tasks, target, since, 2)?.map((f) => f.task.taskArn),
            [taskArn("early"), taskArn("late")],
        );
    });

    it("knows the circuit breaker's threshold: max(3, min(200, ceil(desired x 0.5)))", () => {
        assert.deepEqual([1, 2, 6, 7, 10, 399, 400, 1000].map(circuitBreakerThreshold), [3, 3, 3, 4, 5, 200, 200, 200]);
    });
});
