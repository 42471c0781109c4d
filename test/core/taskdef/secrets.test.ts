/**
 * core/taskdef/secrets.ts: a secret's name in its source is the stack's prefix and the template's name (or the
 * name the stack maps it to), and Secrets Manager takes at most 512 characters of it.
 */
import assert from "node:assert/strict";
import type { StackConfig } from "../../../core/config/types";
import { SECRET_NAME_MAX, secretLookups, secretNameLengthIssues } from "../../../core/taskdef/secrets";

type Secrets = StackConfig["secrets"];
const secrets = (over: Partial<Secrets> = {}): Secrets => ({
    source: "secretsmanager",
    prefix: "staging/web/",
    map: {},
    kmsKeyArns: [],
    allowPlainEnv: [],
    managed: [],
    ...over,
});
/** A prefix that leaves exactly `room` characters for the name after it. */
const prefixLeaving = (room: number) => `${"p".repeat(SECRET_NAME_MAX - room - 1)}/`;

describe("secret names in their source", () => {
    it("puts the stack's prefix before the template's name, or takes the name or ARN the stack maps it to", () => {
        const cfg = secrets({
            map: { API_KEY: { name: "shared/api-key" }, OLD: { name: "arn:aws:secretsmanager:x" } },
        });
        assert.deepEqual(
            secretLookups(["DATABASE_URL", "API_KEY", "OLD"], cfg).map((l) => l.id),
            ["staging/web/DATABASE_URL", "staging/web/shared/api-key", "arn:aws:secretsmanager:x"],
        );
    });

    it("takes a Secrets Manager name of exactly 512 characters", () => {
        assert.deepEqual(secretNameLengthIssues(["DATABASE_URL"], secrets({ prefix: prefixLeaving(12) })), []);
    });

    it("refuses one of 513, on the prefix, naming the secret, its length and the limit", () => {
        assert.deepEqual(secretNameLengthIssues(["DATABASE_URL"], secrets({ prefix: prefixLeaving(11) })), [
            {
                path: "prefix",
                problem:
                    `gives secret DATABASE_URL the Secrets Manager name "${"p".repeat(40)}…" of 513 characters, ` +
                    "and a secret's name takes at most 512",
                fix: "shorten the prefix or the template's secret name, or map DATABASE_URL to a shorter one under secrets.map",
            },
        ]);
    });

    it("refuses a mapped name that is too long on its mapping, and never an ARN", () => {
        const cfg = secrets({
            prefix: prefixLeaving(20),
            map: { API_KEY: { name: "k".repeat(21) }, OLD: { name: `arn:aws:secretsmanager:${"x".repeat(600)}` } },
        });
        const issues = secretNameLengthIssues(["API_KEY", "OLD"], cfg);
        assert.deepEqual(
            issues.map((i) => [i.path, i.fix]),
            [["map.API_KEY.name", "map it to a shorter name"]],
        );
    });

    it("leaves SSM parameter names, paths with limits of their own, to SSM", () => {
        const cfg = secrets({ source: "ssm", prefix: `/${"p".repeat(600)}/` });
        assert.deepEqual(secretNameLengthIssues(["DATABASE_URL"], cfg), []);
    });
});
