import type { Finding, Inputs } from "./types";
import { isAllow, statementName, statements, strings } from "./iamDocument";
import { isPlainObject } from "./values";

/** The condition pins aws:SourceAccount to account ids (StringEquals or StringLike, never IfExists). */
function pinsSourceAccount(condition: unknown): boolean {
    if (!isPlainObject(condition)) return false;
    return Object.entries(condition).some(
        ([operator, block]) =>
            /^String(Equals|Like)$/i.test(operator) &&
            isPlainObject(block) &&
            Object.entries(block).some(
                ([key, value]) =>
                    key.toLowerCase() === "aws:sourceaccount" &&
                    strings(value).length > 0 &&
                    strings(value).every((v) => /^\d{12}$/.test(v)),
            ),
    );
}

/**
 * Trust statements that let `service` assume the role without aws:SourceAccount pinned: the
 * confused-deputy guard AWS recommends for service roles (IAM User Guide, "The confused deputy problem").
 */
function trustPinsSourceAccount(service: string, who: string, sourceArn: string) {
    return (inputs: Inputs): Finding[] =>
        statements(inputs.assumeRolePolicy)
            .map((s, i) => ({ s, i }))
            .filter(
                ({ s }) =>
                    isAllow(s) &&
                    isPlainObject(s.Principal) &&
                    strings(s.Principal.Service).includes(service) &&
                    !pinsSourceAccount(s.Condition),
            )
            .map(({ s, i }) => ({
                problem:
                    `assumeRolePolicy ${statementName(s, i)} lets ${service} assume the role without an aws:SourceAccount condition, ` +
                    `so ${who} of other accounts could be made to use it (confused deputy)`,
                fix:
                    'add Condition { StringEquals: { "aws:SourceAccount": "<this account id>" } } ' +
                    `(and ArnLike aws:SourceArn ${sourceArn})`,
            }));
}

export const ecsTasksTrust = trustPinsSourceAccount(
    "ecs-tasks.amazonaws.com",
    "tasks",
    "arn:aws:ecs:<region>:<account>:*",
);

// Scheduler's aws:SourceArn must name a schedule group, never a schedule
// (EventBridge Scheduler User Guide, "Confused deputy prevention").
export const schedulerTrust = trustPinsSourceAccount(
    "scheduler.amazonaws.com",
    "schedules",
    "arn:aws:scheduler:<region>:<account>:schedule-group/<group>",
);
