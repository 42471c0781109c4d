/**
 * The provider-call table's rows for what scheduled jobs add: EventBridge Scheduler schedules and their
 * group, and the jobs' SQS dead-letter queues. (Workers add only types the table already lists: services,
 * task definitions, log groups, scaling; a job's alarm and role are a metric alarm and a role.)
 */
import { arnOf, Row, rows, Subject, TF } from "./providerCallRows";

const group = (s: Subject) => ({ resource: arnOf(s, "scheduler", `schedule-group/${s.physical}`) });
const schedule = (s: Subject) => ({
    resource: arnOf(s, "scheduler", `schedule/${String(s.inputs.groupName)}/${s.physical}`),
});
const queue = (s: Subject) => ({ resource: arnOf(s, "sqs", s.physical) });

export const WORKLOAD_PROVIDER_CALLS: Row[] = [
    // internal/service/scheduler/schedule_group.go: CreateScheduleGroup (tags in the call), waitScheduleGroupActive and
    // read -> findScheduleGroupByName -> GetScheduleGroup; @Tags(identifierAttribute="arn"): the tags interceptor reads
    // ListTagsForResource and updates with TagResource / UntagResource (update is "Tags only"); delete ->
    // DeleteScheduleGroup, then waitScheduleGroupDeleted -> GetScheduleGroup.
    ...rows(
        "aws:scheduler/scheduleGroup:ScheduleGroup",
        `${TF} internal/service/scheduler/schedule_group.go`,
        {
            create: ["scheduler:CreateScheduleGroup", "scheduler:TagResource", "scheduler:GetScheduleGroup"],
            read: ["scheduler:GetScheduleGroup", "scheduler:ListTagsForResource"],
            update: ["scheduler:TagResource", "scheduler:UntagResource"],
            delete: ["scheduler:DeleteScheduleGroup", "scheduler:GetScheduleGroup"],
        },
        group,
    ),
    // internal/service/scheduler/schedule.go: CreateSchedule (retryWhenIAMNotPropagated), then read ->
    // findScheduleByTwoPartKey -> GetSchedule; UpdateSchedule; DeleteSchedule. A schedule has no tags.
    ...rows(
        "aws:scheduler/schedule:Schedule",
        `${TF} internal/service/scheduler/schedule.go`,
        {
            create: ["scheduler:CreateSchedule", "scheduler:GetSchedule"],
            read: ["scheduler:GetSchedule"],
            update: ["scheduler:UpdateSchedule", "scheduler:GetSchedule"],
            delete: ["scheduler:DeleteSchedule"],
        },
        schedule,
    ),
    // CreateSchedule and UpdateSchedule hand Scheduler the target's role (target.role_arn): iam:PassRole to
    // scheduler.amazonaws.com (the AmazonEventBridgeSchedulerFullAccess managed policy grants exactly that pair).
    ...rows(
        "aws:scheduler/schedule:Schedule",
        `${TF} internal/service/scheduler/schedule.go`,
        { create: ["iam:PassRole"], update: ["iam:PassRole"] },
        (s) => ({
            resource: `arn:${s.partition}:iam::${s.account}:role/${s.roleName(`${s.logical}-scheduler`)}`,
            context: { "iam:PassedToService": "scheduler.amazonaws.com" },
        }),
    ),
    // internal/service/sqs/queue.go: CreateQueue with its attributes and tags (CreateQueue API reference: "To be able to
    // tag a queue on creation, you must have the sqs:CreateQueue and sqs:TagQueue permissions"), waitQueueAttributesPropagated and read -> findQueueAttributesByURL -> GetQueueAttributes;
    // @Tags(identifierAttribute="id"): ListQueueTags, TagQueue / UntagQueue; update -> SetQueueAttributes, then the
    // same wait; delete -> DeleteQueue, then waitQueueDeleted -> GetQueueAttributes.
    ...rows(
        "aws:sqs/queue:Queue",
        `${TF} internal/service/sqs/queue.go`,
        {
            create: ["sqs:CreateQueue", "sqs:TagQueue", "sqs:GetQueueAttributes"],
            read: ["sqs:GetQueueAttributes", "sqs:ListQueueTags"],
            update: ["sqs:SetQueueAttributes", "sqs:GetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"],
            delete: ["sqs:DeleteQueue", "sqs:GetQueueAttributes"],
        },
        queue,
    ),
];
