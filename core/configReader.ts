import { ConfigError } from "./errors";
import { isPlainObject } from "./paths";

/**
 * Reads one object of stack config with types, ranges and defaults, and rejects
 * unknown keys, so a typo in a stack file fails the preview instead of being ignored.
 */
export class ConfigReader {
    private readonly seen = new Set<string>();

    constructor(
        readonly where: string,
        readonly path: string,
        private readonly value: Record<string, unknown>,
    ) {}

    static of(where: string, path: string, value: unknown): ConfigReader {
        if (value === undefined || value === null) return new ConfigReader(where, path, {});
        if (!isPlainObject(value)) throw new ConfigError(where, path, `must be an object, got ${Array.isArray(value) ? "a list" : typeof value}`, "write it as a YAML mapping of its fields");
        return new ConfigReader(where, path, value);
    }

    private at(key: string): string {
        return `${this.path}.${key}`;
    }

    private raw(key: string): unknown {
        this.seen.add(key);
        const v = this.value[key];
        return v === null ? undefined : v;
    }

    fail(key: string, problem: string, fix: string): never {
        throw new ConfigError(this.where, key ? this.at(key) : this.path, problem, fix);
    }

    int(key: string, fallback: number, min: number, max: number): number {
        let v = this.raw(key);
        if (v === undefined) return fallback;
        if (typeof v === "string" && /^-?\d+$/.test(v)) v = Number(v);
        if (!Number.isInteger(v)) this.fail(key, `must be a whole number, got ${JSON.stringify(v)}`, `set it to a number between ${min} and ${max}`);
        const n = v as number;
        if (n < min || n > max) this.fail(key, `${n} is outside ${min}..${max}`, `set it between ${min} and ${max}`);
        return n;
    }

    bool(key: string, fallback: boolean): boolean {
        const v = this.raw(key);
        if (v === undefined) return fallback;
        if (v === "true" || v === "false") return v === "true";
        if (typeof v !== "boolean") this.fail(key, `must be true or false, got ${JSON.stringify(v)}`, "write true or false");
        return v === true;
    }

    str(key: string, fallback: string, pattern?: RegExp, hint?: string): string {
        const v = this.raw(key);
        if (v === undefined) return fallback;
        if (typeof v !== "string") return this.fail(key, `must be a string, got ${JSON.stringify(v)}`, "quote the value");
        const s = v;
        if (pattern && s !== "" && !pattern.test(s)) this.fail(key, `"${s}" is not valid`, hint ?? `match ${pattern}`);
        return s;
    }

    optionalStr(key: string, pattern?: RegExp, hint?: string): string | undefined {
        const s = this.str(key, "", pattern, hint);
        return s === "" ? undefined : s;
    }

    oneOf<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
        const v = this.raw(key);
        if (v === undefined) return fallback;
        const match = allowed.find((a) => typeof v === "string" && a.toLowerCase() === v.toLowerCase());
        if (!match) return this.fail(key, `${JSON.stringify(v)} is not one of ${allowed.join(", ")}`, `set it to one of ${allowed.join(", ")}`);
        return match;
    }

    strList(key: string, pattern?: RegExp, hint?: string): string[] {
        const v = this.raw(key);
        if (v === undefined) return [];
        if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) this.fail(key, "must be a list of strings", "write it as a YAML list of strings");
        const list = v as string[];
        const bad = pattern ? list.findIndex((s) => !pattern.test(s)) : -1;
        if (bad >= 0) throw new ConfigError(this.where, `${this.at(key)}[${bad}]`, `"${list[bad]}" is not valid`, hint ?? `match ${pattern}`);
        return list;
    }

    /** A nested object, read with its own reader. */
    child(key: string): ConfigReader {
        return ConfigReader.of(this.where, this.at(key), this.raw(key));
    }

    /** A value passed through untyped (checked elsewhere), e.g. IAM statements. */
    any(key: string): unknown {
        return this.raw(key);
    }

    has(key: string): boolean {
        return this.value[key] !== undefined && this.value[key] !== null;
    }

    /** Call last: rejects keys no reader asked for. */
    done(): void {
        for (const key of Object.keys(this.value)) {
            if (!this.seen.has(key)) this.fail(key, "is not a known setting", `remove it or check the spelling; known here: ${[...this.seen].sort().join(", ")}`);
        }
    }
}
