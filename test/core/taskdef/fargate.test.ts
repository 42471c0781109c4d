import * as assert from "node:assert/strict";
import { checkFargate, FARGATE_SIZES, MAX_CONTAINERS, MAX_TASK_DEFINITION_BYTES } from "../../../core/taskdef/fargate";
import { registerTaskDefinitionShape } from "../../../core/taskdef/model";
import { asTaskDefinition, checkShape, ShapeIssue } from "../../../core/taskdef/shape";
import { container, fargateTaskDefinition, sidecarContainer } from "../../support/fixtures";

type Json = Record<string, unknown>;

const WEB = "containerDefinitions[name=web]";

/** checkFargate on the valid task definition after `edit` changed it (`web` is its app container). */
function issuesAfter(edit: (td: Json, web: Json) => void): ShapeIssue[] {
    const td = fargateTaskDefinition();
    edit(td, container(td, "web"));
    return checkFargate(asTaskDefinition(td));
}

/** Asserts that `edit` breaks exactly one rule, reported as given. */
function onlyIssue(edit: (td: Json, web: Json) => void, path: string, problem: string, fix: string): void {
    assert.deepEqual(issuesAfter(edit), [{ path, problem, fix }]);
}

const ok = (edit: (td: Json, web: Json) => void): void => assert.deepEqual(issuesAfter(edit), []);
const addContainers = (td: Json, ...cs: Json[]) => (td.containerDefinitions as Json[]).push(...cs);
const healthCheck = (web: Json) => web.healthCheck as Json;
const logOptions = (web: Json) => (web.logConfiguration as Json).options as Json;

