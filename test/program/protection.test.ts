/**
 * Production keeps its data: the managed secrets it writes are protected and
 * retained like the repository and log groups; staging's are not.
 */
import assert from "node:assert/strict";
import { all, only, run } from "../support/program";
import { PARAMETER, SECRET, VERSION } from "../support/types";

const kept = (r: { options: { protect: boolean; retainOnDelete: boolean } }) => ({
    protect: r.options.protect,
    retainOnDelete: r.options.retainOnDelete,
});

describe("protection of managed secrets", function () {
    this.timeout(120_000);
    const managed = { secrets: { secretValues: { SESSION_KEY: "v-1" } } };

    it("production protects and retains the secrets it writes, like its repository and log groups", async () => {
        const r = await run("production", { ...managed, answers: { missingSecrets: ["production/web/SESSION_KEY"] } });
        assert.deepEqual(kept(only(r, SECRET)), { protect: true, retainOnDelete: true });
        assert.deepEqual(
            kept(only(r, VERSION)),
            { protect: false, retainOnDelete: true },
            "a new value may replace the version; removing it keeps the value",
        );
        assert.equal(only(r, "aws:ecr/repository:Repository").options.protect, true);
        for (const g of all(r, "aws:cloudwatch/logGroup:LogGroup")) assert.equal(g.options.protect, true);
    });

    it("production protects SSM parameters it writes", async () => {
        const r = await run("production", {
            ...managed,
            overrides: { secrets: { source: "ssm", prefix: "/production/web/" } },
            answers: { missingSecrets: ["/production/web/SESSION_KEY"] },
        });
        assert.deepEqual(kept(only(r, PARAMETER)), { protect: true, retainOnDelete: true });
    });

    it("staging's secrets can be deleted", async () => {
        const r = await run("staging", { ...managed, answers: { missingSecrets: ["staging/web/SESSION_KEY"] } });
        assert.deepEqual(kept(only(r, SECRET)), { protect: false, retainOnDelete: false });
        assert.equal(only(r, VERSION).options.retainOnDelete, false);
    });
});
