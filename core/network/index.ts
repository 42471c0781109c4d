// The VPC's subnet plan and the checks on an existing network the stack names.
export * from "./cidr";
export * from "./lookups";
