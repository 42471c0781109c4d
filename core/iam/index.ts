// Stage 4: the task and execution roles' documents, derived from the task definition and the stack config.
export * from "./arn";
export * from "./policySize";
export * from "./resourceWildcards";
export * from "./roleDocuments";
export * from "./schedulerRole";
export * from "./taskRoleStatements";
