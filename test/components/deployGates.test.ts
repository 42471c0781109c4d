/**
 * The deploy-time steps in the program: the pre-deploy task, the deployment
 * alarms and the rollout watcher, under Pulumi mocks with the real stack
 * files (their config checks are in test/core/config/service.test.ts); and the
 * serialised dynamic providers run from a fresh Node process against the fake
 * ECS/CloudWatch Logs API.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { OfflineResult, OfflineUserError } from "../../offline/runner";
import { preDeployProvider, rolloutWatchProvider } from "../../components/deployGates";
import { all, only, run } from "../support/program";
import { renderCli, tempDir } from "../support/render";
import { describeServices, SERVICE, serviceDeployment, stoppedTask, taskArn, td, CLUSTER } from "../support/ecsWorld";
import { fakeAwsEnv, startFakeAws } from "../support/fakeAws";
import { runSerialised } from "../support/serialisedProvider";
import { ALARM, SERVICE as SERVICE_TYPE } from "../support/types";

const ROOT = path.resolve(__dirname, "..", "..");
const PRE = "pulumi-nodejs:dynamic/ecs-deploy:PreDeployTask";
const WATCH = "pulumi-nodejs:dynamic/ecs-deploy:RolloutWatch";
const migrate = { command: ["npm", "run", "migrate"], timeoutSeconds: 900 };
const stagingService = { desiredCount: 1, strategy: "ROLLING", loadBalancer: { healthCheckPath: "/health" } };

/** Each registered resource's dependencies (the names in their URNs), as the engine receives them. */
const dependencies = new Map<string, string[]>();
function recordDependencies(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as {
        MockMonitor: { prototype: Record<string, any> };
    };
    if (MockMonitor.prototype.__depsRecorded) return;
    MockMonitor.prototype.__depsRecorded = true;
    const original = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = function (req: any, cb: unknown) {
        dependencies.set(
            `${req.getType()}::${req.getName()}`,
            (req.getDependenciesList() as string[]).map((urn) => urn.slice(urn.lastIndexOf("::") + 2)),
        );
        return original.call(this, req, cb);
    };
}
const depsOf = (type: string, name: string) => dependencies.get(`${type}::${name}`) ?? [];

