/**
 * The shape of the provider-call table (test/support/providerCalls.ts) and the helpers its rows are
 * written with, shared by the table's parts.
 */
export type Op = "create" | "read" | "update" | "delete";

export interface Call {
    action: string;
    resource: string;
    context?: Record<string, string | string[]>;
}

/** What a row needs to name the resource a call is authorised on. */
export interface Subject {
    partition: string;
    account: string;
    region: string;
    /** `<project>-<stack>` */
    name: string;
    /** The resource's logical name in the program. */
    logical: string;
    /** The resource's own physical name (its AWS name, auto-named when the program gives none; a secret version's secret). */
    physical: string;
    inputs: Record<string, unknown>;
    /** The cluster's, service's and load balancer's physical names. */
    cluster: string;
    service: string;
    loadBalancer: string;
    /** Physical names of the program's roles by logical name. */
    roleName: (logical: string) => string;
}

export interface Row {
    type: string;
    op: Op;
    action: string;
    source: string;
    /** The resource the call is authorised on, and the request's condition keys. */
    on: (s: Subject) => { resource: string; context?: Record<string, string | string[]> };
    /** The call is made only for these inputs. */
    when?: (inputs: Record<string, unknown>) => boolean;
}

export const TF = "hashicorp/terraform-provider-aws";
export const arnOf = (s: Subject, service: string, resource: string, region = s.region) =>
    `arn:${s.partition}:${service}:${region}:${s.account}:${resource}`;
export const everything = () => ({ resource: "*" });

export function rows(
    type: string,
    source: string,
    ops: Partial<Record<Op, string[]>>,
    on: Row["on"],
    when?: Row["when"],
): Row[] {
    return (Object.entries(ops) as [Op, string[]][]).flatMap(([op, actions]) =>
        actions.map((action) => ({ type, op, action, source, on, when })),
    );
}
