/**
 * The pieces behind strict stack config, without a render: quoting, the
 * problem list and its cap, regions from the SDK's partition data, how the
 * whole Pulumi config is split, and the stack-file loader's own errors.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkProviderKeys, loadStackFiles } from "../../../offline/stackFiles";
import { evaluateProgram, OfflineUserError } from "../../../offline/runner";
import { decodeAllConfig } from "../../../core/config/decode";
import { parseStackConfig } from "../../../core/config/parse";
import { ConfigError, MAX_REPORTED, throwAll } from "../../../core/support/errors";
import { isRegion, nearestRegion, stackRegion } from "../../../core/config/regions";
import { tempDir } from "../../support/render";
import { ALIAS_BOMB, deepFlowList } from "../../support/hostileYaml";

const ctx = { project: "ecs-deploy", stack: "t", file: "Pulumi.t.yaml", region: "eu-north-1" };

describe("strict stack config", () => {
    describe("the problem list", () => {
        const problem = (i: number) => new ConfigError("Pulumi.t.yaml", `ecs-deploy:k${i}`, "is wrong", "fix it");

        it("one problem is thrown as itself", () =>
            assert.throws(
                () => throwAll([problem(1)]),
                (e: unknown) => e instanceof ConfigError && e.others.length === 0 && !e.message.includes("\n"),
            ));

        it("several are listed one per line, then counted past the cap", () => {
            const all = Array.from({ length: MAX_REPORTED + 3 }, (_, i) => problem(i));
            assert.throws(
                () => throwAll(all),
                (e: unknown) => {
                    assert.ok(e instanceof ConfigError);
                    const lines = e.message.split("\n");
                    assert.equal(lines.length, MAX_REPORTED + 1);
                    assert.equal(lines[0], "Pulumi.t.yaml: ecs-deploy:k0: is wrong. Fix: fix it");
                    assert.match(lines[MAX_REPORTED], /^Pulumi\.t\.yaml: 3 more problems not shown\. Fix: /);
                    return true;
                },
            );
        });

        it("nothing to throw when there is no problem", () => assert.doesNotThrow(() => throwAll([])));
    });

    describe("regions", () => {
        it("knows real regions in every partition, and no pseudo-region", () => {
            for (const r of ["eu-north-1", "us-east-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"])
                assert.ok(isRegion(r), r);
            for (const r of ["eu-nort-1", "EU-NORTH-1", "aws-global", "xx-east-1", "eu-north-1 ", ""])
                assert.ok(!isRegion(r), r);
        });

        it("suggests the region one slip away", () => {
            assert.equal(nearestRegion("eu-nort-1"), "eu-north-1");
            assert.equal(nearestRegion("EU-WEST-1"), "eu-west-1");
            assert.equal(nearestRegion("us-east1"), "us-east-1");
            assert.equal(nearestRegion("moon-base-1"), undefined);
        });

        it("one region per run: aws:region, else the provider's environment fallback", () => {
            assert.deepEqual(stackRegion("eu-north-1", { AWS_REGION: "us-east-1" }), { region: "eu-north-1" });
            assert.deepEqual(stackRegion(undefined, { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-east-1" }), {
                region: "eu-west-1",
                source: "AWS_REGION",
            });
            assert.deepEqual(stackRegion(undefined, { AWS_DEFAULT_REGION: "us-east-1" }), {
                region: "us-east-1",
                source: "AWS_DEFAULT_REGION",
            });
            assert.deepEqual(stackRegion(undefined, {}), {});
        });
    });

    describe("the whole config", () => {
        const all = {
            "aws:region": "eu-north-1",
            "ecs-deploy:image": "123",
            "ecs-deploy:protect": "true",
            "ecs-deploy:protec": "true",
            "ecs-deploy:secretValues": '{"A":"x"}',
            "pulumi:tags": "{}",
        };
        const split = decodeAllConfig(all, "ecs-deploy", (k) => k === "ecs-deploy:secretValues");

        it("keeps every project key, known or not, and string keys as text", () => {
            assert.deepEqual(split.raw, { image: "123", protect: true, protec: true, secretValues: { A: "[secret]" } });
            assert.deepEqual(split.secretKeys, ["secretValues"]);
            assert.deepEqual(split.otherKeys, ["aws:region", "pulumi:tags"]);
        });

        it("refuses the unknown key with the known one it resembles", () => {
            assert.throws(
                () =>
                    parseStackConfig(
                        { ...split.raw, image: undefined },
                        { ...ctx, secretKeys: split.secretKeys, otherKeys: split.otherKeys },
                    ),
                (e: unknown) =>
                    e instanceof ConfigError &&
                    e.path === "ecs-deploy:protec" &&
                    /did you mean ecs-deploy:protect\?/.test(e.fix),
            );
        });

        it("ecs-deploy:__proto__ is an unknown key like any other, and never becomes the config's prototype", () => {
            for (const text of ['{"protect":true}', "x"]) {
                const { raw } = decodeAllConfig({ "ecs-deploy:__proto__": text }, "ecs-deploy", () => false);
                assert.equal(Object.getPrototypeOf(raw), Object.prototype);
                assert.deepEqual(Object.keys(raw), ["__proto__"]);
                assert.equal((raw as Record<string, unknown>).protect, undefined);
                assert.throws(
                    () => parseStackConfig(raw, ctx),
                    (e: unknown) =>
                        e instanceof ConfigError &&
                        e.others.length === 0 &&
                        e.message.startsWith("Pulumi.t.yaml: ecs-deploy:__proto__: is not a known setting. Fix: "),
                );
            }
        });

        it("__proto__ inside a section is an unknown setting there, and a secret may not be named so", () => {
            for (const [raw, path] of [
                [{ service: JSON.parse('{"__proto__":{"desiredCount":3}}') }, "ecs-deploy:service.__proto__"],
                [{ secrets: JSON.parse('{"map":{"__proto__":{"name":"other"}}}') }, "ecs-deploy:secrets.map.__proto__"],
                [{ secretValues: JSON.parse('{"__proto__":"[secret]"}') }, "ecs-deploy:secretValues.__proto__"],
            ] as const) {
                assert.throws(
                    () => parseStackConfig(raw, { ...ctx, secretKeys: ["secretValues"] }),
                    (e: unknown) => e instanceof ConfigError && e.path === path && e.others.length === 0,
                    path,
                );
            }
        });

        it("accepts secretValues when Pulumi marks them secret, refuses them when not", () => {
            const raw = { secretValues: { A: "[secret]" } };
            assert.doesNotThrow(() => parseStackConfig(raw, { ...ctx, secretKeys: ["secretValues"] }));
            assert.throws(
                () => parseStackConfig(raw, { ...ctx, secretKeys: [] }),
                (e: unknown) => e instanceof ConfigError && e.path === "ecs-deploy:secretValues",
            );
        });

        it("a misspelt project namespace is refused, another provider's is not", () => {
            assert.doesNotThrow(() =>
                parseStackConfig(
                    {},
                    { ...ctx, otherKeys: ["aws:region", "aws:profile", "pulumi:tags", "docker-build:host"] },
                ),
            );
            assert.throws(
                () => parseStackConfig({}, { ...ctx, otherKeys: ["ecs-deply:protect"] }),
                (e: unknown) =>
                    e instanceof ConfigError &&
                    e.path === "ecs-deply:protect" &&
                    e.fix === "did you mean ecs-deploy:protect?",
            );
        });

        it("the same check runs in the program (pulumi up), not only in render", async () => {
            await assert.rejects(
                evaluateProgram({ stack: "staging", overrides: { servce: { desiredCount: 2 } } }),
                (e: unknown) =>
                    e instanceof OfflineUserError &&
                    /^Pulumi\.staging\.yaml: ecs-deploy:servce: is not a known setting\. Fix: did you mean ecs-deploy:service\?/.test(
                        e.message,
                    ),
            );
        });
    });

    describe("the stack file loader", () => {
        it("a missing Pulumi.yaml says how to get it back", () => {
            const dir = tempDir("no-project-");
            assert.throws(
                () => loadStackFiles(dir, "staging"),
                (e: unknown) =>
                    e instanceof ConfigError &&
                    e.where === "Pulumi.yaml" &&
                    /does not exist/.test(e.problem) &&
                    /git checkout -- Pulumi\.yaml/.test(e.fix),
            );
        });

        it("a stack file's own alias loop is one clean error", () => {
            const dir = tempDir("alias-");
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ecs-deploy\nruntime: nodejs\n");
            fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), "config: &top\n  ecs-deploy:overlay: *top\n");
            assert.throws(
                () => loadStackFiles(dir, "s"),
                (e: unknown) =>
                    e instanceof ConfigError &&
                    e.message ===
                        "Pulumi.s.yaml: alias *top refers to the node that contains it, an endless value. Fix: replace *top with the value itself",
            );
        });

        it("refuses an aws: key the provider does not have, as the provider does in pulumi up", () => {
            const files = {
                project: "ecs-deploy",
                stack: "s",
                configFile: "Pulumi.s.yaml",
                secretKeys: [],
                config: { "aws:regoin": "eu-north-1", "aws:profile": "dev", "aws:region": "eu-north-1" },
            };
            assert.throws(
                () => checkProviderKeys(files),
                (e: unknown) =>
                    e instanceof ConfigError &&
                    e.message ===
                        "Pulumi.s.yaml: aws:regoin: is not a valid configuration key for the aws provider. Fix: did you mean aws:region?",
            );
            assert.doesNotThrow(() =>
                checkProviderKeys({ ...files, config: { "aws:region": "eu-north-1", "aws:defaultTags": "{}" } }),
            );
        });

        it("a plain alias (not a loop) still reads", () => {
            const dir = tempDir("alias-ok-");
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ecs-deploy\nruntime: nodejs\n");
            fs.writeFileSync(
                path.join(dir, "Pulumi.s.yaml"),
                "config:\n  ecs-deploy:logs: &logs\n    retentionDays: 30\n  ecs-deploy:ecr: *logs\n",
            );
            assert.equal(loadStackFiles(dir, "s").config["ecs-deploy:ecr"], '{"retentionDays":30}');
        });

        it("the project file (Pulumi.yaml) has the same guards as the stack file: an alias bomb, nesting 1,000 deep", () => {
            for (const [config, problem] of [
                [
                    ALIAS_BOMB,
                    /^Pulumi\.yaml: its aliases expand to more than 100 copies.*\. Fix: write the repeated values out/,
                ],
                [
                    deepFlowList(1000),
                    /^Pulumi\.yaml: nests 1002 levels deep .*; at most 64 levels are read\. Fix: flatten/,
                ],
            ] as const) {
                const dir = tempDir("project-yaml-");
                fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ecs-deploy\nruntime: nodejs\n${config}`);
                fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), "config:\n  aws:region: eu-north-1\n");
                assert.throws(
                    () => loadStackFiles(dir, "s"),
                    (e: unknown) => e instanceof ConfigError && problem.test(e.message) && !e.message.includes("\n"),
                );
            }
        });
    });
});
