/**
 * ECS's deployment circuit breaker fails a deployment after this many failed tasks:
 * max(3, min(200, ceil(desiredCount x 0.5))). Source: ECS API Reference, ServiceDeploymentCircuitBreaker.threshold
 * ("a minimum threshold of 3 and a maximum threshold of 200 ... 0.5 * desired task count"), and the default of
 * ThresholdConfiguration (BOUNDED_PERCENT, 50). @pulumi/aws 7.48's deploymentCircuitBreaker cannot set a
 * ThresholdConfiguration, so the default holds.
 */
export function circuitBreakerThreshold(desiredCount: number): number {
    return Math.max(3, Math.min(200, Math.ceil(desiredCount * 0.5)));
}

/** The circuit breaker's ceiling: a fail-fast count at or above it can never act before ECS does. */
export const CIRCUIT_BREAKER_MAX_THRESHOLD = 200;
