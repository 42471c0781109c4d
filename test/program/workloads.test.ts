import assert from "node:assert/strict";
import * as fs from "node:fs";
import YAML from "yaml";
import { OfflineResult, RecordedResource, UNKNOWN } from "../../offline/runner";
import { AUTO_NAMED } from "../../offline/providerRules";
import { all, keyOf, only, runWorkers, WORKERS_STACK_FILE } from "../support/program";
import { ALARM, ROLE, ROLE_POLICY, SERVICE, TD } from "../support/types";

/**
 * The held-out stack (two workers, a scheduled job, Fargate Spot) as the engine would take it, in apply mode
 * and in a first preview: what each worker and job adds, and how the pieces are wired to the web's.
 */
const NAME = "ecs-deploy-workers";
const C = "ecs-deploy:index:";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const WATCH = "pulumi-nodejs:dynamic/ecs-deploy:RolloutWatch";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const GROUP = "aws:scheduler/scheduleGroup:ScheduleGroup";
const QUEUE = "aws:sqs/queue:Queue";

type Counts = Record<string, number>;
const WORKER: Counts = {
    [`${C}LogGroups`]: 1,
    [`${C}AppTaskDefinition`]: 1,
    [`${C}AppService`]: 1,
    [LOG_GROUP]: 1,
    [TD]: 1,
    [SERVICE]: 1,
    [WATCH]: 1,
};
const SCALED_WORKER: Counts = {
    ...WORKER,
    [`${C}ServiceScaling`]: 1,
    "aws:appautoscaling/target:Target": 1,
    "aws:appautoscaling/policy:Policy": 1,
};
const JOB: Counts = {
    [`${C}LogGroups`]: 1,
    [`${C}AppTaskDefinition`]: 1,
    [`${C}ScheduledJob`]: 1,
    [LOG_GROUP]: 1,
    [TD]: 1,
    [ROLE]: 1,
    [ROLE_POLICY]: 1,
    [QUEUE]: 1,
    [ALARM]: 1,
    [SCHEDULE]: 1,
};

/**
 * Where AWS or the provider's validation is stricter than the auto-name's maximum (AUTO_NAMED): inline role policy
 * names (tf:iam/role_policy.go validRolePolicyName, 128), schedule and group names (tf:scheduler, 64).
 */
const STRICTER: Record<string, number> = { [ROLE_POLICY]: 128, [SCHEDULE]: 64, [GROUP]: 64 };

const heldOut = YAML.parse(fs.readFileSync(WORKERS_STACK_FILE, "utf8")).config;
const workers = heldOut["ecs-deploy:workers"];
const schedules = heldOut["ecs-deploy:schedules"];

function countTypes(resources: RecordedResource[]): Counts {
    const out: Counts = {};
    for (const r of resources) out[r.type] = (out[r.type] ?? 0) + 1;
    return out;
}
function sum(...counts: Counts[]): Counts {
    const out: Counts = {};
    for (const c of counts) for (const [t, n] of Object.entries(c)) out[t] = (out[t] ?? 0) + n;
    return out;
}
/** What `r` has that `base` has not, and which of base's resources it changed or lost. */
function against(base: OfflineResult, r: OfflineResult) {
    const mine = new Map(r.resources.map((x) => [keyOf(x), x]));
    const theirs = new Set(base.resources.map(keyOf));
    return {
        added: r.resources.filter((x) => !theirs.has(keyOf(x))),
        lost: base.resources.filter((x) => !mine.has(keyOf(x))).map(keyOf),
        changed: base.resources
            .filter(
                (x) => mine.has(keyOf(x)) && JSON.stringify(mine.get(keyOf(x))!.inputs) !== JSON.stringify(x.inputs),
            )
            .map(keyOf),
    };
}

