/**
 * Promotion is declared twice: the app stack's promoteFrom (what it deploys)
 * and the delivery project's stacks.<name>.promoteFrom (which repository its
 * deploy role may read). They must name the same stack.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { ROOT } from "../support/render";

const appStack = (name: string) =>
    (YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${name}.yaml`), "utf8")) as { config: Record<string, unknown> })
        .config;
const delivery = (
    YAML.parse(fs.readFileSync(path.join(ROOT, "deployment", "Pulumi.shared.yaml"), "utf8")) as {
        config: Record<string, unknown>;
    }
).config;
const stacks = delivery["ecs-deploy-delivery:stacks"] as Record<string, { promoteFrom?: string }>;

/** "staging" or "<org>/ecs-deploy/staging" -> "staging"; another project's stack is not this project's promotion. */
function promotedStack(value: unknown): string | undefined {
    if (typeof value !== "string" || value === "") return undefined;
    const parts = value.split("/");
    if (parts.length === 1) return value;
    assert.equal(parts[1], "ecs-deploy", `${value} is a stack of another project`);
    return parts[2];
}

describe("promotion: app stacks and the delivery project agree", () => {
    it("production promotes from staging in both", () => {
        assert.equal(promotedStack(appStack("production")["ecs-deploy:promoteFrom"]), "staging");
        assert.equal(stacks.production.promoteFrom, "staging");
    });

    for (const name of Object.keys(stacks)) {
        it(`${name}: Pulumi.${name}.yaml and deployment/Pulumi.shared.yaml name the same stack (or none)`, () => {
            assert.equal(promotedStack(appStack(name)["ecs-deploy:promoteFrom"]), stacks[name].promoteFrom);
        });
    }
});
