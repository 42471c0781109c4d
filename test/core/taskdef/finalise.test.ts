import * as assert from "node:assert/strict";
import _ from "lodash";
import { registerTaskDefinitionShape } from "../../../core/taskdef/model";
import { ConfigError, SecretNotFound, TaskDefinitionError } from "../../../core/support/errors";
import { asTaskDefinition, checkShape } from "../../../core/taskdef/shape";
import {
    awslogsContainers,
    DynamicValues,
    finalise,
    imageDefinitions,
    mergeSources,
    secretNames,
    TaskDefinition,
    valueAt,
} from "../../../core/taskdef/finalise";
import {
    container,
    dynamicValues,
    EXECUTION_ROLE_ARN,
    IMAGE,
    LOG_GROUP,
    OVERLAY_KEY,
    secretArn,
    SIDECAR_IMAGE,
    sources,
    STACK_FILE,
    stagingOverlay,
    TASK_ROLE_ARN,
    TEMPLATE_FILE,
    webTemplate,
} from "../../support/fixtures";

type Json = Record<string, unknown>;

/** template + overlay -> merge -> finalise, as the program runs them. */
function render(
    overlay: Json = stagingOverlay(),
    template: Json = webTemplate(),
    dynamic: DynamicValues = dynamicValues(),
): TaskDefinition {
    const s = sources(overlay, template);
    return finalise(mergeSources(s), dynamic, s);
}

const webOf = (td: TaskDefinition): Json => container(td.definition, "web");
/** Dynamic values with a log group for every awslogs container, as the program derives them with awslogsContainers(). */
const withLogGroups = (...names: string[]): DynamicValues => ({
    ...dynamicValues(),
    logGroups: Object.fromEntries(names.map((n) => [n, LOG_GROUP])),
});
const withWeb = (fields: Json, top: Json = {}): Json => ({
    ...top,
    containerDefinitions: [{ name: "web", ...fields }],
});
const awslogs = (group: string, prefix: string) => ({
    logDriver: "awslogs",
    options: { "awslogs-group": group, "awslogs-region": "eu-north-1", "awslogs-stream-prefix": prefix },
});

/** Expects `run` to throw `Kind` with exactly these parts. */
function throwsUserError(
    run: () => unknown,
    Kind: new (...args: never[]) => Error,
    where: string,
    path: string,
    problem: string,
    fix: string,
): void {
    assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof Kind, `expected ${Kind.name}, got ${String(e)}`);
        assert.deepEqual(_.pick(e, ["where", "path", "problem", "fix"]), { where, path, problem, fix });
        assert.equal(e.message, `${where}: ${path ? `${path}: ` : ""}${problem}. Fix: ${fix}`);
        return true;
    });
}

