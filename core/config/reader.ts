import { ConfigError, UserError } from "../support/errors";
import { isPlainObject, quote } from "../support/paths";
import { closest } from "../taskdef/shape";

const PLAIN_KEY = /^[A-Za-z0-9_.\-[\]=]+$/;

/** How a user's value reads in a message: strings quoted and escaped, the rest as JSON. */
export function shown(v: unknown): string {
    return typeof v === "string" ? quote(v) : (JSON.stringify(v) ?? String(v));
}

/**
 * Reads one object of stack config with types, ranges and defaults, and rejects
 * unknown keys, so a typo in a stack file fails the preview instead of being ignored.
 * Problems are collected, not thrown: a reader records each one, returns the
 * default and carries on, so the caller reports every problem at once.
 */
export class ConfigReader {
    private readonly seen = new Set<string>();

    constructor(
        readonly where: string,
        readonly path: string,
        private readonly value: Record<string, unknown>,
        readonly problems: UserError[] = [],
        /** ":" for the stack file's top level (ecs-deploy:protect), "." inside a setting. */
        private readonly separator = ".",
    ) {}

    static of(where: string, path: string, value: unknown, problems: UserError[] = []): ConfigReader {
        if (value !== undefined && value !== null && !isPlainObject(value)) {
            problems.push(
                new ConfigError(
                    where,
                    path,
                    `must be an object, got ${Array.isArray(value) ? "a list" : typeof value}`,
                    "write it as a YAML mapping of its fields",
                ),
            );
            return new ConfigReader(where, path, {}, problems);
        }
        return new ConfigReader(where, path, (value as Record<string, unknown> | undefined) ?? {}, problems);
    }

    /** The field path of a key; keys that are not plain names are quoted, so control characters cannot split the line. */
    at(key: string): string {
        return PLAIN_KEY.test(key) ? `${this.path}${this.separator}${key}` : `${this.path}[${quote(key)}]`;
    }

    private raw(key: string): unknown {
        this.seen.add(key);
        const v = Object.prototype.hasOwnProperty.call(this.value, key) ? this.value[key] : undefined;
        return v === null ? undefined : v;
    }

    /** Records a problem with a key (or with this whole object, when key is ""). */
    fail(key: string, problem: string, fix: string): void {
        this.problems.push(new ConfigError(this.where, key ? this.at(key) : this.path, problem, fix));
    }

    /** Records a problem at a path below a key, e.g. list items: subnetIds[2]. */
    failAt(key: string, suffix: string, problem: string, fix: string): void {
        this.problems.push(new ConfigError(this.where, `${this.at(key)}${suffix}`, problem, fix));
    }

    int(key: string, fallback: number, min: number, max: number): number {
        let v = this.raw(key);
        if (v === undefined) return fallback;
        if (typeof v === "string" && /^-?\d+$/.test(v)) v = Number(v);
        if (!Number.isInteger(v))
            return (
                this.fail(
                    key,
                    `must be a whole number, got ${shown(v)}`,
                    `set it to a number between ${min} and ${max}`,
                ),
                fallback
            );
        const n = v as number;
        if (n < min || n > max)
            return (this.fail(key, `${n} is outside ${min}..${max}`, `set it between ${min} and ${max}`), fallback);
        return n;
    }

    bool(key: string, fallback: boolean): boolean {
        const v = this.raw(key);
        if (v === undefined) return fallback;
        if (v === "true" || v === "false") return v === "true";
        if (typeof v !== "boolean")
            return (this.fail(key, `must be true or false, got ${shown(v)}`, "write true or false"), fallback);
        return v;
    }

    /** A string; `check` returns what is wrong with it (or undefined), `hint` how to fix that. */
    str(key: string, fallback: string, check?: RegExp | ((s: string) => string | undefined), hint?: string): string {
        const v = this.raw(key);
        if (v === undefined) return fallback;
        if (typeof v !== "string") {
            const fix =
                typeof v === "number" || typeof v === "boolean"
                    ? `quote it: "${String(v)}"`
                    : "write a single string value";
            return (
                this.fail(
                    key,
                    `must be a string, got ${Array.isArray(v) ? "a list" : isPlainObject(v) ? "an object" : shown(v)}`,
                    fix,
                ),
                fallback
            );
        }
        const problem =
            v === "" || !check
                ? undefined
                : typeof check === "function"
                  ? check(v)
                  : check.test(v)
                    ? undefined
                    : `${quote(v)} is not valid`;
        if (problem) return (this.fail(key, problem, hint ?? `match ${String(check)}`), fallback);
        return v;
    }

