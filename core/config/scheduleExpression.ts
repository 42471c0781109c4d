/**
 * EventBridge Scheduler schedule expressions, checked before any resource: what CreateSchedule would refuse is
 * reported with a corrected example. Rules: the Scheduler User Guide, "Schedule types on EventBridge Scheduler"
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html), and the CreateSchedule API reference;
 * where they are silent, what AWS itself answered, recorded against AWS in localstack/localstack
 * tests/aws/services/scheduler/test_scheduler.snapshot.json ("AWS answered" below).
 */
import { quote } from "../support/paths";
import { closest } from "../taskdef/shape";

export { timezoneProblem } from "./timezone"; // ScheduleExpressionTimezone: IANA names, through Intl

export type ScheduleProblem = { problem: string; fix: string };

const said = (problem: string, fix: string): ScheduleProblem => ({ problem, fix });

// CreateSchedule ScheduleExpression: 1..256 characters (Scheduler API model, aws-sdk-js-v3
// codegen/sdk-codegen/aws-models/scheduler.json). terraform-provider-aws internal/service/scheduler/schedule.go
// checks only this length, so nothing else is caught before AWS.
const MAX_EXPRESSION = 256;

const DAILY = "cron(0 3 * * ? *)";
const EXAMPLES = `${DAILY}, rate(1 hour) or at(2030-01-31T09:00:00)`;
const SIX = "minutes hours day-of-month month day-of-week year";

interface Field {
    name: string;
    min: number;
    max: number;
    wildcards: string;
    names?: readonly string[];
    maxStep: number;
    example: string;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]; // 1 is SUN: "3#2 would be the second Tuesday"
// Values and wildcards: the User Guide's field table. maxStep, the largest increment after "/": the syntax is
// Quartz's, whose parser refuses a larger one (CronExpression.checkIncrementRange); AWS refused an increment of 60
// minutes (aws/aws-sdk-js#4212). example: a value that makes the field valid, for a fix.
const FIELDS: readonly Field[] = [
    { name: "minutes", min: 0, max: 59, wildcards: ", - * /", maxStep: 59, example: "0" },
    { name: "hours", min: 0, max: 23, wildcards: ", - * /", maxStep: 23, example: "3" },
    { name: "day-of-month", min: 1, max: 31, wildcards: ", - * ? / L W", maxStep: 31, example: "1" },
    { name: "month", min: 1, max: 12, wildcards: ", - * /", names: MONTHS, maxStep: 12, example: "*" },
    { name: "day-of-week", min: 1, max: 7, wildcards: ", - * ? L #", names: DAYS, maxStep: 0, example: "MON" },
    { name: "year", min: 1970, max: 2199, wildcards: ", - * /", maxStep: Infinity, example: "*" },
];
const [, , DOM, , DOW, YEAR] = FIELDS;

/** What is wrong with a ScheduleExpression (cron(), rate() or at()), or undefined when EventBridge Scheduler takes it. */
export function scheduleExpressionProblem(expr: string): ScheduleProblem | undefined {
    if (expr.trim() === "") return said("is empty", `write a schedule, e.g. ${EXAMPLES}`);
    if (expr.length > MAX_EXPRESSION)
        return said(
            `is ${expr.length} characters long; EventBridge Scheduler takes at most ${MAX_EXPRESSION}`,
            "shorten it: a long list of values can often be a range (8-17) or an increment (0/15)",
        );
    // AWS answered " rate(10 minutes)" with ValidationException.
    if (expr !== expr.trim())
        return said("has spaces around it", writeIf(expr.trim(), "remove the spaces before and after it"));
    const call = /^(cron|rate|at)\((.*)\)$/s.exec(expr);
    if (!call) return unwrapped(expr);
    return call[1] === "cron" ? cronProblem(call[2]) : call[1] === "rate" ? rateProblem(call[2]) : atProblem(call[2]);
}

// Every example a fix shows is checked first; the depth bounds the recursion (a candidate's own fix is not needed).
let depth = 0;
/** "write X" (or `lead` X) when X is an expression Scheduler takes, else `otherwise`. */
function writeIf(candidate: string | undefined, otherwise: string, lead = "write"): string {
    if (candidate === undefined || depth > 1) return otherwise;
    depth++;
    const ok = scheduleExpressionProblem(candidate) === undefined;
    depth--;
    return ok ? `${lead} ${candidate}` : otherwise;
}

