import { Queue } from "@pulumi/aws/sqs";
import type { Finding, Inputs, ResourceRule } from "./types";

/**
 * SQS.1: encrypted at rest, by SQS-managed keys (SSE-SQS) or a KMS key (SSE-KMS). Unset
 * sqsManagedSseEnabled is SSE-SQS: queues created over HTTPS with SigV4, as the provider does, are
 * encrypted by default since 2022-10 (AWS Compute Blog, "Announcing server-side encryption with
 * Amazon SQS-managed encryption keys (SSE-SQS) by default").
 */
export function queueEncrypted(inputs: Inputs): Finding[] {
    if (inputs.sqsManagedSseEnabled !== false) return [];
    const key = inputs.kmsMasterKeyId;
    if (typeof key === "string" && key !== "") return [];
    return [
        {
            problem: "sqsManagedSseEnabled is false and no kmsMasterKeyId is set, so messages are stored unencrypted",
            fix: "set sqsManagedSseEnabled: true (or kmsMasterKeyId to a KMS key the senders may use)",
        },
    ];
}

export const sqsRules: ResourceRule[] = [
    {
        kind: "resource",
        name: "sqs-encrypted-at-rest",
        control: "SQS.1",
        description: "SQS queues are encrypted at rest (SSE-SQS, or SSE-KMS with kmsMasterKeyId).",
        checks: [{ resource: Queue, check: queueEncrypted }],
    },
];
