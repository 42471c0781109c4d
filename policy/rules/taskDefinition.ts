import { TaskDefinition } from "@pulumi/aws/ecs";
import { looksLikeCredential } from "./credentialNames";
import type { Config, Finding, Inputs, ResourceRule } from "./types";
import { Container, containerName, containers, isPlainObject, list } from "./values";

/**
 * The explicit, per-container opt-out from a read-only root filesystem: a
 * docker label on that container whose value says why it needs to write.
 */
export const WRITABLE_ROOT_LABEL = "ecs-deploy.writable-root-filesystem";

export function hostNamespaces(inputs: Inputs): Finding[] {
    const shared: [string, string][] = [
        ["pidMode", "the host's processes (ECS.3)"],
        ["ipcMode", "the host's IPC namespace"],
        ["networkMode", "the host's network stack (ECS.17)"],
    ];
    return shared
        .filter(([field]) => inputs[field] === "host")
        .map(([field, what]) => ({
            problem: `${field} is "host", so containers share ${what}`,
            fix:
                field === "networkMode"
                    ? 'set networkMode to "awsvpc" (Fargate\'s only mode)'
                    : `remove ${field} (or set it to "task")`,
        }));
}

/** Applies a per-container check to every container of a task definition. */
function eachContainer(check: (c: Container, name: string, config: Config) => Finding[]) {
    return (inputs: Inputs, config: Config): Finding[] =>
        containers(inputs).flatMap((c, i) => check(c, containerName(c, i), config));
}

export const notPrivileged = eachContainer((c, name) =>
    c.privileged === true
        ? [
              {
                  problem: `${name} is privileged: root on the host's devices and kernel`,
                  fix: `remove privileged from ${name} (Fargate rejects it too)`,
              },
          ]
        : [],
);

function writableRootReason(c: Container): string | undefined {
    const labels = c.dockerLabels;
    const reason = isPlainObject(labels) ? labels[WRITABLE_ROOT_LABEL] : undefined;
    return typeof reason === "string" && reason.trim() !== "" ? reason : undefined;
}

export const readOnlyRoot = eachContainer((c, name) => {
    if (c.readonlyRootFilesystem === true || writableRootReason(c)) return [];
    return [
        {
            problem:
                `${name} has a writable root filesystem` +
                `${c.readonlyRootFilesystem === false ? "" : " (readonlyRootFilesystem is unset, which means false)"}`,
            fix:
                `set readonlyRootFilesystem: true on ${name} and mount a volume where the app writes; ` +
                `or opt out explicitly with dockerLabels {"${WRITABLE_ROOT_LABEL}": "<why it must write>"}`,
        },
    ];
});

export const noPlainCredentials = eachContainer((c, name, config) => {
    const allowed = list(config.allowedNames);
    return list(c.environment)
        .filter(isPlainObject)
        .filter(
            (e) =>
                typeof e.name === "string" &&
                looksLikeCredential(e.name) &&
                typeof e.value === "string" &&
                e.value !== "" &&
                !allowed.includes(e.name),
        )
        .map((e) => ({
            problem: `${name} has ${String(e.name)} as a plain environment value, readable by anyone who can describe the task definition`,
            fix:
                `move ${String(e.name)} to the container's secrets (Secrets Manager or SSM), ` +
                `or, if it is not a credential, add it to this policy's allowedNames`,
        }));
});

export const logConfiguration = eachContainer((c, name) => {
    const log = c.logConfiguration;
    if (isPlainObject(log) && typeof log.logDriver === "string" && log.logDriver !== "") return [];
    return [
        {
            problem: `${name} has no logConfiguration, so its output is lost`,
            fix: `give ${name} a logConfiguration (e.g. logDriver "awslogs" with a group, region and stream prefix)`,
        },
    ];
});

const DIGEST = /@sha256:[0-9a-f]{64}$/;

export const imageDigest = eachContainer((c, name) => {
    if (typeof c.image !== "string" || DIGEST.test(c.image)) return [];
    return [
        {
            problem: `${name} runs ${c.image}, a tag that can be moved to other content`,
            fix: `pin ${name}'s image by digest (repository@sha256:<digest>); this project pins the image it builds or reads`,
        },
    ];
});

const onTaskDefinition = (check: ResourceRule["checks"][number]["check"]) => [{ resource: TaskDefinition, check }];

export const taskDefinitionRules: ResourceRule[] = [
    {
        kind: "resource",
        name: "ecs-no-host-namespaces",
        control: "ECS.3, ECS.17",
        description:
            'Task definitions do not share the host\'s process, IPC or network namespace (pidMode, ipcMode, networkMode "host").',
        checks: onTaskDefinition(hostNamespaces),
    },
    {
        kind: "resource",
        name: "ecs-container-not-privileged",
        control: "ECS.4",
        description: "No container runs privileged.",
        checks: onTaskDefinition(notPrivileged),
    },
    {
        kind: "resource",
        name: "ecs-container-readonly-root",
        control: "ECS.5",
        description:
            `Every container has a read-only root filesystem, unless it opts out with the docker label ` +
            `${WRITABLE_ROOT_LABEL} giving a reason.`,
        checks: onTaskDefinition(readOnlyRoot),
    },
    {
        kind: "resource",
        name: "ecs-no-plain-credentials",
        control: "ECS.8",
        description:
            "No container has a credential-looking environment variable (*_PASSWORD, *_TOKEN, *_SECRET, AWS_SECRET_ACCESS_KEY, ...) " +
            "with a plain value.",
        configSchema: {
            properties: {
                allowedNames: {
                    type: "array",
                    items: { type: "string" },
                    default: [],
                    description: "Variable names that look like credentials but are not.",
                },
            },
        },
        checks: onTaskDefinition(noPlainCredentials),
    },
    {
        kind: "resource",
        name: "ecs-container-logging",
        control: "ECS.9",
        description: "Every container has a log configuration.",
        checks: onTaskDefinition(logConfiguration),
    },
    {
        kind: "resource",
        name: "ecs-image-pinned-by-digest",
        control: "ours",
        description: "Every container image is pinned by digest (@sha256:...), never by a movable tag.",
        checks: onTaskDefinition(imageDigest),
    },
];
