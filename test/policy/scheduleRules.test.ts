/**
 * The policies for scheduled jobs: the schedule (its ECS target, retries and
 * dead-letter queue), the dead-letter queue itself, and the scheduler role
 * (trust and PassRole), each with what the program declares and what fails.
 */
import assert from "node:assert/strict";
import { UnknownValueError } from "@pulumi/policy";
import {
    ACCOUNT,
    assertOne,
    document,
    DLQ_ARN,
    previewProps,
    REGION,
    schedule,
    schedulerPolicy,
    T,
    trust,
    UNKNOWN,
    validate,
} from "../support/policyRules";

const SCHEDULER = "scheduler.amazonaws.com";
const GROUP_ARN = `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/ecs-deploy-staging`;

describe("policy scheduler-ecs-no-public-ip (ours)", () => {
    it("passes the program's job, and a schedule whose target is not ECS", () => {
        assert.deepEqual(validate("scheduler-ecs-no-public-ip", T.schedule, schedule()), []);
        assert.deepEqual(
            validate("scheduler-ecs-no-public-ip", T.schedule, schedule({}, { ecsParameters: undefined })),
            [],
        );
    });
    it("fails a scheduled task with a public IP, naming the schedule and the fix", () => {
        assertOne(
            validate(
                "scheduler-ecs-no-public-ip",
                T.schedule,
                schedule({}, {}, { networkConfiguration: { subnets: ["subnet-0a"], assignPublicIp: true } }),
                {},
                "ecs-deploy-staging-nightly-report",
            ),
            /aws:scheduler\/schedule:Schedule "ecs-deploy-staging-nightly-report"/,
            /target\.ecsParameters\.networkConfiguration\.assignPublicIp is true/,
            /Fix: set assignPublicIp to false/,
        );
    });
    it("does not read what it does not need: unknown role, queue and subnets are fine", () => {
        const props = previewProps(
            schedule(
                {},
                { arn: UNKNOWN, roleArn: UNKNOWN, deadLetterConfig: { arn: UNKNOWN } },
                {
                    taskDefinitionArn: UNKNOWN,
                    networkConfiguration: { subnets: UNKNOWN, securityGroups: UNKNOWN, assignPublicIp: false },
                },
            ),
        );
        assert.deepEqual(validate("scheduler-ecs-no-public-ip", T.schedule, props), []);
        assert.deepEqual(validate("scheduler-ecs-latest-platform", T.schedule, props), []);
        assert.deepEqual(validate("scheduler-retry-policy", T.schedule, props), []);
    });
});

describe("policy scheduler-ecs-latest-platform (ours)", () => {
    it("passes LATEST, unset, and EC2 tasks (which have no platform version)", () => {
        for (const ecs of [{}, { platformVersion: undefined }, { launchType: "EC2", platformVersion: "1.3.0" }])
            assert.deepEqual(validate("scheduler-ecs-latest-platform", T.schedule, schedule({}, {}, ecs)), []);
    });
    it("fails a pinned version, by launch type or capacity provider, as for services", () => {
        assertOne(
            validate("scheduler-ecs-latest-platform", T.schedule, schedule({}, {}, { platformVersion: "1.3.0" })),
            /target\.ecsParameters\.platformVersion is pinned to "1\.3\.0"/,
            /Fix: set platformVersion to "LATEST"/,
        );
        const spot = {
            launchType: undefined,
            capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
            platformVersion: "1.4.0",
        };
        assertOne(validate("scheduler-ecs-latest-platform", T.schedule, schedule({}, {}, spot)), /"1\.4\.0"/);
    });
});

