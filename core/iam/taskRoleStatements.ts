import { parseArn } from "./arn";
import { wildcardProblem } from "./resourceWildcards";
import { ECS_EXEC_STATEMENT, IamStatement } from "./roleDocuments";
import { isPlainObject } from "../support/paths";

/**
 * The stack's own grants to the app (`iam.taskRoleStatements`): IAM statements
 * on exact ARNs, or on a path below one fixed resource (`arn:aws:s3:::bucket/web/*`,
 * see resourceWildcards.ts). A wildcard anywhere else in an ARN, or an action of
 * `*` or `service:*`, would turn the task role into a key to more than the app
 * needs (`Action: "*"` on `arn:*` is an administrator), so each is refused with
 * the statement's path and a fix.
 */
export type Fail = (path: string, problem: string, fix: string) => never;

/** IAM's limit for a role's inline policies together, in characters. */
export const INLINE_POLICY_LIMIT = 10_240;

const KEYS = ["Sid", "Effect", "Action", "Resource", "Condition"];
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;

function strings(value: unknown, at: string, what: string, example: string, fail: Fail): string[] {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || list.length === 0) {
        const found = list === undefined ? "missing" : Array.isArray(list) ? "an empty list" : JSON.stringify(list);
        return fail(
            at,
            `is ${found}: a statement needs at least one ${what}`,
            `list the ${what}s the app needs, e.g. [${example}]`,
        );
    }
    list.forEach((v, i) => {
        if (typeof v !== "string" || v === "")
            fail(`${at}[${i}]`, `is ${JSON.stringify(v)}, not a ${what}`, `write it as a string, e.g. ${example}`);
    });
    return list as string[];
}

function checkAction(action: string, at: string, fail: Fail): void {
    if (action === "*")
        fail(at, 'is "*", every action of every service', "list the exact actions the app calls, e.g. s3:GetObject");
    if (!ACTION.test(action))
        fail(at, `"${action}" is not an IAM action`, "write it as service:Action, e.g. s3:GetObject");
    const [service, name] = action.split(":");
    if (name === "*")
        fail(at, `"${action}" is every ${service} action`, `list the exact ${service} actions the app calls`);
}

function checkResource(resource: string, at: string, fail: Fail): void {
    const fix =
        "name the exact ARN, e.g. arn:aws:s3:::my-bucket/uploads/report.csv or arn:aws:sqs:eu-north-1:123456789012:jobs";
    if (resource === "*") fail(at, 'is "*": the task role is scoped to exact ARNs', fix);
    const arn = parseArn(resource);
    if (!arn) return fail(at, `"${resource}" is not an ARN`, fix);
    if (arn.service === "") fail(at, `"${resource}" names no service`, fix);
    const wildcard = wildcardProblem(resource, arn);
    if (wildcard) fail(at, wildcard.problem, wildcard.fix);
}

/** The statements, checked; the caller passes the stack file's path and gets one-line errors. */
export function checkTaskRoleStatements(value: unknown, path: string, fail: Fail): IamStatement[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value))
        return fail(
            path,
            "must be a list of IAM policy statements",
            "write a YAML list of {Effect: Allow, Action: [...], Resource: [...]}",
        );
    const out = value.map((s: unknown, i): IamStatement => {
        const at = `${path}[${i}]`;
        if (!isPlainObject(s))
            return fail(
                at,
                `is ${JSON.stringify(s)}, not a statement`,
                "write {Effect: Allow, Action: [...], Resource: [...]}",
            );
        for (const key of Object.keys(s)) {
            if (key === "Principal" || key === "NotPrincipal")
                fail(
                    `${at}.${key}`,
                    "is set, but a role's own policy has no principal (who may assume the role is the program's trust policy)",
                    `remove ${key}`,
                );
            if (key === "NotAction" || key === "NotResource")
                fail(
                    `${at}.${key}`,
                    `grants everything except what it lists`,
                    `use ${key.slice(3)} with the exact ${key === "NotAction" ? "actions" : "ARNs"} instead`,
                );
            if (!KEYS.includes(key)) fail(`${at}.${key}`, "is not a statement field", `use only ${KEYS.join(", ")}`);
        }
        if (s.Effect !== "Allow" && s.Effect !== "Deny")
            fail(`${at}.Effect`, `is ${JSON.stringify(s.Effect)}`, "write Effect: Allow (or Deny)");
        if (s.Sid !== undefined && (typeof s.Sid !== "string" || !/^[A-Za-z0-9]*$/.test(s.Sid)))
            fail(
                `${at}.Sid`,
                `is ${JSON.stringify(s.Sid)}: IAM takes letters and digits only`,
                "remove it or use letters and digits, e.g. ReadUploads",
            );
        if (s.Condition !== undefined && !isPlainObject(s.Condition))
            fail(
                `${at}.Condition`,
                "must be a mapping of condition operators",
                'write e.g. {StringEquals: {"s3:prefix": "uploads/"}}',
            );
        const actions = strings(s.Action, `${at}.Action`, "action", "s3:GetObject", fail);
        actions.forEach((a, j) => checkAction(a, `${at}.Action${typeof s.Action === "string" ? "" : `[${j}]`}`, fail));
        const resources = strings(
            s.Resource,
            `${at}.Resource`,
            "resource ARN",
            "arn:aws:s3:::my-bucket/report.csv",
            fail,
        );
        resources.forEach((r, j) =>
            checkResource(r, `${at}.Resource${typeof s.Resource === "string" ? "" : `[${j}]`}`, fail),
        );
        return s as unknown as IamStatement;
    });
    // Counted with ECS Exec's statement, which the program adds when exec is on.
    const size = JSON.stringify({ Version: "2012-10-17", Statement: [...out, ECS_EXEC_STATEMENT] }).length;
    if (size > INLINE_POLICY_LIMIT)
        fail(
            path,
            `make a policy of ${size} characters, over IAM's ${INLINE_POLICY_LIMIT} for a role's inline policies`,
            "merge statements that share a resource, or drop grants the app does not use",
        );
    return out;
}
