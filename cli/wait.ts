// npm run wait -- --cluster <name|arn> --service <name> [--task-definition <arn>] [--until <STAGE>] [--fail-fast <N>]
//                 [--region <r>] [--timeout <seconds>] [--poll <seconds>]
import { watchRollout } from "../components/ecsRollout";
import { parseFlags } from "./args";
import {
    countFlag,
    pauseLine,
    RolloutOutcome,
    runRolloutCommand,
    SERVICE_FLAGS,
    serviceFlags,
    stageFlag,
} from "./rollout";

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
): Promise<RolloutOutcome> {
    const { values } = parseFlags(
        argv,
        {
            ...SERVICE_FLAGS,
            "task-definition": { type: "string" },
            until: { type: "string" },
            "fail-fast": { type: "string" },
        },
        USAGE,
    );
    const { cluster, service, region, timeoutSeconds, pollSeconds } = serviceFlags(values, USAGE);
    const verdict = await watchRollout({
        cluster,
        service,
        taskDefinition: values["task-definition"],
        region,
        timeoutSeconds,
        pollSeconds,
        until: stageFlag(values.until, USAGE),
        failFastAfterTasks: countFlag("fail-fast", values["fail-fast"], USAGE),
        whenPaused: "return",
        onProgress: progress,
    });
    if (verdict.state === "paused") return { line: pauseLine(verdict, cluster, service), status: 3 };
    return { line: verdict.headline, status: 0 };
}

if (require.main === module) runRolloutCommand(waitCommand);
