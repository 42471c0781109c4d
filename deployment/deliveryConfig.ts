/**
 * This project's config, checked before anything is declared: which app
 * stacks it delivers, how each one is triggered, and where the code lives.
 */
export type Trigger = "push" | "release";

export interface StackDelivery {
    name: string;
    /** push: deploy every push to the branch and preview pull requests. release: release tags or by hand only. */
    trigger: Trigger;
    /** The stack whose running image this one deploys (its ECR repository becomes readable). */
    promoteFrom?: string;
}

export interface DeliveryConfig {
    organization: string;
    repository: string;
    branch: string;
    appProject: string;
    appDir: string;
    stacks: StackDelivery[];
    /** Reuse an existing https://api.pulumi.com/oidc provider (AWS allows one per URL per account). */
    pulumiOidcProviderArn?: string;
    githubOidcProviderArn?: string;
    /** The stack whose ECR repository CI pushes to; none to create no CI role. */
    imagePushStack?: string;
    /** Assume-role session length for a deployment, e.g. 1h, 2h. */
    sessionDuration: string;
}

export class DeliveryConfigError extends Error {
    override name = "DeliveryConfigError";
}

const NAME = /^[A-Za-z0-9_.-]+$/;
const TRIGGERS: readonly Trigger[] = ["push", "release"];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseDeliveryConfig(
    raw: Record<string, unknown>,
    project: string,
    organization: string,
): DeliveryConfig {
    const fail = (key: string, problem: string, fix: string): never => {
        throw new DeliveryConfigError(`${project}:${key}: ${problem}. Fix: ${fix}`);
    };
    const str = (key: string, fallback?: string): string => {
        const v = raw[key] ?? fallback;
        if (typeof v !== "string" || v === "") return fail(key, "is not set", `pulumi config set ${key} <value>`);
        return v;
    };
    const optional = (key: string): string | undefined => {
        const v = raw[key];
        return typeof v === "string" && v !== "" ? v : undefined;
    };

    const org = optional("organization") ?? organization;
    if (!NAME.test(org))
        fail(
            "organization",
            `"${org}" is not a Pulumi organization name`,
            "use the name as it appears in app.pulumi.com/<org>, in its exact case",
        );
    const repository = str("repository");
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
        fail("repository", `"${repository}" is not owner/name`, "write the GitHub repository as owner/name");
    const appProject = str("appProject", "ecs-deploy");
    if (!NAME.test(appProject))
        fail("appProject", `"${appProject}" is not a project name`, "use the name in the app's Pulumi.yaml");

    const stacksRaw = raw.stacks;
    if (!isObject(stacksRaw) || Object.keys(stacksRaw).length === 0)
        fail(
            "stacks",
            "lists no app stacks",
            "set e.g. stacks: {staging: {trigger: push}, production: {trigger: release, promoteFrom: staging}}",
        );
    const stacks = Object.entries(stacksRaw as Record<string, unknown>).map(([name, s]): StackDelivery => {
        if (!NAME.test(name)) fail(`stacks.${name}`, "is not a stack name", "use letters, digits, '_', '.' and '-'");
        const entry = isObject(s) ? s : {};
        const known = ["trigger", "promoteFrom"];
        for (const k of Object.keys(entry))
            if (!known.includes(k)) fail(`stacks.${name}.${k}`, "is not a known setting", `use ${known.join(" or ")}`);
        const trigger = entry.trigger;
        if (!TRIGGERS.includes(trigger as Trigger))
            fail(
                `stacks.${name}.trigger`,
                `is ${JSON.stringify(trigger)}`,
                "use push (every push to the branch, PR previews) or release (release tags or by hand)",
            );
        const promoteFrom = entry.promoteFrom;
        if (promoteFrom !== undefined && typeof promoteFrom !== "string")
            fail(`stacks.${name}.promoteFrom`, "is not a stack name", "name another stack in stacks");
        return { name, trigger: trigger as Trigger, promoteFrom: promoteFrom as string | undefined };
    });
    const names = stacks.map((s) => s.name);
    for (const s of stacks) {
        if (s.promoteFrom !== undefined && (s.promoteFrom === s.name || !names.includes(s.promoteFrom)))
            fail(
                `stacks.${s.name}.promoteFrom`,
                `"${s.promoteFrom}" is not another stack in stacks`,
                `use one of ${names.filter((n) => n !== s.name).join(", ")}`,
            );
    }

    // Deploy roles reach `<project>-<stack>-*`: a stack named like another's prefix plus a dash would reach into it.
    for (const a of names) {
        const b = names.find((n) => n !== a && n.startsWith(`${a}-`));
        if (b)
            fail(
                `stacks.${b}`,
                `starts with "${a}-", so the ${a} deploy role's names (${appProject}-${a}-*) would also match the ${b} stack's resources`,
                `rename ${b} so it does not start with "${a}-", e.g. ${b.slice(a.length + 1)}-${a}`,
            );
    }

    const imagePushStack = optional("imagePushStack");
    if (imagePushStack !== undefined && !names.includes(imagePushStack))
        fail(
            "imagePushStack",
            `"${imagePushStack}" is not in stacks`,
            `use one of ${names.join(", ")}, or "" for no CI push role`,
        );

    const sessionDuration = str("sessionDuration", "1h");
    const seconds = durationSeconds(sessionDuration);
    // AWS's bounds for a role session.
    if (!(seconds >= 900 && seconds <= 43200))
        fail(
            "sessionDuration",
            `"${sessionDuration}" is not a duration between 15m and 12h`,
            "write it as e.g. 1h or 1h30m",
        );

    return {
        organization: org,
        repository,
        branch: str("branch", "main"),
        appProject,
        appDir: str("appDir", ".."),
        stacks,
        pulumiOidcProviderArn: optional("pulumiOidcProviderArn"),
        githubOidcProviderArn: optional("githubOidcProviderArn"),
        imagePushStack,
        sessionDuration,
    };
}

export function durationSeconds(duration: string): number {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(duration);
    return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 : NaN;
}

/** The deploy role's name: outside the `<project>-<stack>*` pattern it may manage, so it can never edit itself. */
export function deployRoleName(appProject: string, stack: string): string {
    return `pulumi-deployments-${appProject}-${stack}`.slice(0, 64);
}

export function imagePushRoleName(appProject: string, stack: string): string {
    return `github-image-push-${appProject}-${stack}`.slice(0, 64);
}

/** A stack's approval role, assumed by .github/workflows/continue.yml in the GitHub environment named after the stack. */
export function continueRoleName(appProject: string, stack: string): string {
    return `github-continue-${appProject}-${stack}`.slice(0, 64);
}
