import assert from "node:assert/strict";
import { AUTO_NAMED } from "../../offline/providerRules";
import { RecordedResource } from "../../offline/runner";
import { keyOf, run } from "../support/program";
import { WORKLOAD_BAD_INPUTS } from "../support/workloadBadInputs";

/**
 * Bad workers and jobs through the program itself, as `pulumi preview` and `pulumi up` meet them: refused
 * before any resource is registered, one line per problem naming the stack file, the key and the fix.
 * Every case's wording is held by the render corpus (test/cli/render/badInputs.test.ts); these are a few.
 */
const THROUGH_THE_PROGRAM = [
    "a worker naming a container the template does not have",
    "a capacity strategy together with a launch type",
    "the web service's capacity strategy together with a launch type",
    "Spot weights that are all zero",
    "a job and a worker with the same name",
    "an unknown time zone",
    "a cron expression with both day fields set",
    "a job name too long for the scheduler role's auto-name",
];

const STAGING_SERVICE = { desiredCount: 1, strategy: "ROLLING", loadBalancer: { healthCheckPath: "/health" } };

describe("program: bad workers and jobs are refused before any resource", function () {
    this.timeout(240_000);
    for (const name of THROUGH_THE_PROGRAM) {
        const c = WORKLOAD_BAD_INPUTS.find((x) => x.name === name)!;
        for (const preview of [false, true]) {
            it(`${name} (${preview ? "first preview" : "apply"})`, async () => {
                assert.ok(c, `${name} is in the corpus`);
                const record: RecordedResource[] = [];
                const overrides = {
                    ...(c.workers ? { workers: c.workers } : {}),
                    ...(c.schedules ? { schedules: c.schedules } : {}),
                    ...(c.service ? { service: { ...STAGING_SERVICE, ...c.service } } : {}),
                };
                await assert.rejects(run("staging", { overrides, preview, record }), (e: Error) => {
                    assert.doesNotMatch(e.message, /\n/, "one line");
                    assert.ok(e.message.startsWith(`Pulumi.staging.yaml: ${c.field}: `), e.message);
                    assert.match(e.message, c.problem);
                    assert.match(e.message, /\. Fix: \S/);
                    return true;
                });
                assert.deepEqual(record.map(keyOf), [], "nothing registered");
            });
        }
    }

    it("reports every problem at once, one line each", async () => {
        const record: RecordedResource[] = [];
        const overrides = {
            workers: { web: { command: ["node", "worker.js"] }, jobs: { command: [] } },
            schedules: { "nightly-report": { schedule: "rate(30 seconds)", timezone: "Mars/Olympus", command: ["x"] } },
        };
        await assert.rejects(run("staging", { overrides, record }), (e: Error) => {
            const lines = e.message.split("\n");
            assert.deepEqual(
                lines.map((l) => l.slice(0, l.indexOf(": ", "Pulumi.staging.yaml: ".length))),
                [
                    "Pulumi.staging.yaml: ecs-deploy:workers.web",
                    "Pulumi.staging.yaml: ecs-deploy:workers.jobs.command",
                    "Pulumi.staging.yaml: ecs-deploy:schedules.nightly-report.schedule",
                    "Pulumi.staging.yaml: ecs-deploy:schedules.nightly-report.timezone",
                ],
                e.message,
            );
            for (const l of lines) assert.match(l, /\. Fix: \S/);
            assert.doesNotMatch(e.message, /^\s+at /m, "no stack trace");
            return true;
        });
        assert.deepEqual(record.map(keyOf), []);
    });
});

describe("program: the longest worker and job names fit every auto-name", function () {
    this.timeout(120_000);
    // 32 is the longest worker name; a job's is bounded by its scheduler role's name (64 with the random suffix).
    const worker = "w".repeat(32);
    const job = "j".repeat(64 - "ecs-deploy-staging-".length - "-scheduler".length - 8);
    for (const preview of [false, true]) {
        it(`a ${worker.length}-character worker and a ${job.length}-character job (${preview ? "first preview" : "apply"})`, async () => {
            const r = await run("staging", {
                preview,
                overrides: {
                    workers: {
                        [worker]: {
                            command: ["node", "worker.js"],
                            autoscaling: { minCount: 1, maxCount: 2, metric: "cpu", target: 60 },
                        },
                    },
                    schedules: { [job]: { schedule: "rate(1 hour)", command: ["node", "report.js"] } },
                },
            });
            const role = r.resources.find((x) => x.type === "aws:iam/role:Role" && x.name.endsWith("-scheduler"))!;
            assert.equal(String(role.inputs.name).length, 64, "exactly IAM's limit");
            for (const x of r.resources.filter((y) => AUTO_NAMED[y.type]))
                assert.ok(
                    String(x.inputs.name).length <= AUTO_NAMED[x.type].autoNameMax,
                    `${keyOf(x)}: ${String(x.inputs.name)}`,
                );
        });
    }
    it("one character more is refused", async () => {
        await assert.rejects(
            run("staging", { overrides: { schedules: { [`${job}j`]: { schedule: "rate(1 hour)", command: ["x"] } } } }),
            /IAM allows 64\. Fix: shorten the job's name to at most 27 characters$/,
        );
    });
});
