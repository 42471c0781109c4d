import * as path from "node:path";
import { loadStackFiles } from "../../offline/stackFiles";
import { decodeAllConfig } from "../../core/config/decode";
import { parseStackConfig } from "../../core/config/parse";
import { StackConfig } from "../../core/config/types";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** A real stack file's config, decoded as Pulumi hands it over, changed by `edit`, then typed. */
export function stackConfig(
    stack: "staging" | "production",
    edit: (raw: Record<string, any>) => void = () => {},
): StackConfig {
    const files = loadStackFiles(PROJECT_DIR, stack);
    const { raw, secretKeys, otherKeys } = decodeAllConfig(files.config, files.project, (key) =>
        files.secretKeys.includes(key),
    );
    edit(raw);
    return parseStackConfig(raw, {
        project: files.project,
        stack,
        file: `Pulumi.${stack}.yaml`,
        region: files.config["aws:region"],
        secretKeys,
        otherKeys,
    });
}
