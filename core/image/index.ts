// The ECR repository's lifecycle and the build's identity.
export * from "./ecr";
