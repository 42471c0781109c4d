import * as path from "node:path";
import { loadStackFiles } from "../../offline/stackFiles";
import { decodeConfig } from "../../core/config/decode";
import { parseStackConfig } from "../../core/config/parse";
import { RawConfig, StackConfig } from "../../core/config/types";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** A real stack file's config, decoded as Pulumi hands it over, changed by `edit`, then typed. */
export function stackConfig(
    stack: "staging" | "production",
    edit: (raw: Record<string, any>) => void = () => {},
): StackConfig {
    const files = loadStackFiles(PROJECT_DIR, stack);
    const raw: RawConfig = decodeConfig((key) => files.config[`${files.project}:${key}`]);
    edit(raw);
    return parseStackConfig(raw, {
        project: files.project,
        stack,
        file: `Pulumi.${stack}.yaml`,
        region: files.config["aws:region"],
    });
}
