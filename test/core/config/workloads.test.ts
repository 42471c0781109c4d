/** ecs-deploy:workers and ecs-deploy:schedules: read, defaulted, and every bad value refused before any resource. */
import assert from "node:assert/strict";
import { parseStackConfig } from "../../../core/config/parse";
import { UserError } from "../../../core/support/errors";

const STAGING = { project: "ecs-deploy", stack: "staging", file: "Pulumi.staging.yaml", region: "eu-north-1" };
const WORKER = { command: ["node", "worker.js"] };
const JOB = { schedule: "cron(0 3 * * ? *)", command: ["node", "report.js"] };

const parse = (raw: Record<string, unknown>, ctx = STAGING) => parseStackConfig(raw, ctx);

function problems(raw: Record<string, unknown>, ctx = STAGING): string[] {
    try {
        parse(raw, ctx);
    } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return e.message.split("\n").filter((l) => l.includes(ctx.file));
    }
    return [];
}

/** Exactly one problem: on `path`, matching `problem`, with a fix. */
function rejects(raw: Record<string, unknown>, path: string, problem: RegExp, ctx = STAGING) {
    const lines = problems(raw, ctx);
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.ok(lines[0].includes(`${ctx.file}: ${path}: `), lines[0]);
    assert.match(lines[0], problem);
    assert.match(lines[0], /\. Fix: \S/);
}

