/** core/config/scheduleExpression.ts over generated input: what it takes, what it refuses, and that every fix it shows is taken. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { scheduleExpressionProblem } from "../../../core/config/scheduleExpression";
import { accepts, examplesIn } from "../../support/scheduleExpressions";

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
