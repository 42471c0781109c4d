import * as assert from "node:assert/strict";
import { ConfigError } from "../../../core/support/errors";
import { MAX_YAML_ALIASES, MAX_YAML_DEPTH, parseYaml } from "../../../core/config/yaml";
import { ALIAS_BOMB, deepFlowList } from "../../support/hostileYaml";

/** Stack and project files are YAML: the library's guards become one line naming the file, what is wrong and the fix. */

const FILE = "Pulumi.staging.yaml";

/** The same with block sequences, one indented line per level. */
const deepBlockList = (levels: number) =>
    "config:\n  ecs-deploy:x:\n" +
    Array.from({ length: levels }, (_, i) => `${" ".repeat(4 + 2 * i)}-${i === levels - 1 ? " x" : ""}`).join("\n") +
    "\n";

function refusal(text: string): ConfigError {
    try {
        parseYaml(text, FILE);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `a ConfigError, got ${String(e)}`);
        assert.doesNotMatch(e.message, /\n/, "one line");
        assert.ok(e.message.startsWith(`${FILE}: `), e.message);
        return e;
    }
    assert.fail("accepted");
}

describe("stack file YAML: the reader's guards", () => {
    it("refuses an alias bomb with the file, the limit and the fix, not the library's ReferenceError", () => {
        const e = refusal(ALIAS_BOMB);
        assert.equal(
            e.message,
            `${FILE}: its aliases expand to more than ${MAX_YAML_ALIASES} copies, the limit that stops alias bombs. ` +
                "Fix: write the repeated values out instead of using anchors (&name) and aliases (*name)",
        );
    });

    it("still reads a few aliases", () => {
        const text = "config:\n  ecs-deploy:a: &tags [x, y]\n  ecs-deploy:b: *tags\n";
        assert.deepEqual(parseYaml(text, FILE), { config: { "ecs-deploy:a": ["x", "y"], "ecs-deploy:b": ["x", "y"] } });
    });

    it("refuses flow lists 1,000 deep with the depth, where it passes the limit, and the fix", () => {
        const e = refusal(deepFlowList(1000));
        assert.match(
            e.message,
            new RegExp(
                `^${FILE}: nests 1002 levels deep \\(level ${MAX_YAML_DEPTH + 1} at line 3, column ${17 + MAX_YAML_DEPTH - 2}\\); ` +
                    `at most ${MAX_YAML_DEPTH} levels are read\\. Fix: flatten that value`,
            ),
        );
    });

    it("refuses block lists 1,000 deep the same way", () => {
        assert.match(
            refusal(deepBlockList(1000)).message,
            /: nests 1002 levels deep \(level 65 at line 65, column 129\)/,
        );
    });

    it("refuses lists 100,000 deep without running out of stack", () => {
        assert.match(refusal(deepFlowList(100_000)).message, /: nests 100002 levels deep /);
    });

    it(`reads ${MAX_YAML_DEPTH} levels and refuses ${MAX_YAML_DEPTH + 1}`, () => {
        const atLimit = parseYaml(deepFlowList(MAX_YAML_DEPTH - 2), FILE) as { config: Record<string, unknown> };
        assert.ok(Array.isArray(atLimit.config["ecs-deploy:x"]));
        assert.match(refusal(deepFlowList(MAX_YAML_DEPTH - 1)).message, /nests 65 levels deep/);
    });

    it("refuses aliases nested inside anchored values that copy into a value too deep", () => {
        const chain = ["a0: &a0 [[[[[[[[[[1]]]]]]]]]]"];
        for (let i = 1; i < 40; i++) chain.push(`a${i}: &a${i} [[[[[[[[[[*a${i - 1}]]]]]]]]]]`);
        const e = refusal(chain.join("\n"));
        assert.match(
            e.message,
            /: its aliases nest values 401 levels deep; at most 64 levels are read\. Fix: write the values out/,
        );
    });

    it("refuses an alias inside the node it names", () => {
        assert.match(refusal("a: &a [1, *a]\n").message, /: alias \*a refers to the node that contains it/);
    });

    it("reports a syntax error with the library's first line", () => {
        assert.match(
            refusal("config:\n  aws:region: [eu-north-1\n").message,
            /: is not valid YAML \(.*\)\. Fix: fix the YAML syntax$/,
        );
    });
});
