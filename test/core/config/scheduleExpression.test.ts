/**
 * core/config/scheduleExpression.ts: a job's schedule (EventBridge Scheduler's ScheduleExpression) is checked
 * before any resource, each refusal saying what is wrong and showing a corrected example. cron() fields by the
 * guide's rules are in scheduleExpression.cron.test.ts, properties over generated input in
 * scheduleExpression.properties.test.ts, time zones in timezone.test.ts.
 */
import assert from "node:assert/strict";
import { scheduleExpressionProblem } from "../../../core/config/scheduleExpression";
import { accepts, refuses } from "../../support/scheduleExpressions";

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
