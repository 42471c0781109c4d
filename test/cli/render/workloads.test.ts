/**
 * `render` of the held-out stack (two workers, a scheduled job, Fargate Spot): one task definition per
 * family, each accepted by the AWS CLI's own validator of RegisterTaskDefinition, and imagedefinitions.json.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { WORKERS_STACK_FILE } from "../../support/program";
import { awsCliValidate, renderCli, ROOT, tempDir } from "../../support/render";

const FILES: Record<string, string> = {
    "task-definition.json": "ecs-deploy-workers",
    "task-definition-jobs.json": "ecs-deploy-workers-jobs",
    "task-definition-mailer.json": "ecs-deploy-workers-mailer",
    "task-definition-nightly-report.json": "ecs-deploy-workers-nightly-report",
};

describe("render: the held-out stack with workers and a scheduled job", function () {
    this.timeout(300_000);
    const out = path.join(tempDir("render-workloads-"), "out");
    let status: number | null = null;
    let stderr = "";
    before(async () => {
        ({ status, stderr } = await renderCli([
            "--stack",
            "workers",
            "--config-file",
            WORKERS_STACK_FILE,
            "--out",
            out,
        ]));
    });

    it("renders, writing a task definition per family, imagedefinitions.json and resources.json", () => {
        assert.equal(status, 0, stderr);
        assert.equal(stderr, "", "no warnings: each worker drops the template's health check or brings its own");
        assert.deepEqual(
            fs.readdirSync(out).sort(),
            [...Object.keys(FILES), "imagedefinitions.json", "resources.json"].sort(),
        );
        for (const [file, family] of Object.entries(FILES))
            assert.equal(JSON.parse(fs.readFileSync(path.join(out, file), "utf8")).family, family, file);
    });

    for (const file of Object.keys(FILES))
        it(`${file} passes the AWS CLI's validator`, () => {
            const v = awsCliValidate(path.join(out, file));
            assert.ok(v.passed, v.output);
        });

    it("the validator is not a formality: a worker's command as one string is refused", () => {
        const td = JSON.parse(fs.readFileSync(path.join(out, "task-definition-jobs.json"), "utf8"));
        td.containerDefinitions[0].command = "node worker.js";
        const bad = path.join(path.dirname(out), "bad.json");
        fs.writeFileSync(bad, JSON.stringify(td));
        const v = awsCliValidate(bad);
        assert.ok(!v.passed);
        assert.match(v.output, /Invalid type for parameter containerDefinitions\[0\]\.command/);
    });

    it("lists the app's container once in imagedefinitions.json, with the image every family runs", () => {
        const defs = JSON.parse(fs.readFileSync(path.join(out, "imagedefinitions.json"), "utf8"));
        assert.equal(defs.length, 1);
        assert.equal(defs[0].name, "web");
        for (const file of Object.keys(FILES)) {
            const td = JSON.parse(fs.readFileSync(path.join(out, file), "utf8"));
            assert.equal(td.containerDefinitions[0].image, defs[0].imageUri, file);
            assert.match(defs[0].imageUri, /@sha256:[0-9a-f]{64}$/);
        }
    });
});

describe("render: a worker that keeps a health check probing the web port", () => {
    it("renders, and warns in one line naming the stack file, the key, the port and the fix", async () => {
        const dir = tempDir("render-kept-check-");
        const stackFile = path.join(dir, "Pulumi.staging.yaml");
        const worker = '  ecs-deploy:workers:\n    jobs:\n      command: ["node", "worker.js"]\n';
        fs.writeFileSync(stackFile, fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8") + worker);
        const r = await renderCli(["--stack", "staging", "--config-file", stackFile, "--out", path.join(dir, "out")]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(
            r.stderr,
            'warning: Pulumi.staging.yaml: ecs-deploy:workers.jobs.healthCheck: the worker keeps container "web"\'s health check, ' +
                'which probes port 8080, and a worker publishes no port; unless ["node","worker.js"] serves it, ECS replaces ' +
                "its tasks as unhealthy and the rollout rolls back. Fix: set healthCheck: null, or give the worker its own\n",
        );
        assert.ok(fs.existsSync(path.join(dir, "out", "task-definition-jobs.json")));
    });
});
