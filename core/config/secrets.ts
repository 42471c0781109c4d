/** The secrets section, and the names of the secret values the stack holds itself. */
import { isPlainObject, quote } from "../support/paths";
import { ENV_NAME } from "../template/trust";
import * as formats from "./formats";
import { ConfigReader } from "./reader";
import { ConfigContext, SECRET_SOURCES, SecretMapping, StackConfig } from "./types";

/** Names are kept as object keys, and JavaScript reads "__proto__" as an object's prototype, not as a key. */
const PROTO = "__proto__";
const PROTO_PROBLEM = [
    "is the name of a JavaScript object's prototype, which the program cannot keep as a secret's name",
    "rename the secret, here and in the template",
] as const;

/**
 * Secret values the stack holds (`pulumi config set --secret --path 'secretValues.NAME'`).
 * Only their names reach plain config; the values stay Pulumi secrets end to end.
 */
export function managedSecretNames(top: ConfigReader, ctx: ConfigContext): string[] {
    const value = top.any("secretValues");
    const r = top.child("secretValues");
    const names = isPlainObject(value) ? Object.keys(value).sort() : [];
    for (const name of names) {
        if (!ENV_NAME.test(name))
            r.fail(
                name,
                "is not a secret name the template could use",
                "name it like an environment variable (letters, digits, _)",
            );
        else if (name === PROTO) r.fail(name, ...PROTO_PROBLEM);
        r.str(name, "");
    }
    r.done();
    // Pulumi marks a key secret when any value under it is `secure:`; a plain one is readable in the stack file.
    if (names.length > 0 && ctx.secretKeys && !ctx.secretKeys.includes("secretValues")) {
        top.fail(
            "secretValues",
            `holds ${names.join(", ")} in plain text, unencrypted in the stack file`,
            `remove them and set each with: pulumi config set --secret --path '${ctx.project}:secretValues.NAME' VALUE -s ${ctx.stack}`,
        );
    }
    return names;
}

export function parseSecrets(r: ConfigReader): Omit<StackConfig["secrets"], "managed"> {
    const source = r.oneOf("source", "secretsmanager", SECRET_SOURCES);
    const prefix = r.str("prefix", "", formats.secretNameChars(source), formats.secretNameFix(source));
    if (source === "ssm" && prefix !== "" && !prefix.startsWith("/"))
        r.fail("prefix", `${quote(prefix)} is not an SSM path`, `start it with a slash, e.g. /${prefix}`);
    const mapReader = r.child("map");
    const map: [string, SecretMapping][] = [];
    const mapValue = r.any("map");
    const names = isPlainObject(mapValue) ? Object.keys(mapValue) : [];
    for (const name of names) {
        if (!ENV_NAME.test(name))
            mapReader.fail(
                name,
                "is not a secret name the template could use",
                "use the template's secret name (letters, digits, _)",
            );
        else if (name === PROTO) mapReader.fail(name, ...PROTO_PROBLEM);
        const m = mapReader.child(name);
        const mapping: SecretMapping = {
            // A name goes after the prefix and must be one the source accepts; an ARN is taken as it is.
            name: m.optionalStr(
                "name",
                (n) => (n.startsWith("arn:") ? undefined : formats.secretNameChars(source)(n)),
                formats.secretNameFix(source),
            ),
            jsonKey: m.optionalStr("jsonKey", formats.secretKeyPart(65536), "name the JSON key without a colon"),
            versionStage: m.optionalStr(
                "versionStage",
                formats.secretKeyPart(256),
                "use the stage's name, e.g. AWSCURRENT",
            ),
            versionId: m.optionalStr(
                "versionId",
                formats.secretKeyPart(64, 32),
                "use the version id Secrets Manager shows (32 to 64 characters)",
            ),
        };
        map.push([name, mapping]);
        if (source === "ssm" && (mapping.jsonKey || mapping.versionStage || mapping.versionId)) {
            m.fail(
                "jsonKey",
                "jsonKey, versionStage and versionId apply to Secrets Manager only",
                "remove them, or use source: secretsmanager",
            );
        }
        m.done();
    }
    mapReader.done();
    const out = {
        source,
        prefix,
        // Own keys, even one named "__proto__", which an assignment would turn into the map's prototype.
        map: Object.fromEntries(map),
        kmsKeyArns: r.strList("kmsKeyArns", formats.kmsKeyArn, formats.KMS_FIX),
        allowPlainEnv: r.strList("allowPlainEnv", ENV_NAME, "use environment variable names"),
    };
    r.done();
    return out;
}
