import type { Finding } from "./types";
import { glob, isAllow, Statement, statementName, statements, strings } from "./iamDocument";

/**
 * iam:PassRole on every role lets a principal hand any role of the account, however privileged,
 * to a service it can start: the classic escalation. AWS's advice is to name the roles in Resource
 * and narrow the service with iam:PassedToService (IAM User Guide, "Grant a user permissions to pass
 * a role to an AWS service"). A schedule's role needs PassRole for the job's execution and task roles only.
 */
const PASS_ROLE = "iam:PassRole";

function reachesPassRole(s: Statement): boolean {
    if ("NotAction" in s) return !strings(s.NotAction).some((a) => glob(a).test(PASS_ROLE));
    return strings(s.Action).some((a) => glob(a).test(PASS_ROLE));
}

/** "*", or an IAM ARN that names every role (…:role/*, …:*). */
function coversEveryRole(resource: string): boolean {
    if (resource === "*") return true;
    const parts = resource.split(":");
    if (parts[0] !== "arn" || parts.length < 6 || !glob(parts[2]).test("iam")) return false;
    return /^(role\/)?\*$/i.test(parts.slice(5).join(":"));
}

export function wildcardPassRole(document: unknown, where = "policy"): Finding[] {
    return statements(document).flatMap((s, i) => {
        if (!isAllow(s) || !reachesPassRole(s)) return [];
        const resources =
            "NotResource" in s
                ? [`every role but ${strings(s.NotResource).join(", ")}`]
                : strings(s.Resource).filter(coversEveryRole);
        if (!resources.length) return [];
        return [
            {
                problem:
                    `${where} ${statementName(s, i)} allows iam:PassRole on ${resources.join(", ")}: ` +
                    "any role of the account, however privileged, can be handed to a service the principal starts",
                fix:
                    "list the exact role ARNs it passes, with Condition StringEquals iam:PassedToService " +
                    "(this project passes only a job's execution and task roles, to ecs-tasks.amazonaws.com)",
            },
        ];
    });
}
