import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { autoName, checkResource } from "../../../offline/providerRules";

/** CloudWatch metric alarms as the provider checks them (tf:cloudwatch/metric_alarm.go), in its words. */

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FAILED = "ecs-deploy-staging-nightly-report-failed";
/** The alarm on a job's dead-letter queue (the design): any message there is a job that did not start. */
const failed = {
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: "ecs-deploy-staging-nightly-report-dlq-4d5e6f7" },
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
};
const check = (inputs: Record<string, unknown>) => () => checkResource(ALARM, FAILED, inputs);
const math = {
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 2,
    threshold: 5,
    metricQueries: [
        { id: "rate", expression: "100 * errors / requests", returnData: true },
        {
            id: "errors",
            metric: {
                metricName: "HTTPCode_Target_5XX_Count",
                namespace: "AWS/ApplicationELB",
                period: 60,
                stat: "Sum",
            },
        },
    ],
};

describe("provider rules: CloudWatch metric alarm", () => {
    it("auto-names the alarm `<logical>-<7 hex>` up to 255 (resource_overrides.go AutoName(name, 255))", () => {
        assert.match(
            String(checkResource(ALARM, FAILED, failed).name),
            /^ecs-deploy-staging-nightly-report-failed-[0-9a-f]{7}$/,
        );
        assert.equal(String(autoName(ALARM, "a".repeat(247), {})).length, 255);
        assert.throws(() => autoName(ALARM, "a".repeat(248), {}), /longer than maximum length 255/);
        assert.throws(
            check({ ...failed, name: "a".repeat(256) }),
            /expected length of alarm_name to be in the range \(1 - 255\)/,
        );
    });

    it("accepts the job's alarm and a metric-math alarm", () => {
        assert.doesNotThrow(check(failed));
        assert.doesNotThrow(check(math));
        assert.doesNotThrow(check({ ...failed, treatMissingData: "NOTBREACHING" })); // StringInSlice(values, true)
    });

    it("checks the operator, the periods, the statistic and missing-data treatment", () => {
        assert.throws(
            check({ ...failed, comparisonOperator: "Above" }),
            /expected comparison_operator to be one of \["GreaterThanOrEqualToThreshold" .*\], got Above\. Examine values at '.*\.comparisonOperator'/,
        );
        assert.throws(
            check({ ...failed, evaluationPeriods: 0 }),
            /expected evaluation_periods to be at least \(1\), got 0/,
        );
        assert.throws(
            check({ ...failed, datapointsToAlarm: 0 }),
            /expected datapoints_to_alarm to be at least \(1\), got 0/,
        );
        assert.throws(
            check({ ...failed, period: 45 }),
            /expected period to be one of \[10 20 30\], got 45; expected period to be divisible by 60, got: 45/,
        );
        assert.doesNotThrow(check({ ...failed, period: 30 }));
        assert.doesNotThrow(check({ ...failed, period: 300 }));
        assert.throws(
            check({ ...failed, statistic: "Avg" }),
            /expected statistic to be one of \["SampleCount" "Average" "Sum" "Minimum" "Maximum"\], got Avg/,
        );
        assert.throws(check({ ...failed, treatMissingData: "skip" }), /expected treat_missing_data to be one of/);
    });

    it("refuses a single metric mixed with metric math, and a single metric without exactly one statistic", () => {
        assert.throws(
            check({ ...math, metricName: "Errors" }),
            /"metric_name": conflicts with metric_query\. Examine values at '.*\.metricName'/,
        );
        assert.throws(
            check({ ...failed, statistic: undefined }),
            /One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm/,
        );
        assert.throws(check({ ...failed, extendedStatistic: "p99" }), /"statistic": conflicts with extended_statistic/);
        assert.doesNotThrow(check({ ...failed, statistic: pulumi.unknown }));
    });

    it("checks each metric query: an id, its period, and an expression or a metric but not both", () => {
        const query = (q: Record<string, unknown>) => check({ ...math, metricQueries: [q] });
        assert.throws(
            query({ expression: "m1" }),
            /The argument "id" is required, but no definition was found\..*Examine values at '.*\.metricQueries\[0\]\.id'/,
        );
        assert.throws(
            query({ id: "x", expression: "m1", metric: { metricName: "m", stat: "Sum", period: 60 } }),
            /No metric_query may have both `expression` and a `metric` specified/,
        );
        assert.throws(
            query({ id: "x", metric: { metricName: "m", stat: "Sum", period: 7 } }),
            /expected period to be one of \[1 5 10 20 30\], got 7; .* Examine values at '.*\.metricQueries\[0\]\.metric\.period'/,
        );
    });

    it("takes ARNs or EC2 actions as alarm actions, at most 5 OK actions", () => {
        assert.doesNotThrow(
            check({
                ...failed,
                alarmActions: ["arn:aws:sns:eu-north-1:123456789012:alerts", "arn:aws:automate:eu-north-1:ec2:stop"],
            }),
        );
        assert.throws(
            check({ ...failed, alarmActions: ["alerts"] }),
            /"alarm_actions" \(alerts\) is an invalid ARN: arn: invalid prefix/,
        );
        const topics = Array.from({ length: 6 }, (_, n) => `arn:aws:sns:eu-north-1:123456789012:t${n}`);
        assert.throws(
            check({ ...failed, okActions: topics }),
            /Attribute supports 5 item maximum, config has 6 declared/,
        );
    });
});