/** Not cron(...), rate(...) or at(...): a bare crontab line, a shorthand, a capitalised or spaced call. */
function unwrapped(expr: string): ScheduleProblem {
    const call = /^(cron|rate|at)\s*\((.*)\)$/is.exec(expr);
    if (call) {
        const kind = call[1].toLowerCase();
        return said(
            `must start with ${kind}( in lower case, with no space before the parenthesis`,
            writeIf(`${kind}(${call[2]})`, `write e.g. ${EXAMPLES}`),
        );
    }
    if (/^(cron|rate|at)\s*\(/i.test(expr) && !expr.endsWith(")"))
        return said("has no closing parenthesis", writeIf(`${expr})`, `write e.g. ${EXAMPLES}`));
    if (/^@\w+$/.test(expr))
        return said(`${quote(expr)} is a crontab shorthand`, `write e.g. ${DAILY} (03:00 daily) or rate(1 hour)`);
    const fields = expr.split(/\s+/);
    if (fields.length === 5)
        return said(
            `${quote(expr)} is a 5-field Unix cron line; EventBridge Scheduler takes cron(${SIX})`,
            writeIf(fromUnix(fields), `write it as six fields inside cron( ), e.g. ${DAILY}`),
        );
    if (fields.length === 6 || fields.length === 7)
        return said(
            `${quote(expr)} has no cron( ) around it`,
            writeIf(
                `cron(${fields.slice(-6).join(" ")})`,
                `write six fields inside cron( ): cron(${SIX}), e.g. ${DAILY}`,
            ),
        );
    return said(`${quote(expr)} is not a cron(), rate() or at() expression`, `write e.g. ${EXAMPLES}`);
}

/** A Unix crontab line (m h dom mon dow, Sunday 0 or 7) as Scheduler's six fields, or undefined. */
function fromUnix(fields: string[]): string | undefined {
    const [minutes, hours, dom, month, dow] = fields;
    // Already Scheduler's day fields, only the year missing.
    if (dom === "?" || dow === "?") return `cron(${fields.join(" ")} *)`;
    if (dow.includes("/") || /\d{2}|[89]/.test(dow)) return undefined;
    const days = dow.toUpperCase().replace(/\d/g, (d) => String((Number(d) % 7) + 1));
    // Unix matches either day field; Scheduler takes one: the one that is set, else every day.
    const [d, w] = dow === "*" ? [dom, "?"] : dom === "*" ? ["?", days] : [dom, "?"];
    return `cron(${minutes} ${hours} ${d} ${month} ${w} *)`;
}

function cronProblem(body: string): ScheduleProblem | undefined {
    const fields = body.trim().split(/\s+/);
    if (body.trim() === "") return said("cron() has no fields", `write cron(${SIX}), e.g. ${DAILY}`);
    // The API reference: "six fields separated by white spaces", and every AWS example has six. (The guide's text
    // now calls the year optional, with no example of a five-field expression: a year is required here.)
    if (fields.length === 5)
        return said(
            `has 5 fields, like a Unix cron line; EventBridge Scheduler needs 6: ${SIX}`,
            writeIf(fromUnix(fields), `add the year and put ? in day-of-month or day-of-week, e.g. ${DAILY}`),
        );
    if (fields.length === 7)
        return said(
            `has 7 fields; EventBridge Scheduler has no seconds field and needs 6: ${SIX}`,
            writeIf(`cron(${fields.slice(1).join(" ")})`, `drop the seconds field, e.g. ${DAILY}`),
        );
    if (fields.length !== 6) return said(`needs 6 fields, not ${fields.length}: ${SIX}`, `write e.g. ${DAILY}`);
    // The guide: "six required fields separated by white space"; AWS answered "rate( 10 minutes )" with a
    // ValidationException, so one space between fields is what is known to pass.
    const tidy = `cron(${fields.join(" ")})`;
    if (body !== fields.join(" "))
        return said("has spaces other than one between fields", writeIf(tidy, `write e.g. ${DAILY}`));
    for (const [i, field] of FIELDS.entries()) {
        const problem = fieldProblem(field, fields[i]);
        if (!problem) continue;
        const example = [...fields];
        example[i] = field.example;
        if (field === DOM || field === DOW) example[field === DOM ? 4 : 2] = "?";
        const takes = `use ${range(field)} with ${field.wildcards}`;
        const fix = writeIf(`cron(${example.join(" ")})`, takes, `${takes}, e.g.`);
        return said(`${field.name} ${quote(fields[i])} ${problem}`, fix);
    }
    // "You can't use * in both the Day-of-month and Day-of-week fields. If you use it in one, you must use ? in the other";
    // AWS answered cron(0 1 * * * *) with ValidationException. Quartz, whose syntax this is, refuses ? in both.
    const [dom, dow] = [fields[2], fields[4]];
    if ((dom === "?") === (dow === "?")) {
        const example = [...fields];
        if (dom === "?") example[2] = "*";
        else example[dow === "*" || dom !== "*" ? 4 : 2] = "?";
        return said(
            dom === "?"
                ? "has ? in both day-of-month and day-of-week; one of them must say which days"
                : `sets both day-of-month (${dom}) and day-of-week (${dow}); one of them must be ?`,
            writeIf(`cron(${example.join(" ")})`, `put ? in one of them, e.g. ${DAILY}`),
        );
    }
    return undefined;
}

function range(f: Field): string {
    return `${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ""}`;
}

/** What is wrong with one field, as a phrase after its name and value ("is outside 0-59"). */
function fieldProblem(f: Field, text: string): string | undefined {
    if (text === "?")
        return f.wildcards.includes("?") ? undefined : "cannot be ?: only day-of-month or day-of-week can";
    // L (last), W (weekday nearest day n) and # (nth weekday) each make the whole field: the guide's
    // "If you use a '#' character, you can define only one expression in the day-of-week field", and Quartz
    // refuses L or W beside other days. LW and L-n, which Quartz has, are not in the guide: refused.
    if (f === DOM && /[LW]/.test(text)) {
        const w = /^(\d+)W$/.exec(text);
        if (text === "L" || (w && Number(w[1]) >= 1 && Number(w[1]) <= 31)) return undefined;
        return "is not L (the last day) or nW (the weekday nearest day n, 1-31)";
    }
    if (f === DOW && (text.includes("#") || /L$/.test(text))) {
        const m = /^(\w+?)(?:#([1-5])|L)$/.exec(text);
        if (text === "L" || (m && typeof value(f, m[1]) === "number")) return undefined;
        return "is not L, nL (the last day n of the month) or a single n#k (the k-th day n, k 1-5)";
    }
    for (const item of text.split(",")) {
        if (item === "") return "has an empty item between commas";
        const problem = itemProblem(f, item);
        if (problem) return item === text ? problem : `has ${quote(item)}, which ${problem}`;
    }
    return undefined;
}

function itemProblem(f: Field, item: string): string | undefined {
    if (item === "?") return "must stand alone";
    const [span, step, ...more] = item.split("/");
    if (step !== undefined) {
        if (!f.wildcards.includes("/")) return "cannot use / (increments)";
        const n = Number(step);
        if (more.length > 0 || !/^\d+$/.test(step) || n < 1 || n > f.maxStep)
            return `needs a whole increment of ${f.maxStep === Infinity ? "1 or more" : `1-${f.maxStep}`} after /`;
    }
    if (span === "*") return undefined;
    const ends = span.split("-");
    if (ends.length > 2 || ends.includes("")) return "is not a value, a range (a-b) or *";
    const values = ends.map((e) => value(f, e));
    const wrong = values.find((v): v is string => typeof v === "string");
    if (wrong !== undefined) return wrong;
    // A range may wrap (the guide's own example hours 20-2 runs 22:00 to 02:00); a year range cannot.
    if (f === YEAR && values.length === 2 && values[0] > values[1]) return "runs backwards: years cannot wrap";
    return undefined;
}

/** A field value as its number, or what is wrong with it. */
function value(f: Field, token: string): number | string {
    const name = f.names?.indexOf(token.toUpperCase()) ?? -1;
    if (name >= 0) return f.min + name;
    const n = Number(token);
    if (!/^\d+$/.test(token)) return `is not a number${f.names ? " or name" : ""} in ${range(f)}`;
    if (n < f.min || n > f.max) return `is outside ${range(f)}${f === DOW ? " (1 is SUN: Unix's 0 is 1 here)" : ""}`;
    return n;
}

const UNITS = ["minute", "minutes", "hour", "hours", "day", "days"];

// "value as a positive integer, and a unit: minute | minutes | hour | hours | day | days" (CreateSchedule API
// reference). Unlike EventBridge rules, Scheduler takes either number of the unit: AWS answered
// UpdateSchedule rate(2 minute) with 200, and the guide writes rate(1 days).
function rateProblem(body: string): ScheduleProblem | undefined {
    const parts = body.trim().split(/\s+/);
    if (parts.length !== 2 || parts[0] === "")
        return said(`${quote(`rate(${body})`)} needs a value and a unit`, "write e.g. rate(5 minutes) or rate(1 hour)");
    const [value, unit] = parts;
    const unitOk = UNITS.includes(unit);
    // AWS answered "rate( 10 minutes )" with ValidationException.
    if (body !== `${value} ${unit}`)
        return said(
            "has spaces other than one between value and unit",
            writeIf(`rate(${value} ${unit})`, "write e.g. rate(5 minutes)"),
        );
    if (!/^\d+$/.test(value) || Number(value) < 1)
        return said(
            `value ${quote(value)} is not a whole number of 1 or more`,
            `write e.g. rate(5 ${unitOk ? unit.replace(/s?$/, "s") : "minutes"})`,
        );
    if (unitOk) return undefined;
    const n = Number(value);
    const units = "minute(s), hour(s) or day(s)";
    if (/^(sec|seconds?)$/i.test(unit))
        return said("rate() cannot count seconds: the shortest rate is one minute", "write rate(1 minute)");
    if (/^(weeks?|months?|years?)$/i.test(unit)) {
        const fix = /^w/i.test(unit)
            ? `write rate(${n * 7} days)`
            : "use cron() for dates, e.g. cron(0 3 1 * ? *) monthly";
        return said(`rate() has no ${unit.replace(/s$/, "")} unit, only ${units}`, fix);
    }
    const guess = closest(unit, UNITS);
    return said(
        `unit ${quote(unit)} is not one of ${units}`,
        writeIf(guess && `rate(${value} ${guess})`, "write e.g. rate(5 minutes) or rate(1 hour)"),
    );
}

// at(yyyy-mm-ddThh:mm:ss) in the schedule's time zone. AWS answered at(2021-12-31T23:59:59Z) and at(2021-12-31)
// with ValidationException, and took at(2022-12-31T23:59:59) after that date: a past time is not refused.
const NEAR_AT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
function atProblem(body: string): ScheduleProblem | undefined {
    const exact = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
    if (!exact) {
        const near = NEAR_AT.exec(body.trim());
        const candidate = near ? `at(${near[1]}T${near[2] ?? "00:00"}${near[3] ?? ":00"})` : undefined;
        const fix = writeIf(candidate, "write e.g. at(2030-01-31T09:00:00)");
        if (near?.[4])
            return said(`${quote(body)} has a time-zone suffix; at() takes local time, in the timezone setting`, fix);
        return said(`${quote(`at(${body})`)} is not at(yyyy-mm-ddThh:mm:ss)`, fix);
    }
    const [y, mo, d, h, mi, s] = exact.slice(1).map(Number);
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    const last = mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
    const pad = (n: number) => String(n).padStart(2, "0");
    const time = `${pad(Math.min(h, 23))}:${pad(Math.min(mi, 59))}:${pad(Math.min(s, 59))}`;
    if (mo < 1 || mo > 12)
        return said(`month ${exact[2]} is not 01-12`, `write e.g. at(${exact[1]}-12-${exact[3]}T${time})`);
    if (d < 1 || d > last)
        return said(
            `${exact[1]}-${exact[2]} has no day ${exact[3]}`,
            `write e.g. at(${exact[1]}-${exact[2]}-${pad(last)}T${time}) for its last day`,
        );
    if (h > 23 || mi > 59 || s > 59)
        return said(
            `${exact[4]}:${exact[5]}:${exact[6]} is not a time of day`,
            `write e.g. at(${body.slice(0, 11)}${time})`,
        );
    return undefined;
}
