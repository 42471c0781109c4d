/**
 * core/config/scheduleExpression.ts: a job's schedule (EventBridge Scheduler's ScheduleExpression) and its
 * timezone (ScheduleExpressionTimezone) are checked before any resource, each refusal saying what is wrong
 * and showing a corrected example.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { scheduleExpressionProblem, timezoneProblem } from "../../../core/config/scheduleExpression";

const accepts = (expr: string) => assert.equal(scheduleExpressionProblem(expr), undefined, expr);
const refuses = (expr: string, problem: string, fix: string) =>
    assert.deepEqual(scheduleExpressionProblem(expr), { problem, fix }, expr);

/** The expressions a fix tells the user to write ("write X", "e.g. X"). */
function examplesIn(fix: string): string[] {
    return [...fix.matchAll(/(?:cron|rate|at)\([^)]*\)/g)]
        .map((m) => m[0])
        .filter((e) => !e.includes(" day-of-month ") && !/^\w+\(\s*\)$/.test(e));
}

describe("schedule expressions: what EventBridge Scheduler takes", () => {
    it("takes the examples of the Scheduler User Guide (Schedule types on EventBridge Scheduler)", () => {
        for (const expr of [
            "rate(5 minutes)",
            "cron(15 10 ? * 6L 2022-2023)",
            "at(2022-11-20T13:00:00)",
            "cron(30 8 * * ? *)",
            "cron(30 2 * * ? *)",
            "rate(1 days)",
        ])
            accepts(expr);
    });

    it("takes the cron reference's examples and the wildcards as the field table places them", () => {
        for (const expr of [
            "cron(0 10 * * ? *)",
            "cron(15 12 * * ? *)",
            "cron(0 18 ? * MON-FRI *)",
            "cron(0 8 1 * ? *)",
            "cron(0/15 * * * ? *)",
            "cron(0/10 * ? * MON-FRI *)",
            "cron(0/5 8-17 ? * MON-FRI *)",
            "cron(0/30 20-2 ? * MON-FRI *)", // a range may wrap past midnight
            "cron(1/10 * * * ? *)",
            "cron(0 0 1-15 JAN,FEB,MAR ? *)",
            "cron(0 9 3W * ? *)",
            "cron(0 9 L * ? *)",
            "cron(0 9 ? * L *)",
            "cron(0 9 ? * 3#2 *)",
            "cron(*/5 * * * ? *)",
            "cron(0 0 1 */3 ? 2030/2)",
            "cron(59 23 31 12 ? 2199)",
            "cron(0 0 1 1 ? 1970)",
        ])
            accepts(expr);
    });

    it("takes what AWS accepted when called (Terraform's and LocalStack's runs against AWS)", () => {
        // terraform-provider-aws internal/service/scheduler/schedule_test.go; LocalStack's scheduler snapshots,
        // where UpdateSchedule took rate(2 minute): Scheduler does not hold the unit to the value's number.
        for (const expr of [
            "rate(1 hour)",
            "rate(1 day)",
            "rate(1 minute)",
            "rate(2 minute)",
            "at(2022-12-31T23:59:59)",
        ])
            accepts(expr);
        // localstack/localstack#13572: expressions its reporter checked in AWS.
        for (const expr of [
            "cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)",
            "cron(30-30 13-13 ? * 2,4,6 *)",
            "cron(1-31/30 1-1 ? * 1,7 *)",
        ])
            accepts(expr);
    });

    it("takes the issue's nightly report schedule, and month and day names in any case (Quartz reads them so)", () => {
        accepts("cron(0 3 * * ? *)");
        accepts("cron(0 3 ? jan-mar mon-fri *)");
    });
});

