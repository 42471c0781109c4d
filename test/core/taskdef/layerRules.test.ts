import * as assert from "node:assert/strict";
import { ConfigError, TemplateError } from "../../../core/support/errors";
import { layerIssues, tagIssues, taskSizeIssues, volumeNameIssues } from "../../../core/taskdef/layerRules";
import { parseOverlay, parseTemplate } from "../../../core/template/parse";
import { OVERLAY_KEY, STACK_FILE, TEMPLATE_FILE, webTemplate } from "../../support/fixtures";

type Json = Record<string, unknown>;

/** The error's lines when `parse` refuses, as "<path>: <problem>. Fix: <fix>" after the file name. */
function refusal(parse: () => unknown, where: string, Kind: typeof TemplateError | typeof ConfigError): string[] {
    try {
        parse();
    } catch (e) {
        assert.ok(e instanceof Kind, String(e));
        return e.message.split("\n").map((l) => {
            assert.ok(l.startsWith(`${where}: `), l);
            return l.slice(where.length + 2);
        });
    }
    return [];
}
const template = (change: (t: Json) => void) => () => {
    const t = webTemplate();
    change(t);
    return parseTemplate(JSON.stringify(t), TEMPLATE_FILE);
};
const overlay = (o: Json) => () => parseOverlay(o, STACK_FILE, OVERLAY_KEY);

describe("task cpu and memory: the spellings ECS reads", () => {
    const CPU_READS = 'it takes decimal CPU units ("256") or vCPUs ("0.25 vCPU")';
    const MEMORY_READS = 'it takes decimal MiB ("512") or GB ("1 GB")';

    for (const [cpu, fix] of [
        ["0x100", 'write "256"'],
        ["1e3", 'write "1000"'],
        [" 256", 'write "256"'],
        ["256 ", 'write "256"'],
        ["256.0", 'write "256"'],
        ["+256", 'write "256"'],
        ["0256", 'write "256"'],
        ["-256", 'write whole CPU units in decimal digits, e.g. "256"'],
        ["256.5", 'write whole CPU units in decimal digits, e.g. "256"'],
        ["a quarter", 'write whole CPU units in decimal digits, e.g. "256"'],
        ["1.2.3 vCPU", 'write whole CPU units in decimal digits, e.g. "256"'],
    ]) {
        it(`refuses cpu ${JSON.stringify(cpu)} in the template, with the fix`, () => {
            assert.deepEqual(
                refusal(
                    template((t) => (t.cpu = cpu)),
                    TEMPLATE_FILE,
                    TemplateError,
                ),
                [`cpu: ${JSON.stringify(cpu)} is not a task cpu ECS reads: ${CPU_READS}. Fix: ${fix}`],
            );
        });
    }

    for (const [memory, fix] of [
        ["0x200", 'write "512"'],
        ["512.0", 'write "512"'],
        ["5e2", 'write "500"'],
        ["1 TB", 'write whole MiB in decimal digits, e.g. "512"'],
        ["512MiB", 'write whole MiB in decimal digits, e.g. "512"'],
    ]) {
        it(`refuses memory ${JSON.stringify(memory)} in an overlay, under the config key`, () => {
            assert.deepEqual(refusal(overlay({ memory }), STACK_FILE, ConfigError), [
                `${OVERLAY_KEY}.memory: ${JSON.stringify(memory)} is not a task memory ECS reads: ${MEMORY_READS}. Fix: ${fix}`,
            ]);
        });
    }

    it("refuses a number that is not whole units (a YAML 256.5), and reports cpu and memory together", () => {
        assert.deepEqual(
            taskSizeIssues({ cpu: 256.5, memory: "0x400" }).map((i) => `${i.path}: ${i.problem}`),
            [
                `cpu: "256.5" is not a task cpu ECS reads: ${CPU_READS}`,
                `memory: "0x400" is not a task memory ECS reads: ${MEMORY_READS}`,
            ],
        );
    });

    it("accepts decimal units, numbers of units and the vCPU and GB spellings ECS documents", () => {
        for (const [cpu, memory] of [
            ["256", "512"],
            [256, 512],
            ["0.25 vCPU", "0.5 GB"],
            ["1 vcpu", "2GB"],
            ["2 VCPU", "4 gb"],
            [".5 vCPU", "1 GB"],
        ]) {
            assert.deepEqual(taskSizeIssues({ cpu, memory }), [], `${cpu} / ${memory}`);
            assert.doesNotThrow(template((t) => Object.assign(t, { cpu, memory })));
        }
    });

    it("leaves other types and null to the shape check and the merge", () => {
        assert.deepEqual(taskSizeIssues({ cpu: null, memory: true }), []);
        assert.deepEqual(refusal(overlay({ cpu: null }), STACK_FILE, ConfigError), []);
        assert.deepEqual(
            refusal(
                template((t) => (t.cpu = { units: 256 })),
                TEMPLATE_FILE,
                TemplateError,
            ),
            ["cpu: must be a string, got an object. Fix: write a string"],
        );
    });

    it("leaves container cpu and memory to the model: integers, so a string is refused once", () => {
        assert.deepEqual(
            refusal(overlay({ containerDefinitions: [{ name: "web", cpu: "0x100" }] }), STACK_FILE, ConfigError),
            [
                `${OVERLAY_KEY}.containerDefinitions[name=web].cpu: must be an integer, got string "0x100". Fix: write an integer`,
            ],
        );
    });
});

