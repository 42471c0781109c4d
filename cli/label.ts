/**
 * `npm run label -- <image-ref> [--platform linux/arm64] [--username U --password P] [--plain-http] [--key LABEL]`
 *
 * Prints the task-definition template an image carries, read from its
 * registry without pulling, through the same reader the program uses.
 * Credentials: the flags, else REGISTRY_USERNAME/REGISTRY_PASSWORD, else for
 * ECR hosts a token from the AWS SDK's default credential chain.
 * Exit 2 on a usage error, 1 on any other; one line on stderr either way.
 */
import { parseArgs } from "node:util";
import { RegistryError, UserError } from "../core/support/errors";
import {
    DEFAULT_LABEL_KEY,
    ecrRegistryRegion,
    parseImageRef,
    readImageLabel,
    requireLabel,
    type RegistryCredentials,
} from "../core/template/registry/label";

const USAGE =
    "usage: npm run label -- <image-ref> [--platform linux/amd64|linux/arm64] [--username U --password P] [--plain-http] [--key LABEL]";

class UsageError extends Error {}

interface Args {
    ref: string;
    platform?: string;
    username?: string;
    password?: string;
    plainHttp: boolean;
    key: string;
}

export function parseLabelArgs(argv: string[]): Args {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                platform: { type: "string" },
                username: { type: "string" },
                password: { type: "string" },
                "plain-http": { type: "boolean", default: false },
                key: { type: "string", default: DEFAULT_LABEL_KEY },
                help: { type: "boolean", short: "h", default: false },
            },
        });
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) throw new UsageError("");
    if (positionals.length !== 1)
        throw new UsageError(
            positionals.length === 0 ? "missing <image-ref>" : `expected one image ref, got ${positionals.length}`,
        );
    if ((values.username === undefined) !== (values.password === undefined))
        throw new UsageError("--username and --password go together");
    if (values.key === "") throw new UsageError("--key must not be empty");
    return {
        ref: positionals[0],
        platform: values.platform,
        username: values.username,
        password: values.password,
        plainHttp: values["plain-http"] ?? false,
        key: values.key ?? DEFAULT_LABEL_KEY,
    };
}

async function credentialsFor(args: Args, registry: string, where: string): Promise<RegistryCredentials> {
    if (args.username !== undefined && args.password !== undefined)
        return { username: args.username, password: args.password };
    const { REGISTRY_USERNAME: username, REGISTRY_PASSWORD: password } = process.env;
    if (username && password) return { username, password };
    const region = ecrRegistryRegion(registry);
    return region ? ecrCredentials(region, where) : undefined;
}

/** ECR's Basic credentials (user AWS) from GetAuthorizationToken; loaded lazily to keep other refs fast. */
export async function ecrCredentials(region: string, where: string): Promise<RegistryCredentials> {
    const { ECRClient, GetAuthorizationTokenCommand } = await import("@aws-sdk/client-ecr");
    let token: string | undefined;
    try {
        const out = await new ECRClient({ region }).send(new GetAuthorizationTokenCommand({}));
        token = out.authorizationData?.[0]?.authorizationToken;
    } catch (err) {
        const name = (err as Error).name || "Error";
        throw new RegistryError(
            where,
            "",
            `could not get an ECR token in ${region} (${name}: ${oneLine((err as Error).message)})`,
            "configure AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or SSO) with ecr:GetAuthorizationToken",
        );
    }
    const decoded = token ? Buffer.from(token, "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    if (colon <= 0)
        throw new RegistryError(
            where,
            "",
            `ECR in ${region} returned no usable authorization token`,
            "retry; if it persists, check the AWS account's ECR setup",
        );
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function runLabel(argv: string[]): Promise<string> {
    const args = parseLabelArgs(argv);
    const ref = parseImageRef(args.ref);
    const credentials = await credentialsFor(args, ref.registry, args.ref);
    const result = await readImageLabel(ref, {
        platform: args.platform,
        credentials,
        plainHttp: args.plainHttp,
        key: args.key,
    });
    const label = requireLabel(result, args.key);
    let template: unknown;
    try {
        template = JSON.parse(label);
    } catch (err) {
        throw new RegistryError(
            args.ref,
            `config.Labels.${args.key}`,
            `the label is not valid JSON (${oneLine((err as Error).message)})`,
            "set the label to the contents of app/ecs-task-template.json when building the image",
        );
    }
    return `${JSON.stringify(template, null, 2)}\n`;
}

function oneLine(s: string): string {
    return s.replace(/\s+/g, " ").trim();
}

export async function main(): Promise<void> {
    try {
        process.stdout.write(await runLabel(process.argv.slice(2)));
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`label: ${err.message ? `${oneLine(err.message)}. ` : ""}${USAGE}\n`);
            process.exitCode = 2;
        } else if (err instanceof UserError) {
            process.stderr.write(`label: ${oneLine(err.message)}\n`);
            process.exitCode = 1;
        } else {
            process.stderr.write(
                `label: unexpected error: ${oneLine(err instanceof Error ? err.message : String(err))}\n`,
            );
            process.exitCode = 1;
        }
    }
}

if (require.main === module) void main();
