/** Assertions on core/config/scheduleExpression.ts shared by its tests. */
import assert from "node:assert/strict";
import { scheduleExpressionProblem } from "../../core/config/scheduleExpression";

export const accepts = (expr: string) => assert.equal(scheduleExpressionProblem(expr), undefined, expr);
export const refuses = (expr: string, problem: string, fix: string) =>
    assert.deepEqual(scheduleExpressionProblem(expr), { problem, fix }, expr);

/** The expressions a fix tells the user to write ("write X", "e.g. X"). */
export function examplesIn(fix: string): string[] {
    return [...fix.matchAll(/(?:cron|rate|at)\([^)]*\)/g)]
        .map((m) => m[0])
        .filter((e) => !e.includes(" day-of-month ") && !/^\w+\(\s*\)$/.test(e));
}