describe("deploy gates in the program", function () {
    this.timeout(180_000);
    before(recordDependencies);

    describe("staging with a pre-deploy command", () => {
        let r: OfflineResult;
        let deps: Map<string, string[]>;
        before(async () => {
            r = await run("staging", { overrides: { service: { ...stagingService, preDeploy: migrate } } });
            deps = new Map(dependencies);
        });
        const d = (type: string, name: string) => deps.get(`${type}::${name}`) ?? [];

        it("runs the new task definition once with the command, in the service's subnets and security group", () => {
            const pre = only(r, PRE).inputs;
            const svc = only(r, SERVICE_TYPE).inputs;
            assert.equal(pre.taskDefinitionArn, svc.taskDefinition);
            assert.equal(pre.taskDefinitionArn, r.outputs.taskDefinitionArn, "the new revision, not the one running");
            assert.deepEqual(pre.command, ["npm", "run", "migrate"]);
            assert.equal(pre.container, "web", "the first essential container by default");
            assert.equal(pre.timeoutSeconds, 900);
            assert.deepEqual(pre.subnets, (svc.networkConfiguration as any).subnets);
            assert.deepEqual(pre.securityGroups, (svc.networkConfiguration as any).securityGroups);
            assert.equal(pre.assignPublicIp, false);
            assert.equal(pre.cluster, svc.cluster);
            assert.equal(pre.region, "eu-north-1");
        });

        it("orders the steps: task definition -> pre-deploy -> service -> rollout watch", () => {
            assert.ok(
                d(PRE, "ecs-deploy-staging-pre-deploy").includes("ecs-deploy-staging"),
                "the pre-deploy task waits for the task definition",
            );
            assert.ok(
                d(PRE, "ecs-deploy-staging-pre-deploy").includes("ecs-deploy-staging-execution"),
                "and for the execution role it pulls and logs with",
            );
            assert.ok(
                d(SERVICE_TYPE, "ecs-deploy-staging").includes("ecs-deploy-staging-pre-deploy"),
                "the service is updated only after the pre-deploy task succeeded",
            );
            assert.ok(
                d(WATCH, "ecs-deploy-staging-rollout").includes("ecs-deploy-staging"),
                "the watcher runs after the service",
            );
            assert.ok(!d(PRE, "ecs-deploy-staging-pre-deploy").includes("ecs-deploy-staging-rollout"));
        });

        it("watches the rollout of the task definition the service was given, with the configured timeout", () => {
            const w = only(r, WATCH).inputs;
            const svc = only(r, SERVICE_TYPE).inputs;
            assert.equal(w.taskDefinitionArn, svc.taskDefinition);
            assert.equal(w.service, r.outputs.serviceName);
            assert.equal(w.cluster, svc.cluster);
            assert.equal(w.timeoutSeconds, 20 * 60, "the strategy's worst case, at least the provider's 20 minutes");
            assert.match(String(w.serviceFingerprint), /^[0-9a-f]{16}$/);
        });

        it("creates the 5xx-rate and unhealthy-host alarms on the target group and wires them into the service with rollback", () => {
            const alarms = all(r, ALARM);
            assert.deepEqual(alarms.map((a) => a.inputs.name).sort(), [
                "ecs-deploy-staging-target-5xx",
                "ecs-deploy-staging-unhealthy-hosts",
            ]);
            const rate = only(r, ALARM, "ecs-deploy-staging-target-5xx").inputs as any;
            assert.equal(rate.threshold, 5);
            assert.equal(rate.comparisonOperator, "GreaterThanThreshold");
            const [expr, errors, requests] = rate.metricQueries;
            assert.match(expr.expression, /100 \* FILL\(errors, 0\) \/ requests/);
            assert.equal(errors.metric.metricName, "HTTPCode_Target_5XX_Count");
            assert.equal(requests.metric.metricName, "RequestCount");
            assert.match(errors.metric.dimensions.TargetGroup, /^targetgroup\//);
            assert.match(errors.metric.dimensions.LoadBalancer, /^app\//);
            const hosts = only(r, ALARM, "ecs-deploy-staging-unhealthy-hosts").inputs as any;
            assert.equal(hosts.metricName, "UnHealthyHostCount");
            assert.equal(hosts.threshold, 1);
            assert.deepEqual(only(r, SERVICE_TYPE).inputs.alarms, {
                alarmNames: ["ecs-deploy-staging-target-5xx", "ecs-deploy-staging-unhealthy-hosts"],
                enable: true,
                rollback: true,
            });
            assert.ok(
                d(SERVICE_TYPE, "ecs-deploy-staging").includes("ecs-deploy-staging-target-5xx"),
                "the alarms exist before the service refers to them",
            );
        });

        it("leaves the provider's steady-state wait to the watcher", () => {
            assert.equal(only(r, SERVICE_TYPE).inputs.waitForSteadyState, false);
        });

        it("stores only code in the serialised providers, no secret", () => {
            for (const t of [PRE, WATCH]) {
                const res = only(r, t);
                assert.equal(res.secretInputs.length, 0, `${t} has no secret inputs`);
                assert.match(String(res.inputs.__provider), /exports\.handler/);
            }
        });
    });

    it("declares the steps in a preview, so `pulumi preview` lists them", async () => {
        const r = await run("staging", {
            preview: true,
            overrides: { service: { ...stagingService, preDeploy: migrate } },
        });
        assert.equal(all(r, PRE).length, 1);
        assert.equal(all(r, WATCH).length, 1);
        assert.equal(all(r, ALARM).length, 2);
    });

    it("production: no pre-deploy task unless configured, the watcher and alarms on by default", async () => {
        const r = await run("production");
        assert.equal(all(r, PRE).length, 0);
        assert.equal(all(r, WATCH).length, 1);
        assert.equal(all(r, ALARM).length, 2);
        assert.ok(!depsOf(SERVICE_TYPE, "ecs-deploy-production").some((n) => n.endsWith("pre-deploy")));
    });

    it("declares none of them when switched off, and the provider waits for steady state instead", async () => {
        const r = await run("staging", {
            overrides: { service: { ...stagingService, watchRollout: false, alarms: { enabled: false } } },
        });
        assert.equal(all(r, PRE).length, 0);
        assert.equal(all(r, WATCH).length, 0);
        assert.equal(all(r, ALARM).length, 0);
        const svc = only(r, SERVICE_TYPE).inputs;
        assert.equal(svc.alarms, undefined);
        assert.equal(svc.waitForSteadyState, true);
        assert.equal(r.outputs.runningTaskDefinition, undefined);
    });

    it("has no alarms without a load balancer", async () => {
        const r = await run("staging", { overrides: { service: { desiredCount: 1 } } });
        assert.equal(all(r, ALARM).length, 0);
        assert.equal(all(r, WATCH).length, 1);
    });

    it("hands an explicit rollout timeout to the watcher", async () => {
        const r = await run("staging", { overrides: { service: { ...stagingService, rolloutTimeoutSeconds: 3600 } } });
        assert.equal(only(r, WATCH).inputs.timeoutSeconds, 3600);
    });

    it("rejects a pre-deploy container the task definition lacks, before any resource", async () => {
        const dir = tempDir("pre-deploy-");
        const stack = fs
            .readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8")
            .replace(
                "  ecs-deploy:service:\n",
                "  ecs-deploy:service:\n    preDeploy:\n      command: [npm, run, migrate]\n      container: migrator\n",
            );
        fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), stack);
        const out = path.join(dir, "out");
        const res = await renderCli([
            "--stack",
            "staging",
            "--config-file",
            path.join(dir, "Pulumi.bad.yaml"),
            "--out",
            out,
        ]);
        assert.equal(res.status, 1, res.stderr);
        assert.equal(
            res.stderr.trimEnd(),
            `error: Pulumi.bad.yaml: ecs-deploy:service.preDeploy.container: "migrator" is not a container of the task definition. Fix: use one of web, or leave it out to use the first essential container`,
        );
        assert.ok(!fs.existsSync(out), "nothing rendered");
        await assert.rejects(
            run("staging", {
                overrides: { service: { ...stagingService, preDeploy: { command: ["x"], container: "migrator" } } },
            }),
            OfflineUserError,
        );
    });
});

