/** The service section's settings for the deploy-time steps: the pre-deploy task, the rollout watch and the alarms. */
import assert from "node:assert/strict";
import { parseStackConfig } from "../../../core/config/parse";
import { ConfigError } from "../../../core/support/errors";

describe("stack config: the deploy gates (preDeploy, rolloutTimeoutSeconds, alarms)", () => {
    const ctx = { project: "ecs-deploy", stack: "staging", file: "Pulumi.staging.yaml", region: "eu-north-1" };
    const service = (s: Record<string, unknown>) =>
        parseStackConfig({ service: { desiredCount: 1, ...s } }, ctx).service;
    const rejects = (s: Record<string, unknown>, path: string, problem: RegExp) =>
        assert.throws(
            () => service(s),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message.startsWith(`Pulumi.staging.yaml: ${path}: `) &&
                problem.test(e.message) &&
                /\. Fix: \S/.test(e.message),
        );

    it("reads preDeploy with its defaults", () =>
        assert.deepEqual(service({ preDeploy: { command: ["rake", "db:migrate"] } }).preDeploy, {
            command: ["rake", "db:migrate"],
            container: undefined,
            timeoutSeconds: 600,
        }));
    it("rejects a command that is a string", () =>
        rejects(
            { preDeploy: { command: "npm run migrate" } },
            "ecs-deploy:service.preDeploy.command",
            /must be a non-empty list of strings, got "npm run migrate"/,
        ));
    it("rejects an empty command", () =>
        rejects(
            { preDeploy: { command: [] } },
            "ecs-deploy:service.preDeploy.command",
            /must be a non-empty list of strings, got \[\]/,
        ));
    it("rejects a command with a non-string", () =>
        rejects(
            { preDeploy: { command: ["sleep", 5] } },
            "ecs-deploy:service.preDeploy.command",
            /must be a non-empty list of strings/,
        ));
    it("rejects a missing command", () =>
        rejects({ preDeploy: { container: "web" } }, "ecs-deploy:service.preDeploy.command", /got null/));
    it("rejects a timeout beyond the longest deploy credentials", () =>
        rejects(
            { preDeploy: { command: ["x"], timeoutSeconds: 86400 } },
            "ecs-deploy:service.preDeploy.timeoutSeconds",
            /86400 is outside 1\.\.43200/,
        ));
    it("rejects a zero timeout", () =>
        rejects(
            { preDeploy: { command: ["x"], timeoutSeconds: 0 } },
            "ecs-deploy:service.preDeploy.timeoutSeconds",
            /0 is outside 1\.\.43200/,
        ));
    it("rejects an unknown preDeploy key", () =>
        rejects(
            { preDeploy: { command: ["x"], comand: ["y"] } },
            "ecs-deploy:service.preDeploy.comand",
            /is not a known setting/,
        ));
    it("rejects a rollout timeout out of range", () =>
        rejects(
            { rolloutTimeoutSeconds: 10 },
            "ecs-deploy:service.rolloutTimeoutSeconds",
            /10 is outside 60\.\.43200/,
        ));
    it("takes an explicit rollout timeout", () =>
        assert.equal(service({ rolloutTimeoutSeconds: 3600 }).rolloutTimeoutSeconds, 3600));
    it("turns alarms on with a load balancer, off without", () => {
        assert.deepEqual(service({ loadBalancer: {} }).alarms, {
            http5xxPercent: 5,
            unhealthyHosts: 1,
            periodSeconds: 60,
            evaluationPeriods: 3,
        });
        assert.equal(service({}).alarms, undefined);
        assert.equal(service({ loadBalancer: {}, alarms: { enabled: false } }).alarms, undefined);
    });
    it("rejects alarms without a load balancer", () =>
        rejects({ alarms: { enabled: true } }, "ecs-deploy:service.alarms.enabled", /there is no load balancer/));
    it("rejects an alarm period that is not whole minutes", () =>
        rejects(
            { loadBalancer: {}, alarms: { periodSeconds: 90 } },
            "ecs-deploy:service.alarms.periodSeconds",
            /90 is not a whole number of minutes/,
        ));
    it("rejects an evaluation window over a day", () =>
        rejects(
            { loadBalancer: {}, alarms: { periodSeconds: 3600, evaluationPeriods: 25 } },
            "ecs-deploy:service.alarms.evaluationPeriods",
            /exceed CloudWatch's one-day evaluation window/,
        ));
    it("rejects a 5xx threshold that is not a percentage", () =>
        rejects(
            { loadBalancer: {}, alarms: { http5xxPercent: 150 } },
            "ecs-deploy:service.alarms.http5xxPercent",
            /150 is outside 1\.\.100/,
        ));
    it("keeps waitForSteadyState when set explicitly", () =>
        assert.equal(service({ waitForSteadyState: true }).waitForSteadyState, true));
});
