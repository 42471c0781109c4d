/** core/config/scheduleExpression.ts: cron() expressions refused by the EventBridge Scheduler guide's rules. */
import assert from "node:assert/strict";
import { scheduleExpressionProblem } from "../../../core/config/scheduleExpression";
import { refuses } from "../../support/scheduleExpressions";

describe("schedule expressions: cron() refused by the guide's rules", () => {
    it("refuses a 5-field Unix cron line, showing the six-field form with Sunday as 1", () => {
        const unix =
            "has 5 fields, like a Unix cron line; EventBridge Scheduler needs 6: minutes hours day-of-month month day-of-week year";
        refuses("cron(0 3 * * *)", unix, "write cron(0 3 * * ? *)");
        refuses("cron(30 9 * * 1-5)", unix, "write cron(30 9 ? * 2-6 *)");
        refuses("cron(0 2 * * 0)", unix, "write cron(0 2 ? * 1 *)");
        refuses("cron(0 0 1 * *)", unix, "write cron(0 0 1 * ? *)");
        refuses("cron(0 3 * * ?)", unix, "write cron(0 3 * * ? *)"); // only the year missing
        refuses(
            "0 3 * * *",
            '"0 3 * * *" is a 5-field Unix cron line; EventBridge Scheduler takes cron(minutes hours day-of-month month day-of-week year)',
            "write cron(0 3 * * ? *)",
        );
    });

    it("refuses a Quartz line with seconds, and six fields without cron( )", () => {
        refuses(
            "cron(0 0 3 * * ? *)",
            "has 7 fields; EventBridge Scheduler has no seconds field and needs 6: minutes hours day-of-month month day-of-week year",
            "write cron(0 3 * * ? *)",
        );
        refuses("0 3 * * ? *", '"0 3 * * ? *" has no cron( ) around it', "write cron(0 3 * * ? *)");
    });

    it("refuses ? in both day fields", () =>
        refuses(
            "cron(0 9 ? * ? *)",
            "has ? in both day-of-month and day-of-week; one of them must say which days",
            "write cron(0 9 * * ? *)",
        ));

    it("refuses a day of the month and a day of the week together, keeping the one that is not *", () => {
        refuses(
            "cron(0 9 * * MON *)",
            "sets both day-of-month (*) and day-of-week (MON); one of them must be ?",
            "write cron(0 9 ? * MON *)",
        );
        refuses(
            "cron(0 9 15 * MON *)",
            "sets both day-of-month (15) and day-of-week (MON); one of them must be ?",
            "write cron(0 9 15 * ? *)",
        );
    });

    it("refuses each field's values outside its range", () => {
        const cases: [string, string][] = [
            ["cron(60 3 * * ? *)", 'minutes "60" is outside 0-59'],
            ["cron(0 24 * * ? *)", 'hours "24" is outside 0-23'],
            ["cron(0 3 0 * ? *)", 'day-of-month "0" is outside 1-31'],
            ["cron(0 3 32 * ? *)", 'day-of-month "32" is outside 1-31'],
            ["cron(0 3 1 13 ? *)", 'month "13" is outside 1-12 or JAN-DEC'],
            ["cron(0 3 ? * 0 *)", 'day-of-week "0" is outside 1-7 or SUN-SAT (1 is SUN: Unix\'s 0 is 1 here)'],
            ["cron(0 3 ? * 8 *)", 'day-of-week "8" is outside 1-7 or SUN-SAT (1 is SUN: Unix\'s 0 is 1 here)'],
            ["cron(0 3 * * ? 1969)", 'year "1969" is outside 1970-2199'],
            ["cron(0 3 * * ? 2200)", 'year "2200" is outside 1970-2199'],
            ["cron(0 3 5,70 * ? *)", 'day-of-month "5,70" has "70", which is outside 1-31'],
            ["cron(0 3 1 JAN-FOO ? *)", 'month "JAN-FOO" is not a number or name in 1-12 or JAN-DEC'],
        ];
        for (const [expr, problem] of cases) assert.equal(scheduleExpressionProblem(expr)?.problem, problem, expr);
    });

    it("refuses a wildcard in a field the guide's table does not give it", () => {
        const cases: [string, string][] = [
            ["cron(? 3 * * ? *)", 'minutes "?" cannot be ?: only day-of-month or day-of-week can'],
            ["cron(0 3 ? * */2 *)", 'day-of-week "*/2" cannot use / (increments)'],
            ["cron(0 L * * ? *)", 'hours "L" is not a number in 0-23'],
            ["cron(0 3 ? * 2W *)", 'day-of-week "2W" is not a number or name in 1-7 or SUN-SAT'],
            ["cron(0 3 1#2 * ? *)", 'day-of-month "1#2" is not a number in 1-31'],
            ["cron(0 3 ? * MON,? *)", 'day-of-week "MON,?" has "?", which must stand alone'],
        ];
        for (const [expr, problem] of cases) assert.equal(scheduleExpressionProblem(expr)?.problem, problem, expr);
    });

    it("refuses L, W and # in forms the guide does not give, or beside other days", () => {
        const dom = "is not L (the last day) or nW (the weekday nearest day n, 1-31)";
        const dow = "is not L, nL (the last day n of the month) or a single n#k (the k-th day n, k 1-5)";
        for (const text of ["LW", "L-3", "32W", "0W", "1,L", "5W,10"])
            assert.equal(
                scheduleExpressionProblem(`cron(0 3 ${text} * ? *)`)?.problem,
                `day-of-month "${text}" ${dom}`,
            );
        // "If you use a '#' character, you can define only one expression in the day-of-week field."
        for (const text of ["3#1,6#3", "3#6", "8#1", "0L", "#2"])
            assert.equal(scheduleExpressionProblem(`cron(0 3 ? * ${text} *)`)?.problem, `day-of-week "${text}" ${dow}`);
    });

    it("refuses an increment of 0, or larger than the field (AWS refused 60 minutes)", () => {
        refuses(
            "cron(*/60 * * * ? *)",
            'minutes "*/60" needs a whole increment of 1-59 after /',
            "use 0-59 with , - * /, e.g. cron(0 * * * ? *)",
        );
        assert.equal(
            scheduleExpressionProblem("cron(0 */0 * * ? *)")?.problem,
            'hours "*/0" needs a whole increment of 1-23 after /',
        );
        assert.equal(
            scheduleExpressionProblem("cron(0 3 * * ? */0)")?.problem,
            'year "*/0" needs a whole increment of 1 or more after /',
        );
    });

    it("refuses a year range that runs backwards (other fields may wrap)", () =>
        refuses(
            "cron(0 3 1 * ? 2025-2023)",
            'year "2025-2023" runs backwards: years cannot wrap',
            "use 1970-2199 with , - * /, e.g. cron(0 3 1 * ? *)",
        ));

    it("refuses empty list items and extra spaces", () => {
        assert.equal(
            scheduleExpressionProblem("cron(0 3 5,,7 * ? *)")?.problem,
            'day-of-month "5,,7" has an empty item between commas',
        );
        refuses("cron(0  3 * * ? *)", "has spaces other than one between fields", "write cron(0 3 * * ? *)");
        refuses("cron(0\t3 * * ? *)", "has spaces other than one between fields", "write cron(0 3 * * ? *)");
    });
});
