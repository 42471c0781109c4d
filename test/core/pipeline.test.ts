/**
 * Strict template and overlay input, in the pure core: program-owned values, the provider's arguments,
 * message escaping, credential names, own-property lookups.
 */
import * as assert from "node:assert/strict";
import { ConfigError, TemplateError } from "../../core/support/errors";
import { escapeControls, itemSegment, quote } from "../../core/support/paths";
import { planTaskDefinition } from "../../core/pipeline";
import { looksLikeCredential } from "../../core/taskdef/credentialNames";
import { resolveSecrets, secretLookups } from "../../core/taskdef/secrets";
import { toTaskDefinitionArgs } from "../../core/taskdef/args";
import { asTaskDefinition } from "../../core/taskdef/shape";
import { parseOverlay, parseTemplate } from "../../core/template/parse";
import { fargateTaskDefinition, sidecarContainer, TEMPLATE_FILE, webTemplate } from "../support/fixtures";
import { stackConfig } from "../support/stackConfig";

type Json = Record<string, any>;

const withOverlay = (overlay: Json) => stackConfig("staging", (raw) => (raw.overlay = overlay));
const plan = (overlay: Json, template: Json = webTemplate()) =>
    planTaskDefinition(withOverlay(overlay), { template: asTaskDefinition(template), where: TEMPLATE_FILE });

describe("program-owned values in the overlay are refused, saying what the program sets", () => {
    it("awslogs group, region and stream prefix", () => {
        assert.throws(
            () =>
                plan({
                    containerDefinitions: [
                        {
                            name: "web",
                            logConfiguration: {
                                logDriver: "awslogs",
                                options: {
                                    "awslogs-group": "/my/group",
                                    "awslogs-region": "us-east-1",
                                    "awslogs-stream-prefix": "x",
                                    mode: "non-blocking",
                                },
                            },
                        },
                    ],
                }),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual((e as Error).message.split("\n"), [
                    'Pulumi.staging.yaml: ecs-deploy:overlay.containerDefinitions[name=web].logConfiguration.options.awslogs-group: the program sets awslogs-group to "/ecs/ecs-deploy/staging/web". Fix: remove it',
                    'Pulumi.staging.yaml: ecs-deploy:overlay.containerDefinitions[name=web].logConfiguration.options.awslogs-region: the program sets awslogs-region to "eu-north-1". Fix: remove it',
                    'Pulumi.staging.yaml: ecs-deploy:overlay.containerDefinitions[name=web].logConfiguration.options.awslogs-stream-prefix: the program sets awslogs-stream-prefix to "staging". Fix: remove it',
                ]);
                return true;
            },
        );
    });

    it("the roles and the app container's image, but not a sidecar's image", () => {
        assert.throws(() => plan({ taskRoleArn: "arn:aws:iam::123456789012:role/admin" }), {
            path: "ecs-deploy:overlay.taskRoleArn",
            problem: "the program sets taskRoleArn to the task role it creates for this stack",
        });
        assert.throws(() => plan({ executionRoleArn: "arn:aws:iam::123456789012:role/x" }), {
            path: "ecs-deploy:overlay.executionRoleArn",
        });
        assert.throws(() => plan({ containerDefinitions: [{ name: "web", image: "nginx:1.27" }] }), {
            path: "ecs-deploy:overlay.containerDefinitions[name=web].image",
            fix: "remove it; to deploy an existing image set ecs-deploy:image",
        });
        const template = webTemplate();
        (template.containerDefinitions as Json[]).push({
            ...sidecarContainer("agent"),
            logConfiguration: { logDriver: "awslogs" },
        });
        const p = plan(
            { containerDefinitions: [{ name: "agent", image: "public.ecr.aws/datadog/agent:7.53.0" }] },
            template,
        );
        assert.equal((p.merged.containerDefinitions as Json[])[1].image, "public.ecr.aws/datadog/agent:7.53.0");
    });

    it("an overlay that leaves them alone plans", () => {
        const p = plan({
            containerDefinitions: [
                { name: "web", logConfiguration: { logDriver: "awslogs", options: { mode: "non-blocking" } } },
            ],
        });
        assert.deepEqual(p.logGroups, { web: "/ecs/ecs-deploy/staging/web" });
    });
});

describe("toTaskDefinitionArgs: what render shows is what the provider gets", () => {
    it("passes the template's tags as the provider's map, and configuredAtLaunch as configureAtLaunch", () => {
        const td = {
            ...fargateTaskDefinition(),
            tags: [
                { key: "team", value: "web" },
                { key: "cost-centre", value: "42" },
            ],
            volumes: [{ name: "data", configuredAtLaunch: true }, { name: "scratch" }],
        };
        const args = toTaskDefinitionArgs(asTaskDefinition(td));
        assert.deepEqual(args.tags, { team: "web", "cost-centre": "42" });
        assert.deepEqual(args.volumes, [{ name: "data", configureAtLaunch: true }, { name: "scratch" }]);
        assert.equal(toTaskDefinitionArgs(asTaskDefinition(fargateTaskDefinition())).tags, undefined);
    });
});