describe("finalise: merged layers + the program's dynamic values -> a task definition", () => {
    it("renders the staging stack's task definition", () => {
        const td = render();
        assert.deepEqual(td.appContainers, ["web"]);
        assert.deepEqual(td.definition, {
            family: "web-staging",
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            cpu: "512",
            memory: "1024",
            executionRoleArn: EXECUTION_ROLE_ARN,
            taskRoleArn: TASK_ROLE_ARN,
            containerDefinitions: [
                {
                    name: "web",
                    image: IMAGE,
                    cpu: 0,
                    essential: true,
                    portMappings: [
                        { containerPort: 8080, hostPort: 8080, protocol: "tcp", name: "http", appProtocol: "http" },
                    ],
                    environment: [
                        { name: "DEBUG", value: "false" },
                        { name: "LOG_LEVEL", value: "debug" },
                        { name: "NODE_ENV", value: "production" },
                        { name: "PORT", value: "8080" },
                        { name: "ROOT_URL", value: "https://staging.example.com" },
                    ],
                    secrets: [
                        { name: "DATABASE_URL", valueFrom: secretArn("DATABASE_URL") },
                        { name: "SESSION_SECRET", valueFrom: secretArn("SESSION_SECRET") },
                    ],
                    mountPoints: [],
                    volumesFrom: [],
                    systemControls: [],
                    healthCheck: {
                        command: ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/healthz || exit 1"],
                        interval: 15,
                        timeout: 5,
                        retries: 3,
                        startPeriod: 10,
                    },
                    logConfiguration: awslogs(LOG_GROUP, "web"),
                    readonlyRootFilesystem: true,
                    stopTimeout: 20,
                },
            ],
        });
    });

    it("produces a complete RegisterTaskDefinition input: it passes the ECS model with required members", () => {
        assert.deepEqual(
            checkShape(render().definition, registerTaskDefinitionShape(), { required: true, allowNull: false }),
            [],
        );
        assert.deepEqual(
            checkShape(render({}).definition, registerTaskDefinitionShape(), { required: true, allowNull: false }),
            [],
        );
    });

    it("does not change the merged input", () => {
        const s = sources();
        const merged = mergeSources(s);
        const before = _.cloneDeep(merged);
        finalise(merged, dynamicValues(), s);
        assert.deepEqual(merged, before);
    });

    describe("image", () => {
        it("goes to every container that names no image: those are the app's containers", () => {
            const template = webTemplate();
            (template.containerDefinitions as Json[]).push({
                name: "worker",
                command: ["node", "worker.js"],
                essential: false,
                logConfiguration: { logDriver: "awslogs" },
            });
            const td = render(
                { containerDefinitions: [{ name: "datadog-agent", image: SIDECAR_IMAGE, essential: false }] },
                template,
                withLogGroups("web", "worker", "datadog-agent"),
            );
            assert.deepEqual(td.appContainers, ["web", "worker"]);
            assert.equal(container(td.definition, "web").image, IMAGE);
            assert.equal(container(td.definition, "worker").image, IMAGE);
            assert.equal(container(td.definition, "datadog-agent").image, SIDECAR_IMAGE);
        });

        it("is required on at least one container, or the app image would not run", () => {
            throwsUserError(
                () => render(withWeb({ image: "nginx:1.27" })),
                TaskDefinitionError,
                TEMPLATE_FILE,
                "containerDefinitions",
                "every container names its own image, so none runs the app image",
                "remove image from the app's container in the template",
            );
        });
    });

    describe("roles", () => {
        it("are the program's, replacing any the overlay sets", () => {
            const td = render({
                ...stagingOverlay(),
                taskRoleArn: "arn:aws:iam::123456789012:role/hand-made",
                executionRoleArn: "arn:aws:iam::123456789012:role/other",
            });
            assert.equal(td.definition.taskRoleArn, TASK_ROLE_ARN);
            assert.equal(td.definition.executionRoleArn, EXECUTION_ROLE_ARN);
        });
    });

    describe("logs", () => {
        it("fills awslogs group, region and stream prefix into an awslogs driver without options", () => {
            assert.deepEqual(webOf(render()).logConfiguration, awslogs(LOG_GROUP, "web"));
        });

        it("gives a container without logConfiguration awslogs, with its own log group", () => {
            const dynamic = { ...dynamicValues(), logGroups: { web: LOG_GROUP, worker: "/ecs/web-staging/worker" } };
            const template = webTemplate();
            (template.containerDefinitions as Json[]).push({
                name: "worker",
                command: ["node", "worker.js"],
                essential: false,
            });
            const td = render({}, template, dynamic);
            assert.deepEqual(
                container(td.definition, "worker").logConfiguration,
                awslogs("/ecs/web-staging/worker", "web"),
            );
        });

        it("keeps the overlay's other awslogs options, but the program owns group, region and prefix", () => {
            const td = render(
                withWeb({
                    logConfiguration: {
                        options: {
                            mode: "non-blocking",
                            "max-buffer-size": "4m",
                            "awslogs-group": "/hand/made",
                            "awslogs-region": "us-east-1",
                        },
                    },
                }),
            );
            assert.deepEqual(webOf(td).logConfiguration, {
                logDriver: "awslogs",
                options: {
                    mode: "non-blocking",
                    "max-buffer-size": "4m",
                    "awslogs-group": LOG_GROUP,
                    "awslogs-region": "eu-north-1",
                    "awslogs-stream-prefix": "web",
                },
            });
        });

        it("leaves other log drivers alone", () => {
            const firelens = {
                logDriver: "awsfirelens",
                options: { Name: "datadog", Host: "http-intake.logs.datadoghq.eu" },
            };
            const td = render(withWeb({ logConfiguration: firelens }));
            assert.deepEqual(webOf(td).logConfiguration, firelens);
        });
    });

    describe("secrets", () => {
        it("get valueFrom from the resolved names", () => {
            assert.deepEqual(webOf(render()).secrets, [
                { name: "DATABASE_URL", valueFrom: secretArn("DATABASE_URL") },
                { name: "SESSION_SECRET", valueFrom: secretArn("SESSION_SECRET") },
            ]);
        });

        it("keep a valueFrom the overlay set", () => {
            const arn = "arn:aws:ssm:eu-north-1:123456789012:parameter/staging/web/session";
            const td = render(withWeb({ secrets: [{ name: "SESSION_SECRET", valueFrom: arn }] }));
            assert.deepEqual(webOf(td).secrets, [
                { name: "DATABASE_URL", valueFrom: secretArn("DATABASE_URL") },
                { name: "SESSION_SECRET", valueFrom: arn },
            ]);
        });

        it("throw SecretNotFound for a name the stack's secret source did not resolve", () => {
            const dynamic = { ...dynamicValues(), secretValueFrom: { DATABASE_URL: secretArn("DATABASE_URL") } };
            throwsUserError(
                () => render(stagingOverlay(), webTemplate(), dynamic),
                SecretNotFound,
                STACK_FILE,
                "containerDefinitions[name=web].secrets[name=SESSION_SECRET]",
                "secret SESSION_SECRET was not resolved",
                "create it in the stack's secret source or map it under the secrets config",
            );
        });
    });

    describe("family", () => {
        it("is the program's default only when neither layer names one", () => {
            assert.equal(render().definition.family, "web-staging");
            assert.equal(render(stagingOverlay(), { ...webTemplate(), family: "web" }).definition.family, "web");
            assert.equal(
                render({ ...stagingOverlay(), family: "web-canary" }, { ...webTemplate(), family: "web" }).definition
                    .family,
                "web-canary",
            );
        });
    });

    describe("tags", () => {
        const STACK = { app: "web", stack: "staging", "managed-by": "pulumi" };
        const withStack: DynamicValues = { ...dynamicValues(), tags: STACK };

        it("carries the layers' tags and the stack's, the stack's winning on a shared key", () => {
            const template = {
                ...webTemplate(),
                tags: [
                    { key: "team", value: "web" },
                    { key: "stack", value: "x" },
                ],
            };
            const overlay = { ...stagingOverlay(), tags: [{ key: "cost-centre", value: "42" }] };
            assert.deepEqual(render(overlay, template, withStack).definition.tags, [
                { key: "team", value: "web" },
                { key: "stack", value: "staging" },
                { key: "cost-centre", value: "42" },
                { key: "app", value: "web" },
                { key: "managed-by", value: "pulumi" },
            ]);
        });

        it("are the stack's alone when no layer tags, and none when the program sets none", () => {
            assert.deepEqual(render(stagingOverlay(), webTemplate(), withStack).definition.tags, [
                { key: "app", value: "web" },
                { key: "stack", value: "staging" },
                { key: "managed-by", value: "pulumi" },
            ]);
            assert.equal("tags" in render().definition, false);
        });

        it("blame a layer's bad tag on the layer, at its place, beside the stack's", () => {
            const template = {
                ...webTemplate(),
                tags: [
                    { key: "app", value: "mine" },
                    { key: "", value: "x" },
                ],
            };
            assert.throws(() => render(stagingOverlay(), template, withStack), {
                message: `${TEMPLATE_FILE}: tags[1].key: is empty. Fix: give every tag a key, or remove the tag`,
            });
        });
    });

    describe("runtime platform", () => {
        it("comes from the image's architecture unless a layer sets it", () => {
            const arm: DynamicValues = { ...dynamicValues(), cpuArchitecture: "ARM64" };
            assert.deepEqual(render(stagingOverlay(), webTemplate(), arm).definition.runtimePlatform, {
                cpuArchitecture: "ARM64",
                operatingSystemFamily: "LINUX",
            });
            assert.equal("runtimePlatform" in render().definition, false);
            const pinned = {
                ...stagingOverlay(),
                runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
            };
            assert.deepEqual(render(pinned, webTemplate(), arm).definition.runtimePlatform, {
                cpuArchitecture: "X86_64",
                operatingSystemFamily: "LINUX",
            });
        });
    });

    describe("errors name the layer that set the bad value", () => {
        it("blames the stack file and the overlay's path for a value the overlay set", () => {
            throwsUserError(
                () => render({ ...stagingOverlay(), memory: "8192" }),
                TaskDefinitionError,
                STACK_FILE,
                `${OVERLAY_KEY}.memory`,
                "8192 MiB is not valid with cpu 512",
                "with cpu 512 use memory 1024, 2048, 3072, 4096",
            );
        });

        it("blames the overlay for a template value it overrode with a bad one", () => {
            throwsUserError(
                () => render(withWeb({ healthCheck: { command: ["curl", "-f", "http://localhost:8080/healthz"] } })),
                TaskDefinitionError,
                STACK_FILE,
                `${OVERLAY_KEY}.containerDefinitions[name=web].healthCheck.command`,
                "must start with CMD or CMD-SHELL followed by the command",
                'write e.g. ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]',
            );
        });

        it("blames the overlay for deleting a field ECS requires", () => {
            throwsUserError(
                () => render(withWeb({ logConfiguration: { logDriver: null } })),
                TaskDefinitionError,
                STACK_FILE,
                `${OVERLAY_KEY}.containerDefinitions[name=web].logConfiguration.logDriver`,
                "is required by ECS LogConfiguration",
                "set logDriver",
            );
        });

        it("blames the template for a value the template set, even when the overlay changes the same container", () => {
            const template = webTemplate();
            (container(template, "web").portMappings as Json[])[0].hostPort = 80;
            throwsUserError(
                () => render(stagingOverlay(), template),
                TaskDefinitionError,
                TEMPLATE_FILE,
                "containerDefinitions[name=web].portMappings[0].hostPort",
                "(80) differs from containerPort (8080); awsvpc needs them equal",
                "set hostPort to 8080 or remove it",
            );
        });

        it("blames the template for a bad health check range it set", () => {
            const template = webTemplate();
            (container(template, "web").healthCheck as Json).retries = 11;
            throwsUserError(
                () => render(stagingOverlay(), template),
                TaskDefinitionError,
                TEMPLATE_FILE,
                "containerDefinitions[name=web].healthCheck.retries",
                "11 is outside 1..10",
                "set retries between 1 and 10",
            );
        });

        it("reports a template's duplicate env var instead of merging it away", () => {
            const template = webTemplate();
            (container(template, "web").environment as Json[]).push({ name: "NODE_ENV", value: "development" });
            throwsUserError(
                () => render({}, template),
                TaskDefinitionError,
                TEMPLATE_FILE,
                "containerDefinitions[name=web].environment[name=NODE_ENV]",
                "is listed twice",
                "keep one entry per name",
            );
        });

        it("names both files for a problem of the whole definition", () => {
            const overlay = withWeb({ environment: [{ name: "BANNER", value: "x".repeat(70 * 1024) }] });
            assert.throws(
                () => render(overlay),
                (e: unknown) => {
                    assert.ok(e instanceof TaskDefinitionError);
                    assert.equal(e.where, `${TEMPLATE_FILE} merged with ${STACK_FILE}`);
                    assert.equal(e.path, "");
                    assert.match(e.problem, /^the task definition is 7\d{4} bytes; ECS accepts at most 65536$/);
                    assert.equal(e.fix, "move large values (long env values, scripts) into the image or a config file");
                    return true;
                },
            );
        });

        it("names every problem, one line each", () => {
            assert.throws(() => render({ ...stagingOverlay(), memory: "8192", ephemeralStorage: { sizeInGiB: 500 } }), {
                name: "TaskDefinitionError",
                message: [
                    `${STACK_FILE}: ${OVERLAY_KEY}.memory: 8192 MiB is not valid with cpu 512. Fix: with cpu 512 use memory 1024, 2048, 3072, 4096`,
                    `${STACK_FILE}: ${OVERLAY_KEY}.ephemeralStorage.sizeInGiB: 500 is outside 21..200. Fix: use 21 to 200 GiB, or remove it for the 20 GiB default`,
                ].join("\n"),
            });
        });
    });
});

