// Deploy time: the rollout's status, one-off tasks, and how a failed deploy is reported.
export * from "./failure";
export * from "./oneOffTask";
export * from "./rolloutStatus";