describe("schedule expressions: what AWS answered with a ValidationException", () => {
    // LocalStack's tests_create_schedule_with_invalid_schedule_expression, recorded against AWS.
    it("refuses a day-of-month and a day-of-week both set: cron(0 1 * * * *)", () =>
        refuses(
            "cron(0 1 * * * *)",
            "sets both day-of-month (*) and day-of-week (*); one of them must be ?",
            "write cron(0 1 * * ? *)",
        ));

    it("refuses a word where a value goes", () => {
        refuses(
            "cron(7 20 * * NOT *)",
            'day-of-week "NOT" is not a number or name in 1-7 or SUN-SAT',
            "use 1-7 or SUN-SAT with , - * ? L #, e.g. cron(7 20 ? * MON *)",
        );
        refuses(
            "cron(0 dummy ? * MON-FRI *)",
            'hours "dummy" is not a number in 0-23',
            "use 0-23 with , - * /, e.g. cron(0 3 ? * MON-FRI *)",
        );
    });

    it("refuses a cron() without six fields", () => {
        refuses(
            "cron(INVALID)",
            "needs 6 fields, not 1: minutes hours day-of-month month day-of-week year",
            "write e.g. cron(0 3 * * ? *)",
        );
        refuses(
            "cron()",
            "cron() has no fields",
            "write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 3 * * ? *)",
        );
    });

    it("refuses minute 71", () =>
        refuses("cron(71 8 1 * ? *)", 'minutes "71" is outside 0-59', "use 0-59 with , - * /, e.g. cron(0 8 1 * ? *)"));

    it("refuses rates in seconds or years, without a unit, or with a misspelt one", () => {
        refuses(
            "rate(10 seconds)",
            "rate() cannot count seconds: the shortest rate is one minute",
            "write rate(1 minute)",
        );
        refuses(
            "rate(10 years)",
            "rate() has no year unit, only minute(s), hour(s) or day(s)",
            "use cron() for dates, e.g. cron(0 3 1 * ? *) monthly",
        );
        refuses("rate()", '"rate()" needs a value and a unit', "write e.g. rate(5 minutes) or rate(1 hour)");
        refuses("rate(10)", '"rate(10)" needs a value and a unit', "write e.g. rate(5 minutes) or rate(1 hour)");
        refuses(
            "rate(10 minutess)",
            'unit "minutess" is not one of minute(s), hour(s) or day(s)',
            "write rate(10 minutes)",
        );
    });

    it("refuses a rate whose value is not a whole number of 1 or more", () => {
        for (const value of ["foo", "-10", "0", "1.5"])
            refuses(
                `rate(${value} minutes)`,
                `value "${value}" is not a whole number of 1 or more`,
                "write e.g. rate(5 minutes)",
            );
    });

    it("refuses spaces inside rate() or around the expression", () => {
        refuses("rate( 10 minutes )", "has spaces other than one between value and unit", "write rate(10 minutes)");
        refuses(" rate(10 minutes)", "has spaces around it", "write rate(10 minutes)");
    });

    it("refuses an at() with a zone suffix, or with a date only", () => {
        refuses(
            "at(2021-12-31T23:59:59Z)",
            '"2021-12-31T23:59:59Z" has a time-zone suffix; at() takes local time, in the timezone setting',
            "write at(2021-12-31T23:59:59)",
        );
        refuses("at(2021-12-31)", '"at(2021-12-31)" is not at(yyyy-mm-ddThh:mm:ss)', "write at(2021-12-31T00:00:00)");
    });
});

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