describe("policy scheduler-ecs-task-definition-revision (ours)", () => {
    it("passes the revision ARN the program passes", () => {
        assert.deepEqual(validate("scheduler-ecs-task-definition-revision", T.schedule, schedule()), []);
    });
    it("fails a family ARN without a revision, which runs the latest ACTIVE revision", () => {
        const family = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/ecs-deploy-staging-nightly-report`;
        assertOne(
            validate(
                "scheduler-ecs-task-definition-revision",
                T.schedule,
                schedule({}, {}, { taskDefinitionArn: family }),
            ),
            /taskDefinitionArn .*nightly-report names no revision/,
            /latest ACTIVE revision/,
            /Fix: use the revision ARN .*not arnWithoutRevision/,
        );
    });
    it("leaves a revision not known during preview to the framework", () => {
        assert.throws(
            () =>
                validate(
                    "scheduler-ecs-task-definition-revision",
                    T.schedule,
                    previewProps(schedule({}, {}, { taskDefinitionArn: UNKNOWN })),
                ),
            UnknownValueError,
        );
    });
});

describe("policy scheduler-retry-policy (ours)", () => {
    it("passes set retry attempts, zero included (a failed start then goes straight to the dead-letter queue)", () => {
        assert.deepEqual(validate("scheduler-retry-policy", T.schedule, schedule()), []);
        assert.deepEqual(
            validate(
                "scheduler-retry-policy",
                T.schedule,
                schedule({}, { retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 } }),
            ),
            [],
        );
    });
    it("fails no retry policy, and one without maximumRetryAttempts: AWS's 185 attempts over 24 hours", () => {
        assertOne(
            validate("scheduler-retry-policy", T.schedule, schedule({}, { retryPolicy: undefined })),
            /target\.retryPolicy is not set, so AWS's default applies: up to 185 attempts over 24 hours/,
            /Fix: set target\.retryPolicy \{ maximumRetryAttempts, maximumEventAgeInSeconds \}/,
        );
        assertOne(
            validate(
                "scheduler-retry-policy",
                T.schedule,
                schedule({}, { retryPolicy: { maximumEventAgeInSeconds: 3600 } }),
            ),
            /target\.retryPolicy\.maximumRetryAttempts is not set/,
        );
    });
});

describe("policy scheduler-dead-letter-queue (ours)", () => {
    it("passes the program's job, whose queue is its own", () => {
        assert.deepEqual(validate("scheduler-dead-letter-queue", T.schedule, schedule()), []);
    });
    it("fails a schedule without a dead-letter queue, or with an empty one", () => {
        for (const deadLetterConfig of [undefined, { arn: "" }])
            assertOne(
                validate("scheduler-dead-letter-queue", T.schedule, schedule({}, { deadLetterConfig })),
                /target\.deadLetterConfig is not set, so a run the scheduler cannot start .* without a trace/,
                /Fix: set target\.deadLetterConfig \{ arn: <a standard SQS queue> \}.*sqs:SendMessage/,
            );
    });
    it("runs at `pulumi up` when the queue's ARN is not known during preview", () => {
        const props = previewProps(schedule({}, { deadLetterConfig: { arn: UNKNOWN } }));
        assert.throws(() => validate("scheduler-dead-letter-queue", T.schedule, props), UnknownValueError);
        assert.deepEqual(
            validate("scheduler-dead-letter-queue", T.schedule, schedule({}, { deadLetterConfig: { arn: DLQ_ARN } })),
            [],
        );
    });
});

describe("policy sqs-encrypted-at-rest (SQS.1)", () => {
    it("passes SSE-SQS, unset (SSE-SQS by default), and SSE-KMS", () => {
        for (const props of [
            { sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600 },
            { messageRetentionSeconds: 1209600 },
            { sqsManagedSseEnabled: false, kmsMasterKeyId: "alias/ecs-deploy-dlq" },
        ])
            assert.deepEqual(validate("sqs-encrypted-at-rest", T.queue, props), []);
    });
    it("fails SSE-SQS turned off without a KMS key", () => {
        for (const props of [{ sqsManagedSseEnabled: false }, { sqsManagedSseEnabled: false, kmsMasterKeyId: "" }])
            assertOne(
                validate("sqs-encrypted-at-rest", T.queue, props, {}, "ecs-deploy-staging-nightly-report-dlq"),
                /aws:sqs\/queue:Queue "ecs-deploy-staging-nightly-report-dlq": sqsManagedSseEnabled is false .* unencrypted/,
                /Fix: set sqsManagedSseEnabled: true/,
            );
    });
});

describe("policy iam-scheduler-trust-source-account (ours)", () => {
    const pinned = { StringEquals: { "aws:SourceAccount": ACCOUNT } };
    it("passes the program's scheduler role, with or without a schedule-group aws:SourceArn", () => {
        for (const condition of [pinned, { ...pinned, ArnLike: { "aws:SourceArn": GROUP_ARN } }])
            assert.deepEqual(
                validate("iam-scheduler-trust-source-account", T.role, {
                    assumeRolePolicy: trust(condition, SCHEDULER),
                }),
                [],
            );
    });
    it("is not about roles other services assume (the ecs-tasks policy covers those)", () => {
        assert.deepEqual(validate("iam-scheduler-trust-source-account", T.role, { assumeRolePolicy: trust() }), []);
    });
    it("fails scheduler trust without aws:SourceAccount, as the ecs-tasks policy does", () => {
        for (const condition of [
            undefined,
            { ArnLike: { "aws:SourceArn": GROUP_ARN } },
            { StringLike: { "aws:SourceAccount": "*" } },
            { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
        ])
            assertOne(
                validate(
                    "iam-scheduler-trust-source-account",
                    T.role,
                    { assumeRolePolicy: trust(condition, SCHEDULER) },
                    {},
                    "ecs-deploy-staging-nightly-report-scheduler",
                ),
                /Role "ecs-deploy-staging-nightly-report-scheduler": assumeRolePolicy .* lets scheduler\.amazonaws\.com assume/,
                /schedules of other accounts could be made to use it \(confused deputy\)/,
                /Fix: add Condition .*aws:SourceAccount.*schedule-group\/<group>/,
            );
    });
});

describe("policy iam-no-wildcard-passrole (ours)", () => {
    it("passes the program's scheduler policy: PassRole on the job's two roles, to ecs-tasks only", () => {
        assert.deepEqual(validate("iam-no-wildcard-passrole", T.rolePolicy, { policy: schedulerPolicy() }), []);
    });
    it("passes other actions on *, Deny statements and a NotAction that excludes PassRole", () => {
        const policy = document(
            { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            { Effect: "Deny", Action: "iam:PassRole", Resource: "*" },
            { Effect: "Allow", NotAction: ["iam:*"], Resource: "*" },
        );
        assert.deepEqual(validate("iam-no-wildcard-passrole", T.rolePolicy, { policy }), []);
    });
    it("fails PassRole on every role, however it is spelled, one violation per statement", () => {
        const cases: [Record<string, any>, RegExp][] = [
            [{ Action: "iam:PassRole", Resource: "*" }, /allows iam:PassRole on \*/],
            [
                {
                    Action: "iam:PassRole",
                    Resource: "*",
                    Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
                },
                /on \*/,
            ],
            [{ Action: ["ecs:RunTask", "iam:Pass*"], Resource: `arn:aws:iam::${ACCOUNT}:role/*` }, /role\/\*/],
            [{ Action: "iam:*", Resource: "arn:aws:iam::*:*" }, /arn:aws:iam::\*:\*/],
            [{ Action: "*", Resource: "*" }, /on \*/],
            [{ NotAction: "s3:*", Resource: "*" }, /on \*/],
            [{ Action: "iam:passrole", NotResource: `arn:aws:iam::${ACCOUNT}:role/admin` }, /every role but/],
        ];
        for (const [statement, pattern] of cases)
            assertOne(
                validate("iam-no-wildcard-passrole", T.rolePolicy, {
                    policy: document({ Effect: "Allow", ...statement }),
                }),
                pattern,
                /any role of the account, however privileged/,
                /Fix: list the exact role ARNs it passes, with Condition StringEquals iam:PassedToService/,
            );
    });
    it("reads managed, user, group and inline role policies", () => {
        const bad = document({ Sid: "PassAny", Effect: "Allow", Action: "iam:PassRole", Resource: "*" });
        for (const type of [T.policy, T.userPolicy, T.groupPolicy])
            assertOne(validate("iam-no-wildcard-passrole", type, { policy: bad }), /statement "PassAny"/);
        assertOne(
            validate("iam-no-wildcard-passrole", T.role, {
                assumeRolePolicy: trust({ StringEquals: { "aws:SourceAccount": ACCOUNT } }, SCHEDULER),
                inlinePolicies: [{ name: "run", policy: bad }],
            }),
            /inline policy "run" statement "PassAny"/,
        );
    });
});
