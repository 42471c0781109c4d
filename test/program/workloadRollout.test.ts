import assert from "node:assert/strict";
import { rolloutWatchProvider } from "../../components/deployGates";
import { OfflineResult } from "../../offline/runner";
import { describeServices, serviceDeployment, stoppedTask, taskArn } from "../support/ecsWorld";
import { fakeAwsEnv, startFakeAws } from "../support/fakeAws";
import { all, keyOf, only, runWorkers } from "../support/program";
import { runSerialised } from "../support/serialisedProvider";
import { SERVICE } from "../support/types";

/**
 * One `pulumi up` releases the web service, its workers and its job together: the pre-deploy task runs
 * once, before any of them switches, and a failed rollout of any service fails the update, naming it.
 */
const NAME = "ecs-deploy-workers";
const PRE = "pulumi-nodejs:dynamic/ecs-deploy:PreDeployTask";
const WATCH = "pulumi-nodejs:dynamic/ecs-deploy:RolloutWatch";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const migrate = { command: ["npm", "run", "migrate"], timeoutSeconds: 900 };

for (const preview of [false, true]) {
    describe(`program: the pre-deploy task with workers and a job (${preview ? "first preview" : "apply"})`, function () {
        this.timeout(120_000);
        let r: OfflineResult;
        before(async () => {
            r = await runWorkers({
                preview,
                overrides: {
                    service: {
                        desiredCount: 2,
                        loadBalancer: { healthCheckPath: "/health" },
                        capacity: { spot: 1, onDemand: 1, base: 1 },
                        preDeploy: migrate,
                    },
                },
            });
        });

        it("is one task, running the web's new task definition", () => {
            const pre = only(r, PRE);
            assert.deepEqual(pre.inputs.command, migrate.command);
            assert.ok(pre.options.dependsOn.includes(`aws:ecs/taskDefinition:TaskDefinition::${NAME}`));
            if (!preview) assert.equal(pre.inputs.taskDefinitionArn, r.outputs.taskDefinitionArn);
        });

        it("runs before any service switches and before the schedule can start the job's new revision", () => {
            const pre = keyOf(only(r, PRE));
            const waiting = [...all(r, SERVICE), ...all(r, SCHEDULE)];
            assert.deepEqual(waiting.map((x) => x.name).sort(), [
                NAME,
                `${NAME}-jobs`,
                `${NAME}-mailer`,
                `${NAME}-nightly-report`,
            ]);
            for (const x of waiting) assert.ok(x.options.dependsOn.includes(pre), `${keyOf(x)} waits for it`);
            const before = only(r, PRE).options.dependsOn;
            for (const x of [...waiting, ...all(r, WATCH)])
                assert.ok(!before.includes(keyOf(x)), `it does not wait for ${keyOf(x)}`);
        });
    });
}

describe("program: a failed rollout of a worker fails the update, naming its service", function () {
    this.timeout(120_000);

    it("the jobs worker's watch fails with its service's name; the mailer's, in the same cluster, completes", async () => {
        const r = await runWorkers();
        const inputsOf = (w: string): Record<string, unknown> => {
            const { __provider, ...inputs } = only(r, WATCH, `${NAME}-${w}-rollout`).inputs;
            assert.ok(__provider);
            return { ...inputs, pollSeconds: 0.05, timeoutSeconds: 30 };
        };
        const jobs = inputsOf("jobs");
        const mailer = inputsOf("mailer");
        const jobsService = String(only(r, SERVICE, `${NAME}-jobs`).inputs.name);
        assert.equal(jobs.service, jobsService);
        const cluster = String(jobs.cluster);
        const familyOf = (arn: unknown) =>
            String(arn)
                .replace(/^.*:task-definition\//, "")
                .replace(/:\d+$/, "");

        // The ECS world's answers, moved to this stack's cluster, region and the asked service's family.
        const world = (service: string, taskDefinitionArn: unknown, answer: Record<string, unknown>) =>
            JSON.parse(
                JSON.stringify(answer)
                    .replaceAll("arn:aws:ecs:eu-north-1:123456789012:cluster/ecs-deploy-staging", cluster)
                    .replaceAll("ecs-deploy-staging-svc", service)
                    .replaceAll(
                        "task-definition/ecs-deploy-staging:",
                        `task-definition/${familyOf(taskDefinitionArn)}:`,
                    )
                    .replaceAll("eu-north-1", "eu-west-1"),
            );
        const revision = (arn: unknown) => String(arn).replace(/:\d+$/, ":42");
        const failed = describeServices([
            { rev: 41, status: "PRIMARY", rollout: "COMPLETED", running: 2, desired: 2 },
            { rev: 42, status: "ACTIVE", rollout: "FAILED", running: 0, desired: 0, reason: "tasks failed to start." },
        ]);
        const done = describeServices([{ rev: 42, status: "PRIMARY", rollout: "COMPLETED", running: 1, desired: 1 }]);
        const isJobs = (b: Record<string, any>) => JSON.stringify(b).includes(jobsService);
        const f = await startFakeAws({
            DescribeServices: (b) =>
                isJobs(b)
                    ? world(jobsService, jobs.taskDefinitionArn, failed)
                    : world(String(mailer.service), mailer.taskDefinitionArn, done),
            DescribeServiceDeployments: (b) =>
                isJobs(b)
                    ? world(
                          jobsService,
                          jobs.taskDefinitionArn,
                          serviceDeployment("ROLLBACK_SUCCESSFUL", {
                              deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 3, threshold: 3 },
                          }),
                      )
                    : world(String(mailer.service), mailer.taskDefinitionArn, serviceDeployment("SUCCESSFUL")),
            ListTasks: () => world(jobsService, jobs.taskDefinitionArn, { taskArns: [taskArn("t1")] }),
            DescribeTasks: () =>
                world(jobsService, jobs.taskDefinitionArn, {
                    tasks: [
                        stoppedTask("t1", 42, "Essential container in task exited", [{ name: "web", exitCode: 1 }]),
                    ],
                }),
        });
        try {
            const env = fakeAwsEnv(f.url);
            const ok = await runSerialised(
                rolloutWatchProvider,
                "create",
                { ...mailer, taskDefinitionArn: revision(mailer.taskDefinitionArn) },
                env,
            );
            assert.equal(ok.code, 0, ok.stderr);
            const bad = await runSerialised(
                rolloutWatchProvider,
                "create",
                { ...jobs, taskDefinitionArn: revision(jobs.taskDefinitionArn) },
                env,
            );
            assert.equal(bad.code, 3, "the step fails, and with it the update");
            const [headline, ...rest] = bad.stderr.split("\n");
            assert.equal(
                headline,
                `service ${jobsService}: ecs-deploy-workers-jobs:42 was rolled back to :41 by the circuit breaker (3 failed tasks, threshold 3)`,
            );
            assert.ok(rest.includes("    container web: exit code 1"), bad.stderr);
            assert.doesNotMatch(bad.stderr, new RegExp(String(mailer.service)), "only the failed service is named");
        } finally {
            await f.close();
        }
    });
});
