// npm run wait -- --cluster <name|arn> --service <name> [--task-definition <arn>] [--region <r>] [--timeout <seconds>] [--poll <seconds>]
import { watchRollout } from "../components/ecsRollout";
import { isDeployFailure } from "../core/deploy/failure";
import { parseFlags, runCommand, UsageError } from "./args";
import { rolloutFailure, seconds } from "./awsCommand";

const USAGE =
    "npm run wait -- --cluster <name|arn> --service <name> [--task-definition <arn>] [--region <r>] [--timeout <seconds>] [--poll <seconds>]";

/** Waits for the rollout; resolves with the line to print when it completed, throws an Error named RolloutFailed otherwise. */
export async function waitCommand(argv: string[], progress: (line: string) => void = () => {}): Promise<string> {
    const { values } = parseFlags(
        argv,
        {
            cluster: { type: "string" },
            service: { type: "string" },
            "task-definition": { type: "string" },
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
        onProgress: progress,
    });
    return verdict.headline;
}

if (require.main === module) {
    runCommand(
        async () => {
            process.stdout.write(
                `${await waitCommand(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`))}\n`,
            );
        },
        rolloutFailure((e) => isDeployFailure(e, "RolloutFailed", "WatchError")),
    );
}
