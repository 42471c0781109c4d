import { parseYaml } from "../core/config/yaml";
import { ConfigError } from "../core/support/errors";

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
        /**
         * ... or is one of these ARNs (secrets.map entries that name another secret by ARN),
         * resolved to full ARNs before a role document sees them.
         */
        arns: string[];
        /** Secret names whose values the stack holds (secretValues): the program writes exactly these. */
        managed: string[];
    };
    /** An existing cluster the service is placed in, when the stack reuses one. */
    clusterName?: string;
    /** What the stack's config makes the program declare, so the role grants those calls and no others. */
    features: StackFeatures;
    /** The names under ecs-deploy:workers and ecs-deploy:schedules: each its own family, and a service or a schedule. */
    workers: string[];
    jobs: string[];
}

export interface StackFeatures {
    /** The program builds app/ and pushes it (no `image` or `promoteFrom` in the stack). */
    build: boolean;
    /** A VPC is created (no network.vpcId). */
    createVpc: boolean;
    /** An existing VPC is looked up for its CIDR (an internal load balancer with no allowedCidrs). */
    vpcLookup: boolean;
    loadBalancer: boolean;
    /** CANARY, LINEAR or BLUE_GREEN: ECS shifts traffic with the load balancer's infrastructure role. */
    trafficShifting: boolean;
    autoscaling: boolean;
    /** The program watches each rollout through the ECS API (service.watchRollout, default true). */
    watchRollout: boolean;
    /** The provider waits for steady state itself (service.waitForSteadyState; by default only when the program does not watch). */
    waitForSteadyState: boolean;
    /** A one-off task runs before each deployment (service.preDeploy). */
    preDeploy: boolean;
    /** Deployment alarms (service.alarms; on by default with a load balancer). */
    alarms: boolean;
    /** The rollout watch rolls a failing deployment back itself (service.failFast, which needs the watch). */
    failFast: boolean;
    /** The service pauses at lifecycle hooks (service.pauses): the stack gets an approval (continue) role. */
    pauses: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export class AppStackError extends Error {
    override name = "AppStackError";
}

export function appStackFacts(project: string, stack: string, file: string, text: string): AppStackFacts {
    const fail = (path: string, problem: string, fix: string) =>
        new AppStackError(`${file}: ${path}: ${problem}. Fix: ${fix}`);
    let doc: unknown;
    try {
        doc = parseYaml(text, file); // the same guards and messages as the program's own reading
    } catch (e) {
        if (e instanceof ConfigError) throw new AppStackError(e.message);
        throw e;
    }
    const config = isObject(doc) && isObject(doc.config) ? doc.config : {};
    const region = config["aws:region"];
    if (typeof region !== "string" || region === "")
        throw fail("aws:region", "is not set", `set it: pulumi config set aws:region <region> -s ${stack}`);

    const section = (key: string): Record<string, unknown> => {
        const v = config[`${project}:${key}`];
        return isObject(v) ? v : {};
    };
    const secrets = section("secrets");
    const source = secrets.source ?? "secretsmanager";
    if (source !== "secretsmanager" && source !== "ssm")
        throw fail(`${project}:secrets.source`, `is "${String(source)}"`, "use secretsmanager or ssm");
    const prefix = typeof secrets.prefix === "string" ? secrets.prefix : "";
    // An empty prefix would make the role's secret access account-wide.
    if (prefix === "" || prefix === "/")
        throw fail(
            `${project}:secrets.prefix`,
            "is empty, so the deploy role could only read secrets account-wide",
            `give the stack its own prefix, e.g. ${source === "ssm" ? "/" : ""}${stack}/web/`,
        );
    // A prefix is a name boundary only when it ends at a separator: staging/web would also cover staging/web-eu/.
    if (!prefix.endsWith("/"))
        throw fail(
            `${project}:secrets.prefix`,
            `"${prefix}" does not end with a separator, so the deploy role would also reach names that merely start with it`,
            `end it with a slash, e.g. ${prefix}/`,
        );
    // A mapped name is looked up under the prefix (prefix + name); a mapped ARN as itself, in whichever account.
    const map = isObject(secrets.map) ? secrets.map : {};
    const arns: string[] = [];
    for (const [key, m] of Object.entries(map)) {
        const name = isObject(m) && typeof m.name === "string" ? m.name : "";
        if (!name.startsWith("arn:")) continue;
        const service = name.split(":")[2];
        if (service !== source)
            throw fail(
                `${project}:secrets.map.${key}.name`,
                `is a ${service || "malformed"} ARN, but the stack's secrets.source is ${source}`,
                `name a ${source} ${source === "ssm" ? "parameter" : "secret"} ARN, or the name under secrets.prefix`,
            );
        arns.push(name);
    }

    const cluster = section("cluster");
    const values = config[`${project}:secretValues`];
    const service = section("service");
    const image = config[`${project}:image`];
    const promoteFrom = config[`${project}:promoteFrom`];
    const watchRollout = service.watchRollout !== false;
    const createVpc = !(typeof section("network").vpcId === "string" && section("network").vpcId !== "");
    const strategy = typeof service.strategy === "string" ? service.strategy : "ROLLING";
    const workers = section("workers");
    const names = (s: Record<string, unknown>) => Object.keys(s).sort();
    return {
        stack,
        region,
        secrets: {
            source,
            prefix,
            arns: [...new Set(arns)].sort(),
            managed: isObject(values) ? Object.keys(values).sort() : [],
        },
        clusterName: typeof cluster.name === "string" && cluster.name !== "" ? cluster.name : undefined,
        features: {
            build:
                !(typeof image === "string" && image.trim() !== "") &&
                !(typeof promoteFrom === "string" && promoteFrom !== ""),
            createVpc,
            vpcLookup:
                !createVpc &&
                isObject(service.loadBalancer) &&
                service.loadBalancer.internal === true &&
                !(Array.isArray(service.loadBalancer.allowedCidrs) && service.loadBalancer.allowedCidrs.length > 0),
            loadBalancer: isObject(service.loadBalancer),
            trafficShifting: isObject(service.loadBalancer) && strategy !== "ROLLING",
            // A worker scales like the web service, with the same calls.
            autoscaling:
                isObject(service.autoscaling) ||
                Object.values(workers).some((w) => isObject(w) && isObject(w.autoscaling)),
            watchRollout,
            waitForSteadyState:
                typeof service.waitForSteadyState === "boolean" ? service.waitForSteadyState : !watchRollout,
            preDeploy: service.preDeploy !== undefined && service.preDeploy !== null,
            alarms: isObject(service.loadBalancer) && !(isObject(service.alarms) && service.alarms.enabled === false),
            failFast: watchRollout && isObject(service.failFast),
            pauses: Array.isArray(service.pauses) && service.pauses.length > 0,
        },
        workers: names(workers),
        jobs: names(section("schedules")),
    };
}

/**
 * secrets.map may name a secret by a partial ARN (without its random suffix), and a name can itself end in
 * what looks like a suffix (`shared/db-secret`). IAM matches the full ARN, so each is resolved by asking
 * Secrets Manager (`lookup`, DescribeSecret) before any role document sees it.
 */
export async function withFullSecretArns(
    app: AppStackFacts,
    lookup: (arn: string) => Promise<string>,
): Promise<AppStackFacts> {
    if (app.secrets.source !== "secretsmanager" || app.secrets.arns.length === 0) return app;
    const arns = await Promise.all(app.secrets.arns.map(lookup));
    return { ...app, secrets: { ...app.secrets, arns: [...new Set(arns)].sort() } };
}