describe("volume names", () => {
    const MISSING =
        "is missing: ECS needs a name for every volume, and mountPoints refer to it by that name. " +
        'Fix: name the volume (letters, digits, _ and -), e.g. "data", and mount it with sourceVolume: "data"';

    it("refuses a template volume without a name, naming volumes[0].name in the template", () => {
        assert.deepEqual(
            refusal(
                template((t) => (t.volumes = [{}])),
                TEMPLATE_FILE,
                TemplateError,
            ),
            [`volumes[0].name: ${MISSING}`],
        );
        assert.deepEqual(
            refusal(
                template((t) => (t.volumes = [{ name: "tmp" }, { name: "" }])),
                TEMPLATE_FILE,
                TemplateError,
            ),
            [`volumes[1].name: ${MISSING}`],
        );
    });

    it("reports a nameless template volume with a host source as two problems: the name, and the source", () => {
        assert.deepEqual(
            refusal(
                template((t) => (t.volumes = [{ host: {} }])),
                TEMPLATE_FILE,
                TemplateError,
            ).map((l) => l.slice(0, l.indexOf(":"))),
            ["volumes[0].host", "volumes[0].name"],
        );
    });

    it("refuses an overlay volume without a name, under the config key", () => {
        for (const volume of [{}, { host: {} }, { name: null }, { name: "" }]) {
            assert.deepEqual(refusal(overlay({ volumes: [volume] }), STACK_FILE, ConfigError), [
                `${OVERLAY_KEY}.volumes[0].name: ${MISSING}`,
            ]);
        }
    });

    it("refuses a name with characters ECS does not allow", () => {
        assert.deepEqual(volumeNameIssues({ volumes: [{ name: "my data" }, { name: "x".repeat(256) }] }), [
            {
                path: 'volumes[name="my data"].name',
                problem: '"my data" has characters ECS does not allow in a volume name',
                fix: "use letters, digits, _ and - (at most 255)",
            },
            {
                path: `volumes[name=${"x".repeat(256)}].name`,
                problem: `"${"x".repeat(256)}" has characters ECS does not allow in a volume name`,
                fix: "use letters, digits, _ and - (at most 255)",
            },
        ]);
    });

    it("accepts named volumes, and leaves a name of another type to the shape check", () => {
        assert.deepEqual(volumeNameIssues({ volumes: [{ name: "tmp" }, { name: "Data_1-x" }] }), []);
        assert.deepEqual(layerIssues({ volumes: [{ name: 5 }, "x"] }), []);
        assert.deepEqual(
            refusal(
                template((t) => (t.volumes = [{ name: 5 }])),
                TEMPLATE_FILE,
                TemplateError,
            ),
            ['volumes[0].name: must be a string, got number 5. Fix: quote it: "5"'],
        );
    });
});

describe("a layer's tags", () => {
    it("refuses a key or value with AWS's reserved aws: prefix, in any case, naming the template's tag", () => {
        assert.deepEqual(
            refusal(
                template(
                    (t) =>
                        (t.tags = [
                            { key: "team", value: "web" },
                            { key: "AWS:cloudformation:stack-name", value: "x" },
                        ]),
                ),
                TEMPLATE_FILE,
                TemplateError,
            ),
            [
                'tags[1].key: "AWS:cloudformation:stack-name" starts with aws:, which AWS reserves for its own tags. ' +
                    "Fix: rename the tag's key without the aws: prefix",
            ],
        );
        assert.deepEqual(refusal(overlay({ tags: [{ key: "owner", value: "aws:me" }] }), STACK_FILE, ConfigError), [
            `${OVERLAY_KEY}.tags[0].value: "aws:me" starts with aws:, which AWS reserves for its own tags. ` +
                "Fix: rename the tag's value without the aws: prefix",
        ]);
    });

    it("refuses a key listed twice: ECS takes each key once, and the provider's map would keep one", () => {
        assert.deepEqual(
            refusal(
                template(
                    (t) =>
                        (t.tags = [
                            { key: "team", value: "web" },
                            { key: "team", value: "ops" },
                        ]),
                ),
                TEMPLATE_FILE,
                TemplateError,
            ),
            ['tags[1].key: "team" is already the key of tags[0]; ECS takes each key once. Fix: keep one tag per key'],
        );
    });

    it("refuses keys over 128 and values over 256 characters, counting characters, not bytes", () => {
        assert.deepEqual(tagIssues({ tags: [{ key: "é".repeat(128), value: "é".repeat(256) }] }), []);
        assert.deepEqual(tagIssues({ tags: [{ key: "k".repeat(129), value: "v".repeat(257) }] }), [
            {
                path: "tags[0].key",
                problem: "is 129 characters long; ECS takes at most 128",
                fix: "shorten it to 128 characters",
            },
            {
                path: "tags[0].value",
                problem: "is 257 characters long; ECS takes at most 256",
                fix: "shorten it to 256 characters",
            },
        ]);
    });

    it("accepts ordinary tags, and leaves values of other types to the shape check", () => {
        assert.deepEqual(
            tagIssues({
                tags: [
                    { key: "team", value: "web" },
                    { key: "awsome", value: "" },
                ],
            }),
            [],
        );
        assert.deepEqual(tagIssues({ tags: [{ key: 1 }, "x", null] }), []);
    });
});