describe("checkFargate: Fargate's rules for a complete task definition", () => {
    it("accepts a valid task definition", () => {
        assert.deepEqual(checkFargate(asTaskDefinition(fargateTaskDefinition())), []);
    });

    describe("task size (cpu/memory)", () => {
        // The table as AWS documents it, in GB per vCPU size.
        const GB = (from: number, to: number, step: number) => {
            const out: number[] = [];
            for (let g = from; g <= to; g += step) out.push(g * 1024);
            return out;
        };
        const DOCUMENTED: Record<string, number[]> = {
            "256": [512, 1024, 2048],
            "512": GB(1, 4, 1),
            "1024": GB(2, 8, 1),
            "2048": GB(4, 16, 1),
            "4096": GB(8, 30, 1),
            "8192": GB(16, 60, 4),
            "16384": GB(32, 120, 8),
        };

        it("has exactly the documented Fargate sizes", () => {
            assert.deepEqual(FARGATE_SIZES, DOCUMENTED);
            const pairs = Object.values(FARGATE_SIZES).reduce((n, m) => n + m.length, 0);
            assert.equal(pairs, 3 + 4 + 7 + 13 + 23 + 12 + 12);
        });

        it("accepts every valid pair", () => {
            for (const [cpu, memories] of Object.entries(FARGATE_SIZES)) {
                for (const memory of memories) {
                    const issues = issuesAfter((td) => Object.assign(td, { cpu, memory: String(memory) }));
                    assert.deepEqual(issues, [], `cpu ${cpu} memory ${memory}`);
                }
            }
        });

        it("accepts 256/512, the smallest size", () => ok((td) => Object.assign(td, { cpu: "256", memory: "512" })));

        it("rejects 256/4096, listing the memories valid with that cpu", () => {
            onlyIssue(
                (td) => (td.memory = "4096"),
                "memory",
                "4096 MiB is not valid with cpu 256",
                "with cpu 256 use memory 512, 1024, 2048",
            );
        });

        it("describes long memory ranges by their bounds and step", () => {
            onlyIssue(
                (td) => Object.assign(td, { cpu: "1024", memory: "1024" }),
                "memory",
                "1024 MiB is not valid with cpu 1024",
                "with cpu 1024 use memory 2048..8192 in steps of 1024",
            );
            onlyIssue(
                (td) => Object.assign(td, { cpu: "4096", memory: "31744" }),
                "memory",
                "31744 MiB is not valid with cpu 4096",
                "with cpu 4096 use memory 8192..30720 in steps of 1024",
            );
            onlyIssue(
                (td) => Object.assign(td, { cpu: "8192", memory: "18432" }),
                "memory",
                "18432 MiB is not valid with cpu 8192",
                "with cpu 8192 use memory 16384..61440 in steps of 4096",
            );
            onlyIssue(
                (td) => Object.assign(td, { cpu: "16384", memory: "36864" }),
                "memory",
                "36864 MiB is not valid with cpu 16384",
                "with cpu 16384 use memory 32768..122880 in steps of 8192",
            );
        });

        it("rejects a cpu that is not a Fargate size", () => {
            onlyIssue(
                (td) => (td.cpu = "300"),
                "cpu",
                "300 is not a Fargate size",
                "use one of 256, 512, 1024, 2048, 4096, 8192, 16384",
            );
            onlyIssue(
                (td) => (td.cpu = "32768"),
                "cpu",
                "32768 is not a Fargate size",
                "use one of 256, 512, 1024, 2048, 4096, 8192, 16384",
            );
        });

        it("reads cpu and memory as decimal units only, as ECS does (Number() would read 0x100 as 256)", () => {
            for (const cpu of ["0x100", "1e3", " 256", "256.0", "+256"])
                onlyIssue(
                    (td) => (td.cpu = cpu),
                    "cpu",
                    `${cpu} is not a Fargate size`,
                    "use one of 256, 512, 1024, 2048, 4096, 8192, 16384",
                );
            assert.deepEqual(
                issuesAfter((td) => (td.memory = "0x200")).map((i) => i.path),
                ["memory"],
            );
        });

        it("requires task-level cpu and memory", () => {
            onlyIssue(
                (td) => delete td.cpu,
                "cpu",
                "is required at task level on Fargate",
                'set cpu and memory, e.g. cpu: "256", memory: "512"',
            );
            onlyIssue(
                (td) => delete td.memory,
                "memory",
                "is required at task level on Fargate",
                'set cpu and memory, e.g. cpu: "256", memory: "512"',
            );
        });
    });

    describe("networking", () => {
        it("requires networkMode awsvpc", () => {
            onlyIssue(
                (td) => (td.networkMode = "bridge"),
                "networkMode",
                'is "bridge"; Fargate needs awsvpc',
                "set networkMode to awsvpc or remove it",
            );
        });

        it("requires hostPort to equal containerPort", () => {
            onlyIssue(
                (_td, web) => (web.portMappings = [{ containerPort: 8080, hostPort: 80, protocol: "tcp" }]),
                `${WEB}.portMappings[0].hostPort`,
                "(80) differs from containerPort (8080); awsvpc needs them equal",
                "set hostPort to 8080 or remove it",
            );
            ok((_td, web) => (web.portMappings = [{ containerPort: 8080, protocol: "tcp" }]));
        });

        it("requires a containerPort in 1..65535", () => {
            onlyIssue(
                (_td, web) => (web.portMappings = [{ containerPort: 70000, hostPort: 70000, protocol: "tcp" }]),
                `${WEB}.portMappings[0].containerPort`,
                "must be a port number 1..65535",
                "set containerPort (or containerPortRange)",
            );
        });

        it("rejects the same port and protocol mapped twice, treating a missing protocol as tcp", () => {
            onlyIssue(
                (_td, web) =>
                    (web.portMappings = [
                        { containerPort: 8080, hostPort: 8080, protocol: "tcp" },
                        { containerPort: 8080, hostPort: 8080, name: "again" },
                    ]),
                `${WEB}.portMappings[1]`,
                "maps 8080/tcp twice",
                "remove the duplicate port mapping",
            );
        });

        // Registers, but a service then fails with "Container port 8125 is used in more than one port mapping"
        // (aws/amazon-ecs-agent#3428, terraform-aws-modules/terraform-aws-ecs#89).
        it("rejects one container port on both tcp and udp", () => {
            onlyIssue(
                (_td, web) =>
                    (web.portMappings = [
                        { containerPort: 8125, hostPort: 8125, protocol: "tcp" },
                        { containerPort: 8125, hostPort: 8125, protocol: "udp" },
                    ]),
                `${WEB}.portMappings[1].protocol`,
                "port 8125 is already mapped as tcp; ECS maps a container port once, on one protocol",
                "keep one mapping per containerPort",
            );
            ok(
                (_td, web) =>
                    (web.portMappings = [
                        { containerPort: 8125, hostPort: 8125, protocol: "udp" },
                        { containerPort: 8126, hostPort: 8126, protocol: "tcp" },
                    ]),
            );
        });

        it("accepts a containerPortRange, and checks its form", () => {
            ok(
                (_td, web) =>
                    (web.portMappings = [
                        { containerPort: 8080, hostPort: 8080, protocol: "tcp" },
                        { containerPortRange: "9000-9099", protocol: "tcp" },
                    ]),
            );
            for (const range of ["9000", "9099-9000", "0-10", "1-70000", "a-b"]) {
                onlyIssue(
                    (_td, web) => (web.portMappings = [{ containerPortRange: range }]),
                    `${WEB}.portMappings[0].containerPortRange`,
                    `${JSON.stringify(range)} is not a port range`,
                    'write it as "first-last" with 1 <= first < last <= 65535, e.g. "8000-8099"',
                );
            }
        });

        for (const [key, value] of [["disableNetworking", true]] as const) {
            it(`rejects ${key}, which Fargate does not support`, () => {
                onlyIssue(
                    (_td, web) => (web[key] = value),
                    `${WEB}.${key}`,
                    "is not supported with awsvpc networking on Fargate",
                    `remove ${key}`,
                );
            });
        }
        for (const key of ["maxSwap", "swappiness"]) {
            it(`rejects linuxParameters.${key}, which Fargate does not support`, () => {
                onlyIssue(
                    (_td, web) => (web.linuxParameters = { initProcessEnabled: true, [key]: 10 }),
                    `${WEB}.linuxParameters.${key}`,
                    "is not supported on Fargate",
                    `remove ${key}`,
                );
            });
        }

        for (const key of [
            "links",
            "hostname",
            "extraHosts",
            "dnsServers",
            "dnsSearchDomains",
            "dockerSecurityOptions",
        ]) {
            it(`rejects ${key}, which awsvpc does not support`, () => {
                const value =
                    key === "hostname"
                        ? "web.internal"
                        : key === "extraHosts"
                          ? [{ hostname: "db", ipAddress: "10.0.0.5" }]
                          : ["x"];
                onlyIssue(
                    (_td, web) => (web[key] = value),
                    `${WEB}.${key}`,
                    "is not supported with awsvpc networking on Fargate",
                    `remove ${key}`,
                );
            });
        }
    });

    describe("task-level fields", () => {
        it("requires FARGATE among requiresCompatibilities", () => {
            onlyIssue(
                (td) => (td.requiresCompatibilities = ["EC2"]),
                "requiresCompatibilities",
                "does not include FARGATE",
                'set requiresCompatibilities to ["FARGATE"]',
            );
            ok((td) => (td.requiresCompatibilities = ["EC2", "FARGATE"]));
        });

        it("rejects a family with characters ECS does not allow", () => {
            onlyIssue(
                (td) => (td.family = "web.staging"),
                "family",
                '"web.staging" has characters ECS does not allow',
                "use letters, digits, - and _ (at most 255)",
            );
        });

        it("rejects pidMode host and any ipcMode, allows pidMode task", () => {
            onlyIssue(
                (td) => (td.pidMode = "host"),
                "pidMode",
                "host is not supported on Fargate",
                'remove pidMode or set it to "task"',
            );
            onlyIssue((td) => (td.ipcMode = "task"), "ipcMode", "is not supported on Fargate", "remove ipcMode");
            ok((td) => (td.pidMode = "task"));
        });

        it("rejects placement constraints", () => {
            onlyIssue(
                (td) =>
                    (td.placementConstraints = [
                        { type: "memberOf", expression: "attribute:ecs.availability-zone in [eu-north-1a]" },
                    ]),
                "placementConstraints",
                "are not supported on Fargate",
                "remove placementConstraints",
            );
            ok((td) => (td.placementConstraints = []));
        });

        it("keeps ephemeral storage within 21..200 GiB", () => {
            onlyIssue(
                (td) => (td.ephemeralStorage = { sizeInGiB: 20 }),
                "ephemeralStorage.sizeInGiB",
                "20 is outside 21..200",
                "use 21 to 200 GiB, or remove it for the 20 GiB default",
            );
            onlyIssue(
                (td) => (td.ephemeralStorage = { sizeInGiB: 201 }),
                "ephemeralStorage.sizeInGiB",
                "201 is outside 21..200",
                "use 21 to 200 GiB, or remove it for the 20 GiB default",
            );
            ok((td) => (td.ephemeralStorage = { sizeInGiB: 21 }));
            ok((td) => (td.ephemeralStorage = { sizeInGiB: 200 }));
        });
    });

    describe("containers", () => {
        it("requires at least one container", () => {
            onlyIssue(
                (td) => (td.containerDefinitions = []),
                "containerDefinitions",
                "is empty",
                "define at least one container",
            );
        });

        it(`allows at most ${MAX_CONTAINERS} containers`, () => {
            const sidecars = (n: number) => Array.from({ length: n }, (_, i) => sidecarContainer(`sidecar-${i + 1}`));
            ok((td) => addContainers(td, ...sidecars(9)));
            onlyIssue(
                (td) => addContainers(td, ...sidecars(10)),
                "containerDefinitions",
                "has 11 containers; ECS allows at most 10",
                "remove containers or split the service",
            );
        });

        it("requires at least one essential container, counting a missing essential as true", () => {
            onlyIssue(
                (_td, web) => (web.essential = false),
                "containerDefinitions",
                "has no essential container",
                "set essential: true on the main container",
            );
            ok((_td, web) => delete web.essential);
            ok((td, web) => {
                web.essential = false;
                addContainers(td, { ...sidecarContainer(), essential: true });
            });
        });

        it("requires distinct container names ECS allows", () => {
            onlyIssue(
                (td) => addContainers(td, sidecarContainer("web")),
                "containerDefinitions[name=web].name",
                "is used by another container",
                "give each container a distinct name",
            );
            onlyIssue(
                (td) => addContainers(td, sidecarContainer("log router")),
                'containerDefinitions[name="log router"].name',
                "is missing or has characters ECS does not allow",
                "name it with letters, digits, - and _",
            );
        });

        it("keeps the containers' cpu within the task's", () => {
            ok((td, web) => {
                web.cpu = 128;
                addContainers(td, { ...sidecarContainer(), cpu: 128 });
            });
            onlyIssue(
                (td, web) => {
                    web.cpu = 200;
                    addContainers(td, { ...sidecarContainer(), cpu: 100 });
                },
                "containerDefinitions",
                "container cpu adds up to 300, more than the task's 256",
                "lower the containers' cpu or raise the task cpu",
            );
        });

        it("keeps the containers' memory (or else memoryReservation) within the task's", () => {
            ok((td, web) => {
                web.memory = 384;
                addContainers(td, { ...sidecarContainer(), memoryReservation: 128 });
            });
            onlyIssue(
                (td, web) => {
                    web.memory = 384;
                    web.memoryReservation = 256; // counted as memory 384, not 256
                    addContainers(td, { ...sidecarContainer(), memoryReservation: 192 });
                },
                "containerDefinitions",
                "container memory adds up to 576 MiB, more than the task's 512",
                "lower the containers' memory/memoryReservation or raise the task memory",
            );
        });

        it("rejects memoryReservation above memory", () => {
            onlyIssue(
                (_td, web) => Object.assign(web, { memory: 256, memoryReservation: 384 }),
                `${WEB}.memoryReservation`,
                "(384) exceeds memory (256)",
                "make memoryReservation at most memory",
            );
        });

        it("rejects privileged containers", () => {
            onlyIssue(
                (_td, web) => (web.privileged = true),
                `${WEB}.privileged`,
                "is not supported on Fargate",
                "remove privileged",
            );
            ok((_td, web) => (web.privileged = false));
        });

        for (const [key, value] of [
            ["devices", [{ hostPath: "/dev/fuse" }]],
            ["sharedMemorySize", 256],
            ["tmpfs", [{ containerPath: "/run", size: 64 }]],
        ] as const) {
            it(`rejects linuxParameters.${key}`, () => {
                onlyIssue(
                    (_td, web) => (web.linuxParameters = { [key]: value }),
                    `${WEB}.linuxParameters.${key}`,
                    "is not supported on Fargate",
                    `remove ${key}`,
                );
            });
        }

        it("allows adding only the SYS_PTRACE capability", () => {
            ok(
                (_td, web) =>
                    (web.linuxParameters = {
                        initProcessEnabled: true,
                        capabilities: { add: ["SYS_PTRACE"], drop: ["ALL"] },
                    }),
            );
            onlyIssue(
                (_td, web) => (web.linuxParameters = { capabilities: { add: ["SYS_PTRACE", "NET_ADMIN"] } }),
                `${WEB}.linuxParameters.capabilities.add[1]`,
                "NET_ADMIN cannot be added on Fargate",
                "only SYS_PTRACE may be added; remove the rest",
            );
        });
    });

    describe("health check", () => {
        it("requires a command starting with CMD or CMD-SHELL", () => {
            ok((_td, web) => (healthCheck(web).command = ["CMD", "/usr/local/bin/healthcheck"]));
            const fix = 'write e.g. ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]';
            const path = `${WEB}.healthCheck.command`;
            const problem = "must start with CMD or CMD-SHELL followed by the command";
            onlyIssue(
                (_td, web) => (healthCheck(web).command = ["curl", "-f", "http://localhost:8080/healthz"]),
                path,
                problem,
                fix,
            );
            onlyIssue((_td, web) => (healthCheck(web).command = ["cmd-shell", "true"]), path, problem, fix);
            onlyIssue((_td, web) => (healthCheck(web).command = ["CMD-SHELL"]), path, problem, fix);
            onlyIssue(
                (_td, web) => (healthCheck(web).command = "curl -f http://localhost:8080/healthz"),
                path,
                problem,
                fix,
            );
        });

        it("accepts the bounds of every range", () => {
            ok((_td, web) => Object.assign(healthCheck(web), { interval: 5, timeout: 2, retries: 1, startPeriod: 0 }));
            ok((_td, web) =>
                Object.assign(healthCheck(web), { interval: 300, timeout: 60, retries: 10, startPeriod: 300 }),
            );
        });

        for (const [field, value, range, base] of [
            ["interval", 4, "5..300", { timeout: 2 }],
            ["interval", 301, "5..300", {}],
            ["timeout", 1, "2..60", {}],
            ["timeout", 61, "2..60", { interval: 300 }],
            ["retries", 0, "1..10", {}],
            ["retries", 11, "1..10", {}],
            ["startPeriod", -1, "0..300", {}],
            ["startPeriod", 301, "0..300", {}],
        ] as const) {
            it(`rejects ${field} ${value}, outside ${range}`, () => {
                const [min, max] = range.split("..");
                onlyIssue(
                    (_td, web) => Object.assign(healthCheck(web), base, { [field]: value }),
                    `${WEB}.healthCheck.${field}`,
                    `${value} is outside ${range}`,
                    `set ${field} between ${min} and ${max}`,
                );
            });
        }

        // ECS documents timeout 2..60 and interval 5..300 and no order between them (API_HealthCheck).
        it("accepts a timeout as long as the interval or longer", () => {
            ok((_td, web) => Object.assign(healthCheck(web), { interval: 10, timeout: 10 }));
            ok((_td, web) => Object.assign(healthCheck(web), { interval: 5, timeout: 60 }));
        });
    });

    describe("logging", () => {
        for (const option of ["awslogs-group", "awslogs-region", "awslogs-stream-prefix"]) {
            it(`requires ${option} for awslogs`, () => {
                onlyIssue(
                    (_td, web) => delete logOptions(web)[option],
                    `${WEB}.logConfiguration.options.${option}`,
                    "is required by awslogs on Fargate",
                    `set ${option}`,
                );
            });
        }

        it("reports every missing awslogs option when there are none", () => {
            assert.deepEqual(
                issuesAfter((_td, web) => (web.logConfiguration = { logDriver: "awslogs" })).map((i) => i.path),
                ["awslogs-group", "awslogs-region", "awslogs-stream-prefix"].map(
                    (o) => `${WEB}.logConfiguration.options.${o}`,
                ),
            );
        });

        it("rejects a log driver Fargate does not support", () => {
            onlyIssue(
                (_td, web) => (web.logConfiguration = { logDriver: "json-file" }),
                `${WEB}.logConfiguration.logDriver`,
                '"json-file" is not supported on Fargate',
                "use one of awslogs, splunk, awsfirelens",
            );
        });

        it("accepts splunk and awsfirelens without awslogs options", () => {
            ok(
                (_td, web) =>
                    (web.logConfiguration = {
                        logDriver: "splunk",
                        options: { "splunk-url": "https://splunk.example.com:8088" },
                    }),
            );
            ok((_td, web) => (web.logConfiguration = { logDriver: "awsfirelens" }));
        });

        it("rejects a container without logConfiguration", () => {
            onlyIssue(
                (_td, web) => delete web.logConfiguration,
                `${WEB}.logConfiguration`,
                "is missing, so the container's output would be lost",
                'set logConfiguration: {"logDriver": "awslogs"}',
            );
        });
    });

    describe("volumes and mounts", () => {
        it("requires mountPoints to name a volume of the task", () => {
            onlyIssue(
                (_td, web) => (web.mountPoints = [{ sourceVolume: "uploads", containerPath: "/srv/uploads" }]),
                `${WEB}.mountPoints[0].sourceVolume`,
                '"uploads" is not a volume of this task',
                "add it to volumes or fix the name",
            );
            ok((td, web) => {
                td.volumes = [{ name: "uploads", efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0" } }];
                web.mountPoints = [{ sourceVolume: "uploads", containerPath: "/srv/uploads" }];
            });
        });

        it("requires a mount point to name its volume, even beside a volume without a name", () => {
            const missing = {
                path: `${WEB}.mountPoints[0].sourceVolume`,
                problem: "is missing: a mount point names the task's volume it mounts",
                fix: "set sourceVolume to the name of one of the task's volumes",
            };
            onlyIssue(
                (_td, web) => (web.mountPoints = [{ containerPath: "/srv/uploads" }]),
                missing.path,
                missing.problem,
                missing.fix,
            );
            assert.deepEqual(
                issuesAfter((td, web) => {
                    td.volumes = [{}];
                    web.mountPoints = [{ containerPath: "/srv/uploads" }];
                }),
                [
                    {
                        path: "volumes[0].name",
                        problem:
                            "is missing: ECS needs a name for every volume, and mountPoints refer to it by that name",
                        fix: 'name the volume (letters, digits, _ and -), e.g. "data", and mount it with sourceVolume: "data"',
                    },
                    missing,
                ],
            );
        });

        it("rejects host volumes and Docker volumes", () => {
            onlyIssue(
                (td) => (td.volumes = [{ name: "logs", host: { sourcePath: "/var/log" } }]),
                "volumes[name=logs].host",
                "host volumes are not supported on Fargate",
                "use an EFS volume or a bind mount without host",
            );
            onlyIssue(
                (td) =>
                    (td.volumes = [{ name: "cache", dockerVolumeConfiguration: { scope: "task", driver: "local" } }]),
                "volumes[name=cache].dockerVolumeConfiguration",
                "Docker volumes are not supported on Fargate",
                "use an EFS volume or a task-local bind mount",
            );
            ok((td) => (td.volumes = [{ name: "scratch" }]));
        });
    });

    describe("dependsOn", () => {
        const migrate = () => ({ ...sidecarContainer("migrate"), command: ["npm", "run", "migrate"] });

        it("accepts a dependency on another container of the task", () => {
            ok((td, web) => {
                addContainers(td, migrate());
                web.dependsOn = [{ containerName: "migrate", condition: "SUCCESS" }];
            });
        });

        it("rejects a dependency on an unknown container", () => {
            onlyIssue(
                (_td, web) => (web.dependsOn = [{ containerName: "migrate", condition: "SUCCESS" }]),
                `${WEB}.dependsOn[containerName=migrate].containerName`,
                "names no container of this task",
                "fix the name or remove the dependency",
            );
        });

        it("leaves the condition's values to the ECS model's enum (the shape check)", () => {
            const td = fargateTaskDefinition();
            addContainers(td, migrate());
            container(td, "web").dependsOn = [{ containerName: "migrate", condition: "READY" }];
            assert.deepEqual(checkFargate(asTaskDefinition(td)), []);
            assert.deepEqual(checkShape(td, registerTaskDefinitionShape(), { required: true, allowNull: false }), [
                {
                    path: `${WEB}.dependsOn[containerName=migrate].condition`,
                    problem: '"READY" is not one of ECS\'s values (COMPLETE, HEALTHY, START, SUCCESS)',
                    fix: "use one of COMPLETE, HEALTHY, START, SUCCESS",
                },
            ]);
        });

        it("rejects HEALTHY on a container without a health check", () => {
            onlyIssue(
                (td, web) => {
                    addContainers(td, migrate());
                    web.dependsOn = [{ containerName: "migrate", condition: "HEALTHY" }];
                },
                `${WEB}.dependsOn[containerName=migrate].condition`,
                "HEALTHY needs a healthCheck on migrate",
                "add a healthCheck to that container or use START",
            );
            ok((td) => {
                addContainers(td, {
                    ...sidecarContainer(),
                    dependsOn: [{ containerName: "web", condition: "HEALTHY" }],
                });
            });
        });
    });

    describe("environment and secrets", () => {
        it("rejects an env name listed twice", () => {
            onlyIssue(
                (_td, web) => (web.environment as Json[]).push({ name: "PORT", value: "3000" }),
                `${WEB}.environment[name=PORT]`,
                "is listed twice",
                "keep one entry per name",
            );
        });

        it("rejects a secret name listed twice", () => {
            onlyIssue(
                (_td, web) =>
                    (web.secrets as Json[]).push({
                        name: "DATABASE_URL",
                        valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/db",
                    }),
                `${WEB}.secrets[name=DATABASE_URL]`,
                "is listed twice",
                "keep one entry per name",
            );
        });

        it("rejects an entry without a name", () => {
            onlyIssue(
                (_td, web) => (web.environment as Json[]).push({ value: "orphan" }),
                `${WEB}.environment[2].name`,
                "is missing",
                "give every entry a name",
            );
        });
    });

    describe("size", () => {
        /** The valid task definition with one env value padded so its JSON is `bytes` long. */
        const ofSize = (bytes: number, char = "x"): Json => {
            const td = fargateTaskDefinition();
            const entry = { name: "PADDING", value: "" };
            (container(td, "web").environment as Json[]).push(entry);
            const room = bytes - Buffer.byteLength(JSON.stringify(td));
            entry.value = char.repeat(room / Buffer.byteLength(char));
            assert.equal(Buffer.byteLength(JSON.stringify(td)), bytes);
            return td;
        };

        it(`accepts exactly ${MAX_TASK_DEFINITION_BYTES} bytes (64 KiB)`, () => {
            assert.equal(MAX_TASK_DEFINITION_BYTES, 65536);
            assert.deepEqual(checkFargate(asTaskDefinition(ofSize(65536))), []);
        });

        it("rejects one byte more", () => {
            assert.deepEqual(checkFargate(asTaskDefinition(ofSize(65537))), [
                {
                    path: "",
                    problem: "the task definition is 65537 bytes; ECS accepts at most 65536",
                    fix: "move large values (long env values, scripts) into the image or a config file",
                },
            ]);
        });

        it("counts bytes, not characters", () => {
            const td = ofSize(65538, "é");
            assert.ok(JSON.stringify(td).length < 65536);
            assert.equal(
                checkFargate(asTaskDefinition(td))[0].problem,
                "the task definition is 65538 bytes; ECS accepts at most 65536",
            );
        });
    });

    it("reports every broken rule at once", () => {
        const issues = issuesAfter((td, web) => {
            td.memory = "4096";
            web.portMappings = [{ containerPort: 8080, hostPort: 80, protocol: "tcp" }];
            healthCheck(web).command = ["curl", "localhost"];
        });
        assert.deepEqual(
            issues.map((i) => i.path),
            ["memory", `${WEB}.portMappings[0].hostPort`, `${WEB}.healthCheck.command`],
        );
    });
});

describe("checkFargate: what ECS refuses or mishandles", () => {
    it("rejects an env entry without a value, which ECS drops on register; an empty string is kept", () => {
        onlyIssue(
            (_td, web) => (web.environment as Json[]).push({ name: "FEATURE_X" }),
            `${WEB}.environment[name=FEATURE_X].value`,
            "is missing (ECS would drop the variable)",
            'set a value (an empty string "" is kept), or remove the entry',
        );
        ok((_td, web) => (web.environment as Json[]).push({ name: "FEATURE_X", value: "" }));
    });

    it("rejects an env var and a secret with the same name", () => {
        onlyIssue(
            (_td, web) => (web.environment as Json[]).push({ name: "DATABASE_URL", value: "postgres://localhost/db" }),
            `${WEB}.secrets[name=DATABASE_URL]`,
            "is also a plain environment variable; the container would get one of the two",
            'remove "DATABASE_URL" from environment or from secrets',
        );
    });

    it("rejects GPUs, Neuron devices and inference accelerators, and a resource requirement without a value", () => {
        const fix =
            "remove the resource requirement; Fargate tasks have no GPUs, Neuron devices or inference accelerators";
        for (const type of ["GPU", "NeuronDevice", "InferenceAccelerator"]) {
            onlyIssue(
                (_td, web) => (web.resourceRequirements = [{ type, value: "1" }]),
                `${WEB}.resourceRequirements[0].type`,
                `${type} is not available on Fargate`,
                fix,
            );
        }
        assert.deepEqual(
            issuesAfter((_td, web) => (web.resourceRequirements = [{ type: "InferenceAccelerator" }])),
            [
                {
                    path: `${WEB}.resourceRequirements[0].type`,
                    problem: "InferenceAccelerator is not available on Fargate",
                    fix,
                },
                {
                    path: `${WEB}.resourceRequirements[0].value`,
                    problem: "is missing",
                    fix: "set value, or remove the resource requirement",
                },
            ],
        );
        // A GPU that shares (sharingStrategy) needs no value in the current ECS API; it is still not on Fargate.
        onlyIssue(
            (_td, web) => (web.resourceRequirements = [{ type: "GPU", sharingStrategy: { nvidiaMps: {} } }]),
            `${WEB}.resourceRequirements[0].type`,
            "GPU is not available on Fargate",
            fix,
        );
        onlyIssue(
            (td) => (td.inferenceAccelerators = [{ deviceName: "eia", deviceType: "eia2.medium" }]),
            "inferenceAccelerators",
            "are not available: Amazon Elastic Inference has reached end of life and Fargate never offered it",
            "remove inferenceAccelerators",
        );
    });

    it("rejects container memory and memoryReservation below 6 MiB", () => {
        for (const key of ["memoryReservation", "memory"]) {
            for (const value of [0, -1]) {
                onlyIssue(
                    (_td, web) => (web[key] = value),
                    `${WEB}.${key}`,
                    `${value} MiB is below the 6 MiB a container needs`,
                    `set ${key} to at least 6, or remove it to use the task's memory`,
                );
            }
        }
        ok((_td, web) => (web.memoryReservation = 6));
    });

    it("rejects a tag with an empty key", () => {
        onlyIssue(
            (td) =>
                (td.tags = [
                    { key: "team", value: "web" },
                    { key: "", value: "x" },
                ]),
            "tags[1].key",
            "is empty",
            "give every tag a key, or remove the tag",
        );
    });

    it("takes at most 50 tags, the stack's own included", () => {
        const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: "v" }));
        ok((td) => (td.tags = tags(50)));
        onlyIssue(
            (td) => (td.tags = tags(51)),
            "tags",
            "has 51 tags, the stack's own included; ECS takes at most 50",
            "remove tags until at most 50 are left",
        );
    });
});
