/** ECS answers, shaped as the API returns them, for the rollout and one-off task scenarios. */
import { epoch } from "./fakeAws";

export const ACCOUNT = "123456789012";
export const CLUSTER = `arn:aws:ecs:eu-north-1:${ACCOUNT}:cluster/ecs-deploy-staging`;
export const SERVICE = "ecs-deploy-staging-svc";
export const td = (n: number) => `arn:aws:ecs:eu-north-1:${ACCOUNT}:task-definition/ecs-deploy-staging:${n}`;
export const SERVICE_DEPLOYMENT = `arn:aws:ecs:eu-north-1:${ACCOUNT}:service-deployment/ecs-deploy-staging/${SERVICE}/xYz123`;
export const taskArn = (id: string) => `arn:aws:ecs:eu-north-1:${ACCOUNT}:task/ecs-deploy-staging/${id}`;

export interface Dep {
    rev: number;
    status: "PRIMARY" | "ACTIVE";
    rollout: "IN_PROGRESS" | "COMPLETED" | "FAILED";
    running: number;
    desired: number;
    pending?: number;
    failed?: number;
    reason?: string;
    at?: string;
}

export function deployment(d: Dep): Record<string, unknown> {
    return {
        id: `ecs-svc/${d.rev}00${d.status === "PRIMARY" ? 1 : 2}`,
        status: d.status,
        taskDefinition: td(d.rev),
        desiredCount: d.desired,
        runningCount: d.running,
        pendingCount: d.pending ?? 0,
        failedTasks: d.failed ?? 0,
        createdAt: epoch(d.at ?? "2026-12-02T07:00:00Z"),
        rolloutState: d.rollout,
        rolloutStateReason: d.reason,
        launchType: "FARGATE",
    };
}

export function describeServices(
    deployments: Dep[],
    events: { at: string; message: string }[] = [],
): Record<string, unknown> {
    return {
        services: [
            {
                serviceName: SERVICE,
                serviceArn: `arn:aws:ecs:eu-north-1:${ACCOUNT}:service/ecs-deploy-staging/${SERVICE}`,
                clusterArn: CLUSTER,
                status: "ACTIVE",
                desiredCount: deployments[0]?.desired ?? 1,
                deployments: deployments.map(deployment),
                events: events.map((e, i) => ({ id: `ev-${i}`, createdAt: epoch(e.at), message: e.message })),
                currentServiceDeployment: SERVICE_DEPLOYMENT,
            },
        ],
        failures: [],
    };
}

export function serviceDeployment(status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        serviceDeployments: [
            {
                serviceDeploymentArn: SERVICE_DEPLOYMENT,
                clusterArn: CLUSTER,
                createdAt: epoch("2026-12-02T07:00:00Z"),
                status,
                targetServiceRevision: {
                    arn: `arn:aws:ecs:eu-north-1:${ACCOUNT}:service-revision/ecs-deploy-staging/${SERVICE}/42`,
                    requestedTaskCount: 1,
                },
                ...extra,
            },
        ],
        failures: [],
    };
}

export function stoppedTask(
    id: string,
    rev: number,
    stoppedReason: string,
    containers: { name: string; exitCode?: number; reason?: string }[],
    at = "2026-12-02T07:03:00Z",
): Record<string, unknown> {
    return {
        taskArn: taskArn(id),
        taskDefinitionArn: td(rev),
        lastStatus: "STOPPED",
        desiredStatus: "STOPPED",
        stoppedReason,
        stopCode: "EssentialContainerExited",
        stoppedAt: epoch(at),
        containers: containers.map((c) => ({ ...c, lastStatus: "STOPPED" })),
    };
}
