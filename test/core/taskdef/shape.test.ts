import * as assert from "node:assert/strict";
import { memberShape, registerTaskDefinitionShape } from "../../../core/taskdef/model";
import { checkShape, ShapeIssue, ShapeOptions } from "../../../core/taskdef/shape";
import { fargateTaskDefinition, webTemplate } from "../../support/fixtures";

type Json = Record<string, unknown>;

const PARTIAL: ShapeOptions = { required: false, allowNull: false };
const COMPLETE: ShapeOptions = { required: true, allowNull: false };
const OVERLAY: ShapeOptions = { required: false, allowNull: true };

const check = (value: unknown, options: ShapeOptions = PARTIAL): ShapeIssue[] =>
    checkShape(value, registerTaskDefinitionShape(), options);
const withWeb = (fields: Json, top: Json = {}): Json => ({
    ...top,
    containerDefinitions: [{ name: "web", ...fields }],
});

describe("checkShape against the ECS RegisterTaskDefinition model", () => {
    describe("the model", () => {
        it("is read from @aws-sdk/client-ecs, with ECS's own member types", () => {
            const root = registerTaskDefinitionShape();
            assert.equal(root.kind, "structure");
            assert.equal(root.kind === "structure" && root.name, "RegisterTaskDefinitionRequest");
            assert.deepEqual(root.kind === "structure" && root.required, ["family", "containerDefinitions"]);
            assert.deepEqual(memberShape(root, ["cpu"]), { kind: "string" });
            assert.deepEqual(memberShape(root, ["containerDefinitions", "cpu"]), { kind: "integer" });
            assert.deepEqual(memberShape(root, ["containerDefinitions", "essential"]), { kind: "boolean" });
            assert.deepEqual(memberShape(root, ["containerDefinitions", "dockerLabels"]), {
                kind: "map",
                value: { kind: "string" },
            });
            assert.deepEqual(memberShape(root, ["containerDefinitions", "command"]), {
                kind: "list",
                member: { kind: "string" },
            });
            assert.deepEqual(memberShape(root, ["containerDefinitions", "portMappings", "containerPort"]), {
                kind: "integer",
            });
            assert.equal(memberShape(root, ["containerDefinitions", "noSuchField"]), undefined);
        });

        it("accepts the app's template and a complete task definition", () => {
            assert.deepEqual(check(webTemplate()), []);
            assert.deepEqual(check(fargateTaskDefinition(), COMPLETE), []);
        });
    });

    describe("unknown keys", () => {
        it("names the key, the ECS structure and a did-you-mean for a typo", () => {
            assert.deepEqual(check(withWeb({ portMapping: [{ containerPort: 8080 }] })), [
                {
                    path: "containerDefinitions[name=web].portMapping",
                    problem: "is not a field of ECS ContainerDefinition",
                    fix: 'did you mean "portMappings"? Otherwise remove it',
                },
            ]);
        });

        it("suggests the right spelling for a case slip", () => {
            assert.deepEqual(check({ CPU: "256" }), [
                {
                    path: "CPU",
                    problem: "is not a field of ECS RegisterTaskDefinitionRequest",
                    fix: 'did you mean "cpu"? Otherwise remove it',
                },
            ]);
            assert.deepEqual(
                check(withWeb({ healthcheck: { command: ["CMD", "true"] } }))[0].fix,
                'did you mean "healthCheck"? Otherwise remove it',
            );
        });

        it("suggests within the nested structure the key is in", () => {
            assert.deepEqual(check(withWeb({ healthCheck: { command: ["CMD", "true"], intervall: 10 } })), [
                {
                    path: "containerDefinitions[name=web].healthCheck.intervall",
                    problem: "is not a field of ECS HealthCheck",
                    fix: 'did you mean "interval"? Otherwise remove it',
                },
            ]);
        });

        it("lists the allowed keys when nothing is close", () => {
            assert.deepEqual(check(withWeb({ healthCheck: { command: ["CMD", "true"], gracePeriodSeconds: 10 } })), [
                {
                    path: "containerDefinitions[name=web].healthCheck.gracePeriodSeconds",
                    problem: "is not a field of ECS HealthCheck",
                    fix: "remove it; allowed here: command, interval, timeout, retries, startPeriod",
                },
            ]);
        });

        it("rejects keys from other AWS APIs, e.g. the service's desiredCount", () => {
            const [issue] = check({ desiredCount: 2 });
            assert.equal(issue.path, "desiredCount");
            assert.equal(issue.problem, "is not a field of ECS RegisterTaskDefinitionRequest");
            assert.match(issue.fix, /^remove it; allowed here: family, containerDefinitions, taskRoleArn, /);
        });
    });

    describe("types", () => {
        it("a quoted number where ECS wants an integer: write the number without quotes", () => {
            assert.deepEqual(check(withWeb({ portMappings: [{ containerPort: "8080" }] })), [
                {
                    path: "containerDefinitions[name=web].portMappings[0].containerPort",
                    problem: 'must be an integer, got string "8080"',
                    fix: "write the number without quotes: 8080",
                },
            ]);
        });

        it("a number where ECS wants a string: quote it", () => {
            assert.deepEqual(check(withWeb({ environment: [{ name: "PORT", value: 8080 }] })), [
                {
                    path: "containerDefinitions[name=web].environment[name=PORT].value",
                    problem: "must be a string, got number 8080",
                    fix: 'quote it: "8080"',
                },
            ]);
            assert.deepEqual(check({ cpu: 256 }), [
                { path: "cpu", problem: "must be a string, got number 256", fix: 'quote it: "256"' },
            ]);
        });

        it("a fraction or a word where ECS wants an integer", () => {
            assert.deepEqual(check(withWeb({ memory: 512.5, cpu: "half" })), [
                {
                    path: "containerDefinitions[name=web].memory",
                    problem: "must be an integer, got number 512.5",
                    fix: "write an integer",
                },
                {
                    path: "containerDefinitions[name=web].cpu",
                    problem: 'must be an integer, got string "half"',
                    fix: "write an integer",
                },
            ]);
        });

        it("a quoted boolean", () => {
            assert.deepEqual(check(withWeb({ essential: "true" })), [
                {
                    path: "containerDefinitions[name=web].essential",
                    problem: 'must be true or false, got string "true"',
                    fix: "write true without quotes",
                },
            ]);
            assert.deepEqual(check(withWeb({ essential: 1 })), [
                {
                    path: "containerDefinitions[name=web].essential",
                    problem: "must be true or false, got number 1",
                    fix: "write true or false",
                },
            ]);
        });

        it("a string where ECS wants a list, an object or a map", () => {
            assert.deepEqual(
                check(
                    withWeb({
                        command: "node server.js",
                        healthCheck: "curl localhost",
                        dockerLabels: ["team=payments"],
                    }),
                ),
                [
                    {
                        path: "containerDefinitions[name=web].command",
                        problem: 'must be a list, got string "node server.js"',
                        fix: "write a list",
                    },
                    {
                        path: "containerDefinitions[name=web].healthCheck",
                        problem: 'must be an object (HealthCheck), got string "curl localhost"',
                        fix: "write an object (HealthCheck)",
                    },
                    {
                        path: "containerDefinitions[name=web].dockerLabels",
                        problem: "must be a map of strings, got a list",
                        fix: "write a map of strings",
                    },
                ],
            );
        });

        it("checks map values and list members", () => {
            assert.deepEqual(check(withWeb({ dockerLabels: { team: "payments", tier: 1 }, command: ["node", 42] })), [
                {
                    path: "containerDefinitions[name=web].dockerLabels.tier",
                    problem: "must be a string, got number 1",
                    fix: 'quote it: "1"',
                },
                {
                    path: "containerDefinitions[name=web].command[1]",
                    problem: "must be a string, got number 42",
                    fix: 'quote it: "42"',
                },
            ]);
        });

        it("reports every issue, not just the first", () => {
            const issues = check({
                famly: "web",
                cpu: 256,
                containerDefinitions: [{ name: "web", cpu: "256", portMappings: [{ containerPort: "8080" }] }],
            });
            assert.deepEqual(
                issues.map((i) => i.path),
                [
                    "famly",
                    "cpu",
                    "containerDefinitions[name=web].cpu",
                    "containerDefinitions[name=web].portMappings[0].containerPort",
                ],
            );
        });
    });

    describe("required members", () => {
        const incomplete = withWeb({
            secrets: [{ name: "DATABASE_URL" }],
            logConfiguration: { options: { "awslogs-group": "/ecs/web" } },
        });

        it("are not enforced on a partial input (template, overlay)", () => {
            assert.deepEqual(check(incomplete, PARTIAL), []);
            assert.deepEqual(check(incomplete, OVERLAY), []);
        });

        it("are enforced with required: true, naming the ECS structure that requires them", () => {
            assert.deepEqual(check(incomplete, COMPLETE), [
                {
                    path: "containerDefinitions[name=web].secrets[name=DATABASE_URL].valueFrom",
                    problem: "is required by ECS Secret",
                    fix: "set valueFrom",
                },
                {
                    path: "containerDefinitions[name=web].logConfiguration.logDriver",
                    problem: "is required by ECS LogConfiguration",
                    fix: "set logDriver",
                },
                { path: "family", problem: "is required by ECS RegisterTaskDefinitionRequest", fix: "set family" },
            ]);
        });

        it("count a null as missing", () => {
            assert.deepEqual(check({ ...fargateTaskDefinition(), family: null }, { required: true, allowNull: true }), [
                { path: "family", problem: "is required by ECS RegisterTaskDefinitionRequest", fix: "set family" },
            ]);
        });
    });

    describe("nulls", () => {
        const deleting = withWeb(
            { environment: [{ name: "DEBUG", value: null }], healthCheck: null },
            { ephemeralStorage: null },
        );

        it("are accepted with allowNull (an overlay deletes with them)", () => {
            assert.deepEqual(check(deleting, OVERLAY), []);
        });

        it("are rejected without allowNull (a template or a final definition has none), in the input's order", () => {
            assert.deepEqual(check(deleting, PARTIAL), [
                { path: "ephemeralStorage", problem: "is null", fix: "give it a value or remove the key" },
                {
                    path: "containerDefinitions[name=web].environment[name=DEBUG].value",
                    problem: "is null",
                    fix: "give it a value or remove the key",
                },
                {
                    path: "containerDefinitions[name=web].healthCheck",
                    problem: "is null",
                    fix: "give it a value or remove the key",
                },
            ]);
        });

        it("do not hide a wrong type next to them", () => {
            assert.deepEqual(check(withWeb({ healthCheck: null, stopTimeout: "30" }), OVERLAY), [
                {
                    path: "containerDefinitions[name=web].stopTimeout",
                    problem: 'must be an integer, got string "30"',
                    fix: "write the number without quotes: 30",
                },
            ]);
        });
    });

    describe("paths", () => {
        it("name containers, env vars, secrets, volumes, ulimits and dependencies by their name", () => {
            const issues = check({
                volumes: [{ name: "data", host: { sourcePath: 1 } }],
                containerDefinitions: [
                    {
                        name: "web",
                        secrets: [{ name: "API_KEY", valueFrom: 1 }],
                        ulimits: [{ name: "nofile", softLimit: "1024", hardLimit: 4096 }],
                        dependsOn: [{ containerName: "migrate", condition: 1 }],
                    },
                ],
            });
            assert.deepEqual(
                issues.map((i) => i.path),
                [
                    "volumes[name=data].host.sourcePath",
                    "containerDefinitions[name=web].secrets[name=API_KEY].valueFrom",
                    "containerDefinitions[name=web].ulimits[name=nofile].softLimit",
                    "containerDefinitions[name=web].dependsOn[containerName=migrate].condition",
                ],
            );
        });

        it("use the index for unnamed items and for lists without names", () => {
            const issues = check({
                containerDefinitions: [
                    { name: "web" },
                    {
                        image: "nginx",
                        portMappings: [{ containerPort: 80 }, { containerPort: "443" }],
                        environment: [{ value: 1 }],
                    },
                ],
            });
            assert.deepEqual(
                issues.map((i) => i.path),
                [
                    "containerDefinitions[1].portMappings[1].containerPort",
                    "containerDefinitions[1].environment[0].value",
                ],
            );
        });

        it("use the index for a container whose name is not a string", () => {
            assert.deepEqual(check({ containerDefinitions: [{ name: 7 }] }), [
                {
                    path: "containerDefinitions[0].name",
                    problem: "must be a string, got number 7",
                    fix: 'quote it: "7"',
                },
            ]);
        });

        it("report a wrong type at the root with an empty path", () => {
            assert.deepEqual(check(["web"]), [
                {
                    path: "",
                    problem: "must be an object (RegisterTaskDefinitionRequest), got a list",
                    fix: "write an object (RegisterTaskDefinitionRequest)",
                },
            ]);
        });
    });
});
