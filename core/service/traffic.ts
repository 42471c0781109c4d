import type { LoadBalancerConfig, Strategy } from "../config/types";

/**
 * What the load balancer needs for a stack's config and deployment strategy,
 * as plain data: the components turn it into resources, tests read it directly.
 */
export interface ListenerPlan {
    port: number;
    protocol: "HTTP" | "HTTPS";
    /** forward: to the service's target group(s); redirect: HTTP -> HTTPS. */
    action: "forward" | "redirect-https";
}

export interface TrafficPlan {
    /** The listener that carries production traffic comes first. */
    listeners: ListenerPlan[];
    /** Ports the ALB accepts from clients. */
    ingressPorts: number[];
    /** Client CIDRs; "vpc" means the VPC's own block (an internal ALB with no allowedCidrs). */
    ingressCidrs: string[] | "vpc";
    /** ECS-native CANARY / LINEAR / BLUE_GREEN: a second target group and the rules ECS shifts between them. */
    trafficShifting: boolean;
    /** BLUE_GREEN only: a rule that sends header-marked requests to the new revision before production moves. */
    testRule?: { header: string; value: string };
    healthCheck: {
        path: string;
        interval: number;
        timeout: number;
        healthyThreshold: number;
        unhealthyThreshold: number;
        matcher: string;
    };
    deregistrationDelay: number;
}

/** The modern TLS policy: TLS 1.3 and 1.2 with forward secrecy only. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
export const TEST_TRAFFIC_HEADER = "x-ecs-test-traffic";
/** Rule priorities: the test rule must be evaluated before the catch-all production rule. */
export const TEST_RULE_PRIORITY = 10;
export const PRODUCTION_RULE_PRIORITY = 20;

export function planTraffic(lb: LoadBalancerConfig, strategy: Strategy): TrafficPlan {
    const https = lb.certificateArn !== undefined;
    const listeners: ListenerPlan[] = https
        ? [
              { port: 443, protocol: "HTTPS", action: "forward" },
              { port: 80, protocol: "HTTP", action: "redirect-https" },
          ]
        : [{ port: 80, protocol: "HTTP", action: "forward" }];
    const shifting = strategy !== "ROLLING";
    return {
        listeners,
        ingressPorts: listeners.map((l) => l.port),
        ingressCidrs: lb.allowedCidrs.length > 0 ? [...lb.allowedCidrs] : lb.internal ? "vpc" : ["0.0.0.0/0"],
        trafficShifting: shifting,
        testRule: strategy === "BLUE_GREEN" ? { header: TEST_TRAFFIC_HEADER, value: "1" } : undefined,
        healthCheck: {
            path: lb.healthCheckPath,
            interval: lb.healthCheckIntervalSeconds,
            // An ALB needs the timeout below the interval; 5 s is its own default.
            timeout: Math.min(5, lb.healthCheckIntervalSeconds - 1),
            healthyThreshold: lb.healthyThreshold,
            unhealthyThreshold: lb.unhealthyThreshold,
            matcher: "200-299",
        },
        deregistrationDelay: lb.deregistrationDelaySeconds,
    };
}
