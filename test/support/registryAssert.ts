import assert from "node:assert/strict";
import { RegistryError } from "../../core/support/errors";

/** Awaits a read that must fail with a one-line RegistryError matching every pattern and none of `forbidden`. */
export async function rejectsWithRegistryError(
    p: Promise<unknown>,
    patterns: RegExp[],
    forbidden = /\n/,
): Promise<RegistryError> {
    try {
        await p;
    } catch (err) {
        assert.ok(err instanceof RegistryError, `expected a RegistryError, got ${String(err)}`);
        for (const re of patterns) assert.match(err.message, re);
        assert.doesNotMatch(err.message, forbidden);
        return err;
    }
    assert.fail("expected the read to fail");
}
