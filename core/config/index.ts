// Stage 1: the stack config, typed and checked (types.ts is the schema and imports nothing).
export * from "./formats";
export * from "./logRetention";
export * from "./parse";
export * from "./reader";
export * from "./regions";
export * from "./types";
