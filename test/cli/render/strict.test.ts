/**
 * Strict input through `render`, as users run it: what Fargate accepts renders and passes the AWS CLI's
 * validator; several problems are reported at once, one line each.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { awsCliValidate, renderCli, ROOT, tempDir } from "../../support/render";

type Json = Record<string, any>;

const baseTemplate = (): Json => JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8"));

describe("render: valid Fargate input that used to be refused or mishandled", function () {
    this.timeout(180_000);
    const dir = tempDir("strict-render-");
    const out = path.join(dir, "out");
    let stderr = "";
    let status: number | null = null;

    before(async () => {
        const t = baseTemplate();
        const web = t.containerDefinitions[0];
        // A log router listed first: the load balancer still targets web, the first essential container with a port.
        t.containerDefinitions.unshift({
            name: "log-router",
            image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0",
            essential: true,
            logConfiguration: { logDriver: "awslogs" },
        });
        Object.assign(web.healthCheck, { interval: 10, timeout: 10 });
        web.portMappings.push({ containerPortRange: "9000-9009", protocol: "tcp" });
        web.environment.push({ name: "EMPTY_ON_PURPOSE", value: "" });
        web.secrets.push({ name: "constructor" });
        t.tags = [{ key: "team", value: "web" }];
        // Saved by an editor that writes a byte-order mark.
        fs.writeFileSync(path.join(dir, "template.json"), "\ufeff" + JSON.stringify(t, null, 2));
        const r = await renderCli(["--stack", "staging", "--template", path.join(dir, "template.json"), "--out", out]);
        ({ stderr, status } = r);
    });

    it("renders", () => assert.equal(status, 0, stderr));

    it("writes a file the AWS CLI's validator accepts", () => {
        const v = awsCliValidate(path.join(out, "task-definition.json"));
        assert.ok(v.passed, v.output);
    });

    it("keeps what was written, with no hostPort invented for a port range", () => {
        const td = JSON.parse(fs.readFileSync(path.join(out, "task-definition.json"), "utf8"));
        const web = td.containerDefinitions.find((c: Json) => c.name === "web");
        assert.deepEqual(
            web.portMappings.find((p: Json) => p.containerPortRange),
            { containerPortRange: "9000-9009", protocol: "tcp" },
        );
        assert.deepEqual(web.healthCheck.timeout, 10);
        assert.deepEqual(
            web.environment.find((e: Json) => e.name === "EMPTY_ON_PURPOSE"),
            { name: "EMPTY_ON_PURPOSE", value: "" },
        );
        // A secret named after an Object.prototype member is looked up under the stack's prefix like any other.
        assert.match(
            web.secrets.find((s: Json) => s.name === "constructor").valueFrom,
            /:secret:staging\/web\/constructor-/,
        );
        // The template's tag, then the stack's (test/cli/render/tags.test.ts).
        assert.deepEqual(td.tags, [
            { key: "team", value: "web" },
            { key: "app", value: "ecs-deploy" },
            { key: "stack", value: "staging" },
            { key: "managed-by", value: "pulumi" },
        ]);
    });

    it("registers the load balancer with web and deploys the template's tags", () => {
        const resources = JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8"));
        const service = resources.find((r: Json) => r.type === "aws:ecs/service:Service");
        assert.equal(service.inputs.loadBalancers[0].containerName, "web");
        assert.equal(service.inputs.loadBalancers[0].containerPort, 8080);
        const taskDefinition = resources.find((r: Json) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
        assert.equal(taskDefinition.inputs.tags.team, "web");
        assert.equal(taskDefinition.inputs.tags.stack, "staging");
    });
});

describe("render: every problem in a template at once", function () {
    this.timeout(180_000);
    it("one line each, naming the file and each field", async () => {
        const dir = tempDir("strict-render-many-");
        const t = baseTemplate();
        const web = t.containerDefinitions[0];
        t.taskRoleArn = "arn:aws:iam::123456789012:role/admin";
        web.secrets[0].name = "arn:aws:ssm:eu-north-1:123456789012:parameter/production/db";
        web.portMappings[0].protocol = "TCP";
        web.portMapping = [];
        fs.writeFileSync(path.join(dir, "template.json"), JSON.stringify(t));
        const r = await renderCli([
            "--stack",
            "staging",
            "--template",
            path.join(dir, "template.json"),
            "--out",
            path.join(dir, "out"),
        ]);
        assert.equal(r.status, 1, r.stderr);
        const lines = r.stderr.trimEnd().split("\n");
        const file = path.join(dir, "template.json");
        assert.deepEqual(
            lines.map((l) => l.slice(0, l.indexOf(": ", `error: ${file}: `.length))),
            [
                `error: ${file}: containerDefinitions[name=web].portMappings[0].protocol`,
                `error: ${file}: containerDefinitions[name=web].portMapping`,
                `error: ${file}: taskRoleArn`,
                `error: ${file}: containerDefinitions[name=web].secrets[name=arn:aws:ssm:eu-north-1:123456789012:parameter/production/db].name`,
            ],
        );
        for (const line of lines) assert.match(line, /\. Fix: \S/);
        assert.doesNotMatch(r.stderr, /more problem|^\s+at /m);
        assert.ok(!fs.existsSync(path.join(dir, "out", "task-definition.json")));
    });
});
