import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { checkResource } from "../../../offline/providerRules";
import { schedule } from "../../support/policyRules";

/** EventBridge Scheduler as the provider checks it (tf:scheduler/schedule.go, schedule_group.go), in its words. */

const SCHEDULE = "aws:scheduler/schedule:Schedule";
const GROUP = "aws:scheduler/scheduleGroup:ScheduleGroup";

/** The schedule a job becomes, as the program declares it: `target` and `ecs` change its target. */
const nightly = (target: Record<string, unknown> = {}, ecs: Record<string, unknown> = {}) => schedule({}, target, ecs);

const check = (inputs: Record<string, unknown>) => () =>
    checkResource(SCHEDULE, "ecs-deploy-staging-nightly-report", inputs);
const withTarget = (target: Record<string, unknown>) => check(nightly(target));
const withEcs = (ecs: Record<string, unknown>) => check(nightly({}, ecs));

describe("provider rules: EventBridge Scheduler schedule", () => {
    it("accepts the job's schedule, with a launch type or with a capacity provider strategy", () => {
        assert.doesNotThrow(check(nightly()));
        const spot = [
            { capacityProvider: "FARGATE", weight: 1, base: 1 },
            { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ];
        assert.doesNotThrow(withEcs({ launchType: undefined, capacityProviderStrategies: spot }));
        assert.doesNotThrow(
            check({
                ...nightly(),
                state: "DISABLED",
                flexibleTimeWindow: { mode: "FLEXIBLE", maximumWindowInMinutes: 15 },
            }),
        );
    });

    it("refuses a name over 64 or outside [0-9A-Za-z_.-], and says where", () => {
        assert.throws(
            check({ ...nightly(), name: "n".repeat(65) }),
            /^Error: aws:scheduler\/schedule:Schedule resource 'ecs-deploy-staging-nightly-report' has a problem: expected length of name to be in the range \(1 - 64\), got n{65}\. Examine values at 'ecs-deploy-staging-nightly-report\.name'\.$/,
        );
        assert.doesNotThrow(check({ ...nightly(), name: "n".repeat(64) }));
        assert.throws(
            check({ ...nightly(), name: "nightly report" }),
            /invalid value for name \(The name must consist of alphanumerics, hyphens, and underscores\.\)/,
        );
        assert.throws(
            check({ ...nightly(), name: undefined, namePrefix: "p".repeat(39) }),
            /length of name_prefix to be in the range \(1 - 38\)/,
        );
    });

    it("bounds the group name, the expression, the time zone and the state", () => {
        assert.throws(
            check({ ...nightly(), groupName: "g".repeat(65) }),
            /expected length of group_name to be in the range \(1 - 64\)/,
        );
        assert.throws(
            check({ ...nightly(), scheduleExpression: "" }),
            /expected length of schedule_expression to be in the range \(1 - 256\), got \./,
        );
        assert.throws(
            check({ ...nightly(), scheduleExpression: `cron(${"0 ".repeat(126)})` }),
            /schedule_expression to be in the range \(1 - 256\)/,
        );
        assert.throws(
            check({ ...nightly(), scheduleExpressionTimezone: "Europe/".padEnd(51, "x") }),
            /expected length of schedule_expression_timezone to be in the range \(1 - 50\)/,
        );
        assert.throws(
            check({ ...nightly(), state: "PAUSED" }),
            /expected state to be one of \["ENABLED" "DISABLED"\], got PAUSED\. Examine values at '.*\.state'/,
        );
    });

    it("checks the flexible time window's mode and its 1 to 1440 minutes", () => {
        assert.throws(
            check({ ...nightly(), flexibleTimeWindow: { mode: "ON" } }),
            /expected mode to be one of \["OFF" "FLEXIBLE"\], got ON/,
        );
        assert.throws(
            check({ ...nightly(), flexibleTimeWindow: {} }),
            /The argument "mode" is required, but no definition was found\./,
        );
        assert.throws(
            check({ ...nightly(), flexibleTimeWindow: { mode: "FLEXIBLE", maximumWindowInMinutes: 1441 } }),
            /expected maximum_window_in_minutes to be in the range \(1 - 1440\), got 1441\. Examine values at '.*\.flexibleTimeWindow\.maximumWindowInMinutes'/,
        );
    });

    it("takes only ARNs for the target, its role, its dead-letter queue and the task definition (verify.ValidARN)", () => {
        assert.throws(
            withTarget({ arn: "ecs-deploy-staging" }),
            /"arn" \(ecs-deploy-staging\) is an invalid ARN: arn: invalid prefix\. Examine values at '.*\.target\.arn'/,
        );
        assert.throws(
            withTarget({ roleArn: "arn:aws:iam" }),
            /"role_arn" \(arn:aws:iam\) is an invalid ARN: arn: not enough sections/,
        );
        assert.throws(
            withTarget({ arn: "arn:amazon:ecs:eu-north-1:123456789012:cluster/c" }),
            /invalid partition value/,
        );
        assert.throws(withTarget({ arn: "arn:aws:ecs:Europe:123456789012:cluster/c" }), /invalid region value/);
        assert.throws(withTarget({ arn: "arn:aws:ecs:eu-north-1:12345:cluster/c" }), /invalid account ID value/);
        assert.throws(
            withTarget({ arn: "arn:aws:ecs:eu-north-1:123456789012:" }),
            /is an invalid ARN: missing resource value/,
        );
        assert.throws(
            withTarget({ roleArn: undefined }),
            /The argument "role_arn" is required, but no definition was found\./,
        );
        assert.throws(
            withTarget({ deadLetterConfig: { arn: "dlq" } }),
            /"arn" \(dlq\) is an invalid ARN: arn: invalid prefix\. Examine values at '.*\.target\.deadLetterConfig\.arn'/,
        );
        assert.throws(
            withEcs({ taskDefinitionArn: "ecs-deploy-staging-nightly-report:1" }),
            /"task_definition_arn" \(ecs-deploy-staging-nightly-report:1\) is an invalid ARN: arn: invalid prefix/,
        );
    });

    it("bounds the retry policy: 60 to 86400 seconds of event age, 0 to 185 retries", () => {
        const retry = (p: Record<string, unknown>) => withTarget({ retryPolicy: p });
        assert.doesNotThrow(retry({ maximumEventAgeInSeconds: 60, maximumRetryAttempts: 0 }));
        assert.doesNotThrow(retry({ maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 }));
        assert.throws(
            retry({ maximumEventAgeInSeconds: 59 }),
            /expected maximum_event_age_in_seconds to be in the range \(60 - 86400\), got 59\. Examine values at '.*\.target\.retryPolicy\.maximumEventAgeInSeconds'/,
        );
        assert.throws(retry({ maximumEventAgeInSeconds: 86401 }), /\(60 - 86400\), got 86401/);
        assert.throws(
            retry({ maximumRetryAttempts: 186 }),
            /expected maximum_retry_attempts to be in the range \(0 - 185\), got 186/,
        );
        assert.throws(retry({ maximumRetryAttempts: -1 }), /\(0 - 185\), got -1/);
    });

    it("checks the ECS parameters: launch type, task count, tag propagation, group and subnets", () => {
        assert.throws(
            withEcs({ launchType: "FARGATE_SPOT" }),
            /expected launch_type to be one of \["EC2" "FARGATE" "EXTERNAL"\], got FARGATE_SPOT/,
        );
        assert.throws(
            withEcs({ taskCount: 11 }),
            /expected task_count to be in the range \(0 - 10\), got 11\. Examine values at '.*\.target\.ecsParameters\.taskCount'/,
        );
        assert.doesNotThrow(withEcs({ taskCount: 10 }));
        assert.throws(
            withEcs({ propagateTags: "SERVICE" }),
            /expected propagate_tags to be one of \["TASK_DEFINITION"\], got SERVICE/,
        );
        assert.throws(withEcs({ group: "g".repeat(256) }), /expected length of group to be in the range \(1 - 255\)/);
        assert.throws(
            withEcs({ networkConfiguration: { securityGroups: ["sg-1"] } }),
            /The argument "subnets" is required, but no definition was found\..*Examine values at '.*\.target\.ecsParameters\.networkConfiguration\.subnets'/,
        );
        assert.throws(
            withEcs({ placementStrategies: [{ type: "balanced" }] }),
            /expected type to be one of \["random" "spread" "binpack"\]/,
        );
    });

    it("checks a capacity provider strategy: at most 6, weight 0 to 1000, base 0 to 100000, a provider each", () => {
        const strategy = (items: unknown[]) => withEcs({ launchType: undefined, capacityProviderStrategies: items });
        assert.throws(
            strategy([{ capacityProvider: "FARGATE_SPOT", weight: 1001 }]),
            /expected weight to be in the range \(0 - 1000\), got 1001\. Examine values at '.*\.target\.ecsParameters\.capacityProviderStrategies\[0\]\.weight'/,
        );
        assert.throws(
            strategy([{ capacityProvider: "FARGATE", base: 100001 }]),
            /expected base to be in the range \(0 - 100000\), got 100001/,
        );
        assert.throws(strategy([{ weight: 1 }]), /The argument "capacity_provider" is required/);
        assert.throws(
            strategy(Array.from({ length: 7 }, (_, n) => ({ capacityProvider: `cp${n}`, weight: 1 }))),
            /List longer than MaxItems: Attribute supports 6 item maximum, config has 7 declared/,
        );
    });

    it("leaves values a first preview does not know yet for later, and still refuses a known bad one", () => {
        const u = pulumi.unknown;
        assert.doesNotThrow(check({ ...nightly(), target: u }));
        assert.doesNotThrow(withTarget({ arn: u, roleArn: u, deadLetterConfig: { arn: u } }));
        assert.doesNotThrow(withEcs({ taskDefinitionArn: u, networkConfiguration: u }));
        assert.throws(check({ ...nightly({ arn: u }), state: "PAUSED" }), /expected state to be one of/);
    });
});

describe("provider rules: EventBridge Scheduler schedule group", () => {
    it("takes the stack's group name and refuses one over 64 or with other characters", () => {
        assert.doesNotThrow(() => checkResource(GROUP, "ecs-deploy-staging-schedules", { name: "ecs-deploy-staging" }));
        assert.doesNotThrow(() => checkResource(GROUP, "g", { name: "ecs-deploy-qa_eu.1" }));
        assert.throws(
            () => checkResource(GROUP, "g", { name: "ecs deploy" }),
            /^Error: aws:scheduler\/scheduleGroup:ScheduleGroup resource 'g' has a problem: invalid value for name \(The name must consist of alphanumerics, hyphens, and underscores\.\)\. Examine values at 'g\.name'\.$/,
        );
        assert.throws(
            () => checkResource(GROUP, "g", { name: "g".repeat(65) }),
            /expected length of name to be in the range \(1 - 64\)/,
        );
    });
});
