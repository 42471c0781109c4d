import { clusterRules } from "./cluster";
import { ecrRules } from "./ecr";
import { iamRules } from "./iam";
import { logRules } from "./logs";
import { schedulerRules } from "./scheduler";
import { serviceRules } from "./service";
import { sqsRules } from "./sqs";
import { taskDefinitionRules } from "./taskDefinition";
import type { Config, Rule } from "./types";

/** Every rule of the pack, in the order the README lists them. */
export const rules: Rule[] = [
    ...serviceRules,
    ...taskDefinitionRules,
    ...schedulerRules,
    ...clusterRules,
    ...ecrRules,
    ...logRules,
    ...sqsRules,
    ...iamRules,
];

/** A rule's config: its schema's defaults, overridden by what the user set. */
export function ruleConfig(rule: Rule, given: Config = {}): Config {
    const defaults = Object.fromEntries(
        Object.entries(rule.configSchema?.properties ?? {}).map(([key, schema]) => [key, schema.default as unknown]),
    );
    const set = { ...given };
    delete set.enforcementLevel; // the engine's, not the rule's
    return { ...defaults, ...set };
}

/** How a violation reads everywhere: the resource, what is wrong, the fix. */
export function violationMessage(type: string, name: string, problem: string, fix: string): string {
    return `${type} "${name}": ${problem}. Fix: ${fix}`;
}