    /** A string for which "" is a value, and a wrong one, rather than "unset": `check("")` says why. */
    nonEmptyStr(key: string, fallback: string, check: (s: string) => string | undefined, hint: string): string {
        if (this.raw(key) === "") return (this.fail(key, check("") ?? "is empty", hint), fallback);
        return this.str(key, fallback, check, hint);
    }

    optionalStr(key: string, check?: RegExp | ((s: string) => string | undefined), hint?: string): string | undefined {
        const s = this.str(key, "", check, hint);
        return s === "" ? undefined : s;
    }

    oneOf<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
        const v = this.raw(key);
        if (v === undefined) return fallback;
        const match = allowed.find((a) => typeof v === "string" && a.toLowerCase() === v.toLowerCase());
        if (!match)
            return (
                this.fail(
                    key,
                    `${shown(v)} is not one of ${allowed.join(", ")}`,
                    `set it to one of ${allowed.join(", ")}`,
                ),
                fallback
            );
        return match;
    }

    strList(key: string, check?: RegExp | ((s: string) => string | undefined), hint?: string): string[] {
        const v = this.raw(key);
        if (v === undefined) return [];
        if (!Array.isArray(v))
            return (this.fail(key, "must be a list of strings", "write it as a YAML list of strings"), []);
        // Bad items are reported but kept, so checks that count the list do not add a second, false problem.
        return v.map((item: unknown, i) => {
            if (typeof item !== "string")
                return (
                    this.failAt(key, `[${i}]`, `must be a string, got ${shown(item)}`, "write each item as a string"),
                    String(item)
                );
            const problem = !check
                ? undefined
                : typeof check === "function"
                  ? check(item)
                  : check.test(item)
                    ? undefined
                    : `${quote(item)} is not valid`;
            if (problem) this.failAt(key, `[${i}]`, problem, hint ?? `match ${String(check)}`);
            return item;
        });
    }

    /** A nested object, read with its own reader. */
    child(key: string): ConfigReader {
        return ConfigReader.of(this.where, this.at(key), this.raw(key), this.problems);
    }

    /** A value passed through untyped (checked elsewhere), e.g. IAM statements. */
    any(key: string): unknown {
        return this.raw(key);
    }

    has(key: string): boolean {
        return this.raw(key) !== undefined;
    }

    /** The key is written with the value null, which some settings read as "remove" (not as "unset"). */
    isNull(key: string): boolean {
        this.seen.add(key);
        return Object.prototype.hasOwnProperty.call(this.value, key) && this.value[key] === null;
    }

    /** The keys of a map whose keys are names the user chooses (workers, schedules); each is then read by the caller. */
    names(): string[] {
        const keys = Object.keys(this.value);
        for (const k of keys) this.seen.add(k);
        return keys;
    }

    private unknownKeyFix(key: string, known: string[]): string {
        if (this.separator === ":") {
            // A stack file key without a colon gets the project's namespace: "ecs-deploy.platform" is ecs-deploy:ecs-deploy.platform.
            const dotted = key.startsWith(`${this.path}.`) ? key.slice(this.path.length + 1) : undefined;
            if (dotted && known.includes(dotted))
                return `write ${this.path}:${dotted}, with a colon after the project name`;
            // Stack file keys are not paths: "service.desiredCount" is one key, not desiredCount inside service.
            const [head, ...rest] = key.split(".");
            if (rest.length > 0 && known.includes(head))
                return `nest it under ${this.path}:${head} (pulumi config set --path '${this.path}:${key}' VALUE writes it so)`;
        }
        const guess = closest(key, known);
        if (guess)
            return `did you mean ${this.separator === ":" ? `${this.path}:${guess}` : guess}? Otherwise remove it`;
        return `remove it or check the spelling; known here: ${known.join(", ")}`;
    }

    /** Call last: records keys no reader asked for, with the nearest known key when it looks like a typo. */
    done(): void {
        const known = [...this.seen].sort();
        for (const key of Object.keys(this.value)) {
            if (this.seen.has(key)) continue;
            this.fail(key, "is not a known setting", this.unknownKeyFix(key, known));
        }
    }
}
