import {
    Check,
    Fail,
    intBetween,
    Json,
    known,
    list,
    matches,
    maxItems,
    NameRule,
    obj,
    required,
    stringIn,
    stringLen,
    validArn,
} from "./checks";

/**
 * EventBridge Scheduler: tf:scheduler/schedule.go and tf:scheduler/schedule_group.go.
 * Neither has an AutoName override in pulumi-aws (provider/resource_overrides.go), so both get
 * autonaming.go's default of 255, which their `name` validators then cap at 64.
 */
export const SCHEDULER_NAMED: Record<string, NameRule> = {
    "aws:scheduler/schedule:Schedule": {
        autoNameMax: 255,
        source: "autonaming.go default; tf:scheduler/schedule.go name caps it at 64",
    },
    "aws:scheduler/scheduleGroup:ScheduleGroup": {
        autoNameMax: 255,
        source: "autonaming.go default; tf:scheduler/schedule_group.go name caps it at 64",
    },
};

/** terraform-plugin-sdk helper/id UniqueIDSuffixLength: name_prefix leaves room for it under 64. */
const UNIQUE_ID_SUFFIX_LENGTH = 26;
const NAME = /^[0-9A-Za-z_.-]+$/;
const NAME_MESSAGE = "The name must consist of alphanumerics, hyphens, and underscores.";

/** Both resources' name and name_prefix: StringLenBetween(1, 64) (prefix: 64 - 26) and StringMatch(NAME). */
function schedulerName(i: Json, fail: Fail): void {
    for (const [key, word, max] of [
        ["name", "name", 64],
        ["namePrefix", "name_prefix", 64 - UNIQUE_ID_SUFFIX_LENGTH],
    ] as const) {
        stringLen(i, fail, key, 1, max, key, word);
        matches(i, fail, key, NAME, `invalid value for ${word} (${NAME_MESSAGE})`);
    }
}

// aws-sdk-go-v2 service/scheduler/types/enums.go, which enum.Validate checks against.
const LAUNCH_TYPES = ["EC2", "FARGATE", "EXTERNAL"];
const PLACEMENT_CONSTRAINTS = ["distinctInstance", "memberOf"];
const PLACEMENT_STRATEGIES = ["random", "spread", "binpack"];

/** target.ecs_parameters: the RunTask template the schedule fills in. */
function ecsParameters(e: Json, fail: Fail): void {
    const at = "target.ecsParameters";
    required(e, fail, "taskDefinitionArn", `${at}.taskDefinitionArn`, "task_definition_arn");
    validArn(e, fail, "taskDefinitionArn", `${at}.taskDefinitionArn`, "task_definition_arn");
    stringIn(e, fail, "launchType", LAUNCH_TYPES, `${at}.launchType`, "launch_type");
    stringIn(e, fail, "propagateTags", ["TASK_DEFINITION"], `${at}.propagateTags`, "propagate_tags");
    intBetween(e, fail, "taskCount", 0, 10, `${at}.taskCount`, "task_count"); // IntBetween(0, 10); its docs say 1 to 10
    stringLen(e, fail, "group", 1, 255, `${at}.group`, "group");
    maxItems(e, fail, "capacityProviderStrategies", 6, `${at}.capacityProviderStrategies`);
    list(e.capacityProviderStrategies).forEach((item, n) => {
        const s = obj(item);
        const it = `${at}.capacityProviderStrategies[${n}]`;
        required(s, fail, "capacityProvider", `${it}.capacityProvider`, "capacity_provider");
        stringLen(s, fail, "capacityProvider", 1, 255, `${it}.capacityProvider`, "capacity_provider");
        intBetween(s, fail, "base", 0, 100000, `${it}.base`, "base");
        intBetween(s, fail, "weight", 0, 1000, `${it}.weight`, "weight");
    });
    if (known(e.networkConfiguration))
        required(obj(e.networkConfiguration), fail, "subnets", `${at}.networkConfiguration.subnets`, "subnets");
    maxItems(e, fail, "placementConstraints", 10, `${at}.placementConstraints`);
    list(e.placementConstraints).forEach((c, n) => {
        const it = `${at}.placementConstraints[${n}]`;
        stringIn(obj(c), fail, "type", PLACEMENT_CONSTRAINTS, `${it}.type`, "type");
        stringLen(obj(c), fail, "expression", 1, 2000, `${it}.expression`, "expression");
    });
    maxItems(e, fail, "placementStrategies", 5, `${at}.placementStrategies`);
    list(e.placementStrategies).forEach((s, n) =>
        stringIn(obj(s), fail, "type", PLACEMENT_STRATEGIES, `${at}.placementStrategies[${n}].type`, "type"),
    );
}

/** target: what the schedule invokes, with which role, and where failed invocations go. */
function target(t: Json, fail: Fail): void {
    for (const [key, word] of [
        ["arn", "arn"],
        ["roleArn", "role_arn"],
    ] as const) {
        required(t, fail, key, `target.${key}`, word);
        validArn(t, fail, key, `target.${key}`, word);
    }
    if (known(t.deadLetterConfig)) {
        const dlq = obj(t.deadLetterConfig);
        required(dlq, fail, "arn", "target.deadLetterConfig.arn", "arn");
        validArn(dlq, fail, "arn", "target.deadLetterConfig.arn", "arn");
    }
    const retry = obj(t.retryPolicy);
    const rp = "target.retryPolicy";
    intBetween(
        retry,
        fail,
        "maximumEventAgeInSeconds",
        60,
        86400,
        `${rp}.maximumEventAgeInSeconds`,
        "maximum_event_age_in_seconds",
    );
    intBetween(retry, fail, "maximumRetryAttempts", 0, 185, `${rp}.maximumRetryAttempts`, "maximum_retry_attempts");
    if (known(t.ecsParameters)) ecsParameters(obj(t.ecsParameters), fail);
}

export const SCHEDULER_VALIDATORS: Record<string, Check> = {
    "aws:scheduler/schedule:Schedule": (i, fail) => {
        schedulerName(i, fail);
        stringLen(i, fail, "groupName", 1, 64, "groupName", "group_name");
        stringLen(i, fail, "description", 0, 512, "description", "description");
        stringLen(i, fail, "scheduleExpression", 1, 256, "scheduleExpression", "schedule_expression");
        stringLen(
            i,
            fail,
            "scheduleExpressionTimezone",
            1,
            50,
            "scheduleExpressionTimezone",
            "schedule_expression_timezone",
        );
        stringIn(i, fail, "state", ["ENABLED", "DISABLED"], "state", "state");
        stringIn(
            i,
            fail,
            "actionAfterCompletion",
            ["NONE", "DELETE"],
            "actionAfterCompletion",
            "action_after_completion",
        );
        validArn(i, fail, "kmsKeyArn", "kmsKeyArn", "kms_key_arn");
        const window = obj(i.flexibleTimeWindow);
        if (known(i.flexibleTimeWindow)) required(window, fail, "mode", "flexibleTimeWindow.mode", "mode");
        stringIn(window, fail, "mode", ["OFF", "FLEXIBLE"], "flexibleTimeWindow.mode", "mode");
        intBetween(
            window,
            fail,
            "maximumWindowInMinutes",
            1,
            1440,
            "flexibleTimeWindow.maximumWindowInMinutes",
            "maximum_window_in_minutes",
        );
        // A block still unknown in a first preview is checked once known, as the provider does.
        if (known(i.target)) target(obj(i.target), fail);
    },
    "aws:scheduler/scheduleGroup:ScheduleGroup": schedulerName,
};