describe("schedule expressions: rate() and at()", () => {
    it("turns weeks into days", () =>
        refuses("rate(2 weeks)", "rate() has no week unit, only minute(s), hour(s) or day(s)", "write rate(14 days)"));

    it("refuses a date that is not on the calendar, showing the month's last day", () => {
        refuses(
            "at(2023-02-29T10:00:00)",
            "2023-02 has no day 29",
            "write e.g. at(2023-02-28T10:00:00) for its last day",
        );
        accepts("at(2024-02-29T10:00:00)"); // a leap year
        refuses(
            "at(2100-02-29T10:00:00)",
            "2100-02 has no day 29",
            "write e.g. at(2100-02-28T10:00:00) for its last day",
        );
        accepts("at(2000-02-29T10:00:00)");
        refuses(
            "at(2030-04-31T09:00:00)",
            "2030-04 has no day 31",
            "write e.g. at(2030-04-30T09:00:00) for its last day",
        );
        refuses("at(2030-13-01T09:00:00)", "month 13 is not 01-12", "write e.g. at(2030-12-01T09:00:00)");
        refuses(
            "at(2030-01-00T09:00:00)",
            "2030-01 has no day 00",
            "write e.g. at(2030-01-31T09:00:00) for its last day",
        );
    });

    it("refuses a time that is not on the clock", () =>
        refuses("at(2030-01-31T24:00:00)", "24:00:00 is not a time of day", "write e.g. at(2030-01-31T23:00:00)"));

    it("refuses other date-time layouts, showing the one it takes", () => {
        refuses(
            "at(2030-01-31 09:00)",
            '"at(2030-01-31 09:00)" is not at(yyyy-mm-ddThh:mm:ss)',
            "write at(2030-01-31T09:00:00)",
        );
        refuses(
            "at(2030-01-31T09:00:00.000)",
            '"at(2030-01-31T09:00:00.000)" is not at(yyyy-mm-ddThh:mm:ss)',
            "write at(2030-01-31T09:00:00)",
        );
        refuses(
            "at(2030-01-31T09:00:00+01:00)",
            '"2030-01-31T09:00:00+01:00" has a time-zone suffix; at() takes local time, in the timezone setting',
            "write at(2030-01-31T09:00:00)",
        );
        refuses(
            "at(31/01/2030 09:00)",
            '"at(31/01/2030 09:00)" is not at(yyyy-mm-ddThh:mm:ss)',
            "write e.g. at(2030-01-31T09:00:00)",
        );
    });
});

describe("schedule expressions: other mistakes", () => {
    it("refuses an empty expression and one over CreateSchedule's 256 characters", () => {
        refuses("", "is empty", "write a schedule, e.g. cron(0 3 * * ? *), rate(1 hour) or at(2030-01-31T09:00:00)");
        const long = `cron(${Array.from({ length: 100 }, (_, i) => i % 60).join(",")} 3 * * ? *)`;
        assert.ok(long.length > 256);
        assert.equal(
            scheduleExpressionProblem(long)?.problem,
            `is ${long.length} characters long; EventBridge Scheduler takes at most 256`,
        );
    });

    it("refuses a crontab shorthand, a capitalised call and a missing parenthesis", () => {
        refuses(
            "@daily",
            '"@daily" is a crontab shorthand',
            "write e.g. cron(0 3 * * ? *) (03:00 daily) or rate(1 hour)",
        );
        refuses(
            "Cron(0 3 * * ? *)",
            "must start with cron( in lower case, with no space before the parenthesis",
            "write cron(0 3 * * ? *)",
        );
        refuses(
            "rate (5 minutes)",
            "must start with rate( in lower case, with no space before the parenthesis",
            "write rate(5 minutes)",
        );
        refuses("cron(0 3 * * ? *", "has no closing parenthesis", "write cron(0 3 * * ? *)");
        refuses(
            "every day",
            '"every day" is not a cron(), rate() or at() expression',
            "write e.g. cron(0 3 * * ? *), rate(1 hour) or at(2030-01-31T09:00:00)",
        );
    });
});

