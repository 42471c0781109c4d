import * as assert from "node:assert/strict";
import { TemplateError } from "../../../core/support/errors";
import { parseOverlay, parseTemplate } from "../../../core/template/parse";
import { checkTemplateTrust, WRITABLE_ROOT_LABEL } from "../../../core/template/trust";
import { WRITABLE_ROOT_LABEL as POLICY_LABEL } from "../../../policy/rules/taskDefinition";
import { STACK_FILE, TEMPLATE_FILE, webTemplate, webTemplateText } from "../../support/fixtures";

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
        rejects(
            templateText((t) => (t.pidMode = "host")),
            TEMPLATE_FILE,
            "pidMode",
            "may not share the host's namespace from the template",
            "remove pidMode",
        );
    });

    it("rejects ipcMode host", () => {
        rejects(
            templateText((t) => (t.ipcMode = "host")),
            TEMPLATE_FILE,
            "ipcMode",
            "may not share the host's namespace from the template",
            "remove ipcMode",
        );
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
            templateText(
                (_t, web) =>
                    (web.secrets = [
                        { name: "SESSION_SECRET" },
                        {
                            name: "DATABASE_URL",
                            valueFrom: "arn:aws:secretsmanager:eu-north-1:999999999999:secret:prod/db",
                        },
                    ]),
            ),
            TEMPLATE_FILE,
            "containerDefinitions[name=web].secrets[name=DATABASE_URL].valueFrom",
            "may not be set by the template: secret entries are names only",
            "remove valueFrom; the stack's secrets source and prefix resolve the name to an ARN",
        );
    });

    it("rejects repositoryCredentials", () => {
        rejects(
            templateText(
                (_t, web) =>
                    (web.repositoryCredentials = {
                        credentialsParameter: "arn:aws:secretsmanager:eu-north-1:123456789012:secret:dockerhub",
                    }),
            ),
            TEMPLATE_FILE,
            "containerDefinitions[name=web].repositoryCredentials",
            "may not point at credentials from the template (the stack sets it, not the app)",
            "set repositoryCredentials in the stack overlay instead",
        );
    });

    it("rejects logConfiguration.secretOptions", () => {
        rejects(
            templateText(
                (_t, web) =>
                    (web.logConfiguration = {
                        logDriver: "splunk",
                        secretOptions: [
                            { name: "splunk-token", valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/splunk" },
                        ],
                    }),
            ),
            TEMPLATE_FILE,
            "containerDefinitions[name=web].logConfiguration.secretOptions",
            "may not reference secrets from the template",
            "move secretOptions to the stack overlay",
        );
    });

    it("checks every container, naming the offending one", () => {
        rejects(
            templateText((t) =>
                (t.containerDefinitions as Json[]).push({
                    name: "debug-shell",
                    image: "busybox",
                    essential: false,
                    privileged: true,
                }),
            ),
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

    it("reports every problem, one line each", () => {
        const text = templateText((t, web) => {
            t.taskRoleArn = "arn:aws:iam::123456789012:role/admin";
            t.executionRoleArn = "arn:aws:iam::123456789012:role/exec";
            web.privileged = true;
        });
        assert.throws(() => parseTemplate(text, TEMPLATE_FILE), {
            name: "TemplateError",
            message: [
                `${TEMPLATE_FILE}: taskRoleArn: may not be set by the template (the stack sets it, not the app). Fix: remove taskRoleArn from the template; the program creates both roles`,
                `${TEMPLATE_FILE}: executionRoleArn: may not be set by the template (the stack sets it, not the app). Fix: remove executionRoleArn from the template; the program creates both roles`,
                `${TEMPLATE_FILE}: containerDefinitions[name=web].privileged: may not be set by the template. Fix: remove privileged; Fargate does not allow privileged containers`,
            ].join("\n"),
        });
        assert.deepEqual(
            checkTemplateTrust(JSON.parse(text)).map((i) => i.path),
            ["taskRoleArn", "executionRoleArn", "containerDefinitions[name=web].privileged"],
        );
    });

    it("rejects a secret name that is not an environment-variable name: an ARN, a path, another account", () => {
        const names = [
            "arn:aws:secretsmanager:eu-north-1:123456789012:secret:production/web/DATABASE_URL-AbCdEf",
            "arn:aws:ssm:eu-north-1:123456789012:parameter/production/web/DATABASE_URL",
            "arn:aws:secretsmanager:eu-north-1:999999999999:secret:DATABASE_URL",
            "../production/web/DATABASE_URL",
            "/production/web/DATABASE_URL",
            "DATABASE-URL",
            "1DATABASE_URL",
            "DATABASE_URL ",
        ];
        for (const name of names) {
            rejects(
                templateText((_t, web) => (web.secrets = [{ name: "SESSION_SECRET" }, { name }])),
                TEMPLATE_FILE,
                `containerDefinitions[name=web].secrets[${/^[A-Za-z0-9_\-.:/@+]+$/.test(name) ? `name=${name}` : `name=${JSON.stringify(name)}`}].name`,
                `${JSON.stringify(name)} is not an environment-variable name; a template's secret is named, never pointed at (an ARN or path here would bypass the stack's secret prefix)`,
                "name it with letters, digits and _ (e.g. DATABASE_URL); the stack's secrets.prefix (or secrets.map) says where its value lives",
            );
        }
        assert.doesNotThrow(() =>
            parseTemplate(
                templateText((_t, web) => (web.secrets = [{ name: "_X" }, { name: "db_url2" }])),
                TEMPLATE_FILE,
            ),
        );
    });

    it("rejects credentialSpecs", () => {
        rejects(
            templateText(
                (_t, web) => (web.credentialSpecs = ["credentialspecdomainless:arn:aws:s3:::bucket/spec.json"]),
            ),
            TEMPLATE_FILE,
            "containerDefinitions[name=web].credentialSpecs",
            "may not point at credentials from the template (the stack sets it, not the app)",
            "set credentialSpecs in the stack overlay instead",
        );
    });

    it("rejects every volume source, naming FSx's credentialsParameter", () => {
        rejects(
            templateText(
                (t) =>
                    (t.volumes = [{ name: "data", efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0" } }]),
            ),
            TEMPLATE_FILE,
            "volumes[name=data].efsVolumeConfiguration",
            "may not choose what data to mount from the template (the stack sets it, not the app)",
            "keep only the volume's name in the template and set efsVolumeConfiguration in the stack overlay",
        );
        for (const [source, config] of [
            ["host", { sourcePath: "/" }],
            ["dockerVolumeConfiguration", { scope: "task" }],
        ] as const) {
            assert.throws(
                () =>
                    parseTemplate(
                        templateText((t) => (t.volumes = [{ name: "data", [source]: config }])),
                        TEMPLATE_FILE,
                    ),
                { path: `volumes[name=data].${source}` },
            );
        }
        rejects(
            templateText(
                (t) =>
                    (t.volumes = [
                        {
                            name: "share",
                            fsxWindowsFileServerVolumeConfiguration: {
                                fileSystemId: "fs-1",
                                rootDirectory: "share",
                                authorizationConfig: {
                                    credentialsParameter: "arn:aws:secretsmanager:eu-north-1:999999999999:secret:ad",
                                    domain: "corp",
                                },
                            },
                        },
                    ]),
            ),
            TEMPLATE_FILE,
            "volumes[name=share].fsxWindowsFileServerVolumeConfiguration.authorizationConfig.credentialsParameter",
            "may not point at credentials from the template (the stack sets it, not the app)",
            "declare the volume by name in the template and set its source in the stack overlay",
        );
        // A bare volume (task-local scratch space) and one the service configures at launch are the app's to declare.
        assert.doesNotThrow(() =>
            parseTemplate(
                templateText((t) => (t.volumes = [{ name: "tmp" }, { name: "ebs", configuredAtLaunch: true }])),
                TEMPLATE_FILE,
            ),
        );
    });

    it("rejects the writable-root-filesystem opt-out label: that exception belongs to the stack", () => {
        rejects(
            templateText((_t, web) => (web.dockerLabels = { team: "web", [WRITABLE_ROOT_LABEL]: "writes under /var" })),
            TEMPLATE_FILE,
            `containerDefinitions[name=web].dockerLabels.${WRITABLE_ROOT_LABEL}`,
            "may not be set by the template: the image may not approve its own exception to the read-only root filesystem rule (ECS.5)",
            "remove the label from the template; the stack's overlay may set it on this container, with the reason",
        );
        assert.equal(WRITABLE_ROOT_LABEL, POLICY_LABEL);
    });

    it("looks fields up by own property only", () => {
        const text = JSON.stringify({
            containerDefinitions: [{ name: "web", secrets: [{ name: "constructor" }, { name: "toString" }] }],
        });
        assert.doesNotThrow(() => parseTemplate(text, TEMPLATE_FILE));
        for (const key of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"]) {
            assert.throws(
                () => parseTemplate(`{"containerDefinitions": [{"name": "web", "${key}": 1}]}`, TEMPLATE_FILE),
                { path: `containerDefinitions[name=web].${key}`, problem: "is not a field of ECS ContainerDefinition" },
            );
            assert.throws(() => parseTemplate(`{"${key}": {"a": 1}}`, TEMPLATE_FILE), { path: key });
        }
    });

    it("trusts the stack's overlay with the same fields", () => {
        const overlay = {
            taskRoleArn: "arn:aws:iam::123456789012:role/custom",
            containerDefinitions: [
                {
                    name: "web",
                    secrets: [
                        { name: "DATABASE_URL", valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/staging/db" },
                    ],
                    linuxParameters: { capabilities: { add: ["SYS_PTRACE"] } },
                    repositoryCredentials: {
                        credentialsParameter: "arn:aws:secretsmanager:eu-north-1:123456789012:secret:dockerhub",
                    },
                },
            ],
        };
        assert.deepEqual(parseOverlay(overlay, STACK_FILE, "ecs-deploy:overlay"), overlay);
    });
});
