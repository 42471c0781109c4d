import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { UserError } from "../core/errors";
import { isPlainObject } from "../core/paths";
import { stackRegion } from "../core/regions";
import { Answers, callResult, resourceState } from "./awsStubs";
import { checkProviderKeys, loadStackFiles } from "./stackFiles";

/**
 * Runs the real program (index.ts) with Pulumi's mocks standing in for AWS:
 * no engine, no credentials, no network but the image registry when an image
 * ref is deployed. `render` and the tests share it.
 */
export interface OfflineOptions {
    stack: string;
    configFile?: string;
    /** Project config overrides by short key, e.g. { image: "...", service: {...} }. */
    overrides?: Record<string, unknown>;
    /** Project config set as secrets by short key (managed secret values). */
    secrets?: Record<string, unknown>;
    answers?: Partial<Answers>;
    projectDir?: string;
}

export interface RecordedResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    /** Input keys that were marked secret. */
    secretInputs: string[];
    /** The resource options a reviewer cares about. */
    options: { protect: boolean; retainOnDelete: boolean; ignoreChanges: string[] };
}

export interface OfflineResult {
    project: string;
    stack: string;
    configFile: string;
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    secretOutputs: string[];
}

const PROJECT_DIR = path.resolve(__dirname, "..");
const SECRET = pulumi.runtime.specialSecretSig;
const SIG = pulumi.runtime.specialSigKey;

function isRpcSecret(v: unknown): v is { value: unknown } {
    return isPlainObject(v) && v[SIG] === SECRET;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getIgnorechangesList(): string[];
}
type Options = RecordedResource["options"];
const recordedOptions = new Map<string, Options>();

// Mocks see inputs only; protect/retainOnDelete/ignoreChanges travel in the register request.
// Wrap the mock monitor once to keep them, so tests can assert on production's protection.
let monitorWrapped = false;
function captureOptions(): void {
    if (monitorWrapped) return;
    monitorWrapped = true;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: { registerResource(this: unknown, req: RegisterRequest, cb: unknown): unknown } } };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with call() below
    const original = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = function (req: RegisterRequest, cb: unknown) {
        recordedOptions.set(`${req.getType()}::${req.getName()}`, { protect: !!req.getProtect(), retainOnDelete: !!req.getRetainondelete(), ignoreChanges: req.getIgnorechangesList() });
        return original.call(this, req, cb);
    };
}

/** The program's modules are loaded fresh per run: components read config at construction. */
function freshProgram(projectDir: string): () => Promise<Record<string, unknown>> {
    for (const id of Object.keys(require.cache)) {
        if (id.startsWith(projectDir) && !id.includes(`${path.sep}node_modules${path.sep}`) && !id.includes(`${path.sep}core${path.sep}`)) delete require.cache[id];
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(projectDir, "index.ts")) as () => Promise<Record<string, unknown>>;
}

async function settle(value: unknown): Promise<{ value: unknown; secret: boolean }> {
    if (pulumi.Output.isInstance(value)) {
        const o = value as unknown as { promise(): Promise<unknown>; isSecret: Promise<boolean> };
        return { value: await o.promise(), secret: await o.isSecret };
    }
    return { value, secret: false };
}

export async function evaluateProgram(options: OfflineOptions): Promise<OfflineResult> {
    const projectDir = options.projectDir ?? PROJECT_DIR;
    const files = loadStackFiles(projectDir, options.stack, options.configFile);
    checkProviderKeys(files);
    const config = { ...files.config };
    const secretKeys = [...files.secretKeys];
    for (const [key, value] of Object.entries({ ...options.overrides, ...options.secrets })) {
        const full = key.includes(":") ? key : `${files.project}:${key}`;
        config[full] = typeof value === "string" ? value : JSON.stringify(value);
        if (options.secrets && key in options.secrets) secretKeys.push(full);
    }
    // The stand-ins answer for the region the program deploys to; with none, the program refuses the stack before any call.
    const region = stackRegion(config["aws:region"], process.env).region ?? "us-east-1";
    const answers: Answers = { region, missingSecrets: [], stackOutputs: {}, secretSuffix: () => "??????", ...options.answers };

    const resources: RecordedResource[] = [];
    captureOptions();
    recordedOptions.clear();
    pulumi.runtime.setAllConfig(config, secretKeys);
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const inputs: Record<string, unknown> = {};
                const secretInputs: string[] = [];
                for (const [k, v] of Object.entries(args.inputs as Record<string, unknown>)) {
                    if (isRpcSecret(v)) secretInputs.push(k);
                    inputs[k] = isRpcSecret(v) ? v.value : v;
                }
                const options = recordedOptions.get(`${args.type}::${args.name}`) ?? { protect: false, retainOnDelete: false, ignoreChanges: [] };
                resources.push({ type: args.type, name: args.name, inputs, secretInputs, options });
                return { id: `${args.name}-id`, state: { ...(args.inputs as Record<string, unknown>), ...resourceState(args.type, args.name, inputs, answers) } };
            },
            call(args) {
                return callResult(args.token, args.inputs as Record<string, unknown>, answers);
            },
        },
        files.project,
        files.stack,
        false,
    );

    const cwd = process.cwd();
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on("unhandledRejection", onRejection);
    try {
        process.chdir(projectDir);
        process.env.ECS_DEPLOY_STACK_FILE = files.configFile;
        const main = freshProgram(projectDir);
        const exported = await main();
        const outputs: Record<string, unknown> = {};
        const secretOutputs: string[] = [];
        for (const [k, v] of Object.entries(exported ?? {})) {
            const s = await settle(v);
            outputs[k] = s.value;
            if (s.secret) secretOutputs.push(k);
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
        if (rejections.length) throw rejections[0];
        return { project: files.project, stack: files.stack, configFile: files.configFile, resources, outputs, secretOutputs };
    } catch (e) {
        throw unwrapUserError(e);
    } finally {
        process.off("unhandledRejection", onRejection);
        delete process.env.ECS_DEPLOY_STACK_FILE;
        process.chdir(cwd);
    }
}

/** The program turns user errors into RunErrors for Pulumi; offline callers want the message back as a UserError. */
function unwrapUserError(e: unknown): unknown {
    if (e instanceof UserError) return e;
    if (pulumi.RunError.isInstance(e)) return new OfflineUserError(e.message);
    return e;
}

export class OfflineUserError extends Error {}
