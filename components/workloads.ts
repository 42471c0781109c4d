import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { OwnedValues, WorkloadPlan } from "../core/pipeline";
import type { StackConfig } from "../core/config/types";
import { scheduleGroupOf } from "../core/config/workloads";
import type { TaskDefinition } from "../core/taskdef/finalise";
import { rolloutWatchTimeoutSeconds } from "../core/service/timeouts";
import { workerService } from "../core/service/worker";
import { RolloutWatch } from "./deployGates";
import { LogGroups } from "./logs";
import type { Network } from "./network";
import { ScheduledJob } from "./scheduledJob";
import { AppService } from "./service";
import { AppTaskDefinition } from "./taskDefinition";

export interface WorkloadsArgs {
    config: StackConfig;
    workloads: WorkloadPlan[];
    /** Each workload's definition as checked before deploying, by name. */
    planned: Record<string, TaskDefinition>;
    /** A workload's owned values (family, log groups, tags, ...). */
    owned: (w: WorkloadPlan) => OwnedValues;
    account: { accountId: string; partition: string };
    secretValueFrom: Record<string, pulumi.Input<string>>;
    image: pulumi.Input<string>;
    executionRoleArn: pulumi.Input<string>;
    taskRoleArn: pulumi.Input<string>;
    cluster: { arn: pulumi.Input<string>; name: pulumi.Input<string>; capacityProviders?: pulumi.Resource };
    network: Network;
    /** The execution policy and the managed secrets: what every task needs before it starts. */
    waitFor: pulumi.Resource[];
    /** The pre-deploy task: it runs once, before any service switches to the new release. */
    after: pulumi.Resource[];
    tags: Record<string, string>;
}

export interface WorkerResources {
    service: AppService;
    taskDefinition: AppTaskDefinition;
    rollout?: RolloutWatch;
    /** Container name -> its log group. */
    logGroups: Record<string, string>;
}

export interface JobResources {
    job: ScheduledJob;
    taskDefinition: AppTaskDefinition;
    /** Container name -> its log group. */
    logGroups: Record<string, string>;
}

/**
 * Workers and scheduled jobs: per workload its log groups and task definition (the same template's
 * merge, its own family), then a service without a load balancer, watched like the web's, or a schedule.
 * Schedules share one group named after the stack; Scheduler's schedules themselves take no tags.
 */
export function declareWorkloads(name: string, a: WorkloadsArgs) {
    const cfg = a.config;
    const logsFor = (w: WorkloadPlan) =>
        new LogGroups(`${name}-${w.name}`, {
            groups: w.logGroups,
            retentionInDays: cfg.logs.retentionDays,
            kmsKeyId: cfg.logs.kmsKeyArn,
            protect: cfg.protect,
            tags: a.tags,
        });
    const definitionFor = (w: WorkloadPlan) =>
        new AppTaskDefinition(`${name}-${w.name}`, {
            merged: w.merged,
            sources: w.sources,
            planned: a.planned[w.name],
            dynamic: a.owned(w),
            secretValueFrom: a.secretValueFrom,
            image: a.image,
            executionRoleArn: a.executionRoleArn,
            taskRoleArn: a.taskRoleArn,
        });

    const workers: Record<string, WorkerResources> = {};
    for (const w of a.workloads.filter((x) => x.kind === "worker")) {
        for (const warning of w.warnings) void pulumi.log.warn(warning);
        const settings = workerService(cfg.service, cfg.workers[w.name]);
        const logs = logsFor(w);
        const taskDefinition = definitionFor(w);
        const containers = a.planned[w.name].definition.containerDefinitions;
        const service = new AppService(`${name}-${w.name}`, {
            service: settings,
            clusterArn: a.cluster.arn,
            clusterName: a.cluster.name,
            taskDefinitionArn: taskDefinition.taskDefinition.arn,
            containerName: w.container,
            containerPort: 0,
            network: a.network,
            after: a.after,
            waitFor: [...a.waitFor, logs],
            containerDefinitions: containers,
            capacityProviders: a.cluster.capacityProviders,
            tags: a.tags,
        });
        const rollout = settings.watchRollout
            ? new RolloutWatch(
                  `${name}-${w.name}-rollout`,
                  {
                      region: cfg.region,
                      cluster: a.cluster.arn,
                      service: service.name,
                      taskDefinitionArn: taskDefinition.taskDefinition.arn,
                      serviceFingerprint: service.fingerprint,
                      timeoutSeconds: rolloutWatchTimeoutSeconds(settings, containers),
                  },
                  { dependsOn: [service] },
              )
            : undefined;
        workers[w.name] = { service, taskDefinition, rollout, logGroups: w.logGroups };
    }

    const jobs: Record<string, JobResources> = {};
    const jobPlans = a.workloads.filter((x) => x.kind === "job");
    const groupName = scheduleGroupOf(cfg.project, cfg.stack);
    const group =
        jobPlans.length > 0
            ? new aws.scheduler.ScheduleGroup(`${name}-schedules`, { name: groupName, tags: a.tags })
            : undefined;
    for (const w of jobPlans) {
        const logs = logsFor(w);
        const taskDefinition = definitionFor(w);
        const job = new ScheduledJob(`${name}-${w.name}`, {
            job: w.name,
            config: cfg.schedules[w.name],
            group: group!.name,
            groupName,
            account: a.account,
            region: cfg.region,
            family: w.family,
            taskDefinitionArn: taskDefinition.taskDefinition.arn,
            clusterArn: a.cluster.arn,
            clusterName: a.cluster.name,
            executionRoleArn: a.executionRoleArn,
            taskRoleArn: a.taskRoleArn,
            network: a.network,
            waitFor: [...a.waitFor, logs, ...a.after],
            capacityProviders: a.cluster.capacityProviders,
            tags: a.tags,
        });
        jobs[w.name] = { job, taskDefinition, logGroups: w.logGroups };
    }
    return {
        workers,
        jobs,
        taskDefinitions: [...Object.values(workers), ...Object.values(jobs)].map((r) => r.taskDefinition),
        outputs: outputsOf(workers, jobs, group),
    };
}

/** Stack outputs for workers and jobs; none for a stack without them, so its outputs stay as they were. */
function outputsOf(
    workers: Record<string, WorkerResources>,
    jobs: Record<string, JobResources>,
    group: aws.scheduler.ScheduleGroup | undefined,
) {
    const each = <T, U>(m: Record<string, T>, f: (v: T) => U) =>
        Object.keys(m).length ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)])) : undefined;
    const definitions = { ...workers, ...jobs };
    return {
        workers: each(workers, (w) => ({
            serviceName: w.service.name,
            taskDefinitionArn: w.taskDefinition.taskDefinition.arn,
            logGroups: w.logGroups,
        })),
        schedules: each(jobs, (j) => ({
            scheduleArn: j.job.schedule.arn,
            scheduleGroup: group!.name,
            taskDefinitionArn: j.taskDefinition.taskDefinition.arn,
            logGroups: j.logGroups,
        })),
        /** Each worker's and job's RegisterTaskDefinition input, as render writes it. */
        taskDefinitions: each(definitions, (r) => r.taskDefinition.definition.apply((d) => d.definition)),
    };
}
