import * as crypto from "node:crypto";

/**
 * Physical names the provider generates are `<logical name>-<7 random hex>`
 * (pulumi-aws's AutoName), so the logical name decides whether a name fits
 * its service's limit.
 */
export const AUTONAME_SUFFIX_LENGTH = 8; // "-" + 7 random characters

/** Load balancer and target group names: at most 32 alphanumerics and hyphens (terraform-provider-aws elbv2/validate.go validName). */
export const ELB_NAME_MAX = 32;
const ELB_ROLES = { loadBalancer: "lb", primaryTargetGroup: "a", alternateTargetGroup: "b" } as const;
const LONGEST_ROLE = Math.max(...Object.values(ELB_ROLES).map((r) => r.length));
/** The longest `<project>-<stack>` prefix that leaves room for "-<role>" and the auto-name suffix. */
export const ELB_PREFIX_MAX = ELB_NAME_MAX - AUTONAME_SUFFIX_LENGTH - 1 - LONGEST_ROLE;

/**
 * The prefix of every load balancer and target group of a stack: `<project>-<stack>`
 * when it fits (ELB names allow only letters, digits and hyphens), else its
 * first characters and a short hash of the whole, so two long stack names
 * never share a prefix. The deploy role's ELB permissions are scoped to `<prefix>-*`.
 */
export function elbNamePrefix(project: string, stack: string): string {
    const full = `${project}-${stack}`
        .replace(/[^0-9A-Za-z-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "");
    if (full.length <= ELB_PREFIX_MAX) return full;
    const hash = crypto.createHash("sha256").update(`${project}-${stack}`).digest("hex").slice(0, 4);
    return `${full.slice(0, ELB_PREFIX_MAX - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** Logical names of a stack's load balancer and target groups; each auto-names within 32 characters. */
export function elbLogicalNames(
    project: string,
    stack: string,
): { loadBalancer: string; primaryTargetGroup: string; alternateTargetGroup: string } {
    const prefix = elbNamePrefix(project, stack);
    return {
        loadBalancer: `${prefix}-${ELB_ROLES.loadBalancer}`,
        primaryTargetGroup: `${prefix}-${ELB_ROLES.primaryTargetGroup}`,
        alternateTargetGroup: `${prefix}-${ELB_ROLES.alternateTargetGroup}`,
    };
}