describe("stack config: workers", () => {
    it("are none by default", () => assert.deepEqual(parse({}).workers, {}));

    it("reads a worker with its defaults: one task, the web's size and health check, on-demand", () =>
        assert.deepEqual(parse({ workers: { jobs: WORKER } }).workers.jobs, {
            command: ["node", "worker.js"],
            container: undefined,
            cpu: undefined,
            memory: undefined,
            healthCheck: undefined,
            capacity: undefined,
            desiredCount: 1,
            autoscaling: undefined,
        }));

    it("reads its count, size, container, capacity and autoscaling", () => {
        const w = parse({
            workers: {
                jobs: {
                    ...WORKER,
                    container: "web",
                    desiredCount: 2,
                    cpu: "512",
                    memory: 1024,
                    capacity: { spot: 3, onDemand: 1 },
                    autoscaling: { minCount: 1, maxCount: 6, metric: "memory", target: 70 },
                },
            },
        }).workers.jobs;
        assert.equal(w.container, "web");
        assert.equal(w.desiredCount, 2);
        assert.equal(w.cpu, "512");
        assert.equal(w.memory, "1024");
        assert.deepEqual(w.capacity, { spot: 3, onDemand: 1, base: 0 });
        assert.deepEqual(w.autoscaling, { minCount: 1, maxCount: 6, metric: "memory", target: 70 });
    });

    it("reads healthCheck: null as 'drop the container's health check', and an object as its own", () => {
        const cfg = parse({
            workers: {
                a: { ...WORKER, healthCheck: null },
                b: { ...WORKER, healthCheck: { command: ["CMD-SHELL", "test -f /tmp/ok"], interval: 30 } },
            },
        });
        assert.equal(cfg.workers.a.healthCheck, null);
        assert.deepEqual(cfg.workers.b.healthCheck, { command: ["CMD-SHELL", "test -f /tmp/ok"], interval: 30 });
    });

    it("refuses the web service's name", () =>
        rejects({ workers: { web: WORKER } }, "ecs-deploy:workers.web", /load-balanced web service/));

    it("refuses a name that is not lowercase letters, digits and hyphens", () =>
        rejects({ workers: { Jobs_1: WORKER } }, "ecs-deploy:workers.Jobs_1", /not a valid worker name/));

    it("refuses a name longer than 32 characters", () =>
        rejects({ workers: { ["a".repeat(33)]: WORKER } }, `ecs-deploy:workers.${"a".repeat(33)}`, /33 characters/));

    it("refuses a missing command", () =>
        rejects({ workers: { jobs: { desiredCount: 1 } } }, "ecs-deploy:workers.jobs.command", /is missing/));

    it("refuses an empty command", () =>
        rejects(
            { workers: { jobs: { command: [] } } },
            "ecs-deploy:workers.jobs.command",
            /non-empty list of strings/,
        ));

    it("refuses a command that is a string, not a list", () =>
        rejects(
            { workers: { jobs: { command: "node worker.js" } } },
            "ecs-deploy:workers.jobs.command",
            /non-empty list of strings, got "node worker.js"/,
        ));

    it("refuses a command with a non-string item", () =>
        rejects({ workers: { jobs: { command: ["node", 3] } } }, "ecs-deploy:workers.jobs.command", /list of strings/));

    it("refuses a CPU size Fargate does not run", () =>
        rejects({ workers: { jobs: { ...WORKER, cpu: "300" } } }, "ecs-deploy:workers.jobs.cpu", /not a size Fargate/));

    it("refuses a cpu/memory pair Fargate does not run, naming the sizes it does", () =>
        rejects(
            { workers: { jobs: { ...WORKER, cpu: "256", memory: "4096" } } },
            "ecs-deploy:workers.jobs.memory",
            /4096 MiB is not a size Fargate runs with 256 CPU units.*512, 1024, 2048/,
        ));

    it("refuses memory that is not a whole number of MiB", () =>
        rejects({ workers: { jobs: { ...WORKER, memory: "1GB" } } }, "ecs-deploy:workers.jobs.memory", /whole number/));

    it("refuses Spot weights that are all zero", () =>
        rejects(
            { workers: { jobs: { ...WORKER, capacity: { spot: 0, onDemand: 0 } } } },
            "ecs-deploy:workers.jobs.capacity",
            /both 0/,
        ));

    it("refuses a capacity strategy together with a launch type", () =>
        rejects(
            { workers: { jobs: { ...WORKER, capacity: { spot: 1 }, launchType: "FARGATE" } } },
            "ecs-deploy:workers.jobs.launchType",
            /never both/,
        ));

    it("takes launchType FARGATE alone, and refuses FARGATE_SPOT as a launch type", () => {
        assert.equal(
            parse({ workers: { jobs: { ...WORKER, launchType: "FARGATE" } } }).workers.jobs.capacity,
            undefined,
        );
        rejects(
            { workers: { jobs: { ...WORKER, launchType: "FARGATE_SPOT" } } },
            "ecs-deploy:workers.jobs.launchType",
            /capacity provider, not a launch type/,
        );
    });

    it("refuses autoscaling on requests: a worker has no load balancer", () =>
        rejects(
            { workers: { jobs: { ...WORKER, autoscaling: { metric: "requests", target: 100 } } } },
            "ecs-deploy:workers.jobs.autoscaling.metric",
            /no load balancer/,
        ));

    it("refuses a health check that does not start with CMD or CMD-SHELL", () =>
        rejects(
            { workers: { jobs: { ...WORKER, healthCheck: { command: ["curl", "localhost"] } } } },
            "ecs-deploy:workers.jobs.healthCheck.command",
            /CMD or CMD-SHELL/,
        ));

    it("refuses a health-check interval outside ECS's 5..300 seconds", () =>
        rejects(
            { workers: { jobs: { ...WORKER, healthCheck: { command: ["CMD", "true"], interval: 1 } } } },
            "ecs-deploy:workers.jobs.healthCheck.interval",
            /outside 5..300/,
        ));

    it("refuses an unknown key, with the nearest known one", () =>
        rejects(
            { workers: { jobs: { ...WORKER, comand: ["x"] } } },
            "ecs-deploy:workers.jobs.comand",
            /not a known setting/,
        ));
});

