// npm run task -- --stack <name> --job <name> [--history]: a scheduled job run by hand, or its recent runs.
import * as fs from "node:fs";
import * as path from "node:path";
import { GetScheduleCommand, type GetScheduleOutput, SchedulerClient } from "@aws-sdk/client-scheduler";
import { checkAnswers } from "../components/awsAnswers";
import { nameActions, runOneOffTask, stoppedTasksOf, taskFailed } from "../components/ecsTask";
import { scheduleGroupOf } from "../core/config/workloads";
import {
    familyOf,
    historyLines,
    jobRequest,
    type JobRef,
    jobStartedBy,
    placement,
    scheduleMissing,
} from "../core/deploy/scheduledJob";
import { ConfigError } from "../core/support/errors";
import { isPlainObject } from "../core/support/paths";
import { readYaml } from "../offline/stackFiles";

export interface JobOptions {
    stack: string;
    job: string;
    history: boolean;
    container?: string;
    region?: string;
    timeoutSeconds: number;
    pollSeconds: number;
}

/**
 * The job's schedule group and region, from the project (Pulumi.yaml's name) and the stack file, found as
 * offline/stackFiles.ts finds them: Pulumi.<stack>.yaml beside Pulumi.yaml. The region is --region, else the stack's
 * aws:region, else AWS_REGION: the order the AWS provider takes it in (@pulumi/aws config/vars.js `region`).
 */
export function jobRef(o: Pick<JobOptions, "stack" | "job" | "region">, dir = process.cwd()): JobRef {
    const project = readYaml(
        path.join(dir, "Pulumi.yaml"),
        "run npm run task from the project directory, where Pulumi.yaml is",
    ).name;
    if (typeof project !== "string" || !project)
        throw new ConfigError("Pulumi.yaml", "name", "is not set", "give the project its name (name: ecs-deploy)");
    const file = `Pulumi.${o.stack}.yaml`;
    const stacks = fs.readdirSync(dir).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));
    const config = readYaml(
        path.join(dir, file),
        `check --stack: the stack files here are ${stacks.join(", ") || "none"}`,
    ).config;
    const fromFile = isPlainObject(config) ? config["aws:region"] : undefined;
    if (fromFile !== undefined && (typeof fromFile !== "string" || !fromFile))
        throw new ConfigError(file, "aws:region", "must be a region name", "write it as aws:region: eu-north-1");
    const [region, regionFrom] = o.region
        ? [o.region, "--region"]
        : fromFile
          ? [fromFile, file]
          : [process.env.AWS_REGION, "AWS_REGION"];
    if (!region)
        throw new ConfigError(
            file,
            "aws:region",
            "is not set, and neither --region nor AWS_REGION is given",
            `set it: npx pulumi config set aws:region <region> -s ${o.stack}`,
        );
    return { job: o.job, stack: o.stack, group: scheduleGroupOf(project, o.stack), region, regionFrom };
}

/** GetSchedule, with a missing schedule named with its group and stack. */
async function readSchedule(r: JobRef): Promise<GetScheduleOutput> {
    const scheduler = new SchedulerClient({ region: r.region });
    checkAnswers(scheduler, "Scheduler");
    nameActions(scheduler, "scheduler");
    try {
        return await scheduler.send(new GetScheduleCommand({ Name: r.job, GroupName: r.group }));
    } catch (e) {
        if ((e as Error).name === "ResourceNotFoundException") throw scheduleMissing(r, (e as Error).message);
        throw e;
    }
}

/**
 * Runs the job's schedule target once and resolves with the lines to print when its container exited 0
 * (throws TaskFailed otherwise); with `history`, resolves with its recent runs instead.
 */
export async function jobCommand(o: JobOptions, progress: (line: string) => void): Promise<string[]> {
    const r = jobRef(o);
    const schedule = await readSchedule(r);
    const request = jobRequest(schedule, r);
    if (o.history) {
        const family = familyOf(request.taskDefinition);
        const found = await stoppedTasksOf({
            cluster: request.cluster,
            family,
            current: request.taskDefinition,
            region: r.region,
        });
        return historyLines(
            r,
            {
                ...found,
                cluster: request.cluster,
                family,
                current: request.taskDefinition,
                deadLetterArn: schedule.Target?.DeadLetterConfig?.Arn,
            },
            o.container,
        );
    }
    progress(`job ${r.job}: running the target of schedule ${r.group}/${r.job}: ${placement(request)}`);
    const result = await runOneOffTask({
        ...request,
        container: o.container,
        region: r.region,
        timeoutSeconds: o.timeoutSeconds,
        pollSeconds: o.pollSeconds,
        startedBy: jobStartedBy(r.job),
        onProgress: progress,
    });
    const headline = `job ${r.job}: ${result.headline}`;
    if (!result.ok) throw taskFailed({ ...result, headline });
    return [headline, ...result.log];
}
