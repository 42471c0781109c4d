import * as pulumi from "@pulumi/pulumi";
import { UserError } from "../core/support/errors";

/**
 * A user error ends the program with its one-line message and no stack trace:
 * Pulumi prints a RunError's message alone.
 */
export function asRunError(e: unknown): unknown {
    return e instanceof UserError ? new pulumi.RunError(e.message) : e;
}

/** Runs pure code at the resource boundary, turning user errors into clean program errors. */
export function userCode<T>(fn: () => T): T {
    try {
        return fn();
    } catch (e) {
        throw asRunError(e);
    }
}
