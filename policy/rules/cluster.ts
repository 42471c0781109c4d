import { Cluster } from "@pulumi/aws/ecs";
import type { Finding, Inputs, ResourceRule } from "./types";
import { isPlainObject, list } from "./values";

export function containerInsights(inputs: Inputs): Finding[] {
    const setting = list(inputs.settings).find((s) => isPlainObject(s) && s.name === "containerInsights");
    const value = isPlainObject(setting) ? setting.value : undefined;
    if (value === "enabled" || value === "enhanced") return [];
    return [
        {
            problem: `Container Insights is ${value == null ? "not set" : JSON.stringify(value)}, so task and service metrics are missing`,
            fix: 'add settings [{ name: "containerInsights", value: "enabled" }] (this project: ecs-deploy:cluster.containerInsights: true)',
        },
    ];
}

export const clusterRules: ResourceRule[] = [
    {
        kind: "resource",
        name: "ecs-cluster-container-insights",
        control: "ECS.12",
        description: "ECS clusters have Container Insights enabled.",
        checks: [{ resource: Cluster, check: containerInsights }],
    },
];
