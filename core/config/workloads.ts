/**
 * ecs-deploy:workers and ecs-deploy:schedules: more processes from the web service's image and template,
 * each with its own command and size. Whether a named container exists is checked once the template is
 * known (core/taskdef/workload.ts).
 */
import { FARGATE_SIZES, sizesText } from "../taskdef/fargate";
import { parseCapacity, parseLaunchType } from "./capacity";
import { ConfigReader, shown } from "./reader";
import { scheduleExpressionProblem, timezoneProblem } from "./scheduleExpression";
import { checkDesiredCount, parseAutoscaling } from "./service";
import type { HealthCheckConfig, ScheduleConfig, WorkerConfig, WorkloadConfig } from "./types";

/** Lowercase, digits and hyphens: the name becomes part of a task-definition family and of resource names. */
const NAME = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
export const WORKLOAD_NAME_MAX = 32;
/** "web" is what this program and its docs call the load-balanced service. */
const RESERVED = ["web"];
/**
 * A job's own resources are named `<project>-<stack>-<job><suffix>` (auto-named with `-<7 hex>` after it): the
 * components create them so and the deploy role's patterns grant them so. IAM role names are at most 64.
 */
export const SCHEDULER_ROLE_SUFFIX = "-scheduler";
export const DEAD_LETTER_QUEUE_SUFFIX = "-dlq";
export const FAILED_ALARM_SUFFIX = "-failed";
const IAM_ROLE_NAME_MAX = 64;
const AUTONAME_SUFFIX = 8;
/** The stack's one schedule group, which holds a schedule per job: `<project>-<stack>`. */
export const scheduleGroupOf = (project: string, stack: string) => `${project}-${stack}`;
/** Scheduler's schedule-group names: 1..64 of [0-9a-zA-Z-_.] (CreateScheduleGroup, EventBridge Scheduler API Reference). */
const SCHEDULE_GROUP_MAX = 64;

export function parseWorkers(r: ConfigReader, stackName: string): Record<string, WorkerConfig> {
    const out: Record<string, WorkerConfig> = {};
    for (const name of r.names()) {
        if (!checkName(r, name, stackName, "worker")) continue;
        const w = r.child(name);
        const base = parseWorkload(w);
        const autoscaling = w.has("autoscaling") ? parseAutoscaling(w.child("autoscaling")) : undefined;
        const worker: WorkerConfig = { ...base, desiredCount: w.int("desiredCount", 1, 0, 1000), autoscaling };
        if (autoscaling?.metric === "requests")
            w.fail(
                "autoscaling.metric",
                "requests scales on a load balancer's request count, and a worker has no load balancer",
                "scale on cpu or memory",
            );
        checkDesiredCount(w, worker.desiredCount, autoscaling);
        w.done();
        out[name] = worker;
    }
    return out;
}

export function parseSchedules(
    r: ConfigReader,
    stackName: string,
    workers: Record<string, WorkerConfig>,
): Record<string, ScheduleConfig> {
    const out: Record<string, ScheduleConfig> = {};
    const names = r.names();
    if (names.length > 0 && stackName.length > SCHEDULE_GROUP_MAX)
        r.fail(
            "",
            `the schedule group is named after the stack, ${stackName}, which is ${stackName.length} characters; ` +
                `EventBridge Scheduler allows ${SCHEDULE_GROUP_MAX}`,
            "use a shorter project or stack name",
        );
    for (const name of names) {
        if (!checkName(r, name, stackName, "job")) continue;
        if (Object.prototype.hasOwnProperty.call(workers, name))
            r.fail(
                name,
                `is also the name of a worker, and both would own the task-definition family ${stackName}-${name}`,
                "rename the job or the worker",
            );
        const roleName = `${stackName}-${name}${SCHEDULER_ROLE_SUFFIX}`;
        if (roleName.length + AUTONAME_SUFFIX > IAM_ROLE_NAME_MAX)
            r.fail(
                name,
                `makes the scheduler role's name ${roleName.length + AUTONAME_SUFFIX} characters once auto-named ` +
                    `(${roleName}-<7 random>); IAM allows ${IAM_ROLE_NAME_MAX}`,
                `shorten the job's name to at most ${Math.max(1, name.length - (roleName.length + AUTONAME_SUFFIX - IAM_ROLE_NAME_MAX))} characters`,
            );
        const j = r.child(name);
        const base = parseWorkload(j);
        const schedule = j.str("schedule", "");
        if (!j.has("schedule"))
            j.fail(
                "schedule",
                "is missing",
                'say when the job runs, e.g. schedule: "cron(0 3 * * ? *)" or "rate(1 hour)"',
            );
        else {
            const bad = scheduleExpressionProblem(schedule);
            if (bad) j.fail("schedule", bad.problem, bad.fix);
        }
        const timezone = j.str("timezone", "UTC");
        const badZone = timezoneProblem(timezone);
        if (badZone) j.fail("timezone", badZone.problem, badZone.fix);
        out[name] = {
            ...base,
            schedule,
            timezone,
            enabled: j.bool("enabled", true),
            // Scheduler's defaults (185 retries over 24 h) would keep starting a job long after its slot.
            retries: j.int("retries", 2, 0, 185),
            maxEventAgeSeconds: j.int("maxEventAgeSeconds", 3600, 60, 86400),
            alarmActions: parseAlarmActions(j),
        };
        j.done();
    }
    return out;
}