for (const preview of [false, true]) {
    describe(`program: workers and scheduled jobs, held-out stack (${preview ? "first preview" : "apply"})`, function () {
        this.timeout(240_000);
        let full: OfflineResult;
        const runs: Record<string, OfflineResult> = {};
        before(async () => {
            full = await runWorkers({ preview });
            runs.base = await runWorkers({ preview, overrides: { workers: {}, schedules: {} } });
            for (const w of Object.keys(workers))
                runs[w] = await runWorkers({ preview, overrides: { workers: { [w]: workers[w] }, schedules: {} } });
            for (const j of Object.keys(schedules))
                runs[j] = await runWorkers({ preview, overrides: { workers: {}, schedules: { [j]: schedules[j] } } });
        });

        it("completes without runtime warnings or errors", () => assert.deepEqual(full.diagnostics, []));

        it("adds per worker its log group, task definition, service and rollout watch, and scaling when configured", () => {
            assert.deepEqual(countTypes(against(runs.base, runs.jobs).added), SCALED_WORKER, "jobs (autoscaling)");
            assert.deepEqual(countTypes(against(runs.base, runs.mailer).added), WORKER, "mailer");
        });

        it("adds per job its log group, task definition, scheduler role and policy, queue, alarm and schedule, and one group", () => {
            assert.deepEqual(countTypes(against(runs.base, runs["nightly-report"]).added), { ...JOB, [GROUP]: 1 });
        });

        it("alarms on the job's dead-letter queue, notifying the topics the job names", () => {
            const alarm = only(full, ALARM, `${NAME}-nightly-report-failed`).inputs;
            assert.equal(alarm.namespace, "AWS/SQS");
            assert.equal(alarm.metricName, "ApproximateNumberOfMessagesVisible");
            assert.equal(alarm.comparisonOperator, "GreaterThanThreshold");
            assert.equal(alarm.threshold, 0);
            assert.deepEqual(alarm.alarmActions, schedules["nightly-report"].alarmActions);
            assert.deepEqual(alarm.alarmActions, ["arn:aws:sns:eu-west-1:123456789012:ops-alerts"]);
        });

        it("adds nothing else, changing only the execution role's policy of what the web service had", () => {
            const d = against(runs.base, full);
            assert.deepEqual(countTypes(d.added), sum(SCALED_WORKER, WORKER, JOB, { [GROUP]: 1 }));
            assert.deepEqual(d.lost, []);
            assert.deepEqual(d.changed, [`${ROLE_POLICY}::${NAME}-execution`], "its log groups grow");
        });

        it("names every resource within the provider's and AWS's limits, as in apply mode", async () => {
            for (const r of full.resources.filter((x) => AUTO_NAMED[x.type])) {
                const name = String(r.inputs.name);
                assert.notEqual(r.inputs.name, UNKNOWN, `${keyOf(r)} is named in a preview`);
                const max = Math.min(AUTO_NAMED[r.type].autoNameMax, STRICTER[r.type] ?? Infinity);
                assert.ok(name.length <= max, `${keyOf(r)}: ${name} is over ${max}`);
            }
            const names = (x: OfflineResult) => x.resources.map((r) => `${keyOf(r)}=${String(r.inputs.name)}`).sort();
            if (preview) assert.deepEqual(names(full), names(await runWorkers()));
        });

        it("registers the families <project>-<stack>-<name>, each from the web's template with its command", () => {
            assert.equal(only(full, TD, NAME).inputs.family, NAME);
            for (const [w, cmd] of [
                ["jobs", ["node", "worker.js"]],
                ["mailer", ["node", "mailer.js"]],
                ["nightly-report", ["node", "report.js"]],
            ] as const) {
                const td = only(full, TD, `${NAME}-${w}`);
                assert.equal(td.inputs.family, `${NAME}-${w}`);
                assert.ok(!td.unknownInputs.includes("family"));
                if (preview) continue; // containerDefinitions carry the image and role ARNs, unknown before they exist
                const [web] = JSON.parse(String(td.inputs.containerDefinitions));
                assert.deepEqual(web.command, cmd);
                assert.deepEqual(web.portMappings ?? [], [], "nothing routes to a worker or job");
            }
        });

        it("runs each worker without a load balancer, with the circuit breaker and a rollout watch of its own", () => {
            for (const w of ["jobs", "mailer"]) {
                const svc = only(full, SERVICE, `${NAME}-${w}`);
                const s = svc.inputs as Record<string, any>;
                assert.equal(s.loadBalancers, undefined, `${w} has no load balancer`);
                assert.equal(s.healthCheckGracePeriodSeconds, undefined);
                assert.deepEqual(s.deploymentCircuitBreaker, { enable: true, rollback: true });
                assert.equal(s.waitForSteadyState, false, "the watch waits instead");
                assert.equal(s.networkConfiguration.assignPublicIp, false);
                assert.match(String(s.name), new RegExp(`^${NAME}-${w}-[0-9a-f]{7}$`));
                const watch = only(full, WATCH, `${NAME}-${w}-rollout`);
                assert.equal(watch.inputs.service, s.name, "watches this worker's service");
                assert.equal(watch.inputs.taskDefinitionArn, s.taskDefinition);
                assert.ok(watch.options.dependsOn.includes(keyOf(svc)));
                assert.ok(svc.options.dependsOn.includes(`${LOG_GROUP}::${NAME}-${w}-web`), "its log group first");
            }
            const jobs = only(full, SERVICE, `${NAME}-jobs`).inputs;
            assert.deepEqual(jobs.capacityProviderStrategies, [{ capacityProvider: "FARGATE_SPOT", weight: 3 }]);
            assert.equal(jobs.launchType, undefined, "a strategy, never with a launch type");
            const scaled = only(full, SERVICE, `${NAME}-jobs`);
            assert.deepEqual(scaled.options.ignoreChanges, ["desiredCount"], "the scaler owns the count");
            const target = only(full, "aws:appautoscaling/target:Target", `${NAME}-jobs-scaling`).inputs;
            assert.deepEqual([target.minCapacity, target.maxCapacity], [1, 6]);
            if (!preview)
                assert.equal(
                    target.resourceId,
                    `service/${String(full.outputs.clusterName)}/${String(scaled.inputs.name)}`,
                );
            assert.deepEqual(only(full, SERVICE, `${NAME}-mailer`).options.ignoreChanges, []);
            const mailer = only(full, SERVICE, `${NAME}-mailer`).inputs;
            assert.equal(mailer.launchType, "FARGATE");
            assert.equal(mailer.capacityProviderStrategies, undefined);
        });

        it("puts each worker's tasks and the job's in the private subnets with the tasks' security group, no public IP", () => {
            const web = only(full, SERVICE, NAME).inputs.networkConfiguration as Record<string, unknown>;
            const schedule = only(full, SCHEDULE, `${NAME}-nightly-report`).inputs as Record<string, any>;
            const ecs = schedule.target.ecsParameters;
            for (const net of [
                only(full, SERVICE, `${NAME}-jobs`).inputs.networkConfiguration,
                only(full, SERVICE, `${NAME}-mailer`).inputs.networkConfiguration,
                ecs.networkConfiguration,
            ])
                assert.deepEqual(net, web);
            if (!preview) {
                assert.deepEqual(web.subnets, [`${NAME}-private-0-id`, `${NAME}-private-1-id`]);
                assert.deepEqual(web.securityGroups, [`${NAME}-tasks-id`]);
                const job = (full.outputs.schedules as Record<string, any>)["nightly-report"];
                assert.equal(ecs.taskDefinitionArn, job.taskDefinitionArn, "the job's own revision");
                assert.match(ecs.taskDefinitionArn, /:task-definition\/ecs-deploy-workers-nightly-report:\d+$/);
            }
            assert.equal(web.assignPublicIp, false);
            assert.equal(ecs.launchType, "FARGATE");
            assert.equal(ecs.platformVersion, "LATEST");
            assert.equal(schedule.name, "nightly-report");
            assert.equal(schedule.groupName, NAME);
            assert.equal(schedule.scheduleExpression, "cron(0 3 * * ? *)");
            assert.equal(schedule.scheduleExpressionTimezone, "Europe/Stockholm");
            assert.deepEqual(schedule.target.retryPolicy, { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 });
        });

        it("exports each worker's service name and each job's schedule ARN, with their log groups", () => {
            if (preview) {
                assert.ok("workers" in full.outputs && "schedules" in full.outputs, "declared, known once created");
                return;
            }
            const out = full.outputs as Record<string, any>;
            assert.deepEqual(Object.keys(out.workers), ["jobs", "mailer"]);
            for (const w of ["jobs", "mailer"])
                assert.equal(out.workers[w].serviceName, only(full, SERVICE, `${NAME}-${w}`).inputs.name);
            assert.deepEqual(Object.keys(out.schedules), ["nightly-report"]);
            assert.equal(
                out.schedules["nightly-report"].scheduleArn,
                `arn:aws:scheduler:eu-west-1:123456789012:schedule/${NAME}/nightly-report`,
            );
            assert.equal(all(full, SCHEDULE).length, 1);
            assert.deepEqual(out.workers.jobs.logGroups, { web: "/ecs/ecs-deploy/workers/jobs/web" });
            assert.deepEqual(out.schedules["nightly-report"].logGroups, {
                web: "/ecs/ecs-deploy/workers/nightly-report/web",
            });
        });
    });
}
