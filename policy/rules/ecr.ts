import { LifecyclePolicy, Repository } from "@pulumi/aws/ecr";
import type { Config, Finding, Inputs, ResourceRule, StackFinding, StackResource, StackRule } from "./types";
import { isPlainObject, list, typeToken } from "./values";

export function scanOnPush(inputs: Inputs): Finding[] {
    const scanning = inputs.imageScanningConfiguration;
    if (isPlainObject(scanning) && scanning.scanOnPush === true) return [];
    return [
        {
            problem: "images are not scanned on push, so known vulnerabilities go unnoticed",
            fix: "set imageScanningConfiguration: { scanOnPush: true }",
        },
    ];
}

/**
 * IMMUTABLE, or IMMUTABLE_WITH_EXCLUSION when every excluded filter is an
 * allowed mutable tag (the build cache, rewritten by every build).
 */
export function immutableTags(inputs: Inputs, config: Config): Finding[] {
    const mode = inputs.imageTagMutability;
    if (mode === "IMMUTABLE") return [];
    const allowed = list(config.mutableTags);
    if (mode === "IMMUTABLE_WITH_EXCLUSION") {
        const filters = list(inputs.imageTagMutabilityExclusionFilters).map((f) => (isPlainObject(f) ? f.filter : f));
        const extra = filters.filter((f) => !allowed.includes(f));
        if (extra.length === 0) return [];
        return [
            {
                problem:
                    `tags matching ${extra.map((f) => JSON.stringify(f)).join(", ")} stay mutable, ` +
                    `so a deployed tag can be pointed at other content`,
                fix:
                    `exclude only the build-cache tag from immutability ` +
                    `(allowed: ${allowed.map((t) => JSON.stringify(t)).join(", ") || "none"}), ` +
                    `or add the tag to this policy's mutableTags`,
            },
        ];
    }
    return [
        {
            problem: `imageTagMutability is ${mode == null ? "unset (MUTABLE)" : JSON.stringify(mode)}, so a pushed tag can be overwritten`,
            fix: 'set imageTagMutability to "IMMUTABLE" (or "IMMUTABLE_WITH_EXCLUSION" excluding only the build-cache tag)',
        },
    ];
}

const REPOSITORY = typeToken(Repository);
const LIFECYCLE = typeToken(LifecyclePolicy);

/** Repositories without a lifecycle policy, matched by repository name. */
export function lifecyclePolicies(resources: StackResource[]): StackFinding[] {
    const covered = new Set(resources.filter((r) => r.type === LIFECYCLE).map((r) => r.inputs.repository));
    return resources
        .filter((r) => r.type === REPOSITORY)
        .filter((r) => typeof r.inputs.name === "string" && !covered.has(r.inputs.name)) // an unnamed repository cannot be matched: skipped
        .map((r) => ({
            resource: r,
            problem: `repository ${String(r.inputs.name)} has no lifecycle policy, so old images pile up and stay pullable`,
            fix:
                `add an aws.ecr.LifecyclePolicy for it (repository: "${String(r.inputs.name)}") ` +
                `that expires untagged images and keeps the last N releases`,
        }));
}

export const ecrRules: (ResourceRule | StackRule)[] = [
    {
        kind: "resource",
        name: "ecr-scan-on-push",
        control: "ECR.1",
        description: "ECR repositories scan images on push.",
        checks: [{ resource: Repository, check: scanOnPush }],
    },
    {
        kind: "resource",
        name: "ecr-immutable-tags",
        control: "ECR.2",
        description:
            "ECR repositories have immutable tags; only the configured mutable tags (the build cache) may be excluded.",
        configSchema: {
            properties: {
                mutableTags: {
                    type: "array",
                    items: { type: "string" },
                    default: ["buildcache"],
                    description: "Exclusion filters allowed under IMMUTABLE_WITH_EXCLUSION.",
                },
            },
        },
        checks: [{ resource: Repository, check: immutableTags }],
    },
    {
        kind: "stack",
        name: "ecr-lifecycle-policy",
        control: "ECR.3",
        description: "Every ECR repository in the stack has a lifecycle policy.",
        check: lifecyclePolicies,
    },
];
