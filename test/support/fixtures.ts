/**
 * Realistic inputs for the pure core: the app's template as it ships in the
 * image label, a staging overlay, the program's dynamic values and a complete
 * Fargate task definition. Every function returns a fresh copy, so a test may
 * change what it gets without affecting another test.
 */
import type { DynamicValues, Sources } from "../../core/taskdef/finalise";
import { asTaskDefinition } from "../../core/taskdef/shape";

type Json = Record<string, unknown>;

export const TEMPLATE_FILE = "app/ecs-task-template.json";
export const STACK_FILE = "Pulumi.staging.yaml";
export const OVERLAY_KEY = "ecs-deploy:overlay";

export const IMAGE =
    "123456789012.dkr.ecr.eu-north-1.amazonaws.com/web@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
export const SIDECAR_IMAGE = "public.ecr.aws/datadog/agent:7.52.0";
export const EXECUTION_ROLE_ARN = "arn:aws:iam::123456789012:role/web-staging-execution";
export const TASK_ROLE_ARN = "arn:aws:iam::123456789012:role/web-staging-task";
export const LOG_GROUP = "/ecs/web-staging";

export function secretArn(name: string): string {
    return `arn:aws:secretsmanager:eu-north-1:123456789012:secret:staging/web/${name}-AbCdEf`;
}

/** The app's template: one container, a port, a CMD-SHELL health check, env and secret names, awslogs without options. */
export function webTemplate(): Json {
    return {
        cpu: "256",
        memory: "512",
        containerDefinitions: [
            {
                name: "web",
                essential: true,
                portMappings: [{ containerPort: 8080, protocol: "tcp", name: "http", appProtocol: "http" }],
                environment: [
                    { name: "PORT", value: "8080" },
                    { name: "NODE_ENV", value: "production" },
                    { name: "LOG_LEVEL", value: "info" },
                    { name: "DEBUG", value: "false" },
                ],
                secrets: [{ name: "SESSION_SECRET" }, { name: "DATABASE_URL" }],
                healthCheck: {
                    command: ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/healthz || exit 1"],
                    interval: 15,
                    timeout: 5,
                    retries: 3,
                    startPeriod: 10,
                },
                logConfiguration: { logDriver: "awslogs" },
                readonlyRootFilesystem: true,
                stopTimeout: 20,
            },
        ],
    };
}

/** The template as the file (or image label) holds it. */
export function webTemplateText(): string {
    return JSON.stringify(webTemplate(), null, 2) + "\n";
}

/** What Pulumi.staging.yaml's overlay holds, as parsed from YAML. */
export function stagingOverlay(): Json {
    return {
        cpu: "512",
        memory: "1024",
        containerDefinitions: [
            {
                name: "web",
                environment: [
                    { name: "ROOT_URL", value: "https://staging.example.com" },
                    { name: "LOG_LEVEL", value: "debug" },
                ],
            },
        ],
    };
}

export function dynamicValues(): DynamicValues {
    return {
        family: "web-staging",
        image: IMAGE,
        executionRoleArn: EXECUTION_ROLE_ARN,
        taskRoleArn: TASK_ROLE_ARN,
        region: "eu-north-1",
        logGroups: { web: LOG_GROUP },
        streamPrefix: "web",
        secretValueFrom: { DATABASE_URL: secretArn("DATABASE_URL"), SESSION_SECRET: secretArn("SESSION_SECRET") },
    };
}

export function sources(overlay: Json = stagingOverlay(), template: Json = webTemplate()): Sources {
    return {
        template: asTaskDefinition(template),
        templateWhere: TEMPLATE_FILE,
        overlay,
        overlayWhere: STACK_FILE,
        overlayPath: OVERLAY_KEY,
    };
}

/** A complete, valid Fargate task definition in the normalised form finalise() produces. */
export function fargateTaskDefinition(): Json {
    return {
        family: "web-staging",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "512",
        executionRoleArn: EXECUTION_ROLE_ARN,
        taskRoleArn: TASK_ROLE_ARN,
        containerDefinitions: [
            {
                name: "web",
                image: IMAGE,
                cpu: 0,
                essential: true,
                environment: [
                    { name: "LOG_LEVEL", value: "info" },
                    { name: "PORT", value: "8080" },
                ],
                secrets: [{ name: "DATABASE_URL", valueFrom: secretArn("DATABASE_URL") }],
                mountPoints: [],
                portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }],
                volumesFrom: [],
                systemControls: [],
                healthCheck: {
                    command: ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/healthz || exit 1"],
                    interval: 30,
                    timeout: 5,
                    retries: 3,
                },
                logConfiguration: {
                    logDriver: "awslogs",
                    options: {
                        "awslogs-group": LOG_GROUP,
                        "awslogs-region": "eu-north-1",
                        "awslogs-stream-prefix": "web",
                    },
                },
            },
        ],
    };
}

/** A second container for fargateTaskDefinition(): a log-shipping sidecar. */
export function sidecarContainer(name = "agent"): Json {
    return {
        name,
        image: SIDECAR_IMAGE,
        cpu: 0,
        essential: false,
        environment: [],
        mountPoints: [],
        portMappings: [],
        volumesFrom: [],
        systemControls: [],
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": LOG_GROUP, "awslogs-region": "eu-north-1", "awslogs-stream-prefix": name },
        },
    };
}

/** The containers of a task definition (plain or typed), as plain data for tests that edit them. */
export function containers(td: object): Json[] {
    return (td as Json).containerDefinitions as Json[];
}

/** The container called `name`; fails loudly when it is missing. */
export function container(td: object, name: string): Json {
    const found = containers(td).find((c) => c.name === name);
    if (!found) throw new Error(`no container ${name} in ${JSON.stringify(td)}`);
    return found;
}

/** The environment of container `name` as a name -> value map (order-free). */
export function envOf(td: object, name: string): Record<string, unknown> {
    const env = (container(td, name).environment ?? []) as Json[];
    return Object.fromEntries(env.map((e): [string, unknown] => [String(e.name), e.value]));
}
