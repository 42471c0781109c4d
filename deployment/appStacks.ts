import YAML from "yaml";

/**
 * What a deploy role must know about the app stack it deploys, read from that
 * stack's own file (Pulumi.<stack>.yaml) so the role follows the stack's config
 * instead of repeating it: its region, where its secrets live, and whether the
 * program writes secrets or reuses a cluster.
 */
export interface AppStackFacts {
    stack: string;
    region: string;
    secrets: {
        source: "secretsmanager" | "ssm";
        /** Every secret the program looks up is under this prefix ... */
        prefix: string;
        /** ... or is one of these ARNs (secrets.map entries that name another secret by ARN). */
        arns: string[];
        /** The stack holds secret values (secretValues) that the program writes to the source. */
        managed: boolean;
    };
    /** An existing cluster the service is placed in, when the stack reuses one. */
    clusterName?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export class AppStackError extends Error {
    override name = "AppStackError";
}

export function appStackFacts(project: string, stack: string, file: string, text: string): AppStackFacts {
    const fail = (path: string, problem: string, fix: string) => new AppStackError(`${file}: ${path}: ${problem}. Fix: ${fix}`);
    let doc: unknown;
    try {
        doc = YAML.parse(text);
    } catch (e) {
        throw fail("", `is not valid YAML (${(e as Error).message.split("\n")[0]})`, "fix the YAML syntax");
    }
    const config = isObject(doc) && isObject(doc.config) ? doc.config : {};
    const region = config["aws:region"];
    if (typeof region !== "string" || region === "") throw fail("aws:region", "is not set", `set it: pulumi config set aws:region <region> -s ${stack}`);

    const section = (key: string): Record<string, unknown> => {
        const v = config[`${project}:${key}`];
        return isObject(v) ? v : {};
    };
    const secrets = section("secrets");
    const source = secrets.source ?? "secretsmanager";
    if (source !== "secretsmanager" && source !== "ssm") throw fail(`${project}:secrets.source`, `is "${String(source)}"`, "use secretsmanager or ssm");
    const prefix = typeof secrets.prefix === "string" ? secrets.prefix : "";
    // An empty prefix would make the role's secret access account-wide.
    if (prefix === "" || prefix === "/") throw fail(`${project}:secrets.prefix`, "is empty, so the deploy role could only read secrets account-wide", `give the stack its own prefix, e.g. ${source === "ssm" ? "/" : ""}${stack}/web/`);
    const map = isObject(secrets.map) ? secrets.map : {};
    const arns = Object.values(map)
        .map((m) => (isObject(m) && typeof m.name === "string" && m.name.startsWith("arn:") ? m.name : undefined))
        .filter((a): a is string => a !== undefined);

    const cluster = section("cluster");
    return {
        stack,
        region,
        secrets: { source, prefix, arns: [...new Set(arns)].sort(), managed: `${project}:secretValues` in config },
        clusterName: typeof cluster.name === "string" && cluster.name !== "" ? cluster.name : undefined,
    };
}
