/** The stack config's schema: its types and fixed vocabularies. Imports nothing, so every stage can use it. */
type Json = Record<string, unknown>;

export const STRATEGIES = ["ROLLING", "CANARY", "LINEAR", "BLUE_GREEN"] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const PLATFORMS = ["linux/amd64", "linux/arm64"] as const;
export type Platform = (typeof PLATFORMS)[number];
export const SCALING_METRICS = ["cpu", "memory", "requests"] as const;
export const SECRET_SOURCES = ["secretsmanager", "ssm"] as const;
/** ECS's DeploymentLifecycleHookStage (@aws-sdk/client-ecs 3.1162): where a lifecycle hook can run. */
export const HOOK_STAGES = [
    "RECONCILE_SERVICE",
    "PRE_SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRE_PRODUCTION_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
] as const;
export type HookStage = (typeof HOOK_STAGES)[number];
/** ECS's DeploymentLifecycleHookAction: what ContinueServiceDeployment, or a hook's timeout, does. */
export const HOOK_ACTIONS = ["CONTINUE", "ROLLBACK"] as const;
export type HookAction = (typeof HOOK_ACTIONS)[number];

export interface SecretMapping {
    name?: string; // another secret's name (without prefix) or a full ARN
    jsonKey?: string;
    versionStage?: string;
    versionId?: string;
}

export interface StackConfig {
    project: string;
    stack: string;
    file: string; // the stack file, for messages
    region: string;
    overlay: Json;
    image?: string; // deploy this ref instead of building app/
    promoteFrom?: string; // the stack whose running image this one deploys: a stack of this project, or org/project/stack
    appDir: string;
    templateFile: string;
    labelKey: string;
    platform: Platform;
    protect: boolean;
    logs: { retentionDays: number; kmsKeyArn?: string };
    ecr: { keepReleases: number; kmsKeyArn?: string };
    secrets: {
        source: (typeof SECRET_SOURCES)[number];
        prefix: string;
        map: Record<string, SecretMapping>;
        kmsKeyArns: string[];
        allowPlainEnv: string[];
        /** Names whose values the stack holds (secretValues); the program writes them to the secret source. */
        managed: string[];
    };
    cluster: { name?: string; containerInsights: boolean };
    network: {
        vpcId?: string;
        subnetIds: string[];
        /** An existing VPC's public subnets, for an internet-facing load balancer. */
        publicSubnetIds: string[];
        securityGroupIds: string[];
        assignPublicIp: boolean;
        vpcCidr: string;
        /** How many availability zones a created VPC spans. */
        availabilityZoneCount: number;
        natGateways: "single" | "onePerAz";
    };
    service: {
        desiredCount: number;
        strategy: Strategy;
        minimumHealthyPercent: number;
        maximumPercent: number;
        healthCheckGracePeriodSeconds: number;
        enableExecuteCommand: boolean;
        waitForSteadyState: boolean;
        bakeTimeMinutes: number;
        canaryPercent: number;
        linearStepPercent: number;
        canaryBakeTimeMinutes: number;
        linearStepBakeTimeMinutes: number;
        loadBalancer?: LoadBalancerConfig;
        autoscaling?: AutoscalingConfig;
        /** Watch each rollout in `pulumi up` and fail it when ECS fails or rolls it back. */
        watchRollout: boolean;
        /** Unset: the strategy's worst case, as the service's own timeouts (core/service/timeouts.ts). */
        rolloutTimeoutSeconds?: number;
        preDeploy?: PreDeployConfig;
        /** Deployment alarms that roll a release back; absent when off. */
        alarms?: AlarmsConfig;
        /** PAUSE lifecycle hooks: where the deployment waits for `npm run continue` (BLUE_GREEN, CANARY, LINEAR). */
        pauses: PauseConfig[];
        /** Roll back once this many new tasks have failed, before ECS's circuit breaker would; absent when off. */
        failFast?: FailFastConfig;
        /** Fargate Spot / on-demand split; absent: on-demand with launchType FARGATE, as before. */
        capacity?: CapacityConfig;
    };
    iam: { taskRoleStatements: Json[] };
    /** Services without a load balancer, from the same template with their own command (core/config/workloads.ts). */
    workers: Record<string, WorkerConfig>;
    /** Tasks EventBridge Scheduler runs on a schedule, from the same template with their own command. */
    schedules: Record<string, ScheduleConfig>;
}

