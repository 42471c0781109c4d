/**
 * EventBridge Scheduler's ScheduleExpressionTimezone, checked before any resource (scheduleExpression.ts re-exports it).
 */
import { quote } from "../support/paths";
import { closest } from "../taskdef/shape";

// "EventBridge Scheduler uses the Time Zone Database maintained by the IANA" (the guide, "Time zones").
// Node's full ICU knows the same database: its canonical names, and the links it resolves (US/Eastern, Asia/Kolkata).
const ZONE_LIST = [...Intl.supportedValuesOf("timeZone"), "UTC"];
const ZONES = new Set(ZONE_LIST);
const MAX_TIMEZONE = 50;
const said = (problem: string, fix: string) => ({ problem, fix });

function resolveZone(tz: string): string | undefined {
    try {
        return new Intl.DateTimeFormat("en", { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
        return undefined;
    }
}

/** The known zone nearest a misspelt name, whole ("Europe/Stockolm") or by its place ("Stockholm", "New York"). */
function nearestZone(tz: string): string | undefined {
    const name = tz.trim().replace(/ /g, "_");
    const whole = closest(name, ZONE_LIST);
    if (whole) return whole;
    const places = new Map(ZONE_LIST.map((z) => [z.slice(z.lastIndexOf("/") + 1), z]));
    const place = closest(name.slice(name.lastIndexOf("/") + 1), [...places.keys()]);
    return place && places.get(place);
}

/** What is wrong with a ScheduleExpressionTimezone, or undefined when it is an IANA time-zone name. */
export function timezoneProblem(tz: string): { problem: string; fix: string } | undefined {
    const example = "e.g. Europe/Stockholm or UTC";
    if (tz.trim() === "") return said("is empty", `name an IANA time zone, ${example}`);
    // CreateSchedule ScheduleExpressionTimezone: 1..50 characters (Scheduler API model, aws-sdk-js-v3
    // codegen/sdk-codegen/aws-models/scheduler.json; terraform-provider-aws internal/service/scheduler/schedule.go).
    if (tz.length > MAX_TIMEZONE)
        return said(
            `is ${tz.length} characters long; EventBridge Scheduler takes at most ${MAX_TIMEZONE}`,
            `write ${example}`,
        );
    if (ZONES.has(tz)) return undefined;
    if (tz !== tz.trim())
        return said("has spaces around it", ZONES.has(tz.trim()) ? `write ${tz.trim()}` : "remove them");
    const offset = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(tz);
    if (offset) {
        // Etc/GMT names count the other way round: UTC+01:00 is Etc/GMT-1.
        const fixed = `Etc/GMT${offset[1] === "+" ? "-" : "+"}${Number(offset[2])}`;
        const also =
            (!offset[3] || offset[3] === "00") && resolveZone(fixed) === fixed
                ? `, or ${fixed} for a fixed offset`
                : "";
        return said(`${quote(tz)} is a UTC offset, not an IANA time-zone name`, `name the place, ${example}${also}`);
    }
    const resolved = resolveZone(tz);
    if (resolved === undefined) {
        const guess = nearestZone(tz);
        return said(
            `${quote(tz)} is not an IANA time-zone name`,
            guess ? `did you mean ${guess}?` : `name one from the IANA time-zone database, ${example}`,
        );
    }
    // Intl matches names in any case; the database spells each one way (Europe/Stockholm), and AWS is not known to fold case.
    const spelt = ZONE_LIST.find((z) => z.toLowerCase() === tz.toLowerCase());
    if (spelt || tz.split("/").some((part) => !/^[A-Z]/.test(part)))
        return said(`${quote(tz)} is not spelt as the IANA database spells it`, `write ${spelt ?? resolved}`);
    return undefined;
}
