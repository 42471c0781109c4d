/**
 * `npm run render` end to end: the files it writes, their validity by the AWS
 * CLI's own validator, byte-identical re-renders, and deploying an existing
 * image read from a real registry.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { normalise, canonicalJson } from "../../../core/taskdef/normalise";
import { evaluateProgram } from "../../../offline/runner";
import { Layout } from "../../support/fixture-images";
import { RunningRegistry, startRegistry } from "../../support/registry-server";
import { awsCliValidate, renderCli, ROOT, tempDir } from "../../support/render";

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");

for (const stack of ["staging", "production"]) {
    describe(`render --stack ${stack}`, () => {
        const out = tempDir(`render-${stack}-`);
        before(async () => {
            const r = await renderCli(["--stack", stack, "--out", out]);
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout, /wrote .*task-definition\.json/);
        });

        it("writes a task definition the AWS CLI's validator accepts", () => {
            const v = awsCliValidate(path.join(out, "task-definition.json"));
            assert.ok(v.passed, v.output);
        });

        it("writes imagedefinitions.json in CodePipeline's format", () => {
            const defs = JSON.parse(read(out, "imagedefinitions.json"));
            const td = JSON.parse(read(out, "task-definition.json"));
            assert.deepEqual(defs, [{ imageUri: td.containerDefinitions[0].image, name: "web" }]);
        });

        it("lists every resource with its type, name and inputs, and no secret values", () => {
            const resources = JSON.parse(read(out, "resources.json"));
            const types = new Set(resources.map((r: { type: string }) => r.type));
            for (const t of [
                "aws:ecs/taskDefinition:TaskDefinition",
                "aws:ecr/repository:Repository",
                "aws:iam/role:Role",
                "aws:cloudwatch/logGroup:LogGroup",
            ])
                assert.ok(types.has(t), t);
            if (stack === "staging") {
                const image = resources.find((r: { type: string }) => r.type === "docker-build:index:Image");
                // The registry password makes the whole registries input secret.
                assert.equal(image.inputs.registries, "[secret]");
            }
            assert.doesNotMatch(read(out, "resources.json"), /offline-token/);
        });

        it("writes the form ECS returns: normalising it again changes nothing", () => {
            const text = read(out, "task-definition.json");
            assert.equal(canonicalJson(normalise(JSON.parse(text))), text);
        });

        it("re-renders byte-identical files", async () => {
            const again = tempDir(`render-${stack}-again-`);
            const r = await renderCli(["--stack", stack, "--out", again]);
            assert.equal(r.status, 0, r.stderr);
            for (const f of ["task-definition.json", "imagedefinitions.json", "resources.json"])
                assert.equal(read(again, f), read(out, f), f);
        });
    });
}

describe("render --stack production: promotion by default, no build", () => {
    const out = tempDir("render-promote-");
    before(async () => {
        const r = await renderCli(["--stack", "production", "--out", out]);
        assert.equal(r.status, 0, r.stderr);
    });

    it("declares no image build and reads staging through a StackReference", () => {
        const resources = JSON.parse(read(out, "resources.json")) as {
            type: string;
            inputs: Record<string, unknown>;
        }[];
        assert.deepEqual(
            resources.filter((r) => r.type === "docker-build:index:Image"),
            [],
        );
        assert.deepEqual(
            resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => r.inputs.name),
            ["organization/ecs-deploy/staging"],
        );
    });

    it("runs staging's repository pinned by digest, with app/'s template and production's overlay", () => {
        const td = JSON.parse(read(out, "task-definition.json"));
        const web = td.containerDefinitions[0];
        assert.match(
            web.image,
            /^123456789012\.dkr\.ecr\.eu-north-1\.amazonaws\.com\/ecs-deploy-staging@sha256:[0-9a-f]{64}$/,
        );
        const template = JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8"));
        assert.deepEqual(
            web.portMappings.map((p: { containerPort: number }) => p.containerPort),
            template.containerDefinitions[0].portMappings.map((p: { containerPort: number }) => p.containerPort),
        );
        assert.equal(td.cpu, "1024");
        assert.deepEqual(
            web.environment.find((e: { name: string }) => e.name === "ROOT_URL"),
            { name: "ROOT_URL", value: "https://www.example.com" },
        );
        const resources = JSON.parse(read(out, "resources.json")) as {
            type: string;
            name: string;
            inputs: Record<string, string>;
        }[];
        const policy = JSON.parse(
            resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-execution"))!.inputs
                .policy,
        );
        assert.deepEqual(
            policy.Statement.find((s: { Sid: string }) => s.Sid === "PullImage").Resource,
            ["arn:aws:ecr:eu-north-1:123456789012:repository/ecs-deploy-staging"],
            "pulls from staging's repository only",
        );
    });

    it("takes a new stand-in digest when the template changes, so a template change shows in the diff", async () => {
        const dir = tempDir("render-promote-template-");
        const template = JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8"));
        template.containerDefinitions[0].environment.push({ name: "FEATURE_FLAG", value: "on" });
        fs.writeFileSync(path.join(dir, "t.json"), JSON.stringify(template));
        const r = await renderCli(["--stack", "production", "--template", path.join(dir, "t.json"), "--out", dir]);
        assert.equal(r.status, 0, r.stderr);
        const changed = JSON.parse(read(dir, "task-definition.json")).containerDefinitions[0];
        assert.ok(changed.environment.some((e: { name: string }) => e.name === "FEATURE_FLAG"));
        assert.notEqual(changed.image, JSON.parse(read(out, "task-definition.json")).containerDefinitions[0].image);
    });

    it("refuses a stack that promotes from itself", async () => {
        await assert.rejects(
            evaluateProgram({ stack: "production", overrides: { promoteFrom: "production" } }),
            /Pulumi\.production\.yaml: ecs-deploy:promoteFrom: names this stack \(production\) itself\. Fix: name the stack/,
        );
    });
});

describe("render: the AWS CLI validator is a real check", () => {
    it("rejects a task definition with a mistyped field", () => {
        const dir = tempDir("render-bad-");
        const file = path.join(dir, "task-definition.json");
        fs.writeFileSync(
            file,
            JSON.stringify({
                family: "x",
                containerDefinitions: [{ name: "web", image: "x", portMappings: [{ containerPort: "8080" }] }],
            }),
        );
        const v = awsCliValidate(file);
        assert.equal(v.passed, false);
        assert.match(v.output, /Parameter validation failed/);
    });
});

describe("render: options", () => {
    it("--out defaults to out/<stack>", async () => {
        const r = await renderCli(["--stack", "staging"]);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(fs.existsSync(path.join(ROOT, "out", "staging", "task-definition.json")));
    });

    it("--template renders another template, --config-file another stack file", async () => {
        const dir = tempDir("render-opts-");
        const template = JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8"));
        template.containerDefinitions[0].environment.push({ name: "FEATURE_FLAG", value: "on" });
        fs.writeFileSync(path.join(dir, "t.json"), JSON.stringify(template));
        const stackFile = path.join(dir, "Pulumi.qa.yaml");
        fs.writeFileSync(
            stackFile,
            fs
                .readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8")
                .replace("https://staging.example.com", "https://qa.example.com"),
        );
        const r = await renderCli([
            "--stack",
            "staging",
            "--config-file",
            stackFile,
            "--template",
            path.join(dir, "t.json"),
            "--out",
            dir,
        ]);
        assert.equal(r.status, 0, r.stderr);
        const env = JSON.parse(read(dir, "task-definition.json")).containerDefinitions[0].environment;
        assert.deepEqual(
            env.find((e: { name: string }) => e.name === "FEATURE_FLAG"),
            { name: "FEATURE_FLAG", value: "on" },
        );
        assert.deepEqual(
            env.find((e: { name: string }) => e.name === "ROOT_URL"),
            { name: "ROOT_URL", value: "https://qa.example.com" },
        );
    });
});

describe("render --image: deploy an existing image, template read from its label", function () {
    this.timeout(120_000);
    const creds = { username: "deployer", password: "render-Pa55word" };
    let registry: RunningRegistry;
    let ref: string;

    before(async () => {
        registry = await startRegistry({ credentials: creds });
        const layout = await Layout.create();
        const template = fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8");
        await layout.image("v1", { labels: { ECS_TASK_TEMPLATE: template } });
        ref = `${registry.host}/team/web:v1`;
        await layout.push("v1", ref, { credentials: creds });
    });
    after(() => registry?.stop());

    const stagedOut = tempDir("render-image-");
    it("pins the image by digest, builds nothing, and pulls nothing from ECR", async () => {
        const out = stagedOut;
        const r = await renderCli(["--stack", "staging", "--image", ref, "--out", out], {
            REGISTRY_USERNAME: creds.username,
            REGISTRY_PASSWORD: creds.password,
        });
        assert.equal(r.status, 0, r.stderr);
        const td = JSON.parse(read(out, "task-definition.json"));
        assert.match(
            td.containerDefinitions[0].image,
            new RegExp(`^${registry.host.replace(/[.]/g, "\\.")}/team/web@sha256:[0-9a-f]{64}$`),
        );
        assert.ok(awsCliValidate(path.join(out, "task-definition.json")).passed);
        const resources = JSON.parse(read(out, "resources.json"));
        assert.equal(resources.filter((x: { type: string }) => x.type === "docker-build:index:Image").length, 0);
        const policy = JSON.parse(
            resources.find(
                (x: { type: string; name: string }) =>
                    x.type === "aws:iam/rolePolicy:RolePolicy" && x.name.endsWith("-execution"),
            ).inputs.policy,
        );
        assert.equal(
            policy.Statement.find((s: { Sid: string }) => s.Sid === "PullImage"),
            undefined,
        );
        assert.doesNotMatch(read(out, "resources.json") + r.stdout + r.stderr, /render-Pa55word/);
    });

    it("promotes: production deploys the digest staging runs, read through a StackReference", async () => {
        const staged = JSON.parse(read(stagedOut, "task-definition.json")).containerDefinitions[0].image as string;
        process.env.REGISTRY_USERNAME = creds.username;
        process.env.REGISTRY_PASSWORD = creds.password;
        try {
            const r = await evaluateProgram({
                stack: "production",
                overrides: { promoteFrom: "acme/ecs-deploy/staging" },
                answers: { stackOutputs: { "acme/ecs-deploy/staging": { image: staged } } },
            });
            const td = r.outputs.taskDefinition as {
                containerDefinitions: { image: string; environment: { name: string; value: string }[] }[];
                cpu: string;
            };
            assert.equal(td.containerDefinitions[0].image, staged);
            assert.equal(td.cpu, "1024", "production's own overlay still applies");
            assert.deepEqual(
                td.containerDefinitions[0].environment.find((e) => e.name === "ROOT_URL"),
                { name: "ROOT_URL", value: "https://www.example.com" },
            );
            assert.equal(r.resources.filter((x) => x.type === "docker-build:index:Image").length, 0);
            assert.deepEqual(
                r.resources.filter((x) => x.type === "pulumi:pulumi:StackReference").map((x) => x.inputs.name),
                ["acme/ecs-deploy/staging"],
            );
        } finally {
            delete process.env.REGISTRY_USERNAME;
            delete process.env.REGISTRY_PASSWORD;
        }
    });

    it("refuses to promote from a stack with no pinned image", async () => {
        await assert.rejects(
            evaluateProgram({
                stack: "production",
                overrides: { promoteFrom: "acme/ecs-deploy/staging" },
                answers: { stackOutputs: { "acme/ecs-deploy/staging": {} } },
            }),
            /Pulumi\.production\.yaml: ecs-deploy:promoteFrom: stack acme\/ecs-deploy\/staging has no image output pinned by digest.*Fix: deploy acme\/ecs-deploy\/staging first/,
        );
    });

    it("fails in one line, naming the image and label, when the image has none", async () => {
        const layout = await Layout.create();
        await layout.image("plain", { labels: { other: "x" } });
        const plain = `${registry.host}/team/plain:v1`;
        await layout.push("plain", plain, { credentials: creds });
        const r = await renderCli(["--stack", "staging", "--image", plain, "--out", tempDir("render-nolabel-")], {
            REGISTRY_USERNAME: creds.username,
            REGISTRY_PASSWORD: creds.password,
        });
        assert.equal(r.status, 1);
        assert.match(
            r.stderr,
            /^error: .*team\/plain.*config\.Labels\.ECS_TASK_TEMPLATE: the image carries no ECS_TASK_TEMPLATE label\. Fix: /,
        );
        assert.equal(r.stderr.trim().split("\n").length, 1);
    });
});
