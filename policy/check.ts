import { runtime } from "@pulumi/pulumi";
import { PackConfig, settings } from "./packConfig";
import { rules } from "./rules";
import type { Config, Inputs, ResourceRule, StackResource } from "./rules/types";
import { typeToken } from "./rules/values";

// @pulumi/policy exports these at runtime, but its typings for them are empty.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy") as {
    unknownCheckingProxy: <T extends object>(props: T) => T;
    UnknownValueError: new (...args: never[]) => Error;
};

/**
 * The pack's rules applied to a list of resources, outside the Pulumi engine:
 * the same check functions CrossGuard calls, with the same config format
 * (`pulumi preview --policy-pack-config`) and the same handling of unknowns.
 */
export interface ResourceRecord {
    type: string;
    name: string;
    inputs: Inputs;
    /** Input keys whose values are not known here (masked secrets): checks that read them are skipped. */
    unknown?: string[];
}

export interface Violation {
    type: string;
    name: string;
    policy: string;
    control: string;
    level: "mandatory" | "advisory";
    problem: string;
    fix: string;
}

export interface Skipped {
    type: string;
    name: string;
    policy: string;
    reason: string;
}

export interface CheckResult {
    violations: Violation[];
    skipped: Skipped[];
    /** Resources at least one rule applies to. */
    checked: number;
}

/** Inputs with the unknown keys set to Pulumi's unknown sentinel, behind the same proxy CrossGuard uses. */
function inputsOf(r: ResourceRecord): Inputs {
    const inputs = { ...r.inputs };
    for (const key of r.unknown ?? []) inputs[key] = runtime.unknownValue;
    return unknownCheckingProxy(inputs);
}

function skipped(e: unknown, r: { type: string; name: string }, policy: string): Skipped {
    if (!(e instanceof UnknownValueError)) throw e;
    const path = /value at (\S+) /.exec(e.message)?.[1];
    return { type: r.type, name: r.name, policy, reason: path ? `input ${path} is unknown` : e.message };
}

function checkResource(
    rule: ResourceRule,
    r: ResourceRecord,
    level: Violation["level"],
    config: Config,
    out: CheckResult,
): boolean {
    const applicable = rule.checks.filter((c) => typeToken(c.resource) === r.type);
    for (const c of applicable) {
        try {
            for (const f of c.check(inputsOf(r), config))
                out.violations.push({
                    type: r.type,
                    name: r.name,
                    policy: rule.name,
                    control: rule.control,
                    level,
                    ...f,
                });
        } catch (e) {
            out.skipped.push(skipped(e, r, rule.name));
        }
    }
    return applicable.length > 0;
}

export function checkResources(resources: ResourceRecord[], pack: PackConfig = {}): CheckResult {
    const out: CheckResult = { violations: [], skipped: [], checked: 0 };
    const seen = new Set<ResourceRecord>();
    for (const rule of rules) {
        const { level, config } = settings(rule, pack);
        if (level === "disabled") continue;
        if (rule.kind === "resource") {
            for (const r of resources) if (checkResource(rule, r, level, config, out)) seen.add(r);
            continue;
        }
        const stack: StackResource[] = resources.map((r) => ({ type: r.type, name: r.name, inputs: inputsOf(r) }));
        try {
            for (const f of rule.check(stack, config))
                out.violations.push({
                    type: f.resource.type,
                    name: f.resource.name,
                    policy: rule.name,
                    control: rule.control,
                    level,
                    problem: f.problem,
                    fix: f.fix,
                });
        } catch (e) {
            out.skipped.push(skipped(e, { type: "stack", name: "*" }, rule.name));
        }
    }
    out.checked = seen.size;
    return out;
}