function checkName(r: ConfigReader, name: string, stackName: string, kind: "worker" | "job"): boolean {
    const fix = `use lowercase letters, digits and hyphens, starting with a letter, e.g. ${kind === "worker" ? "jobs" : "nightly-report"}`;
    if (!NAME.test(name)) return (r.fail(name, `${shown(name)} is not a valid ${kind} name`, fix), false);
    if (name.length > WORKLOAD_NAME_MAX)
        return (
            r.fail(name, `is ${name.length} characters; a ${kind} name is at most ${WORKLOAD_NAME_MAX}`, fix),
            false
        );
    if (RESERVED.includes(name))
        return (
            r.fail(
                name,
                `is the name of the load-balanced web service (the family ${stackName})`,
                `name the ${kind} after what it does, e.g. ${kind === "worker" ? "jobs" : "nightly-report"}`,
            ),
            false
        );
    return true;
}

function parseWorkload(r: ConfigReader): WorkloadConfig {
    const capacity = parseCapacity(r, "capacity", { requireOnDemandBase: false, subject: "" });
    parseLaunchType(r, capacity);
    const out: WorkloadConfig = {
        command: parseCommand(r),
        container: r.optionalStr("container", /^[A-Za-z0-9_-]{1,255}$/, "use the name of a container in the template"),
        cpu: taskSize(r, "cpu"),
        memory: taskSize(r, "memory"),
        healthCheck: r.isNull("healthCheck")
            ? null
            : r.has("healthCheck")
              ? parseHealthCheck(r.child("healthCheck"))
              : undefined,
        capacity,
    };
    if (
        out.cpu &&
        out.memory &&
        FARGATE_SIZES[Number(out.cpu)] &&
        !FARGATE_SIZES[Number(out.cpu)].includes(Number(out.memory))
    )
        r.fail(
            "memory",
            `${out.memory} MiB is not a size Fargate runs with ${out.cpu} CPU units`,
            `use one of ${sizesText(Number(out.cpu))}`,
        );
    return out;
}

function parseCommand(r: ConfigReader): string[] {
    const command = r.any("command");
    if (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== "string")) {
        r.fail(
            "command",
            command === undefined
                ? "is missing"
                : `must be a non-empty list of strings, got ${JSON.stringify(command)}`,
            'write the command as a YAML list, e.g. command: ["node", "worker.js"]',
        );
        return [];
    }
    return command as string[];
}

/** Task cpu or memory in Fargate's units (decimal CPU units, MiB), as a string the way RegisterTaskDefinition takes it. */
function taskSize(r: ConfigReader, key: "cpu" | "memory"): string | undefined {
    const v = r.any(key);
    if (v === undefined) return undefined;
    const text = typeof v === "number" ? String(v) : v;
    const cpus = Object.keys(FARGATE_SIZES);
    const example = key === "cpu" ? '"512"' : '"1024"';
    if (typeof text !== "string" || !/^[1-9][0-9]*$/.test(text))
        return void r.fail(
            key,
            `must be a whole number of ${key === "cpu" ? "CPU units" : "MiB"}, got ${shown(v)}`,
            `e.g. ${key}: ${example}`,
        );
    if (key === "cpu" && !cpus.includes(text))
        return void r.fail(key, `${text} CPU units is not a size Fargate runs`, `use one of ${cpus.join(", ")}`);
    if (key === "memory" && !Object.values(FARGATE_SIZES).some((m) => m.includes(Number(text))))
        return void r.fail(
            key,
            `${text} MiB is not a size Fargate runs`,
            "use 512, 1024, 2048, or a multiple of 1024 up to 122880",
        );
    return text;
}

/** ECS HealthCheck ranges (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html). */
function parseHealthCheck(r: ConfigReader): HealthCheckConfig {
    const command = r.any("command");
    const ok =
        Array.isArray(command) &&
        command.length >= 2 &&
        command.every((c) => typeof c === "string") &&
        (command[0] === "CMD" || command[0] === "CMD-SHELL");
    if (!ok)
        r.fail(
            "command",
            `must be a list starting with CMD or CMD-SHELL, got ${JSON.stringify(command ?? null)}`,
            'e.g. command: ["CMD-SHELL", "node healthcheck.js || exit 1"], or healthCheck: null to run without one',
        );
    const opt = (key: string, min: number, max: number) => (r.has(key) ? r.int(key, min, min, max) : undefined);
    const out: HealthCheckConfig = {
        command: ok ? command : [],
        interval: opt("interval", 5, 300),
        timeout: opt("timeout", 2, 120),
        retries: opt("retries", 1, 10),
        startPeriod: opt("startPeriod", 0, 300),
    };
    r.done();
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as unknown as HealthCheckConfig;
}

// PutMetricAlarm AlarmActions: "Maximum number of 5 items" (CloudWatch API Reference); an SNS topic ARN is
// arn:<partition>:sns:<region>:<account>:<topic>, a topic name 1-256 letters, digits, - and _ (.fifo for FIFO).
const ALARM_ACTIONS_MAX = 5;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** The SNS topics a job's failed-start alarm notifies: none by default (the alarm still shows in CloudWatch). */
function parseAlarmActions(r: ConfigReader): string[] {
    const topics = r.strList(
        "alarmActions",
        (s) => (SNS_TOPIC_ARN.test(s) ? undefined : `${JSON.stringify(s)} is not an SNS topic ARN`),
        "give SNS topic ARNs, e.g. arn:aws:sns:eu-north-1:123456789012:ops-alerts",
    );
    if (topics.length > ALARM_ACTIONS_MAX)
        r.fail(
            "alarmActions",
            `lists ${topics.length} topics, and an alarm takes at most ${ALARM_ACTIONS_MAX}`,
            "notify one topic and subscribe the others to it",
        );
    return topics;
}
