/**
 * A stack with pauses through `render`, as a user runs it: the service carries one PAUSE lifecycle hook per
 * pause (past the provider's rules), and its timeouts grow by the pauses' timeouts. The real stacks have no
 * pauses, and their service renders without lifecycle hooks.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { renderCli, ROOT, tempDir } from "../../support/render";

type Json = Record<string, any>;

const resources = (dir: string): Json[] => JSON.parse(fs.readFileSync(path.join(dir, "resources.json"), "utf8"));
const serviceOf = (dir: string): Json => resources(dir).find((r) => r.type === "aws:ecs/service:Service")!;
/** The rollout watch `pulumi up` runs after the service: the dynamic resource named `<stack's name>-rollout`. */
const watchOf = (dir: string): Json => resources(dir).find((r) => r.name.endsWith("-rollout"))!;

describe("render: pauses on the service", function () {
    this.timeout(600_000);

    it("renders a blue/green stack's pauses as the service's PAUSE hooks", async () => {
        const dir = tempDir("render-pauses-");
        const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8")) as Json;
        Object.assign(doc.config["ecs-deploy:service"], {
            strategy: "BLUE_GREEN",
            pauses: [
                { stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60, onTimeout: "ROLLBACK" },
                { stage: "POST_PRODUCTION_TRAFFIC_SHIFT", timeoutMinutes: 10, onTimeout: "CONTINUE" },
            ],
        });
        const file = path.join(dir, "Pulumi.paused.yaml");
        fs.writeFileSync(file, YAML.stringify(doc));
        const plain = path.join(dir, "plain");
        const paused = path.join(dir, "paused");
        const runs = await Promise.all([
            renderCli(["--stack", "staging", "--out", plain]),
            renderCli(["--stack", "staging", "--config-file", file, "--out", paused]),
        ]);
        for (const r of runs) assert.equal(r.status, 0, r.stderr);

        const s = serviceOf(paused);
        assert.equal(s.inputs.deploymentConfiguration.strategy, "BLUE_GREEN");
        assert.deepEqual(s.inputs.deploymentConfiguration.lifecycleHooks, [
            {
                targetType: "PAUSE",
                lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
                timeoutConfiguration: { action: "ROLLBACK", timeoutInMinutes: "60" },
            },
            {
                targetType: "PAUSE",
                lifecycleStages: ["POST_PRODUCTION_TRAFFIC_SHIFT"],
                timeoutConfiguration: { action: "CONTINUE", timeoutInMinutes: "10" },
            },
        ]);
        assert.ok(!("lifecycleHooks" in serviceOf(plain).inputs.deploymentConfiguration));
    });

    it("hands the pauses and fail-fast to the rollout watch, and nothing to a stack without them", async () => {
        const dir = tempDir("render-watch-");
        const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8")) as Json;
        const pauses = [{ stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 30, onTimeout: "ROLLBACK" }];
        Object.assign(doc.config["ecs-deploy:service"], {
            strategy: "CANARY",
            pauses,
            failFast: { afterFailedTasks: 1 },
        });
        const file = path.join(dir, "Pulumi.watched.yaml");
        fs.writeFileSync(file, YAML.stringify(doc));
        const plain = path.join(dir, "plain");
        const watched = path.join(dir, "watched");
        const runs = await Promise.all([
            renderCli(["--stack", "staging", "--out", plain]),
            renderCli(["--stack", "staging", "--config-file", file, "--out", watched]),
        ]);
        for (const r of runs) assert.equal(r.status, 0, r.stderr);

        assert.deepEqual(watchOf(watched).inputs.pauses, pauses);
        assert.equal(watchOf(watched).inputs.failFastAfterTasks, 1);
        assert.ok(!("pauses" in watchOf(plain).inputs));
        assert.ok(!("failFastAfterTasks" in watchOf(plain).inputs));
    });
});
