import { LogGroup } from "@pulumi/aws/cloudwatch";
import type { Config, Finding, Inputs, ResourceRule } from "./types";

export const DEFAULT_MINIMUM_RETENTION_DAYS = 30;

export function retention(inputs: Inputs, config: Config): Finding[] {
    const days = inputs.retentionInDays;
    const minimum =
        typeof config.minimumRetentionDays === "number" ? config.minimumRetentionDays : DEFAULT_MINIMUM_RETENTION_DAYS;
    // Unset or 0 means the logs never expire, which keeps them longer than any minimum.
    if (typeof days !== "number" || days === 0 || days >= minimum) return [];
    return [
        {
            problem: `retentionInDays is ${days}, below the minimum of ${minimum} days needed to investigate an incident`,
            fix: `set retentionInDays to at least ${minimum} (this project: ecs-deploy:logs.retentionDays)`,
        },
    ];
}

export const logRules: ResourceRule[] = [
    {
        kind: "resource",
        name: "cloudwatch-log-retention",
        control: "ours",
        description:
            "CloudWatch log groups keep logs for at least minimumRetentionDays (default 30; unset means never expire).",
        configSchema: {
            properties: {
                minimumRetentionDays: {
                    type: "integer",
                    minimum: 1,
                    default: DEFAULT_MINIMUM_RETENTION_DAYS,
                    description: "The shortest retention allowed, in days.",
                },
            },
        },
        checks: [{ resource: LogGroup, check: retention }],
    },
];
