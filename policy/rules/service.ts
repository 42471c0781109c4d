import { Service } from "@pulumi/aws/ecs";
import type { Finding, Inputs, ResourceRule } from "./types";
import { isPlainObject } from "./values";

/** A networkConfiguration (a service's, or a scheduled task's) that gives each task a public IP. */
export const assignsPublicIp = (network: unknown): boolean => isPlainObject(network) && network.assignPublicIp === true;

export function publicIp(inputs: Inputs): Finding[] {
    if (!assignsPublicIp(inputs.networkConfiguration)) return [];
    return [
        {
            problem: "networkConfiguration.assignPublicIp is true, so every task gets a public IP address",
            fix:
                "set assignPublicIp to false and run tasks in private subnets, reaching AWS through NAT or VPC endpoints " +
                "(this project: ecs-deploy:network.assignPublicIp: false)",
        },
    ];
}

/**
 * The Fargate platform version pinned by a service's or a RunTask's parameters, if not LATEST.
 * Unset means LATEST. Only Fargate has platform versions, so any other pin means Fargate
 * (by launch type or by a capacity provider strategy) unless the launch type says otherwise.
 */
export function pinnedPlatform(params: Inputs): string | undefined {
    const version = params.platformVersion;
    if (typeof version !== "string" || version === "LATEST") return undefined;
    return params.launchType === "EC2" || params.launchType === "EXTERNAL" ? undefined : version;
}

export function latestPlatform(inputs: Inputs): Finding[] {
    const version = pinnedPlatform(inputs);
    if (version === undefined) return [];
    return [
        {
            problem: `platformVersion is pinned to ${JSON.stringify(version)}, so tasks miss Fargate's security patches`,
            fix: 'set platformVersion to "LATEST" (or leave it unset)',
        },
    ];
}

export function circuitBreaker(inputs: Inputs): Finding[] {
    const controller = inputs.deploymentController;
    const type = isPlainObject(controller) ? controller.type : undefined;
    // CODE_DEPLOY and EXTERNAL controllers have no circuit breaker; they roll back by their own means.
    if (typeof type === "string" && type !== "ECS") return [];
    const breaker = inputs.deploymentCircuitBreaker;
    if (isPlainObject(breaker) && breaker.enable === true && breaker.rollback === true) return [];
    return [
        {
            problem:
                "the deployment circuit breaker is not enabled with rollback, so a deployment that never becomes healthy " +
                "keeps replacing tasks instead of returning to the last good revision",
            fix: "set deploymentCircuitBreaker to { enable: true, rollback: true }",
        },
    ];
}

export const serviceRules: ResourceRule[] = [
    {
        kind: "resource",
        name: "ecs-service-no-public-ip",
        control: "ECS.2",
        description: "ECS services do not assign public IP addresses to their tasks.",
        checks: [{ resource: Service, check: publicIp }],
    },
    {
        kind: "resource",
        name: "ecs-fargate-latest-platform",
        control: "ECS.10",
        description: "Fargate services run on the LATEST platform version.",
        checks: [{ resource: Service, check: latestPlatform }],
    },
    {
        kind: "resource",
        name: "ecs-deployment-circuit-breaker",
        control: "ours",
        description: "ECS-controlled services deploy with the circuit breaker on and rollback enabled.",
        checks: [{ resource: Service, check: circuitBreaker }],
    },
];
