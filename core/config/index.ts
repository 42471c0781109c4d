// Stage 1: the stack config, typed and checked (types.ts is the schema and imports nothing).
export * from "./capacity";
export * from "./cluster";
export * from "./decode";
export * from "./formats";
export * from "./iam";
export * from "./logRetention";
export * from "./network";
export * from "./parse";
export * from "./pauses";
export * from "./reader";
export * from "./regions";
export * from "./secrets";
export * from "./service";
export * from "./types";
export * from "./workloads";
export * from "./yaml";
