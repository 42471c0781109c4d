// npm run wait -- --cluster <name|arn> --service <name> [--task-definition <arn>] [--until <STAGE>] [--fail-fast <N>]
//                 [--region <r>] [--timeout <seconds>] [--poll <seconds>]
import { watchRollout } from "../components/ecsRollout";
import { isDeployFailure } from "../core/deploy/failure";
import { parseFlags, runCommand, UsageError } from "./args";
import { rolloutFailure, seconds } from "./awsCommand";
import { countFlag, pauseLine, stageFlag } from "./rollout";

const USAGE =
    "npm run wait -- --cluster <name|arn> --service <name> [--task-definition <arn>] [--until <STAGE>] [--fail-fast <N>] " +
    "[--region <r>] [--timeout <seconds>] [--poll <seconds>]";

/**
 * Waits for the rollout. Resolves with the line to print and the exit status: 0 when it completed (or reached
 * `--until`), 3 when it is paused at a PAUSE hook; throws an Error named RolloutFailed otherwise.
 */
export async function waitCommand(
    argv: string[],
    progress: (line: string) => void = () => {},
): Promise<{ line: string; status: 0 | 3 }> {
    const { values } = parseFlags(
        argv,
        {
            cluster: { type: "string" },
            service: { type: "string" },
            "task-definition": { type: "string" },
            until: { type: "string" },
            "fail-fast": { type: "string" },
            region: { type: "string" },
            timeout: { type: "string" },
            poll: { type: "string" },
        },
        USAGE,
    );
    if (!values.cluster || !values.service)
        throw new UsageError(`--cluster and --service are required\nusage: ${USAGE}`);
    const verdict = await watchRollout({
        cluster: values.cluster,
        service: values.service,
        taskDefinition: values["task-definition"],
        region: values.region,
        timeoutSeconds: seconds("timeout", values.timeout, 1800, USAGE),
        pollSeconds: seconds("poll", values.poll, 15, USAGE),
        until: stageFlag(values.until, USAGE),
        failFastAfterTasks: countFlag("fail-fast", values["fail-fast"], USAGE),
        whenPaused: "return",
        onProgress: progress,
    });
    if (verdict.state === "paused") return { line: pauseLine(verdict, values.cluster, values.service), status: 3 };
    return { line: verdict.headline, status: 0 };
}

if (require.main === module) {
    runCommand(
        async () => {
            const r = await waitCommand(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`));
            process.stdout.write(`${r.line}\n`);
            return r.status === 3 ? 3 : undefined;
        },
        rolloutFailure((e) => isDeployFailure(e, "RolloutFailed", "WatchError")),
    );
}
