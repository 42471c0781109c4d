/**
 * AWS regions as the AWS SDK knows them: its partition data
 * (@aws-sdk/core, util-endpoints/lib/aws/partition; the same partitions.json the
 * other SDKs and the provider's endpoint resolver use) lists each real region with a
 * description. A region that only matches a partition's pattern (eu-nort-1)
 * gets no description: it does not exist.
 */
import { partition } from "@aws-sdk/core/client";

// The partition data also lists pseudo-regions for global endpoints (aws-global, aws-cn-global, ...).
const REGION_NAME = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

export function isRegion(name: string): boolean {
    return REGION_NAME.test(name) && (partition(name) as { description?: string }).description !== undefined;
}

/** The partition a real region is in: aws, aws-cn, aws-us-gov, ... */
export function partitionOf(region: string): string {
    return partition(region).name;
}

/** A real region one edit away (or a case slip), for "did you mean". */
export function nearestRegion(name: string): string | undefined {
    const lower = name.trim().toLowerCase();
    if (isRegion(lower)) return lower;
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
    for (let i = 0; i <= lower.length; i++) {
        const head = lower.slice(0, i);
        const tail = lower.slice(i);
        const edits = [
            head + tail.slice(1),
            ...[...alphabet].flatMap((c) => [head + c + tail, head + c + tail.slice(1)]),
        ];
        if (tail.length > 1) edits.push(head + tail[1] + tail[0] + tail.slice(2));
        const found = edits.find(isRegion);
        if (found) return found;
    }
    return undefined;
}

/**
 * The one region a run uses: aws:region, else the AWS_REGION / AWS_DEFAULT_REGION the
 * provider itself falls back to (@pulumi/aws config/vars.js and provider.js: region ?? getEnv("AWS_REGION", "AWS_DEFAULT_REGION")).
 * The program and the offline stand-ins both take it from here, so they never disagree.
 */
export function stackRegion(
    configured: string | undefined,
    env: Record<string, string | undefined>,
): { region?: string; source?: string } {
    if (configured) return { region: configured };
    if (env.AWS_REGION) return { region: env.AWS_REGION, source: "AWS_REGION" };
    if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: "AWS_DEFAULT_REGION" };
    return {};
}
