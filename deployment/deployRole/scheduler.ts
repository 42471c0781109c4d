import { scheduleGroupOf, SCHEDULER_ROLE_SUFFIX } from "../../core/config/workloads";
import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

/**
 * The stack's schedule group (scheduleGroupOf, as components/workloads.ts names it), exactly its jobs' schedules in
 * it, and each job's scheduler role handed to Scheduler: the calls of tf scheduler/schedule_group.go and schedule.go.
 */
export function schedulerStatements(n: StackNames): IamStatement[] {
    const jobs = n.app.jobs;
    if (jobs.length === 0) return [];
    const group = scheduleGroupOf(n.scope.project, n.app.stack);
    return [
        {
            Sid: "SchedulerGroup",
            Effect: "Allow",
            Action: [
                "scheduler:CreateScheduleGroup",
                "scheduler:GetScheduleGroup",
                "scheduler:DeleteScheduleGroup",
                "scheduler:TagResource",
                "scheduler:UntagResource",
                "scheduler:ListTagsForResource",
            ],
            Resource: n.arn("scheduler", `schedule-group/${group}`),
        },
        {
            // A schedule is named after its job (schedule/<group>/<job>): these jobs, and no other schedule in the group.
            Sid: "SchedulerSchedules",
            Effect: "Allow",
            Action: [
                "scheduler:CreateSchedule",
                "scheduler:GetSchedule",
                "scheduler:UpdateSchedule",
                "scheduler:DeleteSchedule",
            ],
            Resource: jobs.map((j) => n.arn("scheduler", `schedule/${group}/${j}`)),
        },
        {
            // CreateSchedule and UpdateSchedule pass the target's role to Scheduler (as the managed policy
            // AmazonEventBridgeSchedulerFullAccess grants it), here only each job's own auto-named scheduler role.
            Sid: "PassSchedulerRolesToScheduler",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: jobs.map((j) => n.role(`${n.name}-${j}${SCHEDULER_ROLE_SUFFIX}-*`)),
            Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
        },
    ];
}
