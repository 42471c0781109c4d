// Stage 2: the app's template, from its file or its image's label, parsed and held to the trust boundary.
export * from "./parse";
export * from "./trust";
