import { DEAD_LETTER_QUEUE_SUFFIX } from "../../core/config/workloads";
import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

/**
 * Each job's dead-letter queue, auto-named `<project>-<stack>-<job>-dlq-<7 hex>` (components/scheduledJob.ts; the
 * provider's SQS autonaming, offline/providerRules/sqs.ts): the calls of tf sqs/queue.go. Nothing reads or sends here.
 */
export function sqsStatements(n: StackNames): IamStatement[] {
    const jobs = n.app.jobs;
    if (jobs.length === 0) return [];
    return [
        {
            Sid: "JobDeadLetterQueues",
            Effect: "Allow",
            Action: [
                "sqs:CreateQueue",
                "sqs:GetQueueAttributes",
                "sqs:SetQueueAttributes",
                "sqs:ListQueueTags",
                "sqs:TagQueue",
                "sqs:UntagQueue",
                "sqs:DeleteQueue",
            ],
            Resource: jobs.map((j) => n.arn("sqs", `${n.name}-${j}${DEAD_LETTER_QUEUE_SUFFIX}-*`)),
        },
    ];
}
