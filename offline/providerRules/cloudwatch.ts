import {
    arnProblem,
    Check,
    conflicts,
    Fail,
    intAtLeast,
    isUnknown,
    Json,
    known,
    list,
    maxItems,
    NameRule,
    obj,
    required,
    stringIn,
    stringLen,
} from "./checks";

/**
 * CloudWatch metric alarms: tf:cloudwatch/metric_alarm.go. Its Pulumi `name` is the Terraform
 * `alarm_name`, which pulumi-aws auto-names explicitly.
 */
export const CLOUDWATCH_NAMED: Record<string, NameRule> = {
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        autoNameMax: 255,
        source: 'resource_overrides.go: aws_cloudwatch_metric_alarm "alarm_name": AutoName("name", 255, "-")',
    },
};

// aws-sdk-go-v2 service/cloudwatch/types: ComparisonOperator and Statistic, which enum.Validate checks against.
const COMPARISON_OPERATORS = [
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
    "LessThanLowerOrGreaterThanUpperThreshold",
    "LessThanLowerThreshold",
    "GreaterThanUpperThreshold",
];
const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const MISSING_DATA = ["breaching", "notBreaching", "ignore", "missing"];
// validEC2AutomateARN: an alarm action may also be an EC2 action, which is not an ARN verify.ValidARN takes.
const EC2_AUTOMATE = /^arn:[\w-]+:automate:[\w-]+:ec2:(reboot|recover|stop|terminate)$/;

/** period: Any(IntInSlice(short), IntDivisibleBy(60)), both refusals reported, as validation.Any does. */
function period(i: Json, fail: Fail, short: readonly number[], at: string): void {
    const v = i.period;
    if (!known(v) || (typeof v === "number" && Number.isInteger(v) && (short.includes(v) || v % 60 === 0))) return;
    fail(
        at,
        `expected period to be one of [${short.join(" ")}], got ${String(v)}; ` +
            `expected period to be divisible by 60, got: ${String(v)}`,
    );
}

/** alarm_actions, ok_actions, insufficient_data_actions: Any(verify.ValidARN, validEC2AutomateARN). */
function actions(i: Json, fail: Fail, key: string, word: string): void {
    list(i[key]).forEach((a, n) => {
        if (typeof a !== "string" || EC2_AUTOMATE.test(a)) return;
        const why = arnProblem(a);
        if (why) fail(`${key}[${n}]`, `"${word}" (${a}) is an invalid ARN: ${why}`);
    });
}

/** metric_query: each query's id, period and stat, and never both an expression and a metric. */
function metricQueries(i: Json, fail: Fail): void {
    list(i.metricQueries).forEach((q, n) => {
        const query = obj(q);
        const at = `metricQueries[${n}]`;
        required(query, fail, "id", `${at}.id`, "id");
        stringLen(query, fail, "id", 1, 255, `${at}.id`, "id");
        stringLen(query, fail, "expression", 1, 1024, `${at}.expression`, "expression");
        period(query, fail, [1, 5, 10, 20, 30], `${at}.period`);
        if (!known(query.metric)) return;
        const metric = obj(query.metric);
        if (typeof query.expression === "string" && query.expression !== "")
            fail(`${at}.metric`, "No metric_query may have both `expression` and a `metric` specified");
        required(metric, fail, "metricName", `${at}.metric.metricName`, "metric_name");
        stringLen(metric, fail, "metricName", 1, 255, `${at}.metric.metricName`, "metric_name");
        stringLen(metric, fail, "namespace", 1, 255, `${at}.metric.namespace`, "namespace");
        period(metric, fail, [1, 5, 10, 20, 30], `${at}.metric.period`);
        required(metric, fail, "stat", `${at}.metric.stat`, "stat");
    });
}

export const CLOUDWATCH_VALIDATORS: Record<string, Check> = {
    "aws:cloudwatch/metricAlarm:MetricAlarm": (i, fail) => {
        stringLen(i, fail, "name", 1, 255, "name", "alarm_name");
        stringLen(i, fail, "alarmDescription", 0, 1024, "alarmDescription", "alarm_description");
        stringIn(i, fail, "comparisonOperator", COMPARISON_OPERATORS, "comparisonOperator", "comparison_operator");
        intAtLeast(i, fail, "evaluationPeriods", 1, "evaluationPeriods", "evaluation_periods");
        intAtLeast(i, fail, "datapointsToAlarm", 1, "datapointsToAlarm", "datapoints_to_alarm");
        stringLen(i, fail, "metricName", 1, 255, "metricName", "metric_name");
        stringLen(i, fail, "namespace", 1, 255, "namespace", "namespace");
        period(i, fail, [10, 20, 30], "period");
        stringIn(i, fail, "statistic", STATISTICS, "statistic", "statistic");
        stringIn(i, fail, "treatMissingData", MISSING_DATA, "treatMissingData", "treat_missing_data", true);
        maxItems(i, fail, "okActions", 5);
        maxItems(i, fail, "insufficientDataActions", 5);
        actions(i, fail, "alarmActions", "alarm_actions");
        actions(i, fail, "okActions", "ok_actions");
        actions(i, fail, "insufficientDataActions", "insufficient_data_actions");
        // ConflictsWith metric_query: a single-metric alarm or a metric-math one, never both.
        const queries = list(i.metricQueries).length > 0 ? i.metricQueries : undefined;
        for (const [key, word] of [
            ["metricName", "metric_name"],
            ["namespace", "namespace"],
            ["period", "period"],
            ["statistic", "statistic"],
            ["dimensions", "dimensions"],
        ] as const)
            conflicts({ ...i, metricQueries: queries }, fail, key, "metricQueries", word, "metric_query");
        conflicts(i, fail, "statistic", "extendedStatistic", "statistic", "extended_statistic");
        // CustomizeDiff: a single-metric alarm names exactly one statistic.
        const settled = !isUnknown(i.statistic) && !isUnknown(i.extendedStatistic);
        if (known(i.metricName) && settled && known(i.statistic) === known(i.extendedStatistic))
            fail("statistic", "One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm");
        metricQueries(i, fail);
    },
};
