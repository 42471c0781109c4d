import { HOOK_STAGES } from "../../core/config/types";
import { Check, Fail, intBetween, Json, known, matches, obj, stringIn, stringLen } from "./checks";

// ECS clusters and services; sources as listed in offline/providerRules.ts (tf:<path> is terraform-provider-aws).

/** tf:ecs/cluster.go validateClusterName: 1 to 255 letters, digits, underscores and hyphens. */
function clusterName(inputs: Json, fail: Fail, key: string, tfKey: string): void {
    stringLen(inputs, fail, key, 1, 255);
    matches(
        inputs,
        fail,
        key,
        /^[0-9A-Za-z_-]+$/,
        `must contain only letters, numbers, underscores and hyphens in "${tfKey}"`,
    );
}

/**
 * aws_ecs_service deployment_configuration.lifecycle_hook: lifecycle_stages by enum.Validate of the SDK's
 * DeploymentLifecycleHookStage (tf:ecs/service.go; the API model's enum, as HOOK_STAGES); target_type and the
 * PAUSE hook's timeout_configuration (terraform-provider-aws#48128) as @pulumi/aws 7.48's
 * ServiceDeploymentConfigurationLifecycleHook documents them: targetType AWS_LAMBDA | PAUSE,
 * action ROLLBACK | CONTINUE, timeoutInMinutes 1-20160 (a nullable int, so a string).
 */
function lifecycleHooks(i: Json, fail: Fail): void {
    const hooks = obj(i.deploymentConfiguration).lifecycleHooks;
    if (!Array.isArray(hooks)) return;
    hooks.forEach((h, n) => {
        const at = `deploymentConfiguration.lifecycleHooks[${n}]`;
        stringIn(obj(h), fail, "targetType", ["AWS_LAMBDA", "PAUSE"], `${at}.targetType`);
        const listed = obj(h).lifecycleStages;
        if (Array.isArray(listed))
            listed.forEach((stage, k) =>
                stringIn({ stage }, fail, "stage", HOOK_STAGES, `${at}.lifecycleStages[${k}]`),
            );
        const timeout = obj(obj(h).timeoutConfiguration);
        stringIn(timeout, fail, "action", ["ROLLBACK", "CONTINUE"], `${at}.timeoutConfiguration.action`);
        const minutes = timeout.timeoutInMinutes;
        // nullable.ValidateTypeStringNullableIntBetween: "" is null; otherwise an integer in range, written as a string.
        if (known(minutes) && minutes !== "") {
            const n = typeof minutes === "string" && /^-?\d+$/.test(minutes) ? Number(minutes) : NaN;
            if (!(n >= 1 && n <= 20160))
                fail(
                    `${at}.timeoutConfiguration.timeoutInMinutes`,
                    `expected timeout_in_minutes to be in the range (1 - 20160), got ${String(minutes)}`,
                );
        }
    });
}

export const ECS_VALIDATORS: Record<string, Check> = {
    "aws:ecs/cluster:Cluster": (i, fail) => clusterName(i, fail, "name", "name"),
    "aws:ecs/service:Service": (i, fail) => {
        stringLen(i, fail, "name", 1, 255); // tf:ecs/service.go
        stringIn(i, fail, "launchType", ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"]);
        stringIn(i, fail, "propagateTags", ["SERVICE", "TASK_DEFINITION", "NONE"]);
        intBetween(i, fail, "healthCheckGracePeriodSeconds", 0, 2147483647);
        const dc = i.desiredCount;
        if (known(dc) && (typeof dc !== "number" || dc < 0))
            fail("desiredCount", `expected desired_count to be at least (0), got ${String(dc)}`);
        lifecycleHooks(i, fail);
        // tf:ecs/service.go capacity_provider_strategy: base IntBetween(0, 100000), weight IntBetween(0, 1000),
        // capacity_provider required; launch_type "Conflicts with capacityProviderStrategy" (@pulumi/aws 7.48 ecs/service).
        const strategy = i.capacityProviderStrategies;
        if (Array.isArray(strategy)) {
            if (known(i.launchType)) fail("launchType", `"launch_type": conflicts with capacity_provider_strategy`);
            strategy.forEach((item, n) => {
                const at = `capacityProviderStrategies[${n}]`;
                intBetween(obj(item), fail, "base", 0, 100000, `${at}.base`);
                intBetween(obj(item), fail, "weight", 0, 1000, `${at}.weight`);
                if (!known(obj(item).capacityProvider))
                    fail(
                        `${at}.capacityProvider`,
                        `The argument "capacity_provider" is required, but no definition was found.`,
                    );
            });
        }
    },
    // tf:ecs/cluster_capacity_providers.go: cluster_name validateClusterName (as aws_ecs_cluster's name).
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": (i, fail) =>
        clusterName(i, fail, "clusterName", "cluster_name"),
};
