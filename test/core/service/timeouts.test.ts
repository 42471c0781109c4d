/** The rollout's time budget: the service's own timeouts and the rollout watch's, from the strategy's worst case and the pauses. */
import * as assert from "node:assert/strict";
import { MAX_WAIT_SECONDS } from "../../../core/config/types";
import { estimateRollout, rolloutInputsFromConfig } from "../../../core/service/rolloutEstimate";
import {
    PROVIDER_SERVICE_TIMEOUT_MINUTES,
    rolloutWatchTimeoutSeconds,
    serviceTimeouts,
    START_ALLOWANCE_MINUTES,
} from "../../../core/service/timeouts";
import { stackConfig } from "../../support/stackConfig";

type Json = Record<string, any>;
const withService = (service: Json) =>
    stackConfig(
        "staging",
        (raw) => (raw.service = { desiredCount: 2, loadBalancer: { healthCheckPath: "/h" }, ...service }),
    ).service;
const containers = [
    {
        name: "web",
        essential: true,
        stopTimeout: 20,
        healthCheck: { command: ["CMD", "true"], interval: 10, retries: 3 },
    },
];
const worstCase = (service: ReturnType<typeof withService>) =>
    estimateRollout(rolloutInputsFromConfig(service, containers)).serialSeconds;

describe("rollout time budget", () => {
    it("is the strategy's worst case plus the start allowance, never below the provider's 20 minutes", () => {
        const rolling = withService({ strategy: "ROLLING" });
        assert.equal(serviceTimeouts(rolling, containers).minutes, PROVIDER_SERVICE_TIMEOUT_MINUTES);
        const slow = withService({
            strategy: "LINEAR",
            linearStepPercent: 10,
            linearStepBakeTimeMinutes: 5,
            bakeTimeMinutes: 30,
        });
        const t = serviceTimeouts(slow, containers);
        assert.equal(t.worstCaseSeconds, worstCase(slow));
        assert.equal(t.minutes, Math.ceil(worstCase(slow) / 60) + START_ALLOWANCE_MINUTES);
        assert.equal(t.pauseSeconds, 0);
        assert.deepEqual([t.create, t.update], [`${t.minutes}m`, `${t.minutes}m`]);
    });

    it("adds each pause's timeout, so the service and the watch can wait at a pause as long as its hook", () => {
        const base = withService({ strategy: "BLUE_GREEN", bakeTimeMinutes: 30 });
        const paused = withService({
            strategy: "BLUE_GREEN",
            bakeTimeMinutes: 30,
            pauses: [
                { stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60 },
                { stage: "POST_PRODUCTION_TRAFFIC_SHIFT", timeoutMinutes: 15, onTimeout: "CONTINUE" },
            ],
        });
        const before = serviceTimeouts(base, containers).minutes;
        const after = serviceTimeouts(paused, containers);
        assert.equal(after.pauseSeconds, 75 * 60);
        assert.equal(after.minutes, Math.ceil((worstCase(paused) + 75 * 60) / 60) + START_ALLOWANCE_MINUTES);
        assert.ok(after.minutes >= before + 75, `${after.minutes} vs ${before}`);
        const watch = rolloutWatchTimeoutSeconds(paused, containers);
        assert.equal(watch, after.minutes * 60);
        assert.ok(watch >= worstCase(paused) + after.pauseSeconds);
    });

    it("counts a pause before each linear step at every step", () => {
        const linear = (pauses: Json[]) =>
            withService({ strategy: "LINEAR", linearStepPercent: 25, linearStepBakeTimeMinutes: 1, pauses });
        const once = serviceTimeouts(linear([{ stage: "POST_SCALE_UP", timeoutMinutes: 30 }]), containers);
        const each = serviceTimeouts(
            linear([{ stage: "PRE_PRODUCTION_TRAFFIC_SHIFT", timeoutMinutes: 30 }]),
            containers,
        );
        assert.equal(once.pauseSeconds, 30 * 60);
        assert.equal(each.pauseSeconds, 4 * 30 * 60);
        assert.equal(each.minutes - once.minutes, 3 * 30);
    });

    it("lets service.rolloutTimeoutSeconds decide the watch when set", () =>
        assert.equal(
            rolloutWatchTimeoutSeconds(
                withService({
                    strategy: "CANARY",
                    rolloutTimeoutSeconds: 7200,
                    pauses: [{ stage: "POST_SCALE_UP", timeoutMinutes: 60 }],
                }),
                containers,
            ),
            7200,
        ));

    it("never lets the watch outlive the deploy's credentials (12 h)", () => {
        const long = withService({
            strategy: "LINEAR",
            linearStepPercent: 3,
            linearStepBakeTimeMinutes: 30,
            pauses: [{ stage: "POST_SCALE_UP", timeoutMinutes: 600 }],
        });
        assert.ok(serviceTimeouts(long, containers).minutes * 60 > MAX_WAIT_SECONDS);
        assert.equal(rolloutWatchTimeoutSeconds(long, containers), MAX_WAIT_SECONDS);
    });
});
