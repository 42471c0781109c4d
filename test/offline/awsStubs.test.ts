import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Answers, OFFLINE_ACCOUNT, resourceState } from "../../offline/awsStubs";
import { arnProblem } from "../../offline/providerRules/checks";
import { providerMocks, RecordedResource, UNKNOWN } from "../../offline/runner";

/** What the offline stand-in answers for the resources issue 22 adds: AWS's shapes, and nothing early in a preview. */

const answers: Answers = { region: "eu-north-1", missingSecrets: [], stackOutputs: {}, secretSuffix: () => "??????" };
const A = OFFLINE_ACCOUNT;
const SCHEDULE = "aws:scheduler/schedule:Schedule";

describe("offline AWS answers: schedules, queues and alarms", () => {
    it("gives a schedule its group's ARN (schedule/<group>/<name>), in the default group when none is named", () => {
        assert.deepEqual(
            resourceState(SCHEDULE, "s", { name: "nightly-report", groupName: "ecs-deploy-staging" }, answers),
            {
                arn: `arn:aws:scheduler:eu-north-1:${A}:schedule/ecs-deploy-staging/nightly-report`,
                name: "nightly-report",
                groupName: "ecs-deploy-staging",
            },
        );
        assert.equal(
            resourceState(SCHEDULE, "s", { name: "n" }, answers).arn,
            `arn:aws:scheduler:eu-north-1:${A}:schedule/default/n`,
        );
        assert.deepEqual(
            resourceState("aws:scheduler/scheduleGroup:ScheduleGroup", "g", { name: "ecs-deploy-staging" }, answers),
            {
                arn: `arn:aws:scheduler:eu-north-1:${A}:schedule-group/ecs-deploy-staging`,
                name: "ecs-deploy-staging",
                state: "ACTIVE",
            },
        );
    });

    it("gives a queue its ARN and URL, and an alarm its ARN, all ARNs the provider's validators take", () => {
        const queue = resourceState(
            "aws:sqs/queue:Queue",
            "q",
            { name: "ecs-deploy-staging-job-dlq-1a2b3c4" },
            answers,
        );
        assert.deepEqual(queue, {
            arn: `arn:aws:sqs:eu-north-1:${A}:ecs-deploy-staging-job-dlq-1a2b3c4`,
            url: `https://sqs.eu-north-1.amazonaws.com/${A}/ecs-deploy-staging-job-dlq-1a2b3c4`,
            name: "ecs-deploy-staging-job-dlq-1a2b3c4",
        });
        const alarm = resourceState(
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            "a",
            { name: "job-failed-1a2b3c4" },
            answers,
        );
        assert.equal(alarm.arn, `arn:aws:cloudwatch:eu-north-1:${A}:alarm:job-failed-1a2b3c4`);
        for (const arn of [queue.arn, alarm.arn, resourceState(SCHEDULE, "s", { name: "n" }, answers).arn])
            assert.equal(arnProblem(String(arn)), undefined, String(arn));
    });
});

describe("offline provider: a schedule in apply and in a first preview", () => {
    const inputs = (arn: unknown) => ({
        name: "nightly-report",
        groupName: "ecs-deploy-staging",
        scheduleExpression: "rate(1 day)",
        flexibleTimeWindow: { mode: "OFF" },
        target: { arn, roleArn: arn, ecsParameters: { taskDefinitionArn: arn, launchType: "FARGATE" } },
    });
    const register = async (preview: boolean, arn: unknown, extra: Record<string, unknown> = {}) => {
        const recorded: RecordedResource[] = [];
        const mocks = providerMocks(answers, recorded, preview);
        const result = await mocks.newResource({
            type: SCHEDULE,
            name: "ecs-deploy-staging-nightly-report",
            inputs: { ...inputs(arn), ...extra },
            custom: true,
        });
        return { result, recorded: recorded[0] };
    };

    it("answers the ARN once applied", async () => {
        const { result } = await register(false, `arn:aws:ecs:eu-north-1:${A}:cluster/c`);
        assert.equal(result.id, "ecs-deploy-staging-nightly-report-id");
        assert.equal(result.state.arn, `arn:aws:scheduler:eu-north-1:${A}:schedule/ecs-deploy-staging/nightly-report`);
    });

    it("checks a first preview's known inputs, records the unknown ones, and answers no outputs", async () => {
        const { result, recorded } = await register(true, pulumi.unknown);
        assert.equal(result.id, undefined);
        assert.equal(result.state.arn, undefined);
        assert.deepEqual(recorded.unknownInputs, ["target"]);
        assert.equal((recorded.inputs.target as Record<string, unknown>).arn, UNKNOWN);
        await assert.rejects(
            register(true, pulumi.unknown, { state: "PAUSED" }),
            /expected state to be one of \["ENABLED" "DISABLED"\]/,
        );
    });
});
