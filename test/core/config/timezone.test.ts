/** core/config/timezone.ts: a job's timezone is an IANA name EventBridge Scheduler takes, checked before any resource. */
import assert from "node:assert/strict";
import { timezoneProblem } from "../../../core/config/timezone";

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
