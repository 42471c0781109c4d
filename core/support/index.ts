// Used by every stage: user errors and field paths.
export * from "./errors";
export * from "./lists";
export * from "./paths";
