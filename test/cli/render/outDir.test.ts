/**
 * `npm run render` into a directory an earlier render wrote: the files are the stack's as it is now, so a
 * worker or job the stack no longer has leaves no task-definition file behind to read as still deployed.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderCli, ROOT, tempDir } from "../../support/render";

const HELD_OUT = path.join(ROOT, "test", "fixtures", "stacks", "Pulumi.workers.yaml");

describe("render: a reused --out directory", () => {
    it("removes the task definitions of families the stack no longer has, and says so", async () => {
        const out = tempDir("render-reused-");
        const first = await renderCli(["--stack", "workers", "--config-file", HELD_OUT, "--out", out]);
        assert.equal(first.status, 0, first.stderr);
        fs.writeFileSync(path.join(out, "notes.txt"), "a reviewer's file");
        const fewer = path.join(tempDir("render-fewer-"), "Pulumi.workers.yaml");
        const yaml = fs.readFileSync(HELD_OUT, "utf8");
        fs.writeFileSync(fewer, yaml.slice(0, yaml.indexOf("  ecs-deploy:schedules:")));
        assert.notEqual(yaml.length, fs.readFileSync(fewer, "utf8").length, "the job was cut from the stack file");

        const second = await renderCli(["--stack", "workers", "--config-file", fewer, "--out", out]);

        assert.equal(second.status, 0, second.stderr);
        assert.match(second.stdout, /^removed .*task-definition-nightly-report\.json: no such family now$/m);
        assert.deepEqual(fs.readdirSync(out).sort(), [
            "imagedefinitions.json",
            "notes.txt",
            "resources.json",
            "task-definition-jobs.json",
            "task-definition-mailer.json",
            "task-definition.json",
        ]);
    });
});
