/** Pauses become the service's PAUSE lifecycle hooks, exactly as @pulumi/aws 7.48's aws.ecs.Service takes them. */
import * as assert from "node:assert/strict";
import type * as aws from "@pulumi/aws";
import { pauseHooks, pauseSeconds, pauseStages, stageVisits } from "../../../core/service/lifecycleHooks";
import { deploymentSettings } from "../../../core/service/strategy";
import { stackConfig } from "../../support/stackConfig";

type Json = Record<string, any>;
const withService = (service: Json) =>
    stackConfig(
        "staging",
        (raw) => (raw.service = { desiredCount: 2, loadBalancer: { healthCheckPath: "/h" }, ...service }),
    ).service;

describe("PAUSE lifecycle hooks on the service", () => {
    it("adds no lifecycleHooks without pauses, so a stack without them renders as before", () => {
        for (const strategy of ["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"]) {
            const d = deploymentSettings(withService({ strategy }), true).deploymentConfiguration;
            assert.equal(d.lifecycleHooks, undefined, strategy);
            assert.ok(!("lifecycleHooks" in JSON.parse(JSON.stringify(d))), strategy);
        }
    });

    it("gives each pause its own PAUSE hook: its stage, its timeout (as the provider's string) and its action", () => {
        const service = withService({
            strategy: "CANARY",
            pauses: [
                { stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60, onTimeout: "ROLLBACK" },
                { stage: "POST_PRODUCTION_TRAFFIC_SHIFT", timeoutMinutes: 15, onTimeout: "CONTINUE" },
            ],
        });
        const hooks = deploymentSettings(service, true).deploymentConfiguration.lifecycleHooks;
        assert.deepEqual(hooks, [
            {
                targetType: "PAUSE",
                lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
                timeoutConfiguration: { action: "ROLLBACK", timeoutInMinutes: "60" },
            },
            {
                targetType: "PAUSE",
                lifecycleStages: ["POST_PRODUCTION_TRAFFIC_SHIFT"],
                timeoutConfiguration: { action: "CONTINUE", timeoutInMinutes: "15" },
            },
        ]);
        // No Lambda target and no role: a PAUSE hook needs neither.
        for (const h of hooks)
            assert.deepEqual(Object.keys(h).sort(), ["lifecycleStages", "targetType", "timeoutConfiguration"]);
        // The provider's own input type accepts it (checked by tsc).
        const typed: aws.types.input.ecs.ServiceDeploymentConfigurationLifecycleHook[] = pauseHooks(service.pauses);
        assert.equal(typed.length, 2);
    });

    it("pauses a ROLLING deployment nowhere, the others at every stage but the two Lambda-only ones", () => {
        assert.deepEqual(pauseStages("ROLLING"), []);
        for (const s of ["BLUE_GREEN", "CANARY", "LINEAR"] as const)
            assert.deepEqual(pauseStages(s), [
                "RECONCILE_SERVICE",
                "PRE_SCALE_UP",
                "POST_SCALE_UP",
                "POST_TEST_TRAFFIC_SHIFT",
                "PRE_PRODUCTION_TRAFFIC_SHIFT",
                "POST_PRODUCTION_TRAFFIC_SHIFT",
            ]);
    });

    it("counts the pre-shift stage once per traffic step: canary 2, linear ceil(100 / step), blue/green 1", () => {
        const pre = "PRE_PRODUCTION_TRAFFIC_SHIFT" as const;
        assert.equal(stageVisits(pre, withService({ strategy: "CANARY", canaryPercent: 10 })), 2);
        assert.equal(stageVisits(pre, withService({ strategy: "LINEAR", linearStepPercent: 25 })), 4);
        assert.equal(stageVisits(pre, withService({ strategy: "LINEAR", linearStepPercent: 30 })), 4);
        assert.equal(stageVisits(pre, withService({ strategy: "BLUE_GREEN" })), 1);
        assert.equal(stageVisits("POST_TEST_TRAFFIC_SHIFT", withService({ strategy: "LINEAR" })), 1);
        const service = withService({
            strategy: "LINEAR",
            linearStepPercent: 50,
            pauses: [
                { stage: pre, timeoutMinutes: 10 },
                { stage: "POST_SCALE_UP", timeoutMinutes: 5 },
            ],
        });
        assert.equal(pauseSeconds(service), (2 * 10 + 5) * 60);
    });
});