describe("messages: input never breaks or forges a line", () => {
    it("quotes and escapes control, separator, bidi and zero-width characters", () => {
        assert.equal(quote("web\n::error::fake"), '"web\\n::error::fake"');
        for (const ch of [
            "\r",
            "\u2028",
            "\u2029",
            "\u0085",
            "\u001b",
            "\u0000",
            "\u202e",
            "\u2066",
            "\u200b",
            "\ufeff",
        ]) {
            assert.doesNotMatch(
                quote(`a${ch}b`),
                /[\r\n\u2028\u2029\u0085\u001b\u0000\u202e\u2066\u200b\ufeff]/u,
                JSON.stringify(ch),
            );
            assert.doesNotMatch(
                escapeControls(`a${ch}b`),
                /[\r\n\u2028\u2029\u0085\u001b\u0000\u202e\u2066\u200b\ufeff]/u,
            );
        }
        assert.equal(itemSegment("containerDefinitions", { name: "web" }, 0), "[name=web]");
        assert.equal(itemSegment("containerDefinitions", { name: "we]b" }, 0), '[name="we]b"]');
    });

    it("a container named to forge a workflow command stays on its one line", () => {
        const text = JSON.stringify({
            containerDefinitions: [{ name: "web\n::error::fake", privileged: true, "bad\u2028key": 1 }],
        });
        assert.throws(
            () => parseTemplate(text, TEMPLATE_FILE),
            (e: unknown) => {
                assert.ok(e instanceof TemplateError);
                const lines = (e as Error).message.split("\n");
                assert.equal(lines.length, 2);
                for (const line of lines) {
                    assert.ok(
                        line.startsWith(`${TEMPLATE_FILE}: containerDefinitions[name="web\\n::error::fake"].`),
                        line,
                    );
                    assert.doesNotMatch(line, /[\r\u2028\u2029\u0085]/);
                }
                return true;
            },
        );
    });
});

describe("enums from the ECS model, with the right spelling as the fix", () => {
    const cases: [string, Json, string, string][] = [
        ["pidMode", { pidMode: "x" }, "pidMode", "use one of host, task"],
        [
            "protocol",
            { containerDefinitions: [{ name: "web", portMappings: [{ containerPort: 80, protocol: "TCP" }] }] },
            "containerDefinitions[name=web].portMappings[0].protocol",
            'write "tcp"',
        ],
        [
            "appProtocol",
            { containerDefinitions: [{ name: "web", portMappings: [{ containerPort: 80, appProtocol: "HTTP" }] }] },
            "containerDefinitions[name=web].portMappings[0].appProtocol",
            'write "http"',
        ],
        [
            "operatingSystemFamily",
            { runtimePlatform: { operatingSystemFamily: "linux" } },
            "runtimePlatform.operatingSystemFamily",
            'write "LINUX"',
        ],
        [
            "cpuArchitecture",
            { runtimePlatform: { cpuArchitecture: "arm64" } },
            "runtimePlatform.cpuArchitecture",
            'write "ARM64"',
        ],
        [
            "requiresCompatibilities",
            { requiresCompatibilities: ["fargate"] },
            "requiresCompatibilities",
            'write "FARGATE"',
        ],
    ];
    for (const [name, template, path, fix] of cases) {
        it(name, () => {
            assert.throws(
                () => parseTemplate(JSON.stringify(template), TEMPLATE_FILE),
                (e: unknown) => {
                    assert.ok(e instanceof TemplateError);
                    assert.equal(e.path.replace(/\[\d+\]$/, ""), path);
                    assert.match(e.problem, /is not one of ECS's values \(/);
                    assert.equal(e.fix, fix);
                    return true;
                },
            );
        });
    }
    it("in the overlay too", () => {
        assert.throws(
            () =>
                parseOverlay(
                    { runtimePlatform: { cpuArchitecture: "arm64" } },
                    "Pulumi.staging.yaml",
                    "ecs-deploy:overlay",
                ),
            { path: "ecs-deploy:overlay.runtimePlatform.cpuArchitecture", fix: 'write "ARM64"' },
        );
    });
});

describe("template text", () => {
    it("reads a template saved with a byte-order mark", () => {
        assert.deepEqual(parseTemplate("\ufeff" + JSON.stringify(webTemplate()), TEMPLATE_FILE), webTemplate());
    });

    it("does not echo the content of a file that is not JSON", () => {
        const passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
        assert.throws(
            () => parseTemplate(passwd, "/etc/passwd"),
            (e: unknown) => {
                assert.ok(e instanceof TemplateError);
                assert.doesNotMatch(e.message, /root:x|\/bin\/bash|daemon/);
                assert.match(e.message, /^\/etc\/passwd: is not valid JSON/);
                return true;
            },
        );
    });
});

describe("credential-looking names in plain env vars", () => {
    it("catches spellings, cases and hidden characters", () => {
        for (const name of [
            "SECRET_KEY",
            "DB_PASS",
            "DB-PASSWORD",
            "dbPassword",
            "JWT_SECRET_KEY",
            "API_KEY_ID",
            "DB_PASSWORD ",
            "DB_PASSWORD\u200b",
            "STRIPE_API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
        ]) {
            assert.ok(looksLikeCredential(name), JSON.stringify(name));
        }
    });

    it("leaves names that point at a credential, and ordinary names, alone", () => {
        for (const name of [
            "PORT",
            "ROOT_URL",
            "LOG_LEVEL",
            "DB_PASSWORD_FILE",
            "JWT_SECRET_ARN",
            "SECRET_NAME",
            "BYPASS_CACHE",
            "PWD",
            "NODE_ENV",
        ]) {
            assert.equal(looksLikeCredential(name), false, name);
        }
    });
});

describe("secrets: names are looked up by own property only", () => {
    const cfg = stackConfig("staging").secrets;
    it("a secret named after an Object.prototype member resolves under the prefix, or is not found", () => {
        for (const name of ["constructor", "toString", "hasOwnProperty"]) {
            const [lookup] = secretLookups([name], cfg);
            assert.equal(lookup.id, `staging/web/${name}`);
            assert.equal(lookup.jsonKey, undefined);
            assert.throws(
                () => resolveSecrets([lookup], {}, "Pulumi.staging.yaml", "ecs-deploy:secrets", "eu-north-1"),
                { name: "SecretNotFound" },
            );
        }
    });
});
