import * as assert from "node:assert/strict";
import _ from "lodash";
import { mergeLayers, MergeKeyMissing, pruneNulls } from "../../../core/taskdef/merge";
import { container, containers, envOf, stagingOverlay, webTemplate } from "../../support/fixtures";

type Json = Record<string, unknown>;

/** A template with one container `web` holding `fields`. */
const withWeb = (fields: Json, top: Json = {}): Json => ({
    ...top,
    containerDefinitions: [{ name: "web", ...fields }],
});
/** The `web` container after merging. */
const web = (merged: Json): Json => container(merged, "web");

describe("mergeLayers: template < overlay, merged by key", () => {
    describe("lists of named things merge by key, never by index", () => {
        it("matches env vars by name when the overlay lists them in another order than the template", () => {
            const template = withWeb({
                environment: [
                    { name: "PORT", value: "8080" },
                    { name: "NODE_ENV", value: "production" },
                    { name: "LOG_LEVEL", value: "info" },
                ],
            });
            const overlay = withWeb({
                environment: [
                    { name: "LOG_LEVEL", value: "debug" },
                    { name: "PORT", value: "9090" },
                ],
            });
            const merged = mergeLayers(template, overlay);
            // Template order is kept; overlay values land on the entries with the same name.
            assert.deepEqual(web(merged).environment, [
                { name: "PORT", value: "9090" },
                { name: "NODE_ENV", value: "production" },
                { name: "LOG_LEVEL", value: "debug" },
            ]);
        });

        it("is needed because lodash _.merge matches list items by index and silently renames env vars", () => {
            const template = withWeb({
                environment: [
                    { name: "PORT", value: "8080" },
                    { name: "LOG_LEVEL", value: "info" },
                ],
            });
            const overlay = withWeb({ environment: [{ name: "LOG_LEVEL", value: "debug" }] });

            const naive: Json = _.merge(_.cloneDeep(template), overlay);
            // _.merge wrote LOG_LEVEL over PORT's slot: PORT is gone and LOG_LEVEL appears twice.
            assert.deepEqual(web(naive).environment, [
                { name: "LOG_LEVEL", value: "debug" },
                { name: "LOG_LEVEL", value: "info" },
            ]);

            assert.deepEqual(web(mergeLayers(template, overlay)).environment, [
                { name: "PORT", value: "8080" },
                { name: "LOG_LEVEL", value: "debug" },
            ]);
        });

        it("appends overlay items the template does not have, after the template's items", () => {
            const merged = mergeLayers(webTemplate(), stagingOverlay());
            assert.deepEqual(
                (web(merged).environment as Json[]).map((e) => e.name),
                ["PORT", "NODE_ENV", "LOG_LEVEL", "DEBUG", "ROOT_URL"],
            );
            assert.deepEqual(envOf(merged, "web"), {
                PORT: "8080",
                NODE_ENV: "production",
                LOG_LEVEL: "debug",
                DEBUG: "false",
                ROOT_URL: "https://staging.example.com",
            });
        });

        it("merges a matched item deeply, keeping the template's other fields of that item", () => {
            const template = withWeb({
                portMappings: [{ containerPort: 8080, protocol: "tcp", name: "http", appProtocol: "http" }],
            });
            const overlay = withWeb({ portMappings: [{ containerPort: 8080, appProtocol: "http2" }] });
            assert.deepEqual(web(mergeLayers(template, overlay)).portMappings, [
                { containerPort: 8080, protocol: "tcp", name: "http", appProtocol: "http2" },
            ]);
        });

        // Each keyed list: three items, the overlay changes the third and the first, listed in that order.
        // Merged by key, each change lands on its own item, in the template's order; by index, the
        // overlay's first item would land on the template's first and rename it.
        const keyedLists: { list: string; at: "task" | "container"; keys: Json[]; before: Json[]; after: Json[] }[] = [
            {
                list: "containerDefinitions",
                at: "task",
                keys: [{ name: "web" }, { name: "worker" }, { name: "cron" }],
                before: [{ cpu: 128 }, { cpu: 64 }, { cpu: 32 }],
                after: [{ cpu: 256 }, {}, { cpu: 16 }],
            },
            {
                list: "volumes",
                at: "task",
                keys: [{ name: "data" }, { name: "cache" }, { name: "uploads" }],
                before: [{ configuredAtLaunch: false }, {}, { efsVolumeConfiguration: { fileSystemId: "fs-1" } }],
                after: [{ configuredAtLaunch: true }, {}, { efsVolumeConfiguration: { fileSystemId: "fs-2" } }],
            },
            {
                list: "tags",
                at: "task",
                keys: [{ key: "team" }, { key: "cost-centre" }, { key: "env" }],
                before: [{ value: "web" }, { value: "42" }, { value: "staging" }],
                after: [{ value: "platform" }, {}, { value: "production" }],
            },
            {
                list: "environment",
                at: "container",
                keys: [{ name: "PORT" }, { name: "NODE_ENV" }, { name: "LOG_LEVEL" }],
                before: [{ value: "8080" }, { value: "production" }, { value: "info" }],
                after: [{ value: "9090" }, {}, { value: "debug" }],
            },
            {
                list: "secrets",
                at: "container",
                keys: [{ name: "DATABASE_URL" }, { name: "SESSION_SECRET" }, { name: "API_KEY" }],
                before: [{}, {}, {}],
                after: [
                    { valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/db" },
                    {},
                    { valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/api" },
                ],
            },
            {
                list: "ulimits",
                at: "container",
                keys: [{ name: "nofile" }, { name: "nproc" }, { name: "core" }],
                before: [
                    { softLimit: 1024, hardLimit: 4096 },
                    { softLimit: 64, hardLimit: 64 },
                    { softLimit: 0, hardLimit: 0 },
                ],
                after: [{ softLimit: 2048 }, {}, { hardLimit: 1 }],
            },
            {
                list: "portMappings",
                at: "container",
                keys: [
                    { containerPort: 8080, protocol: "tcp" },
                    { containerPort: 8125, protocol: "udp" },
                    { containerPort: 9090, protocol: "tcp" },
                ],
                before: [{ name: "http" }, { name: "statsd" }, { name: "metrics" }],
                after: [{ name: "web" }, {}, { name: "prometheus" }],
            },
            {
                list: "mountPoints",
                at: "container",
                keys: [{ containerPath: "/data" }, { containerPath: "/tmp" }, { containerPath: "/srv/uploads" }],
                before: [{ sourceVolume: "data" }, { sourceVolume: "tmp" }, { sourceVolume: "uploads" }],
                after: [{ readOnly: true }, {}, { readOnly: false }],
            },
            {
                list: "dependsOn",
                at: "container",
                keys: [{ containerName: "migrate" }, { containerName: "log-router" }, { containerName: "agent" }],
                before: [{ condition: "SUCCESS" }, { condition: "START" }, { condition: "START" }],
                after: [{ condition: "COMPLETE" }, {}, { condition: "HEALTHY" }],
            },
            {
                list: "systemControls",
                at: "container",
                keys: [
                    { namespace: "net.core.somaxconn" },
                    { namespace: "net.ipv4.tcp_keepalive_time" },
                    { namespace: "net.ipv4.ip_local_port_range" },
                ],
                before: [{ value: "1024" }, { value: "600" }, { value: "1024 65000" }],
                after: [{ value: "4096" }, {}, { value: "2000 65000" }],
            },
            {
                list: "extraHosts",
                at: "container",
                keys: [{ hostname: "db" }, { hostname: "cache" }, { hostname: "queue" }],
                before: [{ ipAddress: "10.0.0.1" }, { ipAddress: "10.0.0.2" }, { ipAddress: "10.0.0.3" }],
                after: [{ ipAddress: "10.0.1.1" }, {}, { ipAddress: "10.0.1.3" }],
            },
            {
                list: "resourceRequirements",
                at: "container",
                keys: [{ type: "GPU" }, { type: "InferenceAccelerator" }, { type: "NeuronDevice" }],
                before: [{ value: "1" }, { value: "device-1" }, { value: "1" }],
                after: [{ value: "2" }, {}, { value: "4" }],
            },
        ];
        for (const { list, at, keys, before, after } of keyedLists) {
            it(`${list}: an overlay in another order changes the items it names, by key`, () => {
                const place = (items: Json[]): Json => (at === "task" ? { [list]: items } : withWeb({ [list]: items }));
                const read = (td: Json): unknown => (at === "task" ? td[list] : web(td)[list]);
                const template = place(keys.map((k, i) => ({ ...k, ...before[i] })));
                const overlay = place([2, 0].map((i) => ({ ...keys[i], ...after[i] })));
                assert.deepEqual(
                    read(mergeLayers(template, overlay)),
                    keys.map((k, i) => ({ ...k, ...before[i], ...after[i] })),
                );
            });
        }
    });

    describe("every keyed list merges by its key", () => {
        it("secrets by name", () => {
            const merged = mergeLayers(
                withWeb({ secrets: [{ name: "DATABASE_URL" }, { name: "SESSION_SECRET" }] }),
                withWeb({
                    secrets: [
                        {
                            name: "SESSION_SECRET",
                            valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/web/session",
                        },
                        { name: "API_KEY" },
                    ],
                }),
            );
            assert.deepEqual(web(merged).secrets, [
                { name: "DATABASE_URL" },
                { name: "SESSION_SECRET", valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/web/session" },
                { name: "API_KEY" },
            ]);
        });

        it("portMappings by containerPort + protocol", () => {
            const merged = mergeLayers(
                withWeb({
                    portMappings: [
                        { containerPort: 8080, protocol: "tcp", name: "http" },
                        { containerPort: 8125, protocol: "udp", name: "statsd" },
                    ],
                }),
                withWeb({
                    portMappings: [
                        { containerPort: 8125, protocol: "udp", name: "dogstatsd" },
                        { containerPort: 8125, protocol: "tcp", name: "statsd-tcp" },
                    ],
                }),
            );
            assert.deepEqual(web(merged).portMappings, [
                { containerPort: 8080, protocol: "tcp", name: "http" },
                { containerPort: 8125, protocol: "udp", name: "dogstatsd" },
                // Same port, other protocol: another mapping, not a change of the udp one.
                { containerPort: 8125, protocol: "tcp", name: "statsd-tcp" },
            ]);
        });

        it("portMappings treat a missing protocol as tcp, on either side", () => {
            const merged = mergeLayers(
                withWeb({
                    portMappings: [
                        { containerPort: 8080, name: "http" },
                        { containerPort: 9090, protocol: "tcp", name: "metrics" },
                    ],
                }),
                withWeb({
                    portMappings: [
                        { containerPort: 8080, protocol: "tcp", appProtocol: "http" },
                        { containerPort: 9090, appProtocol: "http2" },
                    ],
                }),
            );
            assert.deepEqual(web(merged).portMappings, [
                { containerPort: 8080, name: "http", protocol: "tcp", appProtocol: "http" },
                { containerPort: 9090, protocol: "tcp", name: "metrics", appProtocol: "http2" },
            ]);
        });

        it("mountPoints by containerPath", () => {
            const merged = mergeLayers(
                withWeb({
                    mountPoints: [
                        { sourceVolume: "tmp", containerPath: "/tmp" },
                        { sourceVolume: "cache", containerPath: "/var/cache/app", readOnly: false },
                    ],
                }),
                withWeb({
                    mountPoints: [
                        { containerPath: "/var/cache/app", readOnly: true },
                        { sourceVolume: "uploads", containerPath: "/srv/uploads" },
                    ],
                }),
            );
            assert.deepEqual(web(merged).mountPoints, [
                { sourceVolume: "tmp", containerPath: "/tmp" },
                { sourceVolume: "cache", containerPath: "/var/cache/app", readOnly: true },
                { sourceVolume: "uploads", containerPath: "/srv/uploads" },
            ]);
        });

        it("volumes by name", () => {
            const merged = mergeLayers(
                {
                    volumes: [
                        { name: "tmp" },
                        {
                            name: "uploads",
                            efsVolumeConfiguration: { fileSystemId: "fs-0", transitEncryption: "ENABLED" },
                        },
                    ],
                },
                {
                    volumes: [
                        { name: "uploads", efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0" } },
                        { name: "cache" },
                    ],
                },
            );
            assert.deepEqual(merged.volumes, [
                { name: "tmp" },
                {
                    name: "uploads",
                    efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0", transitEncryption: "ENABLED" },
                },
                { name: "cache" },
            ]);
        });

        it("dependsOn by containerName", () => {
            const merged = mergeLayers(
                withWeb({
                    dependsOn: [
                        { containerName: "migrate", condition: "SUCCESS" },
                        { containerName: "envoy", condition: "START" },
                    ],
                }),
                withWeb({ dependsOn: [{ containerName: "envoy", condition: "HEALTHY" }] }),
            );
            assert.deepEqual(web(merged).dependsOn, [
                { containerName: "migrate", condition: "SUCCESS" },
                { containerName: "envoy", condition: "HEALTHY" },
            ]);
        });

        it("systemControls by namespace", () => {
            const merged = mergeLayers(
                withWeb({
                    systemControls: [
                        { namespace: "net.core.somaxconn", value: "1024" },
                        { namespace: "net.ipv4.tcp_keepalive_time", value: "7200" },
                    ],
                }),
                withWeb({ systemControls: [{ namespace: "net.ipv4.tcp_keepalive_time", value: "60" }] }),
            );
            assert.deepEqual(web(merged).systemControls, [
                { namespace: "net.core.somaxconn", value: "1024" },
                { namespace: "net.ipv4.tcp_keepalive_time", value: "60" },
            ]);
        });

        it("extraHosts by hostname", () => {
            const merged = mergeLayers(
                withWeb({
                    extraHosts: [
                        { hostname: "db.internal", ipAddress: "10.0.0.5" },
                        { hostname: "cache.internal", ipAddress: "10.0.0.6" },
                    ],
                }),
                withWeb({ extraHosts: [{ hostname: "db.internal", ipAddress: "10.1.0.5" }] }),
            );
            assert.deepEqual(web(merged).extraHosts, [
                { hostname: "db.internal", ipAddress: "10.1.0.5" },
                { hostname: "cache.internal", ipAddress: "10.0.0.6" },
            ]);
        });

        it("resourceRequirements by type", () => {
            const merged = mergeLayers(
                withWeb({
                    resourceRequirements: [
                        { type: "GPU", value: "1" },
                        { type: "InferenceAccelerator", value: "device_1" },
                    ],
                }),
                withWeb({ resourceRequirements: [{ type: "GPU", value: "2" }] }),
            );
            assert.deepEqual(web(merged).resourceRequirements, [
                { type: "GPU", value: "2" },
                { type: "InferenceAccelerator", value: "device_1" },
            ]);
        });

        it("ulimits by name", () => {
            const merged = mergeLayers(
                withWeb({
                    ulimits: [
                        { name: "nofile", softLimit: 1024, hardLimit: 4096 },
                        { name: "nproc", softLimit: 512, hardLimit: 512 },
                    ],
                }),
                withWeb({ ulimits: [{ name: "nofile", softLimit: 65535, hardLimit: 65535 }] }),
            );
            assert.deepEqual(web(merged).ulimits, [
                { name: "nofile", softLimit: 65535, hardLimit: 65535 },
                { name: "nproc", softLimit: 512, hardLimit: 512 },
            ]);
        });

        it("tags by key", () => {
            const merged = mergeLayers(
                {
                    tags: [
                        { key: "team", value: "payments" },
                        { key: "env", value: "dev" },
                    ],
                },
                {
                    tags: [
                        { key: "env", value: "staging" },
                        { key: "cost-center", value: "cc-42" },
                    ],
                },
            );
            assert.deepEqual(merged.tags, [
                { key: "team", value: "payments" },
                { key: "env", value: "staging" },
                { key: "cost-center", value: "cc-42" },
            ]);
        });
    });

    describe("other lists are replaced whole", () => {
        it("command", () => {
            const merged = mergeLayers(
                withWeb({ command: ["node", "server.js", "--port", "8080"] }),
                withWeb({ command: ["node", "--inspect", "server.js"] }),
            );
            assert.deepEqual(web(merged).command, ["node", "--inspect", "server.js"]);
        });

        it("entryPoint, even when the overlay's list is shorter", () => {
            const merged = mergeLayers(
                withWeb({ entryPoint: ["/usr/bin/tini", "--", "docker-entrypoint.sh"] }),
                withWeb({ entryPoint: ["/bin/sh"] }),
            );
            assert.deepEqual(web(merged).entryPoint, ["/bin/sh"]);
        });

        it("dnsServers", () => {
            const merged = mergeLayers(
                withWeb({ dnsServers: ["10.0.0.2", "10.0.0.3"] }),
                withWeb({ dnsServers: ["1.1.1.1"] }),
            );
            assert.deepEqual(web(merged).dnsServers, ["1.1.1.1"]);
        });

        it("lists nested in objects, such as a health check's command and added capabilities", () => {
            const merged = mergeLayers(
                withWeb({
                    healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"], interval: 30 },
                    linuxParameters: { capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] } },
                }),
                withWeb({
                    healthCheck: { command: ["CMD", "/healthcheck"] },
                    linuxParameters: { capabilities: { add: ["SYS_PTRACE"] } },
                }),
            );
            assert.deepEqual(web(merged).healthCheck, { command: ["CMD", "/healthcheck"], interval: 30 });
            assert.deepEqual(web(merged).linuxParameters, { capabilities: { add: ["SYS_PTRACE"], drop: ["ALL"] } });
        });
    });

    describe("null deletes", () => {
        it("removes an env var named by {name, value: null}", () => {
            const merged = mergeLayers(webTemplate(), withWeb({ environment: [{ name: "DEBUG", value: null }] }));
            assert.deepEqual(envOf(merged, "web"), { PORT: "8080", NODE_ENV: "production", LOG_LEVEL: "info" });
        });

        it("removes a secret, a tag, a port mapping and a volume mount the same way", () => {
            const merged = mergeLayers(
                withWeb(
                    {
                        secrets: [{ name: "DATABASE_URL" }, { name: "SESSION_SECRET" }],
                        portMappings: [
                            { containerPort: 8080, protocol: "tcp" },
                            { containerPort: 9090, protocol: "tcp", name: "metrics" },
                        ],
                        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp" }],
                    },
                    {
                        tags: [
                            { key: "team", value: "payments" },
                            { key: "env", value: "dev" },
                        ],
                    },
                ),
                withWeb(
                    {
                        secrets: [{ name: "SESSION_SECRET", valueFrom: null }],
                        portMappings: [{ containerPort: 9090, name: null }],
                        mountPoints: [{ containerPath: "/tmp", sourceVolume: null }],
                    },
                    { tags: [{ key: "env", value: null }] },
                ),
            );
            assert.deepEqual(web(merged).secrets, [{ name: "DATABASE_URL" }]);
            assert.deepEqual(web(merged).portMappings, [{ containerPort: 8080, protocol: "tcp" }]);
            assert.deepEqual(web(merged).mountPoints, []);
            assert.deepEqual(merged.tags, [{ key: "team", value: "payments" }]);
        });

        it("ignores a deletion of an item the template does not have", () => {
            const merged = mergeLayers(webTemplate(), withWeb({ environment: [{ name: "NOT_THERE", value: null }] }));
            assert.deepEqual(Object.keys(envOf(merged, "web")), ["PORT", "NODE_ENV", "LOG_LEVEL", "DEBUG"]);
        });

        it("removes only the null fields of an item that also sets other fields", () => {
            const merged = mergeLayers(
                withWeb({
                    portMappings: [{ containerPort: 8080, protocol: "tcp", name: "http", appProtocol: "http" }],
                }),
                withWeb({ portMappings: [{ containerPort: 8080, appProtocol: null, name: "web" }] }),
            );
            assert.deepEqual(web(merged).portMappings, [{ containerPort: 8080, protocol: "tcp", name: "web" }]);
        });

        it("removes a plain key set to null", () => {
            const merged = mergeLayers(
                { ...webTemplate(), ephemeralStorage: { sizeInGiB: 30 }, pidMode: "task" },
                withWeb({ stopTimeout: null, readonlyRootFilesystem: null }, { pidMode: null }),
            );
            assert.equal("pidMode" in merged, false);
            assert.deepEqual(merged.ephemeralStorage, { sizeInGiB: 30 });
            assert.equal("stopTimeout" in web(merged), false);
            assert.equal("readonlyRootFilesystem" in web(merged), false);
            assert.equal(web(merged).essential, true);
        });

        it("removes a nested object set to null, and a single key inside a nested object", () => {
            const merged = mergeLayers(
                webTemplate(),
                withWeb({ healthCheck: null, logConfiguration: { options: { "awslogs-create-group": null } } }),
            );
            assert.equal("healthCheck" in web(merged), false);
            assert.deepEqual(web(merged).logConfiguration, { logDriver: "awslogs", options: {} });

            const nested = mergeLayers(
                withWeb({ linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } } }),
                withWeb({ linuxParameters: { capabilities: null } }),
            );
            assert.deepEqual(web(nested).linuxParameters, { initProcessEnabled: true });
        });

        it("removes a whole keyed list set to null", () => {
            const merged = mergeLayers(webTemplate(), withWeb({ secrets: null }));
            assert.equal("secrets" in web(merged), false);
            assert.equal((web(merged).environment as Json[]).length, 4);
        });

        it("never removes a container: null fields of a container only remove those fields", () => {
            const merged = mergeLayers(webTemplate(), withWeb({ healthCheck: null, logConfiguration: null }));
            assert.equal(containers(merged).length, 1);
            assert.equal(web(merged).name, "web");
            assert.deepEqual(Object.keys(envOf(merged, "web")), ["PORT", "NODE_ENV", "LOG_LEVEL", "DEBUG"]);
            assert.equal("healthCheck" in web(merged), false);
            assert.equal("logConfiguration" in web(merged), false);
        });

        it("never removes a volume: null fields of a volume only remove those fields", () => {
            const merged = mergeLayers(
                { volumes: [{ name: "uploads", efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0" } }] },
                { volumes: [{ name: "uploads", efsVolumeConfiguration: null }] },
            );
            assert.deepEqual(merged.volumes, [{ name: "uploads" }]);
        });

        it("leaves no null anywhere in the result, even for items the overlay adds", () => {
            const merged = mergeLayers(webTemplate(), {
                containerDefinitions: [
                    {
                        name: "agent",
                        image: "public.ecr.aws/datadog/agent:7",
                        essential: null,
                        portMappings: [{ containerPort: 8126, name: "apm", appProtocol: null }],
                    },
                ],
            });
            assert.deepEqual(container(merged, "agent"), {
                name: "agent",
                image: "public.ecr.aws/datadog/agent:7",
                portMappings: [{ containerPort: 8126, name: "apm" }],
            });
        });

        it("pruneNulls drops null keys and null list entries at every depth", () => {
            assert.deepEqual(pruneNulls({ a: null, b: { c: null, d: [1, null, { e: null, f: 2 }] }, g: "x" }), {
                b: { d: [1, { f: 2 }] },
                g: "x",
            });
        });
    });

    describe("containers", () => {
        it("adds a sidecar the overlay defines, after the template's containers", () => {
            const sidecar = {
                name: "datadog-agent",
                image: "public.ecr.aws/datadog/agent:7.52.0",
                essential: false,
                environment: [{ name: "ECS_FARGATE", value: "true" }],
                portMappings: [{ containerPort: 8126 }],
            };
            const merged = mergeLayers(webTemplate(), { containerDefinitions: [sidecar] });
            assert.deepEqual(
                containers(merged).map((c) => c.name),
                ["web", "datadog-agent"],
            );
            assert.deepEqual(container(merged, "datadog-agent"), sidecar);
            assert.deepEqual(web(merged), web(webTemplate()));
        });

        it("changes a container's fields without touching the ones the overlay does not name", () => {
            const merged = mergeLayers(
                webTemplate(),
                withWeb({
                    cpu: 256,
                    memoryReservation: 384,
                    stopTimeout: 60,
                    healthCheck: { retries: 5 },
                    logConfiguration: { options: { mode: "non-blocking" } },
                }),
            );
            const template = web(webTemplate());
            assert.deepEqual(web(merged), {
                ...template,
                cpu: 256,
                memoryReservation: 384,
                stopTimeout: 60,
                healthCheck: { ...(template.healthCheck as Json), retries: 5 },
                logConfiguration: { logDriver: "awslogs", options: { mode: "non-blocking" } },
            });
        });

        it("merges several containers, each by name, whatever order the overlay lists them in", () => {
            const template = {
                containerDefinitions: [
                    { name: "web", environment: [{ name: "PORT", value: "8080" }] },
                    { name: "worker", command: ["node", "worker.js"], environment: [{ name: "QUEUE", value: "jobs" }] },
                    {
                        name: "envoy",
                        image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.27.2.0-prod",
                        essential: true,
                    },
                ],
            };
            const overlay = {
                containerDefinitions: [
                    { name: "envoy", essential: false },
                    {
                        name: "worker",
                        environment: [
                            { name: "QUEUE", value: "jobs-staging" },
                            { name: "CONCURRENCY", value: "4" },
                        ],
                    },
                    { name: "web", environment: [{ name: "ROOT_URL", value: "https://staging.example.com" }] },
                ],
            };
            const merged = mergeLayers(template, overlay);
            assert.deepEqual(merged.containerDefinitions, [
                {
                    name: "web",
                    environment: [
                        { name: "PORT", value: "8080" },
                        { name: "ROOT_URL", value: "https://staging.example.com" },
                    ],
                },
                {
                    name: "worker",
                    command: ["node", "worker.js"],
                    environment: [
                        { name: "QUEUE", value: "jobs-staging" },
                        { name: "CONCURRENCY", value: "4" },
                    ],
                },
                { name: "envoy", image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.27.2.0-prod", essential: false },
            ]);
        });
    });

    describe("items without their key", () => {
        it("throws MergeKeyMissing for an overlay env entry without a name", () => {
            const overlay = withWeb({
                environment: [{ name: "ROOT_URL", value: "https://staging.example.com" }, { value: "debug" }],
            });
            assert.throws(
                () => mergeLayers(webTemplate(), overlay),
                (e: unknown) => {
                    assert.ok(e instanceof MergeKeyMissing);
                    assert.equal(e.list, "environment");
                    assert.equal(e.index, 1);
                    assert.deepEqual(e.keys, ["name"]);
                    assert.equal(e.within, "containerDefinitions[name=web]");
                    assert.equal(e.message, "containerDefinitions[name=web].environment[1] has no name");
                    return true;
                },
            );
        });

        it("throws MergeKeyMissing for an overlay container without a name", () => {
            assert.throws(() => mergeLayers(webTemplate(), { containerDefinitions: [{ image: "nginx" }] }), {
                message: "containerDefinitions[0] has no name",
                list: "containerDefinitions",
                index: 0,
                keys: ["name"],
            });
        });

        it("throws MergeKeyMissing for a port mapping with only a protocol", () => {
            assert.throws(() => mergeLayers(webTemplate(), withWeb({ portMappings: [{ protocol: "udp" }] })), {
                message:
                    "containerDefinitions[name=web].portMappings[0] has no containerPort (or containerPortRange) + protocol",
                list: "portMappings",
                keys: ["containerPort", "protocol"],
            });
        });

        it("matches a port range by its range and protocol, never by position or against a single port", () => {
            const template = withWeb({
                portMappings: [
                    { containerPort: 8080, protocol: "tcp" },
                    { containerPortRange: "9000-9009", protocol: "tcp" },
                ],
            });
            const merged = mergeLayers(
                template,
                withWeb({
                    portMappings: [
                        { containerPortRange: "9000-9009", appProtocol: "grpc" },
                        { containerPortRange: "7000-7009", protocol: "udp" },
                        { containerPortRange: "9000-9009", protocol: "udp" },
                    ],
                }),
            );
            assert.deepEqual((merged.containerDefinitions as Json[])[0].portMappings, [
                { containerPort: 8080, protocol: "tcp" },
                { containerPortRange: "9000-9009", protocol: "tcp", appProtocol: "grpc" },
                { containerPortRange: "7000-7009", protocol: "udp" },
                { containerPortRange: "9000-9009", protocol: "udp" },
            ]);
            const removed = mergeLayers(
                template,
                withWeb({ portMappings: [{ containerPortRange: "9000-9009", protocol: "tcp", name: null }] }),
            );
            assert.deepEqual((removed.containerDefinitions as Json[])[0].portMappings, [
                { containerPort: 8080, protocol: "tcp" },
            ]);
        });

        it("treats a null key as missing", () => {
            assert.throws(() => mergeLayers(webTemplate(), { volumes: [{ name: null }] }), {
                list: "volumes",
                index: 0,
            });
        });

        it("accepts a template item without its key: the template is the base, not an overlay", () => {
            const template = withWeb({
                portMappings: [{ containerPortRange: "8000-8010" }],
                environment: [{ value: "orphan" }],
            });
            assert.deepEqual(
                mergeLayers(template, withWeb({ cpu: 256 })),
                withWeb({
                    portMappings: [{ containerPortRange: "8000-8010" }],
                    environment: [{ value: "orphan" }],
                    cpu: 256,
                }),
            );
        });

        it("keeps a template's duplicate entries, so validation can report them instead of the merge hiding one", () => {
            const template = withWeb({
                environment: [
                    { name: "PORT", value: "8080" },
                    { name: "PORT", value: "3000" },
                ],
            });
            assert.deepEqual(web(mergeLayers(template, {})).environment, [
                { name: "PORT", value: "8080" },
                { name: "PORT", value: "3000" },
            ]);
        });
    });

    describe("layers", () => {
        it("gives precedence template < overlay on scalars, at every depth", () => {
            const merged = mergeLayers(
                {
                    cpu: "256",
                    memory: "512",
                    ephemeralStorage: { sizeInGiB: 21 },
                    containerDefinitions: [{ name: "web", cpu: 128, healthCheck: { interval: 30, timeout: 5 } }],
                },
                {
                    cpu: "1024",
                    containerDefinitions: [{ name: "web", cpu: 512, healthCheck: { timeout: 10 } }],
                    ephemeralStorage: { sizeInGiB: 50 },
                },
            );
            assert.deepEqual(merged, {
                cpu: "1024",
                memory: "512",
                ephemeralStorage: { sizeInGiB: 50 },
                containerDefinitions: [{ name: "web", cpu: 512, healthCheck: { interval: 30, timeout: 10 } }],
            });
        });

        it("merges any number of layers left to right", () => {
            const merged = mergeLayers(
                withWeb({
                    environment: [
                        { name: "A", value: "template" },
                        { name: "B", value: "template" },
                    ],
                }),
                withWeb({
                    environment: [
                        { name: "B", value: "overlay" },
                        { name: "C", value: "overlay" },
                    ],
                }),
                withWeb({
                    environment: [
                        { name: "C", value: "last" },
                        { name: "A", value: null },
                    ],
                }),
            );
            assert.deepEqual(web(merged).environment, [
                { name: "B", value: "overlay" },
                { name: "C", value: "last" },
            ]);
        });

        it("returns the template unchanged (as a copy) for an empty overlay", () => {
            const template = webTemplate();
            const merged = mergeLayers(template, {});
            assert.deepEqual(merged, webTemplate());
            assert.notEqual(merged, template);
            assert.notEqual(merged.containerDefinitions, template.containerDefinitions);
        });

        it("does not mutate its inputs, and the result shares no objects with them", () => {
            const template = webTemplate();
            const overlay = {
                ...stagingOverlay(),
                containerDefinitions: [
                    {
                        name: "web",
                        environment: [
                            { name: "DEBUG", value: null },
                            { name: "ROOT_URL", value: "https://staging.example.com" },
                        ],
                        command: ["node", "server.js"],
                    },
                    {
                        name: "agent",
                        image: "public.ecr.aws/datadog/agent:7",
                        environment: [{ name: "DD_SITE", value: "datadoghq.eu" }],
                    },
                ],
            };
            const templateBefore = _.cloneDeep(template);
            const overlayBefore = _.cloneDeep(overlay);

            const merged = mergeLayers(template, overlay);
            assert.deepEqual(template, templateBefore);
            assert.deepEqual(overlay, overlayBefore);

            // Changing the result changes neither input.
            (web(merged).environment as Json[]).push({ name: "X", value: "1" });
            (web(merged).command as string[]).push("--inspect");
            (container(merged, "agent").environment as Json[])[0].value = "changed";
            ((web(merged).healthCheck as Json).command as string[])[0] = "CMD";
            assert.deepEqual(template, templateBefore);
            assert.deepEqual(overlay, overlayBefore);
        });
    });
});
