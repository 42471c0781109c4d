// Stage 5: the ECS service's settings: deployment strategy, traffic, names, scaling, alarms, timeouts, pauses, fail-fast, the rollout estimate.
export * from "./alarms";
export * from "./capacity";
export * from "./failFast";
export * from "./lifecycleHooks";
export * from "./names";
export * from "./preDeploy";
export * from "./rolloutEstimate";
export * from "./scaling";
export * from "./strategy";
export * from "./target";
export * from "./timeouts";
export * from "./traffic";
export * from "./worker";
