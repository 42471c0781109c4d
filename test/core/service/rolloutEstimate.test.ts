import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseStackConfig } from "../../../core/config/parse";
import {
    ALB_DEFAULTS,
    awsxBaseline,
    containerTimings,
    estimateRollout,
    RolloutError,
    RolloutInputs,
    rolloutInputsFromConfig,
    rolloutInputsFromResources,
    rollingBatches,
} from "../../../core/service/rolloutEstimate";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const templateContainers = () =>
    (
        JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8")) as {
            containerDefinitions: unknown;
        }
    ).containerDefinitions;
const ctx = { project: "ecs-deploy", stack: "test", file: "Pulumi.test.yaml", region: "eu-north-1" };
const service = (s: Record<string, unknown> = {}) =>
    parseStackConfig({ service: { loadBalancer: {}, ...s } }, ctx).service;

/** Our defaults with the app's template: the bench's fallback. */
const defaults = (s: Record<string, unknown> = {}): RolloutInputs =>
    rolloutInputsFromConfig(service(s), templateContainers());

describe("rollout time", () => {
    describe("rollingBatches: what the deployment percentages allow", () => {
        it("replaces a single task in one batch at 100/200", () =>
            assert.deepEqual(rollingBatches(1, 100, 200), { batches: 1, batchSize: 1 }));
        it("replaces twelve tasks in one batch at 100/200", () =>
            assert.deepEqual(rollingBatches(12, 100, 200), { batches: 1, batchSize: 12 }));
        it("rounds maximumPercent down and minimumHealthyPercent up, as ECS does", () => {
            assert.deepEqual(rollingBatches(3, 100, 150), { batches: 3, batchSize: 1 }); // 4 running, 3 kept
            assert.deepEqual(rollingBatches(3, 50, 100), { batches: 3, batchSize: 1 }); // 3 running, 2 kept
            assert.deepEqual(rollingBatches(4, 50, 100), { batches: 2, batchSize: 2 });
        });
        it("has nothing to do at zero tasks", () =>
            assert.deepEqual(rollingBatches(0, 100, 100), { batches: 0, batchSize: 0 }));
        it("refuses percentages that never free a slot", () =>
            assert.throws(
                () => rollingBatches(1, 100, 150),
                (e: unknown) =>
                    e instanceof RolloutError &&
                    /maximumPercent 150 allows 1 running and minimumHealthyPercent 100 keeps 1/.test(e.message),
            ));
    });

    describe("containerTimings: what the task definition contributes", () => {
        it("reads the app template's health check and stop timeout", () => {
            assert.deepEqual(containerTimings(templateContainers()), {
                healthCheck: { startPeriod: 10, interval: 10, retries: 3 },
                stopTimeout: 20,
            });
        });
        it("reads containerDefinitions as the JSON text a task definition resource holds", () => {
            const text = JSON.stringify([{ name: "web", healthCheck: { command: ["CMD", "true"] } }]);
            assert.deepEqual(containerTimings(text), {
                healthCheck: { startPeriod: 0, interval: 30, retries: 3 },
                stopTimeout: 30,
            });
        });
        it("ignores the health check of a non-essential container, and takes the largest stop timeout", () => {
            const defs = [
                { name: "web", essential: true, stopTimeout: 10 },
                {
                    name: "sidecar",
                    essential: false,
                    stopTimeout: 60,
                    healthCheck: { command: ["CMD", "true"], startPeriod: 300 },
                },
            ];
            assert.deepEqual(containerTimings(defs), { healthCheck: undefined, stopTimeout: 60 });
        });
        it("gives up on unreadable definitions", () => assert.equal(containerTimings("[masked]"), undefined));
    });

    describe("estimateRollout", () => {
        it("our defaults: ready in max(grace 30, ALB 10x2, container 10+10x3) + drain 30 + stop 20", () => {
            const e = estimateRollout(defaults());
            assert.equal(e.batches, 1);
            assert.equal(e.seconds, 40 + 30 + 20);
            assert.equal(e.serialSeconds, 30 + 20 + 40 + 30 + 20);
        });

        it("awsx's defaults: ALB 30x5 and a 300 s drain", () => {
            const e = estimateRollout(awsxBaseline(defaults()));
            assert.equal(e.seconds, 150 + 300 + 20);
            assert.equal(e.serialSeconds, 0 + 150 + 40 + 300 + 20);
        });

        it("meets the goal: at most a quarter of awsx's worst case, for staging and production", () => {
            for (const stack of ["staging", "production"]) {
                const s = parseStackConfig(
                    stack === "production"
                        ? {
                              service: {
                                  desiredCount: 3,
                                  loadBalancer: {},
                                  autoscaling: { minCount: 3, maxCount: 12, metric: "cpu", target: 60 },
                              },
                          }
                        : { service: { loadBalancer: {} } },
                    { ...ctx, stack },
                ).service;
                const ours = rolloutInputsFromConfig(s, templateContainers());
                const ratio = estimateRollout(ours).seconds / estimateRollout(awsxBaseline(ours)).seconds;
                assert.ok(ratio <= 0.25, `${stack}: ${ratio}`);
                assert.equal(ratio, 90 / 470);
            }
        });

        it("counts the grace period when it is the slowest clock", () => {
            assert.equal(estimateRollout(defaults({ healthCheckGracePeriodSeconds: 120 })).seconds, 120 + 30 + 20);
        });

        it("multiplies by the batches the percentages force", () => {
            const i = { ...defaults(), desiredCount: 4, minimumHealthyPercent: 50, maximumPercent: 100 };
            assert.equal(estimateRollout(i).batches, 2);
            assert.equal(estimateRollout(i).seconds, 2 * 90);
        });

        it("adds a given task start time to every batch", () => {
            assert.equal(estimateRollout({ ...defaults(), taskStartSeconds: 45 }).seconds, 135);
        });

        it("without a load balancer: no grace period, ALB checks or drain", () => {
            const i = rolloutInputsFromConfig(parseStackConfig({}, ctx).service, templateContainers());
            assert.equal(i.targetGroup, undefined);
            assert.equal(estimateRollout(i).seconds, 40 + 20);
        });

        it("BLUE_GREEN adds the bake time once", () => {
            assert.equal(estimateRollout(defaults({ strategy: "BLUE_GREEN", bakeTimeMinutes: 5 })).seconds, 90 + 300);
        });

        it("CANARY adds the canary bake time", () => {
            assert.equal(estimateRollout(defaults({ strategy: "CANARY", canaryBakeTimeMinutes: 3 })).seconds, 90 + 180);
        });

        it("LINEAR adds a step bake between each of its steps", () => {
            assert.equal(
                estimateRollout(defaults({ strategy: "LINEAR", linearStepPercent: 25, linearStepBakeTimeMinutes: 2 }))
                    .seconds,
                90 + 3 * 120,
            );
        });
    });

    describe("rolloutInputsFromResources: the rendered resource list", () => {
        const tg = (name: string, interval: number, threshold: number, delay: number) => ({
            type: "aws:lb/targetGroup:TargetGroup",
            name,
            inputs: {
                targetType: "ip",
                deregistrationDelay: delay,
                healthCheck: { interval, healthyThreshold: threshold },
            },
        });
        const rendered = [
            {
                type: "aws:ecs/service:Service",
                name: "web",
                inputs: {
                    desiredCount: 3,
                    deploymentMinimumHealthyPercent: 100,
                    deploymentMaximumPercent: 150,
                    healthCheckGracePeriodSeconds: 15,
                    deploymentConfiguration: { strategy: "ROLLING" },
                    loadBalancers: [
                        {
                            containerName: "web",
                            containerPort: 8080,
                            targetGroupArn: "arn:aws:elasticloadbalancing:eu-north-1:123456789012:targetgroup/web/1",
                        },
                    ],
                },
            },
            tg("web-primary", 10, 2, 30),
            tg("web-alternate", 15, 3, 20),
            {
                type: "aws:appautoscaling/target:Target",
                name: "web-scaling",
                inputs: { minCapacity: 3, maxCapacity: 6 },
            },
            {
                type: "aws:ecs/taskDefinition:TaskDefinition",
                name: "web",
                inputs: {
                    containerDefinitions: JSON.stringify([
                        {
                            name: "web",
                            stopTimeout: 10,
                            healthCheck: { command: ["CMD", "true"], startPeriod: 5, interval: 5, retries: 2 },
                        },
                    ]),
                },
            },
        ];

        it("reads the service, the slowest target group, the autoscaler's maximum and the containers", () => {
            const i = rolloutInputsFromResources(rendered, defaults());
            assert.deepEqual(
                {
                    ...i,
                    bakeTimeMinutes: undefined,
                    canaryBakeTimeMinutes: undefined,
                    linearStepPercent: undefined,
                    linearStepBakeTimeMinutes: undefined,
                },
                {
                    strategy: "ROLLING",
                    desiredCount: 6,
                    minimumHealthyPercent: 100,
                    maximumPercent: 150,
                    healthCheckGracePeriodSeconds: 15,
                    targetGroup: { intervalSeconds: 15, healthyThreshold: 3, deregistrationDelaySeconds: 20 },
                    containerHealthCheck: { startPeriod: 5, interval: 5, retries: 2 },
                    stopTimeoutSeconds: 10,
                    taskStartSeconds: 0,
                    bakeTimeMinutes: undefined,
                    canaryBakeTimeMinutes: undefined,
                    linearStepPercent: undefined,
                    linearStepBakeTimeMinutes: undefined,
                },
            );
            // 6 tasks, 9 running at most, 6 kept: 2 batches of max(15, 45, 15) + 20 + 10.
            assert.deepEqual(estimateRollout(i), { ...estimateRollout(i), batches: 2, batchSize: 3, seconds: 2 * 75 });
        });

        it("falls back to AWS's defaults for what the service leaves unset", () => {
            const bare = [
                { type: "aws:ecs/service:Service", name: "web", inputs: { loadBalancers: [{}] } },
                { type: "aws:lb/targetGroup:TargetGroup", name: "tg", inputs: {} },
            ];
            const i = rolloutInputsFromResources(bare, defaults());
            assert.equal(i.desiredCount, 1);
            assert.equal(i.minimumHealthyPercent, 100);
            assert.equal(i.maximumPercent, 200);
            assert.equal(i.healthCheckGracePeriodSeconds, 0);
            assert.deepEqual(i.targetGroup, { ...ALB_DEFAULTS });
        });

        it("reads the ECS-native strategy and its waits", () => {
            const bg = structuredClone(rendered);
            (bg[0].inputs as Record<string, unknown>).deploymentConfiguration = {
                strategy: "LINEAR",
                bakeTimeInMinutes: "4",
                linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: "2" },
            };
            const i = rolloutInputsFromResources(bg, defaults());
            assert.equal(i.strategy, "LINEAR");
            assert.equal(i.bakeTimeMinutes, 4);
            assert.equal(i.linearStepPercent, 50);
            assert.equal(i.linearStepBakeTimeMinutes, 2);
        });

        it("needs a service", () =>
            assert.throws(() => rolloutInputsFromResources([], defaults()), /no aws:ecs\/service:Service/));

        it("rejects an unknown strategy", () =>
            assert.throws(
                () =>
                    rolloutInputsFromResources(
                        [
                            {
                                type: "aws:ecs/service:Service",
                                name: "web",
                                inputs: { deploymentConfiguration: { strategy: "RECREATE" } },
                            },
                        ],
                        defaults(),
                    ),
                /unknown deployment strategy "RECREATE"/,
            ));
    });
});
