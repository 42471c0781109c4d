import * as assert from "node:assert/strict";
import { TemplateError } from "../core/errors";
import { parseOverlay, parseTemplate } from "../core/template";
import { checkTemplateTrust } from "../core/trust";
import { STACK_FILE, TEMPLATE_FILE, webTemplate, webTemplateText } from "./support/fixtures";

type Json = Record<string, unknown>;

const LABEL = "image 123456789012.dkr.ecr.eu-north-1.amazonaws.com/web:1.4.2 label ECS_TASK_TEMPLATE";

/** The app's template with `change` applied to it, as the text a file or label holds. */
function templateText(change: (t: Json, web: Json) => void): string {
    const t = webTemplate();
    change(t, (t.containerDefinitions as Json[])[0]);
    return JSON.stringify(t);
}

/** parseTemplate must refuse the text with exactly this one-line message. */
function rejects(text: string, where: string, path: string, problem: string, fix: string): void {
    assert.throws(
        () => parseTemplate(text, where),
        (e: unknown) => {
            assert.ok(e instanceof TemplateError, `expected a TemplateError, got ${String(e)}`);
            assert.equal(e.where, where);
            assert.equal(e.path, path);
            assert.equal(e.problem, problem);
            assert.equal(e.fix, fix);
            assert.equal(e.message, `${where}: ${path}: ${problem}. Fix: ${fix}`);
            assert.doesNotMatch(e.message, /\n/);
            return true;
        },
    );
}

