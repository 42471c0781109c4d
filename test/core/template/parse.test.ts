import * as assert from "node:assert/strict";
import { ConfigError, MAX_REPORTED, TaskDefinitionError, TemplateError } from "../../../core/support/errors";
import { parseOverlay, parseTemplate, raise } from "../../../core/template/parse";
import { STACK_FILE, TEMPLATE_FILE, webTemplate, webTemplateText } from "../../support/fixtures";

const OVERLAY_KEY = "ecs-deploy:overlay";

describe("parseTemplate: the app's template from its file or image label", () => {
    it("returns the template as plain data", () => {
        assert.deepEqual(parseTemplate(webTemplateText(), TEMPLATE_FILE), webTemplate());
    });

    it("writes task cpu and memory as ECS takes them: strings of units", () => {
        const t = parseTemplate(
            JSON.stringify({ cpu: "0.5 vCPU", memory: 1024, containerDefinitions: [{ name: "web" }] }),
            TEMPLATE_FILE,
        );
        assert.equal(t.cpu, "512");
        assert.equal(t.memory, "1024");
    });

    it("reports malformed JSON with the file, the line and column, and a fix", () => {
        const text = '{\n  "containerDefinitions": [\n    { "name": "web", }\n  ]\n}\n';
        assert.throws(
            () => parseTemplate(text, TEMPLATE_FILE),
            (e: unknown) => {
                assert.ok(e instanceof TemplateError);
                assert.equal(e.path, "");
                assert.match(e.message, /^app\/ecs-task-template\.json: is not valid JSON at line 3 column 22 \(/);
                assert.match(e.fix, /^fix the JSON syntax/);
                assert.doesNotMatch(e.message, /\n/);
                return true;
            },
        );
    });

    it("rejects JSON that is not an object", () => {
        assert.throws(() => parseTemplate('[{"name": "web"}]', TEMPLATE_FILE), {
            name: "TemplateError",
            message: `${TEMPLATE_FILE}: must be a JSON object (a partial RegisterTaskDefinition input), got a list. Fix: wrap it as {"containerDefinitions": [...]}`,
        });
        assert.throws(() => parseTemplate('"web"', TEMPLATE_FILE), { message: /got string\. Fix/ });
        assert.throws(() => parseTemplate("null", TEMPLATE_FILE), { message: /got object\. Fix/ });
    });

    it("rejects an unknown key with the path and a did-you-mean", () => {
        const text = JSON.stringify({ containerDefinitions: [{ name: "web", enviroment: [] }] });
        assert.throws(() => parseTemplate(text, TEMPLATE_FILE), {
            name: "TemplateError",
            message: `${TEMPLATE_FILE}: containerDefinitions[name=web].enviroment: is not a field of ECS ContainerDefinition. Fix: did you mean "environment"? Otherwise remove it`,
        });
    });

    it("rejects a wrong type", () => {
        const text = JSON.stringify({
            containerDefinitions: [{ name: "web", portMappings: [{ containerPort: "8080" }] }],
        });
        assert.throws(() => parseTemplate(text, TEMPLATE_FILE), {
            message: `${TEMPLATE_FILE}: containerDefinitions[name=web].portMappings[0].containerPort: must be an integer, got string "8080". Fix: write the number without quotes: 8080`,
        });
    });

    it("rejects null: a template deletes nothing", () => {
        const text = JSON.stringify({ containerDefinitions: [{ name: "web", healthCheck: null }] });
        assert.throws(() => parseTemplate(text, TEMPLATE_FILE), {
            message: `${TEMPLATE_FILE}: containerDefinitions[name=web].healthCheck: is null. Fix: give it a value or remove the key`,
        });
    });

    it("does not require what only the final definition must have (family, image)", () => {
        assert.deepEqual(parseTemplate('{"containerDefinitions": [{"name": "web"}]}', TEMPLATE_FILE), {
            containerDefinitions: [{ name: "web" }],
        });
    });
});

describe("parseOverlay: a stack's overlay", () => {
    it("treats a missing overlay as empty", () => {
        assert.deepEqual(parseOverlay(undefined, STACK_FILE, OVERLAY_KEY), {});
        assert.deepEqual(parseOverlay(null, STACK_FILE, OVERLAY_KEY), {});
    });

    it("accepts nulls, which delete", () => {
        const overlay = { containerDefinitions: [{ name: "web", environment: [{ name: "DEBUG", value: null }] }] };
        assert.deepEqual(parseOverlay(overlay, STACK_FILE, OVERLAY_KEY), overlay);
    });

    it("writes YAML numbers for cpu and memory as strings", () => {
        assert.deepEqual(parseOverlay({ cpu: 1024, memory: "2 GB" }, STACK_FILE, OVERLAY_KEY), {
            cpu: "1024",
            memory: "2048",
        });
    });

    it("rejects an overlay that is not an object, naming the stack file and key", () => {
        assert.throws(() => parseOverlay(["cpu: 256"], STACK_FILE, OVERLAY_KEY), {
            name: "ConfigError",
            message: `${STACK_FILE}: ${OVERLAY_KEY}: must be an object (a partial RegisterTaskDefinition input), got a list. Fix: write it as a YAML mapping, e.g. containerDefinitions: [{name: web, environment: [...]}]`,
        });
        assert.throws(() => parseOverlay("cpu=256", STACK_FILE, OVERLAY_KEY), {
            name: "ConfigError",
            message: /got string\. Fix/,
        });
    });

    it("prefixes shape errors with the config key", () => {
        assert.throws(
            () => parseOverlay({ containerDefinitions: [{ name: "web", cpu: "256" }] }, STACK_FILE, OVERLAY_KEY),
            {
                name: "ConfigError",
                message: `${STACK_FILE}: ${OVERLAY_KEY}.containerDefinitions[name=web].cpu: must be an integer, got string "256". Fix: write the number without quotes: 256`,
            },
        );
    });
});

describe("one problem, one line: a field the shape check refuses is not judged again", () => {
    type Json = Record<string, unknown>;
    /** The template with `change` applied, parsed: the error's lines (none when it parses). */
    const templateLines = (change: (t: Json, web: Json) => void): string[] => {
        const t = webTemplate();
        change(t, (t.containerDefinitions as Json[])[0]);
        try {
            parseTemplate(JSON.stringify(t), TEMPLATE_FILE);
            return [];
        } catch (e) {
            assert.ok(e instanceof TemplateError, String(e));
            return e.message.split("\n");
        }
    };
    const web = "containerDefinitions[name=web]";

    const cases: [string, (t: Json, web: Json) => void, string][] = [
        ["networkMode: null", (t) => (t.networkMode = null), "networkMode: is null"],
        ["networkMode: {}", (t) => (t.networkMode = {}), "networkMode: must be a string, got an object"],
        ["networkMode: 5", (t) => (t.networkMode = 5), "networkMode: must be a string, got number 5"],
        ["pidMode: {}", (t) => (t.pidMode = {}), "pidMode: must be a string, got an object"],
        ["pidMode: null", (t) => (t.pidMode = null), "pidMode: is null"],
        ["ipcMode: []", (t) => (t.ipcMode = []), "ipcMode: must be a string, got a list"],
        ["taskRoleArn: 1", (t) => (t.taskRoleArn = 1), "taskRoleArn: must be a string, got number 1"],
        [
            'privileged: "yes"',
            (_t, w) => (w.privileged = "yes"),
            `${web}.privileged: must be true or false, got string "yes"`,
        ],
        ["privileged: null", (_t, w) => (w.privileged = null), `${web}.privileged: is null`],
        [
            "capabilities.add: {}",
            (_t, w) => (w.linuxParameters = { capabilities: { add: {} } }),
            `${web}.linuxParameters.capabilities.add: must be a list, got an object`,
        ],
        [
            "linuxParameters that is not an object",
            (_t, w) => (w.linuxParameters = "privileged"),
            `${web}.linuxParameters: must be an object (LinuxParameters), got string "privileged"`,
        ],
        [
            "a secret's valueFrom: 1",
            (_t, w) => ((w.secrets as Json[])[0].valueFrom = 1),
            `${web}.secrets[name=SESSION_SECRET].valueFrom: must be a string, got number 1`,
        ],
        [
            "a volume source that is not an object",
            (t) => (t.volumes = [{ name: "data", efsVolumeConfiguration: "fs-1" }]),
            'volumes[name=data].efsVolumeConfiguration: must be an object (EFSVolumeConfiguration), got string "fs-1"',
        ],
    ];
    for (const [name, change, line] of cases) {
        it(`template ${name}: one line, from the shape check`, () => {
            const lines = templateLines(change);
            assert.equal(lines.length, 1, lines.join("\n"));
            assert.ok(lines[0].startsWith(`${TEMPLATE_FILE}: ${line}. Fix: `), lines[0]);
        });
    }

    it("still reports a trust problem beside an unrelated shape problem, each once", () => {
        const lines = templateLines((t, w) => {
            t.networkMode = {};
            w.privileged = true;
        });
        assert.deepEqual(
            lines.map((l) => l.slice(TEMPLATE_FILE.length + 2, l.indexOf(". Fix: "))),
            ["networkMode: must be a string, got an object", `${web}.privileged: may not be set by the template`],
        );
    });

    for (const [name, overlay, line] of [
        ["networkMode: {}", { networkMode: {} }, "networkMode: must be a string, got an object"],
        ["pidMode: 1", { pidMode: 1 }, "pidMode: must be a string, got number 1"],
        [
            'privileged: "yes"',
            { containerDefinitions: [{ name: "web", privileged: "yes" }] },
            `${web}.privileged: must be true or false, got string "yes"`,
        ],
        [
            "capabilities.add: {}",
            { containerDefinitions: [{ name: "web", linuxParameters: { capabilities: { add: {} } } }] },
            `${web}.linuxParameters.capabilities.add: must be a list, got an object`,
        ],
    ] as const) {
        it(`overlay ${name}: one line`, () => {
            assert.throws(
                () => parseOverlay(overlay, STACK_FILE, OVERLAY_KEY),
                (e: unknown) => {
                    assert.ok(e instanceof ConfigError);
                    assert.equal(e.message.split("\n").length, 1, e.message);
                    assert.ok(e.message.startsWith(`${STACK_FILE}: ${OVERLAY_KEY}.${line}. Fix: `), e.message);
                    return true;
                },
            );
        });
    }
});

describe("raise: one line per issue", () => {
    const issue = (path: string) => ({ path, problem: "is wrong", fix: "fix it" });

    it("does nothing without issues", () => {
        raise(ConfigError, STACK_FILE, []);
    });

    it("throws the given kind, naming every problem on a line of its own", () => {
        assert.throws(() => raise(TaskDefinitionError, "w", [issue("a")]), {
            name: "TaskDefinitionError",
            message: "w: a: is wrong. Fix: fix it",
        });
        assert.throws(() => raise(TaskDefinitionError, "w", [issue("a"), issue("b")]), {
            message: "w: a: is wrong. Fix: fix it\nw: b: is wrong. Fix: fix it",
        });
        assert.throws(() => raise(TaskDefinitionError, "w", [issue("a"), issue("b"), issue("c")]), {
            path: "a",
            message: "w: a: is wrong. Fix: fix it\nw: b: is wrong. Fix: fix it\nw: c: is wrong. Fix: fix it",
        });
    });

    it("stops at a cap, saying how many it did not show", () => {
        const issues = Array.from({ length: MAX_REPORTED + 5 }, (_, i) => issue(`f${i}`));
        assert.throws(
            () => raise(ConfigError, "w", issues),
            (e: unknown) => {
                const lines = (e as Error).message.split("\n");
                assert.equal(lines.length, MAX_REPORTED + 1);
                assert.equal(lines[MAX_REPORTED - 1], `w: f${MAX_REPORTED - 1}: is wrong. Fix: fix it`);
                assert.equal(
                    lines[MAX_REPORTED],
                    "w: 5 more problems not shown. Fix: fix the ones above and run again",
                );
                assert.equal((e as ConfigError).others.length, MAX_REPORTED + 4);
                return true;
            },
        );
    });

    it("joins a prefix to the path, and stands the prefix alone for a root issue", () => {
        assert.throws(() => raise(ConfigError, "w", [issue("cpu")], "p:overlay"), { path: "p:overlay.cpu" });
        assert.throws(() => raise(ConfigError, "w", [issue("")], "p:overlay"), {
            path: "p:overlay",
            message: "w: p:overlay: is wrong. Fix: fix it",
        });
        assert.throws(() => raise(ConfigError, "w", [issue("")]), { path: "", message: "w: is wrong. Fix: fix it" });
    });
});
