import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Resource } from "@pulumi/pulumi";

/** A resource's inputs as Pulumi names them (`networkConfiguration.assignPublicIp`, ...). */
export type Inputs = Record<string, unknown>;
/** A policy's config, defaults filled in from its schema. */
export type Config = Record<string, unknown>;

/** One thing wrong with one resource: what, and how to fix it. */
export interface Finding {
    problem: string;
    fix: string;
}

/** A provider resource class: CrossGuard filters on it, the offline runner on its type token. */
export type ResourceClass = new (name: string, args: never, opts?: never) => Resource;

/** The check for one resource type: a plain function of the resource's inputs. */
export interface ResourceCheck {
    resource: ResourceClass;
    check(inputs: Inputs, config: Config): Finding[];
}

interface RuleBase {
    /** The CrossGuard policy name. */
    name: string;
    /** The AWS Security Hub control(s) it implements, or "ours". */
    control: string;
    description: string;
    configSchema?: PolicyConfigSchema;
}

export interface ResourceRule extends RuleBase {
    kind: "resource";
    checks: ResourceCheck[];
}

/** A resource as a stack-wide check sees it. */
export interface StackResource {
    type: string;
    name: string;
    inputs: Inputs;
    urn?: string;
}

export interface StackFinding extends Finding {
    resource: StackResource;
}

/** A rule that needs several resources at once (e.g. a repository and its lifecycle policy). */
export interface StackRule extends RuleBase {
    kind: "stack";
    check(resources: StackResource[], config: Config): StackFinding[];
}

export type Rule = ResourceRule | StackRule;