describe("schedule expressions: properties", () => {
    const units = fc.constantFrom("minute", "minutes", "hour", "hours", "day", "days");

    it("takes every rate() of a whole number of 1 or more and a unit", () =>
        fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), units, (n, unit) => accepts(`rate(${n} ${unit})`))));

    it("takes every at() on the calendar, and refuses the day after a month's last", () => {
        const pad = (n: number, w = 2) => String(n).padStart(w, "0");
        const dates = fc.date({
            min: new Date("1970-01-01T00:00:00Z"),
            max: new Date("2199-12-31T23:59:59Z"),
            noInvalidDate: true,
        });
        fc.assert(
            fc.property(dates, (d) => {
                const [y, m] = [d.getUTCFullYear(), d.getUTCMonth() + 1];
                const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
                accepts(`at(${pad(y, 4)}-${pad(m)}-${pad(d.getUTCDate())}T${time})`);
                const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
                assert.equal(
                    scheduleExpressionProblem(`at(${pad(y, 4)}-${pad(m)}-${pad(last + 1)}T${time})`)?.problem,
                    `${pad(y, 4)}-${pad(m)} has no day ${last + 1}`,
                );
            }),
        );
    });

    it("takes every cron() built from the field table's values and wildcards", () => {
        const list = (item: fc.Arbitrary<string>) =>
            fc.array(item, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(","));
        const field = (min: number, max: number, step: number, names: string[] = [], wrap = true) => {
            const v = fc.oneof(
                fc.integer({ min, max }).map(String),
                ...(names.length ? [fc.constantFrom(...names)] : []),
            );
            const span = fc
                .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
                .map(([a, b]) => (wrap || a <= b ? `${a}-${b}` : `${b}-${a}`));
            const steps = step
                ? [
                      fc
                          .tuple(fc.oneof(v, span, fc.constant("*")), fc.integer({ min: 1, max: step }))
                          .map(([s, n]) => `${s}/${n}`),
                  ]
                : [];
            return fc.oneof(fc.constant("*"), list(fc.oneof(v, span, ...steps)));
        };
        const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
        const days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
        const dom = fc.oneof(
            field(1, 31, 31),
            fc.constant("L"),
            fc.integer({ min: 1, max: 31 }).map((n) => `${n}W`),
        );
        const dow = fc.oneof(
            field(1, 7, 0, days),
            fc.constant("L"),
            fc.integer({ min: 1, max: 7 }).map((n) => `${n}L`),
            fc
                .tuple(
                    fc.oneof(fc.integer({ min: 1, max: 7 }).map(String), fc.constantFrom(...days)),
                    fc.integer({ min: 1, max: 5 }),
                )
                .map(([d, k]) => `${d}#${k}`),
        );
        const cron = fc
            .tuple(
                field(0, 59, 59),
                field(0, 23, 23),
                dom,
                field(1, 12, 12, months),
                dow,
                field(1970, 2199, 10, [], false),
                fc.boolean(),
            )
            .map(
                ([mi, h, d, mo, w, y, byDate]) => `cron(${mi} ${h} ${byDate ? d : "?"} ${mo} ${byDate ? "?" : w} ${y})`,
            )
            .filter((e) => e.length <= 256);
        fc.assert(fc.property(cron, accepts));
    });

    it("turns every Unix crontab line into a cron() it takes, keeping minutes and hours", () => {
        const unixField = (max: number) =>
            fc.oneof(
                fc.constant("*"),
                fc.integer({ min: 0, max }).map(String),
                fc.integer({ min: 1, max: 30 }).map((n) => `*/${n % max || 1}`),
            );
        const line = fc.tuple(
            unixField(59),
            unixField(23),
            fc.oneof(fc.constant("*"), fc.integer({ min: 1, max: 31 }).map(String)),
            fc.constant("*"),
            fc.oneof(fc.constant("*"), fc.integer({ min: 0, max: 7 }).map(String), fc.constant("1-5")),
        );
        fc.assert(
            fc.property(line, (fields) => {
                const fix = scheduleExpressionProblem(fields.join(" "))?.fix ?? "";
                const [example] = examplesIn(fix);
                assert.ok(fix.startsWith("write cron("), fix);
                accepts(example);
                assert.deepEqual(example.slice(5).split(" ").slice(0, 2), fields.slice(0, 2));
            }),
        );
    });

    it("answers any text with nothing, or one line of problem and fix whose examples it takes", () => {
        const near = fc
            .tuple(
                fc.constantFrom("cron(0 3 * * ? *)", "rate(5 minutes)", "at(2030-01-31T09:00:00)", "0 3 * * *"),
                fc.nat(40),
                fc.string({ unit: "binary-ascii", maxLength: 3 }),
            )
            .map(([e, i, s]) => e.slice(0, i % (e.length + 1)) + s + e.slice(i % (e.length + 1)));
        fc.assert(
            fc.property(fc.oneof(fc.string({ unit: "binary-ascii" }), near), (text) => {
                const answer = scheduleExpressionProblem(text);
                if (!answer) return;
                assert.ok(answer.problem.length > 0 && answer.fix.length > 0);
                assert.ok(!/[\n\r\u2028\u2029]/.test(answer.problem + answer.fix), JSON.stringify(answer));
                for (const example of examplesIn(answer.fix)) accepts(example);
            }),
            { numRuns: 2000 },
        );
    });
});

