/** The fake ECS API's answers for a simulated deployment (ecsSim.ts), in the wire format ECS sends. */
import type { EcsSim, SimTask } from "./ecsSim";
import { AwsFault, type Handler } from "./fakeAws";
import { ACCOUNT, CLUSTER, SERVICE, SERVICE_DEPLOYMENT, taskArn, td } from "./ecsWorld";

const revisionArn = (rev: number) =>
    `arn:aws:ecs:eu-north-1:${ACCOUNT}:service-revision/ecs-deploy-staging/${SERVICE}/${rev}00`;
/** AWS JSON sends timestamps as epoch seconds. */
const secs = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function deployments(sim: EcsSim): Record<string, unknown>[] {
    const live = sim.live();
    const newer = {
        running: live.filter((t) => t.runningAt !== undefined).length,
        pending: live.filter((t) => t.runningAt === undefined).length,
    };
    const d = (rev: number, status: string, rollout: string, running: number, desired: number, pending = 0) => ({
        id: `ecs-svc/${rev}001`,
        status,
        taskDefinition: td(rev),
        desiredCount: desired,
        runningCount: running,
        pendingCount: pending,
        failedTasks: rev === sim.o.toRev ? sim.failures : 0,
        createdAt: secs(rev === sim.o.toRev ? sim.t0 : sim.t0 - 86_400_000),
        rolloutState: rollout,
        rolloutStateReason:
            rollout === "FAILED" && sim.breakerTriggered
                ? "ECS deployment circuit breaker: tasks failed to start."
                : undefined,
        launchType: "FARGATE",
    });
    const n = sim.o.desiredCount;
    const [to, from] = [sim.o.toRev, sim.o.fromRev];
    switch (sim.status) {
        case "SUCCESSFUL":
            return [d(to, "PRIMARY", "COMPLETED", n, n)];
        case "ROLLBACK_IN_PROGRESS":
            return [d(from, "PRIMARY", "IN_PROGRESS", n, n), d(to, "ACTIVE", "FAILED", newer.running, 0)];
        case "ROLLBACK_SUCCESSFUL":
            return [d(from, "PRIMARY", "COMPLETED", n, n), d(to, "ACTIVE", "FAILED", 0, 0)];
        default:
            return [
                d(to, "PRIMARY", "IN_PROGRESS", newer.running, n, newer.pending),
                d(from, "ACTIVE", "COMPLETED", n, n),
            ];
    }
}

function serviceDeployment(sim: EcsSim): Record<string, unknown> {
    const live = sim.live().filter((t) => t.runningAt !== undefined).length;
    const breaker = !sim.o.circuitBreaker
        ? "DISABLED"
        : sim.breakerTriggered
          ? "TRIGGERED"
          : sim.status === "IN_PROGRESS"
            ? "MONITORING"
            : "MONITORING_COMPLETE";
    return {
        serviceDeploymentArn: SERVICE_DEPLOYMENT,
        serviceArn: `arn:aws:ecs:eu-north-1:${ACCOUNT}:service/ecs-deploy-staging/${SERVICE}`,
        clusterArn: CLUSTER,
        createdAt: secs(sim.t0),
        startedAt: secs(sim.t0),
        updatedAt: secs(Date.now()),
        finishedAt: secs(sim.finishedAt),
        sourceServiceRevisions: [{ arn: revisionArn(sim.o.fromRev), requestedTaskCount: sim.o.desiredCount }],
        targetServiceRevision: {
            arn: revisionArn(sim.o.toRev),
            requestedTaskCount: sim.o.desiredCount,
            runningTaskCount: live,
        },
        status: sim.status,
        lifecycleStage: sim.o.strategy === "ROLLING" ? undefined : sim.stages[sim.stage],
        lifecycleHookDetails: sim.hooks.map((h) => ({
            hookId: h.hookId,
            targetType: "PAUSE",
            status: h.status,
            expiresAt: secs(h.expiresAt),
            timeoutAction: h.timeoutAction,
        })),
        deploymentConfiguration: {
            strategy: sim.o.strategy,
            deploymentCircuitBreaker: { enable: sim.o.circuitBreaker, rollback: sim.o.circuitBreaker },
        },
        deploymentCircuitBreaker: { status: breaker, failureCount: sim.failures, threshold: sim.threshold },
        rollback:
            sim.rollbackAt !== undefined
                ? { startedAt: secs(sim.rollbackAt), serviceRevisionArn: revisionArn(sim.o.fromRev) }
                : undefined,
    };
}

