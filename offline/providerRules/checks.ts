/**
 * The building blocks of the provider's validators, worded as terraform-plugin-sdk's
 * helper/validation and terraform-provider-aws's internal/verify word them. Every check
 * skips a value that is absent or not yet known (a first preview): the provider validates
 * it once it is known.
 */

export type Json = Record<string, unknown>;
export type Fail = (property: string, message: string) => void;
export type Check = (inputs: Json, fail: Fail) => void;

export interface NameRule {
    /** The longest name the provider generates (AutoName's maxlen). */
    autoNameMax: number;
    source: string;
    /** AutoNameOptions.PostTransform: what the provider appends after the random part. */
    postTransform?: (name: string, inputs: Json) => string;
}

/** The engine's unknown value, as the SDK's mock monitor hands it over in a preview. */
export function isUnknown(v: unknown): boolean {
    return typeof v === "object" && v !== null && v.constructor?.name === "Unknown";
}
export const known = (v: unknown): boolean => v !== undefined && v !== null && !isUnknown(v);
export const obj = (v: unknown): Json =>
    typeof v === "object" && v !== null && !Array.isArray(v) && !isUnknown(v) ? (v as Json) : {};
/** A nested list (a block or a set), [] when absent or unknown. */
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The word a message names: the last segment of the property path, unless the provider's own key is given. */
const leaf = (at: string) => at.split(".").pop() ?? at;

/** validation.IntBetween. */
export function intBetween(
    inputs: Json,
    fail: Fail,
    key: string,
    min: number,
    max: number,
    at = key,
    word = leaf(at),
): void {
    const v = inputs[key];
    if (!known(v)) return;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
        fail(at, `expected ${word} to be in the range (${min} - ${max}), got ${String(v)}`);
}

/** validation.IntAtLeast. */
export function intAtLeast(inputs: Json, fail: Fail, key: string, min: number, at = key, word = leaf(at)): void {
    const v = inputs[key];
    if (known(v) && (typeof v !== "number" || !Number.isInteger(v) || v < min))
        fail(at, `expected ${word} to be at least (${min}), got ${String(v)}`);
}

/** validation.StringInSlice and enum.Validate; `ignoreCase` as StringInSlice(values, true). */
export function stringIn(
    inputs: Json,
    fail: Fail,
    key: string,
    allowed: readonly string[],
    at = key,
    word = leaf(at),
    ignoreCase = false,
): void {
    const v = inputs[key];
    if (!known(v)) return;
    const same = (a: string) => (ignoreCase ? a.toLowerCase() === String(v).toLowerCase() : a === v);
    if (typeof v !== "string" || !allowed.some(same))
        fail(at, `expected ${word} to be one of [${allowed.map((a) => `"${a}"`).join(" ")}], got ${String(v)}`);
}

/** validation.StringLenBetween. */
export function stringLen(
    inputs: Json,
    fail: Fail,
    key: string,
    min: number,
    max: number,
    at = key,
    word = leaf(at),
): void {
    const v = inputs[key];
    if (!known(v) || typeof v !== "string") return;
    if (v.length < min || v.length > max)
        fail(at, `expected length of ${word} to be in the range (${min} - ${max}), got ${v}`);
}

/** validation.StringMatch with a message (the message is the caller's, as each resource words it). */
export function matches(inputs: Json, fail: Fail, key: string, pattern: RegExp, message: string, at = key): void {
    const v = inputs[key];
    if (known(v) && typeof v === "string" && !pattern.test(v)) fail(at, message);
}

/** A nested Required attribute left out (Terraform's words; the SDK checks only top-level required inputs). */
export function required(inputs: Json, fail: Fail, key: string, at: string, word: string): void {
    if (inputs[key] === undefined || inputs[key] === null)
        fail(at, `The argument "${word}" is required, but no definition was found.`);
}

/** ConflictsWith: both set in the configuration (an unknown one is checked once known). */
export function conflicts(inputs: Json, fail: Fail, key: string, other: string, word: string, otherWord: string): void {
    if (known(inputs[key]) && known(inputs[other])) fail(key, `"${word}": conflicts with ${otherWord}`);
}

/** MaxItems of a list or set (terraform-plugin-sdk schema validateList). */
export function maxItems(inputs: Json, fail: Fail, key: string, max: number, at = key): void {
    const v = inputs[key];
    if (Array.isArray(v) && v.length > max)
        fail(at, `List longer than MaxItems: Attribute supports ${max} item maximum, config has ${v.length} declared`);
}

// internal/verify/validate.go.
const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^(aws|aws-managed|third-party|\d{12}|cw.{10})$/;

/** Why verify.ValidARN refuses a value (aws-sdk-go arn.Parse, then each part), or undefined when it is an ARN. */
export function arnProblem(value: string): string | undefined {
    if (!value.startsWith("arn:")) return "arn: invalid prefix";
    const parts = value.split(":");
    if (parts.length < 6) return "arn: not enough sections";
    const [, partition, , region, account] = parts;
    const resource = parts.slice(5).join(":");
    if (partition === "") return "missing partition value";
    if (!PARTITION.test(partition))
        return `invalid partition value (expecting to match regular expression: ${PARTITION.source})`;
    if (region !== "" && !REGION.test(region))
        return `invalid region value (expecting to match regular expression: ${REGION.source})`;
    if (account !== "" && !ACCOUNT.test(account))
        return `invalid account ID value (expecting to match regular expression: ${ACCOUNT.source})`;
    if (resource === "") return "missing resource value";
    return undefined;
}

/** verify.ValidARN: `"<key>" (<value>) is an invalid ARN: <why>`; "" passes, as there. */
export function validArn(inputs: Json, fail: Fail, key: string, at: string, word: string): void {
    const v = inputs[key];
    if (!known(v) || typeof v !== "string" || v === "") return;
    const why = arnProblem(v);
    if (why) fail(at, `"${word}" (${v}) is an invalid ARN: ${why}`);
}

/** validation.StringIsJSON. */
export function isJson(inputs: Json, fail: Fail, key: string, word: string): void {
    const v = inputs[key];
    if (!known(v) || typeof v !== "string" || v === "") return;
    try {
        JSON.parse(v);
    } catch (e) {
        fail(key, `"${word}" contains an invalid JSON: ${(e as Error).message}`);
    }
}
