// npm run continue -- --cluster <name|arn> --service <name> [--rollback] [--region <r>] [--timeout <seconds>] [--poll <seconds>]
import { ECSClient } from "@aws-sdk/client-ecs";
import { checkAnswers } from "../components/awsAnswers";
import { continueDeployment, findPause, watchError } from "../components/ecsDeployments";
import { watchRollout } from "../components/ecsRollout";
import { deployFailure } from "../core/deploy/failure";
import { describePause } from "../core/deploy/lifecycle";
import { defaultTarget, revisionOf } from "../core/deploy/rolloutStatus";
import { parseFlags } from "./args";
import { pauseLine, RolloutOutcome, runRolloutCommand, SERVICE_FLAGS, serviceFlags } from "./rollout";

const USAGE =
    "npm run continue -- --cluster <name|arn> --service <name> [--rollback] [--region <r>] [--timeout <seconds>] [--poll <seconds>]";

/**
 * Continues (or with --rollback rolls back) the service's deployment paused at
 * a PAUSE hook, then waits like `wait`. Resolves with the lines to print and
 * the exit status: 0 when the asked-for outcome happened, 3 when it paused
 * again at a later hook; throws (exit 1) otherwise.
 */
export async function continueCommand(
    argv: string[],
    progress: (line: string) => void = () => {},
): Promise<RolloutOutcome> {
    const { values } = parseFlags(argv, { ...SERVICE_FLAGS, rollback: { type: "boolean" } }, USAGE);
    const { cluster, service, region, timeoutSeconds, pollSeconds } = serviceFlags(values, USAGE);
    const action = values.rollback ? "ROLLBACK" : "CONTINUE";

    const ecs = new ECSClient(region ? { region } : {});
    checkAnswers(ecs, "ECS");
    const paused = await findPause(ecs, cluster, service);
    if (!paused) throw watchError(`no deployment of ${service} is paused`);
    const target = defaultTarget(paused.service);
    await continueDeployment(ecs, service, paused.deployment, paused.pause, action);
    progress(
        `service ${paused.service.serviceName ?? service}: ${action === "ROLLBACK" ? "rolling back" : "continuing"} ` +
            `${target ? revisionOf(target) : "its deployment"} paused at ${describePause(paused.pause)}`,
    );

    const v = await watchRollout({
        cluster,
        service,
        taskDefinition: target,
        serviceDeploymentArn: paused.deployment.serviceDeploymentArn,
        region,
        timeoutSeconds,
        pollSeconds,
        whenPaused: "return",
        after: paused.pause,
        rollbackIsOutcome: action === "ROLLBACK",
        onProgress: progress,
    });
    if (v.state === "paused") return { line: pauseLine(v, cluster, service), status: 3 };
    if (action === "ROLLBACK" && v.state !== "rolledBack")
        throw deployFailure("RolloutFailed", `${v.headline}, although a rollback was asked`);
    return { line: action === "ROLLBACK" ? `${v.headline}, as asked` : v.headline, status: 0 };
}

if (require.main === module) runRolloutCommand(continueCommand);