function task(t: SimTask): Record<string, unknown> {
    const stopped = t.stoppedAt !== undefined;
    return {
        taskArn: taskArn(t.id),
        clusterArn: CLUSTER,
        taskDefinitionArn: td(t.rev),
        group: `service:${SERVICE}`,
        startedBy: `ecs-svc/${t.rev}001`,
        lastStatus: stopped ? "STOPPED" : t.runningAt !== undefined ? "RUNNING" : "PENDING",
        desiredStatus: stopped ? "STOPPED" : "RUNNING",
        createdAt: secs(t.launchAt),
        startedAt: secs(t.runningAt),
        stoppedAt: secs(t.stoppedAt),
        stopCode: t.stopCode,
        stoppedReason: t.stoppedReason,
        containers: [
            { name: "web", lastStatus: stopped ? "STOPPED" : "RUNNING", exitCode: t.exitCode, reason: t.reason },
        ],
    };
}

/** The ECS operations of a simulated deployment, for startFakeAws. */
export function simHandlers(sim: EcsSim): Record<string, Handler> {
    const guard =
        (op: string, h: Handler): Handler =>
        (body, n) => {
            if (sim.o.deny.includes(op))
                return new AwsFault(
                    "AccessDeniedException",
                    `User: arn:aws:sts::${ACCOUNT}:assumed-role/ecs-deploy-staging-approve/gh is not authorized to perform: ` +
                        `ecs:${op} on resource: ${SERVICE_DEPLOYMENT} because no identity-based policy allows the ecs:${op} action`,
                );
            sim.advance();
            return h(body, n);
        };
    const all = () => sim.tasks.map((t) => task(t));
    // ListTasks lists the newest first here; ECS documents no order.
    const stopped = () =>
        all()
            .filter((t) => t.lastStatus === "STOPPED")
            .reverse();
    const ops: Record<string, Handler> = {
        DescribeServices: () => ({
            services: [
                {
                    serviceName: SERVICE,
                    serviceArn: `arn:aws:ecs:eu-north-1:${ACCOUNT}:service/ecs-deploy-staging/${SERVICE}`,
                    clusterArn: CLUSTER,
                    status: "ACTIVE",
                    desiredCount: sim.o.desiredCount,
                    deployments: deployments(sim),
                    events: sim.events
                        .map((e, i) => ({ id: `ev-${i}`, createdAt: secs(e.at), message: e.message }))
                        .reverse(),
                    currentServiceDeployment: SERVICE_DEPLOYMENT,
                },
            ],
            failures: [],
        }),
        ListServiceDeployments: (b) => ({
            serviceDeployments: (b.status && !b.status.includes(sim.status) ? [] : [serviceDeployment(sim)]).map(
                (d) => ({
                    serviceDeploymentArn: d.serviceDeploymentArn,
                    serviceArn: d.serviceArn,
                    clusterArn: d.clusterArn,
                    createdAt: d.createdAt,
                    status: d.status,
                    targetServiceRevisionArn: revisionArn(sim.o.toRev),
                }),
            ),
        }),
        DescribeServiceDeployments: (b) => ({
            serviceDeployments: (b.serviceDeploymentArns as string[]).includes(SERVICE_DEPLOYMENT)
                ? [serviceDeployment(sim)]
                : [],
            failures: [],
        }),
        ContinueServiceDeployment: (b) => {
            if (b.serviceDeploymentArn !== SERVICE_DEPLOYMENT)
                return new AwsFault("ServiceDeploymentNotFoundException", "The service deployment does not exist.");
            return sim.act(b.hookId, b.action ?? "CONTINUE") ?? { serviceDeploymentArn: SERVICE_DEPLOYMENT };
        },
        StopServiceDeployment: (b) => {
            if (b.serviceDeploymentArn !== SERVICE_DEPLOYMENT)
                return new AwsFault("ServiceDeploymentNotFoundException", "The service deployment does not exist.");
            if (sim.status !== "IN_PROGRESS")
                return new AwsFault("ConflictException", `The service deployment is ${sim.status}.`);
            sim.rollBack(Date.now());
            return { serviceDeploymentArn: SERVICE_DEPLOYMENT };
        },
        ListTasks: (b) => ({
            taskArns: (b.desiredStatus === "STOPPED" ? stopped() : all().filter((t) => t.lastStatus !== "STOPPED"))
                .slice(0, b.maxResults ?? 100)
                .map((t) => t.taskArn),
        }),
        DescribeTasks: (b) => ({
            tasks: all().filter((t) => (b.tasks as string[]).includes(t.taskArn as string)),
            failures: [],
        }),
    };
    return Object.fromEntries(Object.entries(ops).map(([op, h]) => [op, guard(op, h)]));
}
