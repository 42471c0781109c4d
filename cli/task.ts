// npm run task -- --cluster <c> --task-definition <arn> --subnets <a,b> --security-groups <sg> [...]: USAGE lists every flag.
// npm run task -- --stack <name> --job <name> [--history]: a scheduled job's target, run now (cli/job.ts).
import { runOneOffTask, taskFailed } from "../components/ecsTask";
import { isDeployFailure } from "../core/deploy/failure";
import { UserError } from "../core/support/errors";
import { eachLineAnError, parseFlags, runCommand, UsageError } from "./args";
import { rolloutFailure, seconds } from "./awsCommand";
import { jobCommand } from "./job";

const USAGE =
    "npm run task -- --cluster <c> --task-definition <arn> --subnets <a,b> --security-groups <sg> " +
    "[--container <name>] [--command '<json array>'] [--region <r>] [--timeout <seconds>] " +
    "[--poll <seconds>] [--assign-public-ip]\n" +
    "   or: npm run task -- --stack <name> --job <name> [--history] [--container <name>] [--region <r>] " +
    "[--timeout <seconds>] [--poll <seconds>]";

/** What a job's schedule decides, so not also given by flag. */
const NOT_WITH_JOB = ["cluster", "task-definition", "subnets", "security-groups", "assign-public-ip", "command"];

/** Pulumi's stack names: letters, digits, -, _ and . (no path), so the stack file is Pulumi.<stack>.yaml here. */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;
/** EventBridge Scheduler's schedule names (CreateSchedule Name: 1-64 of [0-9a-zA-Z-_.]). */
const JOB_NAME = /^[0-9A-Za-z_.-]{1,64}$/;

const list = (s: string) =>
    s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);

export function parseCommand(text: string | undefined): string[] | undefined {
    if (text === undefined) return undefined;
    let v: unknown;
    try {
        v = JSON.parse(text);
    } catch {
        throw new UsageError(
            `--command must be a JSON array of strings, e.g. '["npm","run","migrate"]', got ${text}\nusage: ${USAGE}`,
        );
    }
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "string"))
        throw new UsageError(`--command must be a non-empty JSON array of strings, got ${text}\nusage: ${USAGE}`);
    return v as string[];
}

/** Runs the task; resolves with the lines to print when its container exited 0, throws an Error named TaskFailed otherwise. */
export async function taskCommand(argv: string[], progress: (line: string) => void = () => {}): Promise<string[]> {
    const { values } = parseFlags(
        argv,
        {
            cluster: { type: "string" },
            "task-definition": { type: "string" },
            subnets: { type: "string" },
            "security-groups": { type: "string" },
            container: { type: "string" },
            command: { type: "string" },
            region: { type: "string" },
            timeout: { type: "string" },
            poll: { type: "string" },
            "assign-public-ip": { type: "boolean" },
            stack: { type: "string" },
            job: { type: "string" },
            history: { type: "boolean" },
        },
        USAGE,
    );
    const usage = (problem: string) => new UsageError(`${problem}\nusage: ${USAGE}`);
    if (values.job !== undefined || values.stack !== undefined || values.history) {
        if (values.job === undefined)
            throw usage(values.history ? "--history needs --job <name>" : "--stack goes with --job <name>");
        if (!JOB_NAME.test(values.job))
            throw usage(`--job must be a schedule name (1-64 letters, digits, -, _ and .), got "${values.job}"`);
        if (values.stack === undefined)
            throw usage("--job needs --stack <name>: the stack whose schedule runs the job");
        if (!STACK_NAME.test(values.stack))
            throw usage(`--stack must be a stack name (letters, digits, -, _ and .), got "${values.stack}"`);
        const clash = NOT_WITH_JOB.filter((k) => values[k as keyof typeof values] !== undefined);
        if (clash.length)
            throw usage(
                `--job runs the schedule's own target, so ${clash.map((k) => `--${k}`).join(", ")} ` +
                    `cannot be given with it; drop ${clash.length > 1 ? "them" : "it"}`,
            );
        return jobCommand(
            {
                stack: values.stack,
                job: values.job,
                history: values.history ?? false,
                container: values.container,
                region: values.region,
                timeoutSeconds: seconds("timeout", values.timeout, 600, USAGE),
                pollSeconds: seconds("poll", values.poll, 6, USAGE),
            },
            progress,
        );
    }
    const missing = ["cluster", "task-definition", "subnets", "security-groups"].filter(
        (k) => !values[k as keyof typeof values],
    );
    if (missing.length)
        throw new UsageError(
            `${missing.map((m) => `--${m}`).join(", ")} ${missing.length > 1 ? "are" : "is"} required\nusage: ${USAGE}`,
        );
    const result = await runOneOffTask({
        cluster: values.cluster!,
        taskDefinition: values["task-definition"]!,
        subnets: list(values.subnets!),
        securityGroups: list(values["security-groups"]!),
        assignPublicIp: values["assign-public-ip"] ?? false,
        container: values.container,
        command: parseCommand(values.command),
        region: values.region,
        timeoutSeconds: seconds("timeout", values.timeout, 600, USAGE),
        pollSeconds: seconds("poll", values.poll, 6, USAGE),
        startedBy: "ecs-deploy-task",
        onProgress: progress,
    });
    if (!result.ok) throw taskFailed(result);
    return [result.headline, ...result.log];
}

if (require.main === module) {
    runCommand(
        async () => {
            process.stdout.write(
                `${(await taskCommand(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`))).join("\n")}\n`,
            );
        },
        (e) =>
            eachLineAnError((x) => x instanceof UserError)(e) ??
            rolloutFailure((x) => isDeployFailure(x, "TaskFailed", "OneOffTaskError"))(e),
    );
}
