/**
 * Watches a service's rollout of one task definition through the ECS API, as
 * `npm run wait` and the RolloutWatch step of `pulumi up` both do. The SDK
 * takes its standard configuration: the credential chain, the region given or
 * AWS_REGION, and endpoint overrides AWS_ENDPOINT_URL_ECS / AWS_ENDPOINT_URL
 * (@smithy/core middleware-endpoint getEndpointUrlConfig). Throttled calls are
 * retried by the SDK's standard retry strategy. No Pulumi import: the CLI loads
 * this alone, and the dynamic provider serialises it into its closure.
 */
import {
    DescribeServiceDeploymentsCommand,
    DescribeServicesCommand,
    DescribeTasksCommand,
    ECSClient,
    ListServiceDeploymentsCommand,
    ListTasksCommand,
    type Service,
    type ServiceDeployment,
    type Task,
} from "@aws-sdk/client-ecs";
import { deployFailure } from "../core/deploy/failure";
import {
    decideRollout,
    defaultTarget,
    formatVerdict,
    type RolloutObservation,
    type RolloutVerdict,
    timedOut,
} from "../core/deploy/rolloutStatus";
import { nonAwsAnswers, NON_AWS_ANSWERS } from "./awsAnswers";

export interface WatchOptions {
    cluster: string;
    service: string;
    /** Default: what the service's PRIMARY deployment rolls out. */
    taskDefinition?: string;
    region?: string;
    timeoutSeconds: number;
    /** How often to ask ECS (the SDK's services-stable waiter asks every 15 s). */
    pollSeconds: number;
    /** Progress lines, e.g. "2 of 3 tasks running". */
    onProgress?: (line: string) => void;
}

/** The rollout failed, was rolled back or timed out: an Error named RolloutFailed, its message the headline and then the reasons. */
const rolloutFailed = (v: RolloutVerdict) => deployFailure("RolloutFailed", formatVerdict(v));
/** A watch that could not start (the service or its deployment is not there): an Error named WatchError. */
const watchError = (message: string) => deployFailure("WatchError", message);

const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

export async function watchRollout(o: WatchOptions): Promise<RolloutVerdict> {
    const ecs = new ECSClient(o.region ? { region: o.region } : {});
    ecs.middlewareStack.add(nonAwsAnswers("ECS"), NON_AWS_ANSWERS);
    const started = Date.now();
    const describe = async (): Promise<Service> => {
        const out = await ecs.send(new DescribeServicesCommand({ cluster: o.cluster, services: [o.service] }));
        const s = out.services?.[0];
        if (!s || s.status === "INACTIVE") {
            const why = out.failures?.[0]?.reason ?? s?.status ?? "MISSING";
            throw watchError(
                `service ${o.service} is not in cluster ${o.cluster} (${why}); check --cluster and --service`,
            );
        }
        return s;
    };

    let service = await describe();
    const target = o.taskDefinition ?? defaultTarget(service);
    if (!target) throw watchError(`service ${o.service} has no PRIMARY deployment to watch; pass --task-definition`);
    // The service deployment current when the watch begins is the one this update started;
    // a rollback stays on it as ROLLBACK_* (it does not start a new one).
    const deploymentArn = service.currentServiceDeployment ?? (await latestServiceDeployment(ecs, o));

    for (;;) {
        const serviceDeployment = deploymentArn ? await describeServiceDeployment(ecs, deploymentArn) : undefined;
        const observation: RolloutObservation = {
            target,
            service,
            serviceDeployment,
            since: since(service, target, serviceDeployment, started),
        };
        const verdict = decideRollout(observation);
        if (verdict.state === "completed") return verdict;
        if (verdict.state === "failed" || verdict.state === "rolledBack") {
            throw rolloutFailed(
                decideRollout({
                    ...observation,
                    stoppedTasks: await stoppedTasks(ecs, o.cluster, service.serviceName ?? o.service),
                }),
            );
        }
        if ((Date.now() - started) / 1000 >= o.timeoutSeconds) {
            throw rolloutFailed(
                timedOut(
                    {
                        ...observation,
                        stoppedTasks: await stoppedTasks(ecs, o.cluster, service.serviceName ?? o.service),
                    },
                    o.timeoutSeconds,
                ),
            );
        }
        o.onProgress?.(verdict.headline);
        await sleep(Math.min(o.pollSeconds, Math.max(0, o.timeoutSeconds - (Date.now() - started) / 1000)));
        service = await describe();
    }
}

/** Events from when the rollout started (or the watch, when ECS gives no start). */
function since(service: Service, target: string, sd: ServiceDeployment | undefined, started: number): number {
    const created = sd?.createdAt ?? service.deployments?.find((d) => d.taskDefinition === target)?.createdAt;
    return created ? new Date(created).getTime() : started;
}

async function latestServiceDeployment(ecs: ECSClient, o: WatchOptions): Promise<string | undefined> {
    const out = await ecs.send(
        new ListServiceDeploymentsCommand({ cluster: o.cluster, service: o.service, maxResults: 20 }),
    );
    const newest = [...(out.serviceDeployments ?? [])].sort(
        (a, b) =>
            (b.createdAt ? new Date(b.createdAt).getTime() : 0) - (a.createdAt ? new Date(a.createdAt).getTime() : 0),
    )[0];
    return newest?.serviceDeploymentArn;
}

async function describeServiceDeployment(ecs: ECSClient, arn: string): Promise<ServiceDeployment | undefined> {
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
