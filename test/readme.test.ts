/**
 * The README's config table is Pulumi.yaml's declarations, every key with its
 * type, default and description; the README documents the commands and
 * benchmarks that exist; what it says a destroy does to the repository is what the program declares.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { configTable, readmeTable } from "../scripts/configTable";
import { only, run } from "./support/program";
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

    describe("what a destroy does to the ECR repository", function () {
        this.timeout(120_000);
        const repository = async (stack: string) => only(await run(stack), "aws:ecr/repository:Repository");
        /** The bullet of the Destroy section (The first hour) for one stack. */
        const destroyBullet = (stack: string) => {
            const section = readme.slice(
                readme.indexOf("### Destroy"),
                readme.indexOf("\n### ", readme.indexOf("### Destroy") + 1),
            );
            const line = section.split("\n").find((l) => l.startsWith(`- **${stack}**`));
            assert.ok(line, `a Destroy bullet for ${stack}`);
            return line;
        };
        const securityDefaults = readme.slice(readme.indexOf("## Security defaults"), readme.indexOf("\n## IAM"));

        it("staging: both sections say its repository is force-deleted with its images, and the program declares that", async () => {
            const line = destroyBullet("Staging");
            assert.match(line, /repository is force-deleted with the images in it/);
            assert.doesNotMatch(line, /never force-deleted|delete its images first/);
            assert.match(
                securityDefaults,
                /Unprotected stacks \(staging\) force-delete their repository with its images/,
            );
            const repo = await repository("staging");
            assert.equal(repo.inputs.forceDelete, true);
            assert.notEqual(repo.options.protect, true);
        });

        it("production: never force-deleted, protected and retained, as both sections say", async () => {
            assert.match(destroyBullet("Production"), /protects its repository/);
            assert.match(securityDefaults, /protected, retained and never force-deleted in production/);
            const repo = await repository("production");
            assert.equal(repo.inputs.forceDelete, false);
            assert.equal(repo.options.protect, true);
            assert.equal(repo.options.retainOnDelete, true);
        });
    });
});
