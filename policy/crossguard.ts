import {
    Policies,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    validateResourceOfType,
} from "@pulumi/policy";
import { ruleConfig, rules, violationMessage } from "./rules";
import type { Config, ResourceCheck, ResourceRule, Rule, StackRule } from "./rules/types";

/**
 * The rules as @pulumi/policy policies. Unknown values (during preview) are
 * left to the framework: reading one throws UnknownValueError, which it
 * reports as "can't run during preview" instead of a violation.
 */
const configOf = (rule: Rule, args: { getConfig<T extends object>(): T }): Config =>
    ruleConfig(rule, args.getConfig<Config>());

function validation(rule: ResourceRule, c: ResourceCheck) {
    return validateResourceOfType(c.resource, (_props, args: ResourceValidationArgs, report: ReportViolation) => {
        for (const f of c.check(args.props, configOf(rule, args)))
            report(violationMessage(args.type, args.name, f.problem, f.fix));
    });
}

function resourcePolicy(rule: ResourceRule): ResourceValidationPolicy {
    return {
        name: rule.name,
        description: `${rule.control}: ${rule.description}`,
        configSchema: rule.configSchema,
        validateResource: rule.checks.map((c) => validation(rule, c)),
    };
}

function stackPolicy(rule: StackRule): StackValidationPolicy {
    return {
        name: rule.name,
        description: `${rule.control}: ${rule.description}`,
        configSchema: rule.configSchema,
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const resources = args.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.props, urn: r.urn }));
            for (const f of rule.check(resources, configOf(rule, args)))
                report(violationMessage(f.resource.type, f.resource.name, f.problem, f.fix), f.resource.urn);
        },
    };
}

export const policies: Policies = rules.map((r) => (r.kind === "resource" ? resourcePolicy(r) : stackPolicy(r)));
