import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import _ from "lodash";
import { canonicalJson, coerceTaskSize, normalise, sortKeys } from "../../../core/taskdef/normalise";
import { mergeLayers } from "../../../core/taskdef/merge";
import { asTaskDefinition } from "../../../core/taskdef/shape";
import { container, stagingOverlay, webTemplate } from "../../support/fixtures";

type Json = Record<string, unknown>;

const one = (c: Json) => asTaskDefinition({ containerDefinitions: [c] });
const onlyContainer = (td: RegisterTaskDefinitionCommandInput): Json => (td.containerDefinitions as Json[])[0];

describe("normalise: the form ECS returns", () => {
    describe("defaults", () => {
        it("fills the task's networkMode and requiresCompatibilities", () => {
            const td = normalise({ family: "web", containerDefinitions: [] });
            assert.equal(td.networkMode, "awsvpc");
            assert.deepEqual(td.requiresCompatibilities, ["FARGATE"]);
        });

        it("fills a container's defaults: essential, cpu 0 and empty lists", () => {
            assert.deepEqual(onlyContainer(normalise(one({ name: "web", image: "nginx" }))), {
                name: "web",
                image: "nginx",
                cpu: 0,
                essential: true,
                environment: [],
                mountPoints: [],
                portMappings: [],
                volumesFrom: [],
                systemControls: [],
            });
        });

        it("fills a port mapping's hostPort (its containerPort) and protocol (tcp)", () => {
            const c = onlyContainer(
                normalise(
                    one({
                        name: "web",
                        portMappings: [{ containerPort: 8080 }, { containerPort: 8125, protocol: "udp" }],
                    }),
                ),
            );
            assert.deepEqual(c.portMappings, [
                { containerPort: 8080, hostPort: 8080, protocol: "tcp" },
                { containerPort: 8125, hostPort: 8125, protocol: "udp" },
            ]);
        });

        it("fills a health check's interval, timeout and retries, but no startPeriod", () => {
            const c = onlyContainer(normalise(one({ name: "web", healthCheck: { command: ["CMD", "true"] } })));
            assert.deepEqual(c.healthCheck, { command: ["CMD", "true"], interval: 30, timeout: 5, retries: 3 });
        });

        it("keeps every value that is set, including false, 0 and a different hostPort", () => {
            const input = {
                networkMode: "bridge",
                requiresCompatibilities: ["EC2"],
                containerDefinitions: [
                    {
                        name: "web",
                        cpu: 128,
                        essential: false,
                        environment: [{ name: "A", value: "1" }],
                        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp" }],
                        portMappings: [{ containerPort: 8080, hostPort: 80, protocol: "udp" }],
                        volumesFrom: [{ sourceContainer: "data" }],
                        systemControls: [{ namespace: "net.core.somaxconn", value: "1024" }],
                        healthCheck: { command: ["CMD", "true"], interval: 10, timeout: 2, retries: 1, startPeriod: 0 },
                    },
                ],
            };
            assert.deepEqual(normalise(asTaskDefinition(_.cloneDeep(input))), input);
        });

        it("adds no secrets list when there is none, and no healthCheck", () => {
            const c = onlyContainer(normalise(one({ name: "web" })));
            assert.equal("secrets" in c, false);
            assert.equal("healthCheck" in c, false);
        });
    });

    describe("order", () => {
        it("sorts env vars and secrets by name", () => {
            const c = onlyContainer(
                normalise(
                    one({
                        name: "web",
                        environment: [
                            { name: "PORT", value: "8080" },
                            { name: "LOG_LEVEL", value: "info" },
                            { name: "NODE_ENV", value: "production" },
                        ],
                        secrets: [
                            { name: "SESSION_SECRET", valueFrom: "arn:s" },
                            { name: "DATABASE_URL", valueFrom: "arn:d" },
                        ],
                    }),
                ),
            );
            assert.deepEqual(
                (c.environment as Json[]).map((e) => e.name),
                ["LOG_LEVEL", "NODE_ENV", "PORT"],
            );
            assert.deepEqual(c.secrets, [
                { name: "DATABASE_URL", valueFrom: "arn:d" },
                { name: "SESSION_SECRET", valueFrom: "arn:s" },
            ]);
        });

        it("sorts by code point, the same on every machine, not by the locale's collation", () => {
            const names = ["b", "a_b", "HOST", "aB", "B", "CHARSET", "_PRIVATE", "a1"];
            const c = onlyContainer(
                normalise(one({ name: "web", environment: names.map((name) => ({ name, value: "" })) })),
            );
            assert.deepEqual(
                (c.environment as Json[]).map((e) => e.name),
                ["B", "CHARSET", "HOST", "_PRIVATE", "a1", "aB", "a_b", "b"],
            );
        });

        it("renders byte-identical output whatever the process's locale (e.g. Czech, where CH sorts after H)", function () {
            this.timeout(20000);
            const script = `
                const { normalise, canonicalJson } = require(${JSON.stringify(path.resolve(__dirname, "../../../core/taskdef/normalise"))});
                const env = ["HOST", "CHARSET", "aB", "a_b", "B", "b"].map((name) => ({ name, value: "1" }));
                process.stdout.write(canonicalJson(normalise({ containerDefinitions: [{ name: "web", environment: env }] })));
            `;
            const render = (locale: string) =>
                execFileSync(process.execPath, ["-r", "tsx/cjs", "-e", script], {
                    cwd: path.resolve(__dirname, "..", "..", ".."),
                    env: { ...process.env, LANG: locale, LC_ALL: locale },
                    encoding: "utf8",
                });
            const en = render("en_US.UTF-8");
            assert.equal(render("cs_CZ.UTF-8"), en);
            assert.equal(render("C"), en);
            assert.match(en, /"name": "CHARSET"[\s\S]*"name": "HOST"/);
        });

        it("keeps the order of containers, port mappings and other lists", () => {
            const td = normalise(
                asTaskDefinition({
                    containerDefinitions: [
                        {
                            name: "web",
                            portMappings: [{ containerPort: 9090 }, { containerPort: 8080 }],
                            command: ["b", "a"],
                        },
                        { name: "agent" },
                    ],
                }),
            );
            assert.deepEqual(
                (td.containerDefinitions as Json[]).map((c) => c.name),
                ["web", "agent"],
            );
            assert.deepEqual(
                (container(td, "web").portMappings as Json[]).map((p) => p.containerPort),
                [9090, 8080],
            );
            assert.deepEqual(container(td, "web").command, ["b", "a"]);
        });
    });

    describe("task size", () => {
        it('coerces "0.25 vCPU" and "1 GB" to units', () => {
            const td = normalise(asTaskDefinition({ cpu: "0.25 vCPU", memory: "1 GB", containerDefinitions: [] }));
            assert.equal(td.cpu, "256");
            assert.equal(td.memory, "1024");
        });

        it("coerces other spellings ECS accepts", () => {
            assert.deepEqual(coerceTaskSize({ cpu: "1 vcpu", memory: "0.5GB" }), { cpu: "1024", memory: "512" });
            assert.deepEqual(coerceTaskSize({ cpu: " 2 VCPU ", memory: "4 gb" }), { cpu: "2048", memory: "4096" });
        });

        it("writes numbers as strings and leaves units as they are", () => {
            assert.deepEqual(coerceTaskSize({ cpu: 512, memory: 1024 }), { cpu: "512", memory: "1024" });
            assert.deepEqual(coerceTaskSize({ cpu: "512", memory: "1024" }), { cpu: "512", memory: "1024" });
        });

        it("leaves unknown spellings for validation to reject, and null for the merge to delete", () => {
            assert.deepEqual(coerceTaskSize({ cpu: "a lot", memory: null }), { cpu: "a lot", memory: null });
            assert.deepEqual(coerceTaskSize({ family: "web" }), { family: "web" });
        });

        it("does not change its input", () => {
            const input = { cpu: "0.25 vCPU", memory: 512 };
            coerceTaskSize(input);
            assert.deepEqual(input, { cpu: "0.25 vCPU", memory: 512 });
        });
    });

    describe("stability", () => {
        const rendered = () =>
            normalise(asTaskDefinition({ family: "web-staging", ...mergeLayers(webTemplate(), stagingOverlay()) }));

        it("is idempotent: normalise(normalise(x)) equals normalise(x)", () => {
            const once = rendered();
            assert.deepEqual(normalise(once), once);
            assert.equal(canonicalJson(normalise(once)), canonicalJson(once));

            const sparse = normalise(
                asTaskDefinition({
                    cpu: 256,
                    memory: "0.5 GB",
                    containerDefinitions: [
                        {
                            name: "web",
                            portMappings: [{ containerPort: 80 }],
                            healthCheck: { command: ["CMD", "true"] },
                        },
                    ],
                }),
            );
            assert.deepEqual(normalise(sparse), sparse);
        });

        it("does not change its input", () => {
            const input = one({
                name: "web",
                environment: [
                    { name: "B", value: "2" },
                    { name: "A", value: "1" },
                ],
                portMappings: [{ containerPort: 80 }],
            });
            const before = _.cloneDeep(input);
            normalise(input);
            assert.deepEqual(input, before);
        });

        it("renders the same bytes for the same content, whatever the key and env order", () => {
            const a = {
                family: "web",
                cpu: "256",
                memory: "512",
                containerDefinitions: [
                    {
                        name: "web",
                        image: "nginx",
                        environment: [
                            { name: "A", value: "1" },
                            { name: "B", value: "2" },
                        ],
                        portMappings: [{ containerPort: 80, protocol: "tcp" }],
                    },
                ],
            };
            const b = {
                containerDefinitions: [
                    {
                        portMappings: [{ protocol: "tcp", containerPort: 80 }],
                        environment: [
                            { value: "2", name: "B" },
                            { value: "1", name: "A" },
                        ],
                        image: "nginx",
                        name: "web",
                    },
                ],
                memory: 512,
                cpu: "0.25 vCPU",
                family: "web",
            };
            assert.equal(canonicalJson(normalise(asTaskDefinition(a))), canonicalJson(normalise(asTaskDefinition(b))));
        });

        it("re-renders byte-identically", () => {
            assert.equal(canonicalJson(rendered()), canonicalJson(rendered()));
        });
    });
});

describe("canonicalJson", () => {
    it("sorts object keys at every depth, keeps list order, indents by 2 and ends with a newline", () => {
        assert.equal(
            canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }),
            '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
        );
    });

    it("takes another indent", () => {
        assert.equal(canonicalJson({ b: [1], a: "x" }, 0), '{"a":"x","b":[1]}\n');
    });

    it("sortKeys returns a new value and leaves scalars alone", () => {
        const input = { b: { y: 1, x: 2 }, a: 1 };
        const sorted = sortKeys(input) as Json;
        assert.deepEqual(Object.keys(sorted), ["a", "b"]);
        assert.deepEqual(Object.keys(sorted.b as Json), ["x", "y"]);
        assert.deepEqual(Object.keys(input), ["b", "a"]);
        assert.equal(sortKeys("x"), "x");
        assert.equal(sortKeys(null), null);
    });
});