describe("stack config: schedules", () => {
    it("reads a job with Scheduler's settings defaulted: UTC, enabled, 2 retries within an hour", () =>
        assert.deepEqual(parse({ schedules: { "nightly-report": JOB } }).schedules["nightly-report"], {
            command: ["node", "report.js"],
            container: undefined,
            cpu: undefined,
            memory: undefined,
            healthCheck: undefined,
            capacity: undefined,
            schedule: "cron(0 3 * * ? *)",
            timezone: "UTC",
            enabled: true,
            retries: 2,
            maxEventAgeSeconds: 3600,
            alarmActions: [],
        }));

    it("reads its time zone, state and retry policy", () => {
        const j = parse({
            schedules: {
                r: { ...JOB, timezone: "Europe/Stockholm", enabled: false, retries: 0, maxEventAgeSeconds: 60 },
            },
        }).schedules.r;
        assert.deepEqual([j.timezone, j.enabled, j.retries, j.maxEventAgeSeconds], ["Europe/Stockholm", false, 0, 60]);
    });

    it("refuses a missing schedule", () =>
        rejects({ schedules: { r: { command: ["x"] } } }, "ecs-deploy:schedules.r.schedule", /is missing/));

    it("refuses a schedule expression AWS would refuse", () =>
        rejects({ schedules: { r: { ...JOB, schedule: "every night" } } }, "ecs-deploy:schedules.r.schedule", /\S/));

    it("refuses an unknown time zone", () =>
        rejects(
            { schedules: { r: { ...JOB, timezone: "Europe/Stockolm" } } },
            "ecs-deploy:schedules.r.timezone",
            /\S/,
        ));

    it("reads the SNS topics its failed-start alarm notifies", () => {
        const topics = [
            "arn:aws:sns:eu-north-1:123456789012:ops-alerts",
            "arn:aws-us-gov:sns:us-gov-west-1:123456789012:o.fifo",
        ];
        assert.deepEqual(
            parse({ schedules: { r: { ...JOB, alarmActions: topics } } }).schedules.r.alarmActions,
            topics,
        );
    });

    it("refuses an alarm action that is not an SNS topic ARN, naming the item", () =>
        rejects(
            { schedules: { r: { ...JOB, alarmActions: ["ops-alerts"] } } },
            "ecs-deploy:schedules.r.alarmActions[0]",
            /"ops-alerts" is not an SNS topic ARN\. Fix: give SNS topic ARNs, e\.g\. arn:aws:sns:/,
        ));

    it("refuses more than the 5 actions an alarm takes", () =>
        rejects(
            {
                schedules: {
                    r: {
                        ...JOB,
                        alarmActions: [1, 2, 3, 4, 5, 6].map((n) => `arn:aws:sns:eu-north-1:123456789012:t${n}`),
                    },
                },
            },
            "ecs-deploy:schedules.r.alarmActions",
            /lists 6 topics, and an alarm takes at most 5\. Fix: notify one topic/,
        ));

    it("refuses retries beyond Scheduler's 185", () =>
        rejects({ schedules: { r: { ...JOB, retries: 186 } } }, "ecs-deploy:schedules.r.retries", /outside 0..185/));

    it("refuses a job and a worker with the same name", () =>
        rejects(
            { workers: { report: WORKER }, schedules: { report: JOB } },
            "ecs-deploy:schedules.report",
            /also the name of a worker/,
        ));

    it("refuses a job whose scheduler role would pass IAM's 64 characters once auto-named", () => {
        const name = "a-very-long-scheduled-job-name-x"; // 32: the longest name, too long with this stack's prefix
        rejects(
            { schedules: { [name]: JOB } },
            `ecs-deploy:schedules.${name}`,
            /scheduler role's name 69 characters.*IAM allows 64/,
        );
    });

    it("refuses the web service's name and bad names, as for workers", () => {
        rejects({ schedules: { web: JOB } }, "ecs-deploy:schedules.web", /load-balanced web service/);
        rejects({ schedules: { "-x": JOB } }, "ecs-deploy:schedules.-x", /not a valid job name/);
    });
});

describe("stack config: service.launchType", () => {
    it("is refused together with service.capacity", () =>
        rejects(
            { service: { capacity: { spot: 1, onDemand: 1, base: 1 }, launchType: "FARGATE" } },
            "ecs-deploy:service.launchType",
            /never both/,
        ));
});
