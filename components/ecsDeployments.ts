/**
 * The ECS calls the rollout watch and `npm run continue` make about a
 * service's deployments, with their refusals worded for the user. The SDK
 * takes its standard configuration (credential chain, region, endpoint
 * overrides AWS_ENDPOINT_URL_ECS / AWS_ENDPOINT_URL) and retries throttled
 * calls itself. No Pulumi import: the CLI loads this alone, and the dynamic
 * provider serialises it into its closure.
 */
import {
    ContinueServiceDeploymentCommand,
    DescribeServiceDeploymentsCommand,
    DescribeServicesCommand,
    DescribeTasksCommand,
    ECSClient,
    ListServiceDeploymentsCommand,
    ListTasksCommand,
    StopServiceDeploymentCommand,
    type Service,
    type ServiceDeployment,
    type Task,
} from "@aws-sdk/client-ecs";
import { deployFailure } from "../core/deploy/failure";
import { type Pause, pausedAt } from "../core/deploy/lifecycle";

/** A watch that could not start or act (the service or its deployment is not there, a refused call): an Error named WatchError. */
export const watchError = (message: string) => deployFailure("WatchError", message);

const named = (e: unknown, name: string) => e instanceof Error && e.name === name;
const firstLine = (e: unknown) => (e instanceof Error ? e.message.replace(/\s+/g, " ").trim() : String(e));

export async function describeService(ecs: ECSClient, cluster: string, service: string): Promise<Service> {
    const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const s = out.services?.[0];
    if (!s || s.status === "INACTIVE") {
        const why = out.failures?.[0]?.reason ?? s?.status ?? "MISSING";
        throw watchError(`service ${service} is not in cluster ${cluster} (${why}); check --cluster and --service`);
    }
    return s;
}

/** The service's newest service deployments (ListServiceDeployments), newest first. */
export async function recentServiceDeployments(
    ecs: ECSClient,
    cluster: string,
    service: string,
    status?: "IN_PROGRESS"[],
): Promise<string[]> {
    const out = await ecs.send(new ListServiceDeploymentsCommand({ cluster, service, status, maxResults: 20 }));
    return [...(out.serviceDeployments ?? [])]
        .sort((a, b) => ms(b.createdAt) - ms(a.createdAt))
        .flatMap((d) => (d.serviceDeploymentArn ? [d.serviceDeploymentArn] : []));
}

export async function describeServiceDeployment(ecs: ECSClient, arn: string): Promise<ServiceDeployment | undefined> {
    const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    return out.serviceDeployments?.[0];
}

/** The service's stopped tasks (ECS keeps them visible for at least an hour), for their reasons. */
export async function stoppedTasks(ecs: ECSClient, cluster: string, serviceName: string): Promise<Task[]> {
    const listed = await ecs.send(
        new ListTasksCommand({ cluster, serviceName, desiredStatus: "STOPPED", maxResults: 100 }),
    );
    const arns = listed.taskArns ?? [];
    if (arns.length === 0) return [];
    const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns })); // at most 100 per call, as listed
    return out.tasks ?? [];
}

/** A paused deployment of the service and its hook, or undefined when none is paused. */
export async function findPause(
    ecs: ECSClient,
    cluster: string,
    service: string,
): Promise<{ service: Service; deployment: ServiceDeployment; pause: Pause } | undefined> {
    const svc = await describeService(ecs, cluster, service);
    // The current service deployment first; other in-progress ones only when it is not paused.
    const seen: string[] = [];
    const check = async (arn: string | undefined) => {
        if (!arn || seen.includes(arn)) return undefined;
        seen.push(arn);
        const deployment = await describeServiceDeployment(ecs, arn);
        const pause = pausedAt(deployment);
        return deployment && pause ? { service: svc, deployment, pause } : undefined;
    };
    const current = await check(svc.currentServiceDeployment);
    if (current) return current;
    for (const arn of await recentServiceDeployments(ecs, cluster, service, ["IN_PROGRESS"])) {
        const found = await check(arn);
        if (found) return found;
    }
    return undefined;
}

/** "ROLLBACK_IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT (hook ecs-pause-1 TIMED_OUT)": where a deployment is now. */
export function stateOf(sd: ServiceDeployment | undefined, hookId?: string): string {
    if (!sd) return "no longer listed";
    const hook = sd.lifecycleHookDetails?.find((h) => h.hookId === hookId);
    return (
        `${sd.status ?? "in an unknown state"}${sd.lifecycleStage ? ` at ${sd.lifecycleStage}` : ""}` +
        `${hook ? ` (hook ${hook.hookId} ${hook.status ?? "?"})` : ""}`
    );
}

/**
 * ContinueServiceDeployment with CONTINUE or ROLLBACK on the paused hook.
 * A refusal is one line: AccessDenied names the service and the denied
 * action; otherwise the deployment is read again, and if it moved on meanwhile
 * (another approver, the hook's timeout, a rollback) the line says where it is
 * now. ECS accepts the call only for a hook AWAITING_ACTION on an IN_PROGRESS
 * deployment (developer guide "Continuing service deployments"); which error
 * it answers otherwise is not documented, so the state is read, not the words.
 */
export async function continueDeployment(
    ecs: ECSClient,
    service: string,
    sd: ServiceDeployment,
    pause: Pause,
    action: "CONTINUE" | "ROLLBACK",
): Promise<void> {
    const arn = sd.serviceDeploymentArn ?? "";
    try {
        await ecs.send(
            new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: pause.hookId, action }),
        );
    } catch (e) {
        if (named(e, "AccessDeniedException"))
            throw watchError(
                `not allowed to ${action === "ROLLBACK" ? "roll back" : "continue"} service ${service}: ` +
                    `ecs:ContinueServiceDeployment was denied (${firstLine(e)})`,
            );
        if (!(e instanceof Error && "$metadata" in e)) throw e;
        const now = await describeServiceDeployment(ecs, arn).catch(() => undefined);
        if (!now || pausedAt(now)?.hookId !== pause.hookId)
            throw watchError(
                `ContinueServiceDeployment ${action} was refused for service ${service}: its deployment moved on ` +
                    `meanwhile and is now ${stateOf(now, pause.hookId)} (${e.name}: ${firstLine(e)})`,
            );
        throw watchError(`AWS refused ContinueServiceDeployment for service ${service}: ${e.name}: ${firstLine(e)}`);
    }
}

/** StopServiceDeployment with ROLLBACK (fail fast); undefined when ECS took it, else why it refused. */
export async function rollBack(ecs: ECSClient, arn: string | undefined): Promise<string | undefined> {
    if (!arn) return "the service has no service deployment to stop";
    try {
        await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: "ROLLBACK" }));
        return undefined;
    } catch (e) {
        return `${e instanceof Error ? e.name : "Error"}: ${firstLine(e)}`;
    }
}

function ms(d: Date | undefined): number {
    return d ? new Date(d).getTime() : 0;
}