describe("time zones: IANA names, as EventBridge Scheduler takes them", () => {
    it("takes the guide's, Terraform's and the issue's zones, UTC, and links of the IANA database", () => {
        for (const tz of [
            "America/New_York",
            "America/Los_Angeles",
            "Europe/Paris",
            "Australia/Sydney",
            "Europe/Stockholm",
            "UTC",
        ])
            assert.equal(timezoneProblem(tz), undefined, tz);
        for (const tz of ["US/Eastern", "Asia/Kolkata", "Europe/Kyiv", "Etc/UTC", "Etc/GMT-1", "GMT"])
            assert.equal(timezoneProblem(tz), undefined, tz);
    });

    it("takes every zone Node's ICU lists", () => {
        for (const tz of Intl.supportedValuesOf("timeZone")) assert.equal(timezoneProblem(tz), undefined, tz);
    });

    it("refuses a misspelt name, suggesting the nearest zone", () => {
        assert.deepEqual(timezoneProblem("Europe/Stockolm"), {
            problem: '"Europe/Stockolm" is not an IANA time-zone name',
            fix: "did you mean Europe/Stockholm?",
        });
        assert.equal(timezoneProblem("Stockholm")?.fix, "did you mean Europe/Stockholm?");
        assert.equal(timezoneProblem("New York")?.fix, "did you mean America/New_York?");
        assert.equal(timezoneProblem("Austrlia/Sydney")?.fix, "did you mean Australia/Sydney?");
    });

    it("refuses a name it cannot place", () =>
        assert.deepEqual(timezoneProblem("Mars/Olympus_Mons"), {
            problem: '"Mars/Olympus_Mons" is not an IANA time-zone name',
            fix: "name one from the IANA time-zone database, e.g. Europe/Stockholm or UTC",
        }));

    it("refuses a name in the wrong case, showing the database's spelling", () => {
        for (const [tz, right] of [
            ["europe/stockholm", "Europe/Stockholm"],
            ["EUROPE/STOCKHOLM", "Europe/Stockholm"],
            ["utc", "UTC"],
            ["us/eastern", "America/New_York"],
        ])
            assert.deepEqual(timezoneProblem(tz), {
                problem: `"${tz}" is not spelt as the IANA database spells it`,
                fix: `write ${right}`,
            });
    });

    it("refuses a UTC offset, naming the Etc zone for a whole hour", () => {
        assert.deepEqual(timezoneProblem("+01:00"), {
            problem: '"+01:00" is a UTC offset, not an IANA time-zone name',
            fix: "name the place, e.g. Europe/Stockholm or UTC, or Etc/GMT-1 for a fixed offset",
        });
        assert.equal(
            timezoneProblem("UTC-3")?.fix,
            "name the place, e.g. Europe/Stockholm or UTC, or Etc/GMT+3 for a fixed offset",
        );
        assert.equal(timezoneProblem("GMT+05:30")?.fix, "name the place, e.g. Europe/Stockholm or UTC");
    });

    it("refuses an empty name, spaces around it, and more than CreateSchedule's 50 characters", () => {
        assert.deepEqual(timezoneProblem(""), {
            problem: "is empty",
            fix: "name an IANA time zone, e.g. Europe/Stockholm or UTC",
        });
        assert.deepEqual(timezoneProblem(" Europe/Stockholm"), {
            problem: "has spaces around it",
            fix: "write Europe/Stockholm",
        });
        assert.equal(
            timezoneProblem(`America/${"A".repeat(50)}`)?.problem,
            "is 58 characters long; EventBridge Scheduler takes at most 50",
        );
    });
});
