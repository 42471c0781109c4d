// Deploy time: the rollout's status, lifecycle stages and pauses, fail fast, one-off tasks and scheduled jobs run by hand,
// and how a failed deploy is reported.
export * from "./failFast";
export * from "./failure";
export * from "./lifecycle";
export * from "./oneOffTask";
export * from "./rolloutStatus";
export * from "./scheduledJob";
