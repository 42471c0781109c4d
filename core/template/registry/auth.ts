/**
 * Registry authentication: anonymous, Basic, and the Bearer token challenge
 * (WWW-Authenticate realm/service/scope). ECR takes Basic with the user AWS
 * and the password from GetAuthorizationToken, so it needs nothing special
 * here. Messages say which credentials were tried, never their secret.
 */
import { RegistryError } from "../../support/errors";
import { get, hostOf, type HttpPolicy, type Meter } from "./http";

export type RegistryCredentials = { username: string; password: string } | undefined;

export interface Challenge {
    scheme: string;
    params: Record<string, string>;
}

const TOKEN_BYTES = 1024 * 1024;

/**
 * Parses a WWW-Authenticate header into its challenges. Splitting on commas
 * alone is wrong: params are comma separated too, and quoted values (scopes)
 * may contain commas.
 */
export function parseChallenges(header: string): Challenge[] {
    const out: Challenge[] = [];
    const re = /\s*(?:,\s*)?([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*))?/y;
    let m: RegExpExecArray | null;
    let current: Challenge | undefined;
    while (re.lastIndex < header.length && (m = re.exec(header)) !== null) {
        const [, name, raw] = m;
        if (raw === undefined) {
            current = { scheme: name.toLowerCase(), params: {} };
            out.push(current);
        } else if (current) {
            const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
            current.params[name.toLowerCase()] = value;
        }
        if (m[0] === "") break;
    }
    return out;
}

export function describeCredentials(creds: RegistryCredentials): string {
    return creds ? `basic auth as user '${creds.username}'` : "anonymous";
}

function basic(creds: { username: string; password: string }): string {
    return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
}

/** The Authorization header for one registry session, upgraded as challenges arrive. */
export class Authenticator {
    header: string | undefined;
    /** What was sent, for refusal messages. */
    tried: string;
    private challenged = false;

    constructor(
        private readonly where: string,
        private readonly registryUrl: string,
        private readonly repository: string,
        private readonly creds: RegistryCredentials,
        private readonly plainHttp: boolean,
        private readonly policy: HttpPolicy,
        private readonly meter: Meter,
    ) {
        // Sending Basic up front saves a round trip on Basic registries (ECR,
        // htpasswd); token registries just answer with their challenge.
        this.header = creds ? basic(creds) : undefined;
        this.tried = describeCredentials(creds);
    }

    /** Answers a 401. Returns once there is a new header worth retrying with; throws otherwise. */
    async challenge(wwwAuthenticate: string | null): Promise<void> {
        if (this.challenged) throw this.refused(401, "Unauthorized");
        this.challenged = true;
        const challenges = parseChallenges(wwwAuthenticate ?? "");
        const bearer = challenges.find((c) => c.scheme === "bearer");
        if (bearer) return this.fetchToken(bearer);
        if (challenges.some((c) => c.scheme === "basic") && this.creds && !this.header) {
            this.header = basic(this.creds);
            return;
        }
        if (challenges.length > 0 && !challenges.some((c) => c.scheme === "basic")) {
            throw new RegistryError(
                this.where,
                "",
                `registry ${hostOf(this.registryUrl)} asks for '${challenges[0].scheme}' authentication, which is not supported`,
                "use a registry that offers Basic or Bearer token authentication",
            );
        }
        throw this.refused(401, "Unauthorized");
    }

    refused(status: number, statusText: string): RegistryError {
        const host = hostOf(this.registryUrl);
        if (status === 403) {
            return new RegistryError(
                this.where,
                "",
                `registry ${host} denied pull access to '${this.repository}' with ${this.tried} (403 ${statusText})`,
                "grant that identity pull access to the repository (ECR: ecr:BatchGetImage and ecr:GetDownloadUrlForLayer)",
            );
        }
        return new RegistryError(
            this.where,
            "",
            `registry ${host} refused ${this.tried} (${status} ${statusText})`,
            this.creds
                ? "check the username and password (--username/--password or REGISTRY_USERNAME/REGISTRY_PASSWORD); for ECR, check the AWS credentials"
                : "log in: pass --username and --password, or set REGISTRY_USERNAME and REGISTRY_PASSWORD",
        );
    }

    private async fetchToken(bearer: Challenge): Promise<void> {
        const realm = bearer.params.realm;
        let url: URL;
        try {
            url = new URL(realm ?? "");
            if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("scheme");
        } catch {
            throw new RegistryError(
                this.where,
                "",
                `registry ${hostOf(this.registryUrl)} sent a Bearer challenge without a usable realm URL`,
                "the registry's token auth is misconfigured; contact its operator",
            );
        }
        if (bearer.params.service) url.searchParams.set("service", bearer.params.service);
        url.searchParams.set("scope", bearer.params.scope ?? `repository:${this.repository}:pull`);

        // Basic credentials go to the token server only over TLS, unless the
        // caller chose plain HTTP for this registry (a loopback test registry).
        const sendCreds = this.creds && (url.protocol === "https:" || this.plainHttp);
        const headers: Record<string, string> = { accept: "application/json" };
        if (sendCreds && this.creds) headers.authorization = basic(this.creds);
        const how = sendCreds ? describeCredentials(this.creds) : "anonymous";
        this.tried = `a bearer token from ${url.host} (${how})`;

        const res = await get(
            { url: url.toString(), headers, maxBytes: TOKEN_BYTES, where: this.where, path: "token" },
            this.policy,
            this.meter,
        );
        if (res.status === 401 || res.status === 403) {
            throw new RegistryError(
                this.where,
                "",
                `token server ${url.host} refused ${how} for registry ${hostOf(this.registryUrl)} (${res.status} ${res.statusText})`,
                sendCreds
                    ? "check the username and password (--username/--password or REGISTRY_USERNAME/REGISTRY_PASSWORD)"
                    : "log in: pass --username and --password, or set REGISTRY_USERNAME and REGISTRY_PASSWORD",
            );
        }
        if (res.status !== 200) {
            throw new RegistryError(
                this.where,
                "token",
                `token server ${url.host} answered ${res.status} ${res.statusText}`,
                "retry later; if it persists, contact the registry's operator",
            );
        }
        let token: unknown;
        try {
            const body = JSON.parse(res.body.toString("utf8")) as { token?: unknown; access_token?: unknown };
            token = body.token ?? body.access_token;
        } catch {
            token = undefined;
        }
        if (typeof token !== "string" || token === "") {
            throw new RegistryError(
                this.where,
                "token",
                `token server ${url.host} answered without a token`,
                "the registry's token auth is misconfigured; contact its operator",
            );
        }
        this.header = `Bearer ${token}`;
    }
}
