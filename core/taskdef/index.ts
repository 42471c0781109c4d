// Stage 3: template + overlay + the program's values -> one RegisterTaskDefinition input, checked against the ECS model and Fargate.
export * from "./args";
export * from "./credentialNames";
export * from "./diff";
export * from "./ecsExec";
export * from "./familyDiff";
export * from "./fargate";
export * from "./fargateContainer";
export * from "./finalise";
export * from "./layerRules";
export * from "./merge";
export * from "./model";
export * from "./normalise";
export * from "./owned";
export * from "./placeholders";
export * from "./secrets";
export * from "./shape";
