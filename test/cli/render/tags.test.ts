/**
 * The task definition's tags: what render writes to task-definition.json is what the provider registers
 * (resources.json's inputs). The stack's tags (app, stack, managed-by) win over a layer's on a shared key,
 * and the definition carries both.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { render } from "../../../cli/render";
import { ROOT, tempDir } from "../../support/render";

type Json = Record<string, any>;
type Tag = { key: string; value: string };

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const STACK_TAGS = { app: "ecs-deploy", stack: "staging", "managed-by": "pulumi" };

/** Renders staging with the template's and the overlay's tags; returns the rendered tags and the provider's. */
async function renderTags(templateTags?: Tag[], overlayTags?: Tag[]): Promise<{ rendered: Tag[]; registered: Json }> {
    const dir = tempDir("render-tags-");
    const template = JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8"));
    if (templateTags) template.tags = templateTags;
    fs.writeFileSync(path.join(dir, "template.json"), JSON.stringify(template));
    const stack = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8"));
    if (overlayTags) stack.config["ecs-deploy:overlay"].tags = overlayTags;
    fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), YAML.stringify(stack));
    const out = path.join(dir, "out");
    await render([
        "--stack",
        "staging",
        "--config-file",
        path.join(dir, "Pulumi.staging.yaml"),
        "--template",
        path.join(dir, "template.json"),
        "--out",
        out,
    ]);
    const td = JSON.parse(fs.readFileSync(path.join(out, "task-definition.json"), "utf8"));
    const resources: Json[] = JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8"));
    const registered = resources.filter((r) => r.type === TASK_DEFINITION);
    assert.equal(registered.length, 1);
    return { rendered: td.tags, registered: registered[0].inputs.tags };
}

const asMap = (tags: Tag[]) => Object.fromEntries(tags.map((t) => [t.key, t.value]));

describe("render: the task definition's tags are the ones it registers", function () {
    this.timeout(120_000);

    it("merges a template's tags with the stack's, the stack winning on app and stack", async () => {
        const { rendered, registered } = await renderTags([
            { key: "team", value: "web" },
            { key: "app", value: "mine" },
            { key: "stack", value: "somewhere-else" },
        ]);
        assert.deepEqual(rendered, [
            { key: "team", value: "web" },
            { key: "app", value: "ecs-deploy" },
            { key: "stack", value: "staging" },
            { key: "managed-by", value: "pulumi" },
        ]);
        assert.deepEqual(asMap(rendered), registered);
    });

    it("merges the overlay's tags by key over the template's, then the stack's over both", async () => {
        const { rendered, registered } = await renderTags(
            [
                { key: "team", value: "web" },
                { key: "cost-centre", value: "1" },
            ],
            [
                { key: "cost-centre", value: "42" },
                { key: "managed-by", value: "hand" },
            ],
        );
        assert.deepEqual(asMap(rendered), { team: "web", "cost-centre": "42", ...STACK_TAGS });
        assert.equal(rendered.length, Object.keys(registered).length, "one tag per key");
        assert.deepEqual(asMap(rendered), registered);
    });

    it("shows the stack's tags on a template without tags, as registered", async () => {
        const { rendered, registered } = await renderTags();
        assert.deepEqual(asMap(rendered), STACK_TAGS);
        assert.deepEqual(registered, STACK_TAGS);
    });
});
