// npm run task -- --cluster <c> --task-definition <arn> --subnets <a,b> --security-groups <sg> [...]: USAGE lists every flag.
import { runOneOffTask, taskFailed } from "../components/ecsTask";
import { isDeployFailure } from "../core/deploy/failure";
import { parseFlags, runCommand, UsageError } from "./args";
import { rolloutFailure, seconds } from "./awsCommand";

const USAGE =
    "npm run task -- --cluster <c> --task-definition <arn> --subnets <a,b> --security-groups <sg> " +
    "[--container <name>] [--command '<json array>'] [--region <r>] [--timeout <seconds>] " +
    "[--poll <seconds>] [--assign-public-ip]";

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
            "assign-public-ip": { type: "boolean", default: false },
        },
        USAGE,
    );
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
        rolloutFailure((e) => isDeployFailure(e, "TaskFailed", "OneOffTaskError")),
    );
}
