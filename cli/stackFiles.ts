import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { ConfigError } from "../core/errors";
import { isPlainObject } from "../core/paths";

/** Config as the Pulumi engine hands it to a program: "project:key" -> string (objects JSON-encoded). */
export interface StackFiles {
    project: string;
    stack: string;
    configFile: string;
    config: Record<string, string>;
    secretKeys: string[];
}

function readYaml(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ConfigError(path.basename(file), "", "does not exist", `create it (pulumi stack init ${path.basename(file).replace(/^Pulumi\.|\.yaml$/g, "")}) or pass --config-file`);
    }
    try {
        const doc: unknown = YAML.parse(text);
        return isPlainObject(doc) ? doc : {};
    } catch (e) {
        const first = (e as Error).message.split("\n")[0];
        throw new ConfigError(path.basename(file), "", `is not valid YAML (${first})`, "fix the YAML syntax");
    }
}

const encode = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

const isSecure = (v: unknown): boolean => isPlainObject(v) && Object.keys(v).length === 1 && typeof v.secure === "string";

/** Replaces `secure:` ciphertexts (also nested ones, from `config set --secret --path`) with a placeholder; says if any was found. */
function maskSecure(v: unknown): { value: unknown; secret: boolean } {
    if (isSecure(v)) return { value: "[secret]", secret: true };
    if (Array.isArray(v)) {
        const items = v.map(maskSecure);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (isPlainObject(v)) {
        const entries = Object.entries(v).map(([k, x]) => [k, maskSecure(x)] as const);
        return { value: Object.fromEntries(entries.map(([k, m]) => [k, m.value])), secret: entries.some(([, m]) => m.secret) };
    }
    return { value: v, secret: false };
}

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
        if (isPlainObject(decl) && ("default" in decl || "value" in decl)) config[full] = encode(decl.value ?? decl.default);
        else if (!isPlainObject(decl)) config[full] = encode(decl);
    }
    const values = stackDoc.config === undefined || stackDoc.config === null ? {} : stackDoc.config;
    if (!isPlainObject(values)) throw new ConfigError(path.basename(file), "config", "must be a mapping of config keys", "write config: followed by indented key: value lines");
    for (const [key, value] of Object.entries(values)) {
        const full = key.includes(":") ? key : `${project}:${key}`;
        const masked = maskSecure(value);
        config[full] = encode(masked.value);
        if (masked.secret) secretKeys.push(full);
    }
    return { project, stack, configFile: path.basename(file), config, secretKeys };
}