describe("trust boundary: what the app's template may not set", () => {
    it("accepts the app's template, which sets none of it", () => {
        assert.deepEqual(parseTemplate(webTemplateText(), TEMPLATE_FILE), webTemplate());
        assert.deepEqual(checkTemplateTrust(webTemplate()), []);
    });

    it("accepts the harmless spellings of the guarded fields", () => {
        const text = templateText((t, web) => {
            t.networkMode = "awsvpc";
            t.pidMode = "task";
            web.linuxParameters = { initProcessEnabled: true, capabilities: { add: [], drop: ["ALL"] } };
            web.logConfiguration = { logDriver: "awslogs", secretOptions: [] };
        });
        assert.deepEqual(parseTemplate(text, TEMPLATE_FILE), JSON.parse(text));
    });

    it("rejects taskRoleArn", () => {
        rejects(
            templateText((t) => (t.taskRoleArn = "arn:aws:iam::123456789012:role/admin")),
            TEMPLATE_FILE,
            "taskRoleArn",
            "may not be set by the template (the stack sets it, not the app)",
            "remove taskRoleArn from the template; the program creates both roles",
        );
    });

    it("rejects executionRoleArn", () => {
        rejects(
            templateText((t) => (t.executionRoleArn = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole")),
            TEMPLATE_FILE,
            "executionRoleArn",
            "may not be set by the template (the stack sets it, not the app)",
            "remove executionRoleArn from the template; the program creates both roles",
        );
    });

    it("rejects privileged, even when false", () => {
        for (const value of [true, false]) {
            rejects(
                templateText((_t, web) => (web.privileged = value)),
                TEMPLATE_FILE,
                "containerDefinitions[name=web].privileged",
                "may not be set by the template",
                "remove privileged; Fargate does not allow privileged containers",
            );
        }
    });

    it("rejects pidMode host", () => {
        rejects(templateText((t) => (t.pidMode = "host")), TEMPLATE_FILE, "pidMode", "may not share the host's namespace from the template", "remove pidMode");
    });

    it("rejects ipcMode host", () => {
        rejects(templateText((t) => (t.ipcMode = "host")), TEMPLATE_FILE, "ipcMode", "may not share the host's namespace from the template", "remove ipcMode");
    });

    it("rejects every networkMode but awsvpc", () => {
        for (const mode of ["host", "bridge", "none"]) {
            rejects(
                templateText((t) => (t.networkMode = mode)),
                TEMPLATE_FILE,
                "networkMode",
                `may not be "${mode}" in the template (Fargate runs awsvpc only)`,
                "remove networkMode or set it to awsvpc",
            );
        }
    });

    it("rejects added Linux capabilities, even SYS_PTRACE", () => {
        for (const add of [["NET_ADMIN"], ["SYS_PTRACE"]]) {
            rejects(
                templateText((_t, web) => (web.linuxParameters = { capabilities: { add } })),
                TEMPLATE_FILE,
                "containerDefinitions[name=web].linuxParameters.capabilities.add",
                "may not add Linux capabilities from the template",
                "remove capabilities.add; a stack overlay may add SYS_PTRACE if it must",
            );
        }
    });

    it("rejects valueFrom on a secret, naming the secret", () => {
        rejects(
            templateText((_t, web) => (web.secrets = [{ name: "SESSION_SECRET" }, { name: "DATABASE_URL", valueFrom: "arn:aws:secretsmanager:eu-north-1:999999999999:secret:prod/db" }])),
            TEMPLATE_FILE,
            "containerDefinitions[name=web].secrets[name=DATABASE_URL].valueFrom",
            "may not be set by the template: secret entries are names only",
            "remove valueFrom; the stack's secrets source and prefix resolve the name to an ARN",
        );
    });

    it("rejects repositoryCredentials", () => {
        rejects(
            templateText((_t, web) => (web.repositoryCredentials = { credentialsParameter: "arn:aws:secretsmanager:eu-north-1:123456789012:secret:dockerhub" })),
            TEMPLATE_FILE,
            "containerDefinitions[name=web].repositoryCredentials",
            "may not point at credentials from the template (the stack sets it, not the app)",
            "set repositoryCredentials in the stack overlay instead",
        );
    });

    it("rejects logConfiguration.secretOptions", () => {
        rejects(
            templateText((_t, web) => (web.logConfiguration = { logDriver: "splunk", secretOptions: [{ name: "splunk-token", valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/splunk" }] })),
            TEMPLATE_FILE,
            "containerDefinitions[name=web].logConfiguration.secretOptions",
            "may not reference secrets from the template",
            "move secretOptions to the stack overlay",
        );
    });

    it("checks every container, naming the offending one", () => {
        rejects(
            templateText((t) => (t.containerDefinitions as Json[]).push({ name: "debug-shell", image: "busybox", essential: false, privileged: true })),
            TEMPLATE_FILE,
            "containerDefinitions[name=debug-shell].privileged",
            "may not be set by the template",
            "remove privileged; Fargate does not allow privileged containers",
        );
    });

    it("names the image label when the template came from one", () => {
        rejects(
            templateText((t) => (t.taskRoleArn = "arn:aws:iam::123456789012:role/admin")),
            LABEL,
            "taskRoleArn",
            "may not be set by the template (the stack sets it, not the app)",
            "remove taskRoleArn from the template; the program creates both roles",
        );
    });

    it("reports the first problem and counts the rest", () => {
        const text = templateText((t, web) => {
            t.taskRoleArn = "arn:aws:iam::123456789012:role/admin";
            t.executionRoleArn = "arn:aws:iam::123456789012:role/exec";
            web.privileged = true;
        });
        assert.throws(() => parseTemplate(text, TEMPLATE_FILE), {
            name: "TemplateError",
            message: `${TEMPLATE_FILE}: taskRoleArn: may not be set by the template (the stack sets it, not the app). Fix: remove taskRoleArn from the template; the program creates both roles (2 more problems after this one)`,
        });
        assert.deepEqual(
            checkTemplateTrust(JSON.parse(text)).map((i) => i.path),
            ["taskRoleArn", "executionRoleArn", "containerDefinitions[name=web].privileged"],
        );
    });

    it("trusts the stack's overlay with the same fields", () => {
        const overlay = {
            taskRoleArn: "arn:aws:iam::123456789012:role/custom",
            containerDefinitions: [
                {
                    name: "web",
                    secrets: [{ name: "DATABASE_URL", valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/staging/db" }],
                    linuxParameters: { capabilities: { add: ["SYS_PTRACE"] } },
                    repositoryCredentials: { credentialsParameter: "arn:aws:secretsmanager:eu-north-1:123456789012:secret:dockerhub" },
                },
            ],
        };
        assert.deepEqual(parseOverlay(overlay, STACK_FILE, "ecs-deploy:overlay"), overlay);
    });
});