describe("deploy gates: the providers' diff", () => {
    const pre = { taskDefinitionArn: td(42), command: ["x"], timeoutSeconds: 600 };
    it("runs the pre-deploy task only for a new task definition", async () => {
        assert.deepEqual(await preDeployProvider.diff!("id", pre, { ...pre, taskDefinitionArn: td(43) }), {
            changes: true,
        });
        assert.deepEqual(await preDeployProvider.diff!("id", pre, { ...pre, timeoutSeconds: 900, command: ["y"] }), {
            changes: false,
        });
    });
    const w = {
        taskDefinitionArn: td(42),
        serviceFingerprint: "aaaa",
        cluster: CLUSTER,
        service: SERVICE,
        timeoutSeconds: 600,
    };
    it("watches again when the task definition or the service changes", async () => {
        assert.deepEqual(await rolloutWatchProvider.diff!("id", w, { ...w, taskDefinitionArn: td(43) }), {
            changes: true,
        });
        assert.deepEqual(await rolloutWatchProvider.diff!("id", w, { ...w, serviceFingerprint: "bbbb" }), {
            changes: true,
        });
        assert.deepEqual(await rolloutWatchProvider.diff!("id", w, { ...w, timeoutSeconds: 60 }), { changes: false });
    });
});

describe("deploy gates: the serialised providers in a fresh process", function () {
    this.timeout(120_000);

    it("the rollout watch completes and reports the running revision", async () => {
        const done = describeServices([{ rev: 42, status: "PRIMARY", rollout: "COMPLETED", running: 1, desired: 1 }]);
        const f = await startFakeAws({
            DescribeServices: () => done,
            DescribeServiceDeployments: () => serviceDeployment("SUCCESSFUL"),
        });
        try {
            const inputs = {
                region: "eu-north-1",
                cluster: CLUSTER,
                service: SERVICE,
                taskDefinitionArn: td(42),
                serviceFingerprint: "f",
                timeoutSeconds: 30,
                pollSeconds: 0.05,
            };
            const r = await runSerialised(rolloutWatchProvider, "create", inputs, fakeAwsEnv(f.url));
            assert.equal(r.code, 0, r.stderr);
            const out = JSON.parse(r.stdout);
            assert.equal(out.id, `${CLUSTER}/${SERVICE}`);
            assert.equal(out.outs.runningTaskDefinition, td(42));
            assert.doesNotMatch(r.text, /wt-12|\/work\//, "no absolute paths of this checkout in the state");
        } finally {
            await f.close();
        }
    });

    it("a rolled-back rollout fails the step with the headline and reasons", async () => {
        const rolledBack = describeServices([
            { rev: 41, status: "PRIMARY", rollout: "COMPLETED", running: 1, desired: 1 },
            {
                rev: 42,
                status: "ACTIVE",
                rollout: "FAILED",
                running: 0,
                desired: 0,
                reason: "ECS deployment circuit breaker: tasks failed to start.",
            },
        ]);
        const f = await startFakeAws({
            DescribeServices: () => rolledBack,
            DescribeServiceDeployments: () =>
                serviceDeployment("ROLLBACK_SUCCESSFUL", {
                    deploymentCircuitBreaker: { status: "TRIGGERED", failureCount: 2, threshold: 2 },
                }),
            ListTasks: () => ({ taskArns: [taskArn("t1")] }),
            DescribeTasks: () => ({
                tasks: [stoppedTask("t1", 42, "Essential container in task exited", [{ name: "web", exitCode: 1 }])],
            }),
        });
        try {
            const r = await runSerialised(
                rolloutWatchProvider,
                "create",
                {
                    region: "eu-north-1",
                    cluster: CLUSTER,
                    service: SERVICE,
                    taskDefinitionArn: td(42),
                    serviceFingerprint: "f",
                    timeoutSeconds: 30,
                    pollSeconds: 0.05,
                },
                fakeAwsEnv(f.url),
            );
            assert.equal(r.code, 3, r.stderr);
            const lines = r.stderr.split("\n");
            assert.equal(
                lines[0],
                "service ecs-deploy-staging-svc: ecs-deploy-staging:42 was rolled back to :41 by the circuit breaker (2 failed tasks, threshold 2)",
            );
            assert.ok(lines.includes("  task t1 stopped: Essential container in task exited"));
            assert.ok(lines.includes("    container web: exit code 1"));
        } finally {
            await f.close();
        }
    });

    it("a failed pre-deploy task fails the step with the container, exit code and log", async () => {
        const f = await startFakeAws({
            DescribeTaskDefinition: () => ({
                taskDefinition: {
                    taskDefinitionArn: td(42),
                    containerDefinitions: [
                        {
                            name: "web",
                            logConfiguration: {
                                logDriver: "awslogs",
                                options: {
                                    "awslogs-group": "/ecs/ecs-deploy/staging/web",
                                    "awslogs-stream-prefix": "staging",
                                },
                            },
                        },
                    ],
                },
            }),
            RunTask: (b) => {
                assert.deepEqual(b.overrides, {
                    containerOverrides: [{ name: "web", command: ["npm", "run", "migrate"] }],
                });
                assert.equal(b.startedBy, "pulumi-pre-deploy");
                return { tasks: [{ taskArn: taskArn("mig1"), taskDefinitionArn: td(42), lastStatus: "PENDING" }] };
            },
            DescribeTasks: () => ({
                tasks: [stoppedTask("mig1", 42, "Essential container in task exited", [{ name: "web", exitCode: 2 }])],
            }),
            GetLogEvents: () => ({ events: [{ timestamp: 1, message: "Error: connect ECONNREFUSED 10.0.1.5:5432" }] }),
        });
        try {
            const inputs = {
                region: "eu-north-1",
                cluster: CLUSTER,
                taskDefinitionArn: td(42),
                subnets: ["subnet-0a"],
                securityGroups: ["sg-0a"],
                assignPublicIp: false,
                container: "web",
                command: ["npm", "run", "migrate"],
                timeoutSeconds: 30,
                pollSeconds: 0.05,
            };
            const r = await runSerialised(preDeployProvider, "create", inputs, fakeAwsEnv(f.url));
            assert.equal(r.code, 3);
            assert.deepEqual(r.stderr.split("\n"), [
                'pre-deploy command ["npm","run","migrate"] failed, so the service was not updated: one-off task mig1 of ecs-deploy-staging:42: container web exited with code 2',
                "  log /ecs/ecs-deploy/staging/web staging/web/mig1 (last 1 lines):",
                "  | Error: connect ECONNREFUSED 10.0.1.5:5432",
            ]);
        } finally {
            await f.close();
        }
    });
});
