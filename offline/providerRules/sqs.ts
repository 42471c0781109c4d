import { Check, conflicts, intBetween, isJson, Json, NameRule, stringIn } from "./checks";

/** SQS: tf:sqs/queue.go (schema validators and resourceQueueCustomizeDiff). */
export const SQS_NAMED: Record<string, NameRule> = {
    "aws:sqs/queue:Queue": {
        autoNameMax: 80,
        source:
            'resource_overrides.go: aws_sqs_queue "name": AutoNameWithCustomOptions(Maxlen 80, Randlen 7), ' +
            'PostTransform appends ".fifo" when fifoQueue is true',
        postTransform: (name, inputs) => (inputs.fifoQueue === true ? `${name}.fifo` : name),
    },
};

/** terraform-plugin-sdk helper/id UniqueIDSuffixLength: what name_prefix gets appended. */
const UNIQUE_ID_SUFFIX_LENGTH = 26;

/** The name CreateQueue gets (queueName: name, or name_prefix + unique id, plus ".fifo" for a FIFO prefix). */
function queueName(i: Json): string | undefined {
    if (i.name !== undefined) return typeof i.name === "string" ? i.name : undefined; // unknown: checked once known
    if (typeof i.namePrefix !== "string") return undefined;
    return i.namePrefix + "0".repeat(UNIQUE_ID_SUFFIX_LENGTH) + (i.fifoQueue === true ? ".fifo" : "");
}

export const SQS_VALIDATORS: Record<string, Check> = {
    "aws:sqs/queue:Queue": (i, fail) => {
        for (const [key, word, min, max] of [
            ["delaySeconds", "delay_seconds", 0, 900],
            ["kmsDataKeyReusePeriodSeconds", "kms_data_key_reuse_period_seconds", 60, 86_400],
            ["maxMessageSize", "max_message_size", 1024, 1_048_576],
            ["messageRetentionSeconds", "message_retention_seconds", 60, 1_209_600],
            ["visibilityTimeoutSeconds", "visibility_timeout_seconds", 0, 43_200],
        ] as const)
            intBetween(i, fail, key, min, max, key, word);
        stringIn(i, fail, "deduplicationScope", ["messageGroup", "queue"], "deduplicationScope", "deduplication_scope");
        stringIn(
            i,
            fail,
            "fifoThroughputLimit",
            ["perQueue", "perMessageGroupId"],
            "fifoThroughputLimit",
            "fifo_throughput_limit",
        );
        conflicts(i, fail, "sqsManagedSseEnabled", "kmsMasterKeyId", "sqs_managed_sse_enabled", "kms_master_key_id");
        conflicts(i, fail, "name", "namePrefix", "name", "name_prefix");
        for (const [key, word] of [
            ["policy", "policy"],
            ["redrivePolicy", "redrive_policy"],
            ["redriveAllowPolicy", "redrive_allow_policy"],
        ] as const)
            isJson(i, fail, key, word);
        // resourceQueueCustomizeDiff, on create: the name SQS takes, and deduplication only on FIFO queues.
        const fifo = i.fifoQueue === true;
        const name = queueName(i);
        const valid = fifo ? /^[0-9A-Za-z_-]{1,75}\.fifo$/ : /^[0-9A-Za-z_-]{1,80}$/;
        if (name !== undefined && !valid.test(name)) fail("name", `invalid queue name: ${name}`);
        if (!fifo && i.contentBasedDeduplication === true)
            fail("contentBasedDeduplication", "content-based deduplication can only be set for FIFO queue");
    },
};
