import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { autoName, checkResource } from "../../../offline/providerRules";

/** SQS queues as the provider checks them (tf:sqs/queue.go), in its words. */

const QUEUE = "aws:sqs/queue:Queue";
const DLQ = "ecs-deploy-staging-nightly-report-dlq";
/** The dead-letter queue a job gets (the design): auto-named, SQS-managed encryption, 14 days. */
const dlq = { sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600 };
const check =
    (inputs: Record<string, unknown>, logical = DLQ) =>
    () =>
        checkResource(QUEUE, logical, inputs);

describe("provider rules: SQS queue", () => {
    it("auto-names the job's dead-letter queue `<logical>-<7 hex>` within 80 (AutoNameWithCustomOptions Maxlen 80)", () => {
        const checked = checkResource(QUEUE, DLQ, dlq);
        assert.match(String(checked.name), /^ecs-deploy-staging-nightly-report-dlq-[0-9a-f]{7}$/);
        assert.equal(String(autoName(QUEUE, "q".repeat(72), {})).length, 80);
        assert.throws(
            () => autoName(QUEUE, "q".repeat(73), {}),
            /could not make instance of 'aws:sqs\/queue:Queue': name 'q{73}-' plus 7 random chars is longer than maximum length 80/,
        );
    });

    it("appends .fifo to a FIFO queue's generated name, which the name check then holds to 75 + .fifo", () => {
        assert.match(String(checkResource(QUEUE, "jobs", { fifoQueue: true }).name), /^jobs-[0-9a-f]{7}\.fifo$/);
        // The PostTransform runs after the 80 cap: a long FIFO logical name passes auto-naming, then fails the name check.
        assert.throws(check({ fifoQueue: true }, "q".repeat(70)), /invalid queue name: q{70}-[0-9a-f]{7}\.fifo/);
    });

    it("refuses a name SQS would not create: other characters, over 80, or a FIFO name without .fifo", () => {
        assert.throws(
            check({ name: "jobs.dlq" }),
            /^Error: aws:sqs\/queue:Queue resource 'ecs-deploy-staging-nightly-report-dlq' has a problem: invalid queue name: jobs\.dlq\. Examine values at 'ecs-deploy-staging-nightly-report-dlq\.name'\.$/,
        );
        assert.throws(check({ name: "q".repeat(81) }), /invalid queue name: q{81}\./);
        assert.doesNotThrow(check({ name: "q".repeat(80) }));
        assert.throws(check({ name: "jobs", fifoQueue: true }), /invalid queue name: jobs\./);
        assert.doesNotThrow(check({ name: "jobs.fifo", fifoQueue: true }));
        assert.throws(check({ namePrefix: "p".repeat(55) }), /invalid queue name: p{55}0{26}\./);
        assert.throws(check({ name: "jobs", namePrefix: "jobs-" }), /"name": conflicts with name_prefix/);
    });

    it("bounds retention (60 to 1209600), visibility timeout (0 to 43200), delay and message size", () => {
        assert.doesNotThrow(check({ ...dlq, messageRetentionSeconds: 60, visibilityTimeoutSeconds: 0 }));
        assert.throws(
            check({ messageRetentionSeconds: 1209601 }),
            /expected message_retention_seconds to be in the range \(60 - 1209600\), got 1209601\. Examine values at '.*\.messageRetentionSeconds'/,
        );
        assert.throws(check({ messageRetentionSeconds: 59 }), /\(60 - 1209600\), got 59/);
        assert.throws(
            check({ visibilityTimeoutSeconds: 43201 }),
            /expected visibility_timeout_seconds to be in the range \(0 - 43200\), got 43201/,
        );
        assert.throws(check({ visibilityTimeoutSeconds: -1 }), /\(0 - 43200\), got -1/);
        assert.throws(check({ delaySeconds: 901 }), /expected delay_seconds to be in the range \(0 - 900\)/);
        assert.throws(
            check({ maxMessageSize: 1048577 }),
            /expected max_message_size to be in the range \(1024 - 1048576\)/,
        );
    });

    it("refuses SQS-managed encryption together with a KMS key, unless the key is not known yet", () => {
        assert.doesNotThrow(check({ kmsMasterKeyId: "alias/aws/sqs" }));
        assert.throws(
            check({ ...dlq, kmsMasterKeyId: "alias/aws/sqs" }),
            /"sqs_managed_sse_enabled": conflicts with kms_master_key_id\. Examine values at '.*\.sqsManagedSseEnabled'/,
        );
        assert.throws(
            check({ sqsManagedSseEnabled: false, kmsMasterKeyId: "alias/aws/sqs" }),
            /conflicts with kms_master_key_id/,
        );
        assert.doesNotThrow(check({ ...dlq, kmsMasterKeyId: pulumi.unknown }));
    });

    it("takes content-based deduplication only on a FIFO queue, and policies only as JSON", () => {
        assert.throws(
            check({ contentBasedDeduplication: true }),
            /content-based deduplication can only be set for FIFO queue/,
        );
        assert.doesNotThrow(check({ name: "jobs.fifo", fifoQueue: true, contentBasedDeduplication: true }));
        assert.throws(check({ redrivePolicy: "{deadLetterTargetArn" }), /"redrive_policy" contains an invalid JSON: /);
        assert.throws(
            check({ deduplicationScope: "group" }),
            /expected deduplication_scope to be one of \["messageGroup" "queue"\]/,
        );
    });
});