describe("mergeSources", () => {
    it("refuses an overlay container the template does not have, with a did-you-mean", () => {
        throwsUserError(
            () =>
                mergeSources(
                    sources({
                        containerDefinitions: [
                            { name: "wbe", environment: [{ name: "ROOT_URL", value: "https://staging.example.com" }] },
                        ],
                    }),
                ),
            ConfigError,
            STACK_FILE,
            `${OVERLAY_KEY}.containerDefinitions[name=wbe].name`,
            'names no container of the template (the template\'s containers are "web"), so it would add a container running the app image',
            'did you mean "web"? To add a sidecar instead, give it its own image',
        );
    });

    it("names every unknown container at once, and accepts a complete sidecar with its own image", () => {
        const template = webTemplate();
        (template.containerDefinitions as Json[]).push({ name: "log-router", image: SIDECAR_IMAGE, essential: false });
        assert.throws(
            () =>
                mergeSources(
                    sources(
                        {
                            containerDefinitions: [
                                { name: "webb" },
                                { name: "log_router" },
                                { name: "datadog-agent", image: SIDECAR_IMAGE },
                            ],
                        },
                        template,
                    ),
                ),
            (e: unknown) => {
                const lines = (e as Error).message.split("\n");
                assert.equal(lines.length, 2);
                assert.match(lines[0], /\[name=webb\]\.name: .*did you mean "web"\?/);
                assert.match(lines[1], /\[name=log_router\]\.name: .*did you mean "log-router"\?/);
                return true;
            },
        );
        const merged = mergeSources(
            sources(
                { containerDefinitions: [{ name: "datadog-agent", image: SIDECAR_IMAGE, essential: false }] },
                template,
            ),
        );
        assert.deepEqual(
            (merged.containerDefinitions as Json[]).map((c) => c.name),
            ["web", "log-router", "datadog-agent"],
        );
    });

    it("merges template < overlay", () => {
        const merged = mergeSources(sources());
        assert.equal(merged.cpu, "512");
        assert.deepEqual(
            (container(merged, "web").environment as Json[]).map((e) => e.name),
            ["PORT", "NODE_ENV", "LOG_LEVEL", "DEBUG", "ROOT_URL"],
        );
    });

    it("turns an overlay item without its key into a ConfigError at the overlay's path", () => {
        throwsUserError(
            () =>
                mergeSources(
                    sources(
                        withWeb({
                            environment: [
                                { name: "ROOT_URL", value: "https://staging.example.com" },
                                { value: "debug" },
                            ],
                        }),
                    ),
                ),
            ConfigError,
            STACK_FILE,
            `${OVERLAY_KEY}.containerDefinitions[name=web].environment[1]`,
            "has no name, so it cannot be matched to the template's environment",
            "add name to say which item it changes or adds",
        );
        throwsUserError(
            () =>
                mergeSources(
                    sources({ volumes: [{ efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0" } }] }),
                ),
            ConfigError,
            STACK_FILE,
            `${OVERLAY_KEY}.volumes[0]`,
            "has no name, so it cannot be matched to the template's volumes",
            "add name to say which item it changes or adds",
        );
    });
});

describe("awslogsContainers", () => {
    it("lists containers logging through awslogs or naming no log driver", () => {
        const merged = {
            containerDefinitions: [
                { name: "web", logConfiguration: { logDriver: "awslogs" } },
                { name: "worker" },
                { name: "router", logConfiguration: { logDriver: "awsfirelens" } },
                { name: "splunk", logConfiguration: { logDriver: "splunk" } },
            ],
        };
        assert.deepEqual(awslogsContainers(asTaskDefinition(merged)), ["web", "worker"]);
        assert.deepEqual(awslogsContainers(asTaskDefinition({})), []);
    });
});

describe("secretNames", () => {
    it("lists the names to resolve, sorted and once each, skipping entries with a valueFrom", () => {
        const merged = {
            containerDefinitions: [
                {
                    name: "web",
                    secrets: [
                        { name: "SESSION_SECRET" },
                        { name: "DATABASE_URL" },
                        { name: "API_KEY", valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/k" },
                    ],
                },
                { name: "worker", secrets: [{ name: "DATABASE_URL" }, { name: "QUEUE_TOKEN" }] },
                { name: "agent" },
            ],
        };
        assert.deepEqual(secretNames(asTaskDefinition(merged)), ["DATABASE_URL", "QUEUE_TOKEN", "SESSION_SECRET"]);
    });
});

describe("imageDefinitions", () => {
    it("lists the app's containers with the image URI, in CodePipeline's format", () => {
        const template = webTemplate();
        (template.containerDefinitions as Json[]).push({ name: "worker", essential: false });
        const td = render(
            { containerDefinitions: [{ name: "datadog-agent", image: SIDECAR_IMAGE, essential: false }] },
            template,
            withLogGroups("web", "datadog-agent", "worker"),
        );
        assert.deepEqual(imageDefinitions(td), [
            { name: "web", imageUri: IMAGE },
            { name: "worker", imageUri: IMAGE },
        ]);
    });
});

describe("valueAt", () => {
    const td = {
        cpu: "256",
        containerDefinitions: [
            {
                name: "web",
                portMappings: [{ containerPort: 8080 }],
                logConfiguration: { options: { "awslogs-group": "/ecs/web" } },
                dependsOn: [{ containerName: "db", condition: "START" }],
            },
        ],
    };

    it("reads named items, indexes and dotted keys", () => {
        assert.equal(valueAt(td, "cpu"), "256");
        assert.equal(valueAt(td, "containerDefinitions[name=web].portMappings[0].containerPort"), 8080);
        assert.equal(valueAt(td, "containerDefinitions[0].logConfiguration.options.awslogs-group"), "/ecs/web");
        assert.equal(valueAt(td, "containerDefinitions[name=web].dependsOn[containerName=db].condition"), "START");
    });

    it("returns undefined for a path that is not there", () => {
        assert.equal(valueAt(td, "containerDefinitions[name=worker].cpu"), undefined);
        assert.equal(valueAt(td, "containerDefinitions[name=web].portMappings[1].containerPort"), undefined);
        assert.equal(valueAt(td, "memory"), undefined);
        assert.equal(valueAt(td, "cpu.units"), undefined);
    });
});