/** What a worker or a scheduled job changes in the web service's merged task definition. */
export interface WorkloadConfig {
    command: string[];
    /** The container whose command is replaced; absent: the first essential container that runs the app image. */
    container?: string;
    /** Task-level size; absent: the web task's. */
    cpu?: string;
    memory?: string;
    /** null drops the container's health check, an object replaces it, absent keeps the template's. */
    healthCheck?: HealthCheckConfig | null;
    /** Fargate Spot / on-demand split; absent: on-demand with launchType FARGATE. */
    capacity?: CapacityConfig;
}

export interface WorkerConfig extends WorkloadConfig {
    desiredCount: number;
    autoscaling?: AutoscalingConfig;
}

export interface ScheduleConfig extends WorkloadConfig {
    /** cron(), rate() or at(), as EventBridge Scheduler takes it. */
    schedule: string;
    /** IANA time zone the expression is read in. */
    timezone: string;
    enabled: boolean;
    /** RetryPolicy.MaximumRetryAttempts: how often Scheduler retries a RunTask that failed. */
    retries: number;
    /** RetryPolicy.MaximumEventAgeInSeconds: how long Scheduler keeps retrying one run. */
    maxEventAgeSeconds: number;
    /** SNS topics the failed-start alarm notifies. */
    alarmActions: string[];
}

/** ECS's container HealthCheck, as a worker or job sets it. */
export interface HealthCheckConfig {
    command: string[];
    interval?: number;
    timeout?: number;
    retries?: number;
    startPeriod?: number;
}

export interface LoadBalancerConfig {
    internal: boolean;
    certificateArn?: string;
    containerName?: string;
    containerPort?: number;
    healthCheckPath: string;
    healthCheckIntervalSeconds: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
    deregistrationDelaySeconds: number;
    allowedCidrs: string[];
}

/** How a service's tasks split between Fargate Spot and on-demand Fargate (core/config/capacity.ts). */
export interface CapacityConfig {
    /** Weight of FARGATE_SPOT. */
    spot: number;
    /** Weight of FARGATE (on-demand). */
    onDemand: number;
    /** Tasks that always run on on-demand FARGATE before the weights split the rest. */
    base: number;
}

/** A one-off task of the new task definition that must exit 0 before the service switches to it (e.g. migrations). */
export interface PreDeployConfig {
    command: string[];
    container?: string;
    timeoutSeconds: number;
}

/** One PAUSE lifecycle hook: ECS holds the deployment at `stage` until it is continued or rolled back, or the timeout acts. */
export interface PauseConfig {
    stage: HookStage;
    timeoutMinutes: number;
    onTimeout: HookAction;
}

export interface FailFastConfig {
    /** Failed tasks of the new revision after which the rollout watch asks ECS to roll back. */
    afterFailedTasks: number;
}

export interface AlarmsConfig {
    /** Alarm when the targets' 5xx responses exceed this share of requests. */
    http5xxPercent: number;
    /** Alarm when at least this many targets are unhealthy. */
    unhealthyHosts: number;
    periodSeconds: number;
    evaluationPeriods: number;
}

/**
 * The longest a deploy-time wait may take: a role session's maximum (12 h), so the
 * deploy's own AWS credentials outlive the wait (IAM MaxSessionDuration, 3600..43200).
 */
export const MAX_WAIT_SECONDS = 43200;

export interface AutoscalingConfig {
    minCount: number;
    maxCount: number;
    metric: (typeof SCALING_METRICS)[number];
    target: number;
}

/** The keys this project reads, besides aws:region. Every one is declared in Pulumi.yaml. */
export const CONFIG_KEYS = [
    "overlay",
    "image",
    "appDir",
    "templateFile",
    "labelKey",
    "platform",
    "protect",
    "logs",
    "ecr",
    "secrets",
    "cluster",
    "network",
    "service",
    "iam",
    "secretValues",
    "promoteFrom",
    "workers",
    "schedules",
] as const;

export interface ConfigContext {
    project: string;
    stack: string;
    file: string;
    region: string | undefined;
    /** Where the region came from when aws:region is not set (AWS_REGION), for messages. */
    regionSource?: string;
    /** Project keys (short) that Pulumi marks secret. When given, secretValues must be one of them. */
    secretKeys?: readonly string[];
    /** Full config keys outside this project's namespace (aws:region, ...), checked for a misspelt project name. */
    otherKeys?: readonly string[];
    /** The project directory, which appDir must stay inside. */
    projectDir?: string;
}

/** This project's keys by short name: the ones it reads, and any others the stack file has (refused as unknown). */
export type RawConfig = Partial<Record<(typeof CONFIG_KEYS)[number], unknown>> & Record<string, unknown>;

export interface AllConfig {
    raw: RawConfig;
    /** Short keys of this project that are secret. */
    secretKeys: string[];
    /** Full keys in other namespaces. */
    otherKeys: string[];
}
