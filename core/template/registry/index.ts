// Reads an image's label from an OCI/Docker registry without pulling it: refs, auth, manifests, retries.
export * from "./auth";
export * from "./http";
export * from "./label";
export * from "./manifest";
export * from "./ref";
export * from "./standIn";
