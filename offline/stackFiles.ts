import * as fs from "node:fs";
import * as path from "node:path";
import { parseYaml } from "../core/config/yaml";
import { ConfigError, throwAll } from "../core/support/errors";
import { isPlainObject, quote, replaceLeaves } from "../core/support/paths";
import { closest } from "../core/taskdef/shape";

/** Config as the Pulumi engine hands it to a program: "project:key" -> string (objects JSON-encoded). */
export interface StackFiles {
    project: string;
    stack: string;
    configFile: string;
    config: Record<string, string>;
    secretKeys: string[];
}

/** A missing file's fix: a command that really creates it. */
function missingFix(file: string): string {
    const name = path.basename(file);
    if (name === "Pulumi.yaml")
        return `restore the project file in ${path.dirname(file)} (git checkout -- Pulumi.yaml); render runs the project it sits in`;
    const stack = name.replace(/^Pulumi\.|\.yaml$/g, "");
    // `pulumi stack init` writes the stack file only for some secrets providers (pkg/cmd/pulumi/stack/io.go,
    // CreateStack: SaveProjectStack when needsSave); `pulumi config set` always writes it.
    return `create the stack and its file: pulumi stack init ${stack} && pulumi config set aws:region eu-north-1 -s ${stack}, or pass --config-file`;
}

/** A YAML file of the project as plain values, or a ConfigError naming it and `fix` when it is missing. */
export function readYaml(file: string, fix = missingFix(file)): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ConfigError(path.basename(file), "", "does not exist", fix);
    }
    const value = parseYaml(text, path.basename(file));
    return isPlainObject(value) ? value : {};
}

const encode = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

const isSecure = (v: unknown): boolean =>
    isPlainObject(v) && Object.keys(v).length === 1 && typeof v.secure === "string";

/**
 * Loads Pulumi.yaml's declared defaults and the stack file's values the way the
 * CLI does, so offline runs see the same config as `pulumi up`. Encrypted
 * (`secure:`) values cannot be read offline and become a masked placeholder.
 */
export function loadStackFiles(projectDir: string, stack: string, configFile?: string): StackFiles {
    const projectDoc = readYaml(path.join(projectDir, "Pulumi.yaml"));
    const project = String(projectDoc.name);
    const file = configFile ? path.resolve(configFile) : path.join(projectDir, `Pulumi.${stack}.yaml`);
    const stackDoc = readYaml(file);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];

    const declared = isPlainObject(projectDoc.config) ? projectDoc.config : {};
    for (const [key, decl] of Object.entries(declared)) {
        const full = key.includes(":") ? key : `${project}:${key}`;
        if (isPlainObject(decl) && ("default" in decl || "value" in decl))
            config[full] = encode(decl.value ?? decl.default);
        else if (!isPlainObject(decl)) config[full] = encode(decl);
    }
    const values = stackDoc.config === undefined || stackDoc.config === null ? {} : stackDoc.config;
    if (!isPlainObject(values))
        throw new ConfigError(
            path.basename(file),
            "config",
            "must be a mapping of config keys",
            "write config: followed by indented key: value lines",
        );
    for (const [key, value] of Object.entries(values)) {
        const full = key.includes(":") ? key : `${project}:${key}`;
        // `secure:` ciphertexts (also nested ones, from `config set --secret --path`) become a placeholder.
        const masked = replaceLeaves(value, isSecure, "[secret]");
        config[full] = encode(masked.value);
        if (masked.replaced) secretKeys.push(full);
    }
    return { project, stack, configFile: path.basename(file), config, secretKeys };
}

/**
 * The AWS provider refuses config keys of its namespace it does not have, before any
 * resource (pulumi-terraform-bridge CheckConfig: "`aws:x` is not a valid configuration key
 * for the aws provider"). Offline runs have no provider, so they apply the same rule,
 * with the provider's own key list (@pulumi/aws config/vars).
 */
export function checkProviderKeys(files: StackFiles): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const known = Object.keys(require("@pulumi/aws/config/vars") as Record<string, unknown>);
    const problems = Object.keys(files.config)
        .filter((key) => key.startsWith("aws:") && !known.includes(key.slice(4)))
        .map((key) => {
            const guess = closest(key.slice(4), known);
            const fix = guess
                ? `did you mean aws:${guess}?`
                : "remove it, or use your project's namespace for your own keys";
            return new ConfigError(
                files.configFile,
                /^[A-Za-z0-9:_-]+$/.test(key) ? key : quote(key),
                "is not a valid configuration key for the aws provider",
                fix,
            );
        });
    throwAll(problems);
}
