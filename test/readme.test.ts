/**
 * The README's config table is Pulumi.yaml's declarations, every key with its
 * type, default and description; the README documents the commands and
 * benchmarks that exist.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { configTable, readmeTable } from "../scripts/configTable";
import { ROOT } from "./support/render";

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("README", () => {
    it("has the config table Pulumi.yaml declares (regenerate: node --require tsx/cjs scripts/configTable.ts --write)", () => {
        assert.equal(readmeTable(readme), configTable());
    });

    it("lists every project key, with the fields the first hour needs", () => {
        const declared = Object.keys(
            (YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, unknown> })
                .config,
        );
        const table = readmeTable(readme) ?? "";
        for (const key of declared) assert.ok(table.includes(`| \`${key}\` |`), key);
        for (const field of [
            "promoteFrom",
            "secretValues",
            "natGateways",
            "vpcCidr",
            "availabilityZoneCount",
            "publicSubnetIds",
            "canaryPercent",
            "linearStepPercent",
            "certificateArn",
            "healthCheckPath",
            "allowedCidrs",
        ])
            assert.ok(table.includes(field), field);
    });

    it("documents every benchmark script with a figure and the command that produced it", () => {
        const scripts = Object.keys(
            (
                JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
                    scripts: Record<string, string>;
                }
            ).scripts,
        ).filter((s) => s.startsWith("bench:"));
        assert.ok(scripts.length >= 4);
        for (const s of scripts) assert.ok(readme.includes(`npm run ${s}`), s);
    });

    it("tells users how to run bin/label, and how to trust a private CA", () => {
        assert.match(readme, /bin\/label <image-ref>/);
        assert.match(readme, /NODE_EXTRA_CA_CERTS/);
    });
});
