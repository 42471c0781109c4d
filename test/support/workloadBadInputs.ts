/**
 * Bad workers and scheduled jobs, each added to the staging stack: the render corpus
 * (test/cli/render/badInputs.test.ts) checks each message, the program tests
 * (test/program/workloads.test.ts) that nothing was registered before it.
 */
type Json = Record<string, any>;

export interface WorkloadBadInput {
    name: string;
    /** ecs-deploy:workers and ecs-deploy:schedules as the stack file would hold them. */
    workers?: Json;
    schedules?: Json;
    /** Keys set on staging's ecs-deploy:service (the web service's capacity). */
    service?: Json;
    /** A change to the app's template the case needs. */
    template?: (t: Json) => Json;
    /** The field path the one line must name. */
    field: string;
    problem: RegExp;
}

const worker = (extra: Json = {}) => ({ command: ["node", "worker.js"], ...extra });
const job = (extra: Json = {}) => ({ schedule: "cron(0 3 * * ? *)", command: ["node", "report.js"], ...extra });

export const WORKLOAD_BAD_INPUTS: WorkloadBadInput[] = [
    {
        name: "a worker named web",
        workers: { web: worker() },
        field: "ecs-deploy:workers.web",
        problem:
            /is the name of the load-balanced web service \(the family ecs-deploy-staging\)\. Fix: name the worker/,
    },
    {
        name: "a job named web",
        schedules: { web: job() },
        field: "ecs-deploy:schedules.web",
        problem: /is the name of the load-balanced web service/,
    },
    {
        name: "a worker name with capitals and an underscore",
        workers: { Queue_Worker: worker() },
        field: "ecs-deploy:workers.Queue_Worker",
        problem: /"Queue_Worker" is not a valid worker name\. Fix: use lowercase letters, digits and hyphens/,
    },
    {
        name: "a job name too long for the scheduler role's auto-name",
        schedules: { "nightly-report-for-every-region": job() },
        field: "ecs-deploy:schedules.nightly-report-for-every-region",
        problem: /scheduler role's name \d+ characters once auto-named .*IAM allows 64\. Fix: shorten the job's name/,
    },
    {
        name: "an empty command",
        workers: { jobs: worker({ command: [] }) },
        field: "ecs-deploy:workers.jobs.command",
        problem: /must be a non-empty list of strings, got \[\]\. Fix: write the command as a YAML list/,
    },
    {
        name: "a command that is one string",
        schedules: { "nightly-report": job({ command: "node report.js" }) },
        field: "ecs-deploy:schedules.nightly-report.command",
        problem: /must be a non-empty list of strings, got "node report\.js"/,
    },
    {
        name: "a command with a number in it",
        workers: { jobs: worker({ command: ["sleep", 5] }) },
        field: "ecs-deploy:workers.jobs.command",
        problem: /must be a non-empty list of strings, got \["sleep",5\]/,
    },
    {
        name: "a job and a worker with the same name",
        workers: { reports: worker() },
        schedules: { reports: job() },
        field: "ecs-deploy:schedules.reports",
        problem:
            /is also the name of a worker, and both would own the task-definition family ecs-deploy-staging-reports/,
    },
    {
        name: "a worker cpu Fargate does not run",
        workers: { jobs: worker({ cpu: "384" }) },
        field: "ecs-deploy:workers.jobs.cpu",
        problem: /384 CPU units is not a size Fargate runs\. Fix: use one of 256, 512, 1024/,
    },
    {
        name: "a job memory Fargate does not run with its cpu",
        schedules: { "nightly-report": job({ cpu: "256", memory: "4096" }) },
        field: "ecs-deploy:schedules.nightly-report.memory",
        problem: /4096 MiB is not a size Fargate runs with 256 CPU units\. Fix: use one of 512, 1024, 2048/,
    },
    {
        name: "a cron expression with both day fields set",
        schedules: { "nightly-report": job({ schedule: "cron(0 3 * * * *)" }) },
        field: "ecs-deploy:schedules.nightly-report.schedule",
        problem:
            /sets both day-of-month \(\*\) and day-of-week \(\*\); one of them must be \?\. Fix: write cron\(0 3 \* \* \? \*\)$/,
    },
    {
        name: "a rate expression in seconds",
        schedules: { "nightly-report": job({ schedule: "rate(30 seconds)" }) },
        field: "ecs-deploy:schedules.nightly-report.schedule",
        problem: /rate\(\) cannot count seconds: the shortest rate is one minute\. Fix: write rate\(1 minute\)$/,
    },
    {
        name: "an unknown time zone",
        schedules: { "nightly-report": job({ timezone: "Europe/Stokholm" }) },
        field: "ecs-deploy:schedules.nightly-report.timezone",
        problem: /"Europe\/Stokholm" is not an IANA time-zone name\. Fix: did you mean Europe\/Stockholm\?$/,
    },
    {
        name: "Spot weights that are all zero",
        workers: { jobs: worker({ capacity: { spot: 0, onDemand: 0 } }) },
        field: "ecs-deploy:workers.jobs.capacity",
        problem: /spot and onDemand are both 0, so ECS could place no task/,
    },
    {
        name: "a capacity strategy together with a launch type",
        schedules: { "nightly-report": job({ capacity: { spot: 1 }, launchType: "FARGATE" }) },
        field: "ecs-deploy:schedules.nightly-report.launchType",
        problem:
            /is set together with capacity, and ECS takes a launch type or a capacity-provider strategy, never both/,
    },
    {
        name: "a cron minute out of range",
        schedules: { "nightly-report": job({ schedule: "cron(60 3 * * ? *)" }) },
        field: "ecs-deploy:schedules.nightly-report.schedule",
        problem: /minutes "60" is outside 0-59\. Fix: use 0-59 with , - \* \/, e\.g\. cron\(0 3 \* \* \? \*\)$/,
    },
    {
        name: "an at() date that does not exist",
        schedules: { "nightly-report": job({ schedule: "at(2030-02-30T09:00:00)" }) },
        field: "ecs-deploy:schedules.nightly-report.schedule",
        problem: /2030-02 has no day 30\. Fix: write e\.g\. at\(2030-02-28T09:00:00\) for its last day$/,
    },
    {
        name: "a bare crontab line",
        schedules: { "nightly-report": job({ schedule: "0 3 * * *" }) },
        field: "ecs-deploy:schedules.nightly-report.schedule",
        problem: /"0 3 \* \* \*" is a 5-field Unix cron line; .*Fix: write cron\(0 3 \* \* \? \*\)$/,
    },
    {
        name: "a job without a schedule",
        schedules: { "nightly-report": { command: ["node", "report.js"] } },
        field: "ecs-deploy:schedules.nightly-report.schedule",
        problem: /is missing\. Fix: say when the job runs/,
    },
    {
        name: "a worker's capacity strategy together with a launch type",
        workers: { jobs: worker({ capacity: { spot: 3, onDemand: 1 }, launchType: "FARGATE" }) },
        field: "ecs-deploy:workers.jobs.launchType",
        problem:
            /is set together with capacity, and ECS takes a launch type or a capacity-provider strategy, never both/,
    },
    {
        name: "the web service's capacity strategy together with a launch type",
        service: { capacity: { spot: 1, onDemand: 1, base: 1 }, launchType: "FARGATE" },
        field: "ecs-deploy:service.launchType",
        problem:
            /is set together with capacity, and ECS takes a launch type or a capacity-provider strategy, never both/,
    },
    {
        name: "FARGATE_SPOT given as a worker's launch type",
        workers: { jobs: worker({ launchType: "FARGATE_SPOT" }) },
        field: "ecs-deploy:workers.jobs.launchType",
        problem:
            /FARGATE_SPOT is a capacity provider, not a launch type\. Fix: remove launchType and set capacity: \{ spot: 1 \}/,
    },
    {
        name: "the web service's Spot weights that are all zero",
        service: { capacity: { spot: 0, onDemand: 0 } },
        field: "ecs-deploy:service.capacity",
        problem: /spot and onDemand are both 0, so ECS could place no task/,
    },
    {
        name: "a worker scaling on requests",
        workers: { jobs: worker({ autoscaling: { minCount: 1, maxCount: 3, metric: "requests", target: 100 } }) },
        field: "ecs-deploy:workers.jobs.autoscaling.metric",
        problem: /a worker has no load balancer\. Fix: scale on cpu or memory/,
    },
    {
        name: "a worker naming a container the template does not have",
        workers: { jobs: worker({ container: "wbe" }) },
        field: "ecs-deploy:workers.jobs.container",
        problem: /"wbe" is not a container of the task definition\. Fix: did you mean "web"\?/,
    },
    {
        name: "healthCheck: null on a container another starts after",
        template: (t) => (
            t.containerDefinitions.push({
                name: "metrics",
                image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0",
                essential: false,
                dependsOn: [{ containerName: "web", condition: "HEALTHY" }],
                logConfiguration: { logDriver: "awslogs" },
            }),
            t
        ),
        workers: { jobs: worker({ healthCheck: null }) },
        field: "ecs-deploy:workers.jobs.healthCheck",
        problem: /is null, but container "metrics" starts only once "web" is HEALTHY\. Fix: keep the health check/,
    },
];
