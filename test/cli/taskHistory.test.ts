/**
 * `npm run task -- --stack S --job J --history`: the job's recent stopped tasks, from ECS (ListTasks, DescribeTasks,
 * DescribeTaskDefinition) after the schedule (GetSchedule), against the fake AWS API on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { epoch, fakeAwsEnv, fakeAwsPerTest } from "../support/fakeAws";
import { runCli } from "../support/cliRun";
import { CLUSTER, stoppedTask, taskArn } from "../support/ecsWorld";
import { DLQ, FAMILY, jobDefinition, jobTd, LOG_GROUP, schedule, scheduleOf } from "../support/jobWorld";

const command = (args: string[], env: NodeJS.ProcessEnv) => runCli("task", args, env, 30_000);

const withFake = fakeAwsPerTest();

describe("npm run task -- --stack S --job J --history", () => {
    const failed = {
        ...stoppedTask(
            "rep003",
            7,
            "Essential container in task exited",
            [{ name: "web", exitCode: 1 }],
            "2026-12-02T03:01:40Z",
        ),
        startedAt: epoch("2026-12-02T03:00:12Z"),
    };
    const byHand = {
        ...stoppedTask(
            "rep002",
            7,
            "Essential container in task exited",
            [{ name: "web", exitCode: 0 }],
            "2026-12-02T02:40:30Z",
        ),
        startedAt: epoch("2026-12-02T02:40:05Z"),
        startedBy: "by-hand/nightly-report",
    };
    const neverRan = {
        ...stoppedTask(
            "rep001",
            6,
            "CannotPullContainerError: pull image manifest has been retried 5 time(s)",
            [{ name: "web", reason: "CannotPullContainerError: ref not found" }],
            "2026-12-02T02:10:00Z",
        ),
        createdAt: epoch("2026-12-02T02:05:00Z"),
        stopCode: "TaskFailedToStart",
    };
    const rebrand = (t: Record<string, unknown>, n: number) => ({ ...t, taskDefinitionArn: jobTd(n) });

    it("lists the job's stopped tasks newest first, with exit codes, stop reasons and log streams, and exits 0", async () => {
        const f = await withFake({
            GetSchedule: scheduleOf(schedule()),
            ListTasks: (b) => {
                assert.deepEqual(b, { cluster: CLUSTER, family: FAMILY, desiredStatus: "STOPPED", maxResults: 100 });
                return { taskArns: [taskArn("rep001"), taskArn("rep003"), taskArn("rep002")] };
            },
            DescribeTasks: (b) => {
                assert.deepEqual(b, {
                    cluster: CLUSTER,
                    tasks: [taskArn("rep001"), taskArn("rep003"), taskArn("rep002")],
                });
                return { tasks: [rebrand(neverRan, 6), rebrand(failed, 7), rebrand(byHand, 7)], failures: [] };
            },
            DescribeTaskDefinition: (b) => jobDefinition(Number(String(b.taskDefinition).split(":").at(-1))),
        });
        const r = await command(["--stack", "staging", "--job", "nightly-report", "--history"], fakeAwsEnv(f.url));
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, "");
        assert.deepEqual(r.out, [
            `job nightly-report: 3 stopped tasks of ${FAMILY} in cluster ecs-deploy-staging, newest first`,
            `  task rep003 of ${FAMILY}:7, started 2026-12-02T03:00:12.000Z, stopped 2026-12-02T03:01:40.000Z: ` +
                "container web exited with code 1; Essential container in task exited; EssentialContainerExited",
            `    log ${LOG_GROUP} staging/web/rep003`,
            `  task rep002 of ${FAMILY}:7, started 2026-12-02T02:40:05.000Z, stopped 2026-12-02T02:40:30.000Z, ` +
                "started by by-hand/nightly-report: container web exited 0; Essential container in task exited; EssentialContainerExited",
            `    log ${LOG_GROUP} staging/web/rep002`,
            `  task rep001 of ${FAMILY}:6, created 2026-12-02T02:05:00.000Z, never started, stopped 2026-12-02T02:10:00.000Z: ` +
                "container web did not exit (CannotPullContainerError: ref not found); " +
                "CannotPullContainerError: pull image manifest has been retried 5 time(s); TaskFailedToStart",
            `    log ${LOG_GROUP} staging/web/rep001`,
            `ECS shows a stopped task for about an hour after it stops; older runs are only in the logs: aws logs tail ${LOG_GROUP} --since 1d --region eu-north-1`,
            `a run the scheduler could not start leaves no task; it goes to the dead-letter queue ${DLQ}`,
        ]);
        assert.deepEqual(
            f.calls.filter((c) => c.op === "DescribeTaskDefinition").map((c) => c.body.taskDefinition),
            [jobTd(7), jobTd(6)],
            "each revision described once: the schedule's, then the older one a task ran",
        );
        assert.equal(f.count("RunTask"), 0, "--history runs nothing");
    });

    it("says none are visible and why when ECS lists no stopped task, and exits 0", async () => {
        const f = await withFake({
            GetSchedule: scheduleOf(schedule()),
            ListTasks: () => ({ taskArns: [] }),
            DescribeTaskDefinition: () => jobDefinition(7),
        });
        const r = await command(["--stack", "staging", "--job", "nightly-report", "--history"], fakeAwsEnv(f.url));
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(r.out, [
            `job nightly-report: no stopped tasks of ${FAMILY} are visible in cluster ecs-deploy-staging: ` +
                "the job has not run, or its tasks stopped over an hour ago",
            `ECS shows a stopped task for about an hour after it stops; older runs are only in the logs: aws logs tail ${LOG_GROUP} --since 1d --region eu-north-1`,
            `a run the scheduler could not start leaves no task; it goes to the dead-letter queue ${DLQ}`,
        ]);
        assert.equal(f.count("DescribeTasks"), 0);
    });
});
