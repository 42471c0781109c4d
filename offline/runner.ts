import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../core/support/errors";
import { isPlainObject, replaceLeaves } from "../core/support/paths";
import { clearStandIns, registerStandIn } from "../core/template/registry/label";
import { stackRegion } from "../core/config/regions";
import { Answers, callResult, hash, OFFLINE_ACCOUNT, resourceState } from "./awsStubs";
import { checkResource, isUnknown } from "./providerRules";
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
    /**
     * A first `pulumi preview`: nothing exists yet, so every output a created
     * resource computes (ids, ARNs, DNS names) is unknown; only its checked
     * inputs are known. Data-source lookups still answer.
     */
    preview?: boolean;
    /** Collects every registered resource here too, so a caller sees what was registered before a failure. */
    record?: RecordedResource[];
}

export interface RecordedResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    /** Input keys that were marked secret. */
    secretInputs: string[];
    /** Input keys whose value is (or holds) an unknown, recorded as UNKNOWN. */
    unknownInputs: string[];
    /** The resource options a reviewer cares about; dependsOn lists `type::name` of every resource it waits for. */
    options: {
        protect: boolean;
        retainOnDelete: boolean;
        ignoreChanges: string[];
        dependsOn: string[];
        customTimeouts?: { create: string; update: string; delete: string };
    };
}

export interface OfflineResult {
    project: string;
    stack: string;
    configFile: string;
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    secretOutputs: string[];
    /** Warnings and errors the Pulumi runtime logged during the run. */
    diagnostics: string[];
}

/** How an unknown input (first preview) is recorded. */
export const UNKNOWN = "[unknown]";

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
    getDependenciesList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
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
    const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as {
        MockMonitor: { prototype: { registerResource(this: unknown, req: RegisterRequest, cb: unknown): unknown } };
    };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with call() below
    const original = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = function (req: RegisterRequest, cb: unknown) {
        // A URN ends in `<type chain>::<name>`; the last type of the chain is the resource's own.
        const dependsOn = req.getDependenciesList().map((urn) => {
            const [types, ...name] = urn.split("::").slice(2);
            return `${types.split("$").pop()}::${name.join("::")}`;
        });
        recordedOptions.set(`${req.getType()}::${req.getName()}`, {
            protect: !!req.getProtect(),
            retainOnDelete: !!req.getRetainondelete(),
            ignoreChanges: req.getIgnorechangesList(),
            dependsOn: [...new Set(dependsOn)].sort(),
            ...timeoutsOf(req),
        });
        return original.call(this, req, cb);
    };
}

function timeoutsOf(req: RegisterRequest): Pick<Options, "customTimeouts"> {
    const t = req.getCustomtimeouts();
    return t && (t.getCreate() || t.getUpdate() || t.getDelete())
        ? { customTimeouts: { create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() } }
        : {};
}

/** The program's modules are loaded fresh per run: components read config at construction. */
function freshProgram(projectDir: string): () => Promise<Record<string, unknown>> {
    for (const id of Object.keys(require.cache)) {
        if (
            id.startsWith(projectDir) &&
            !id.includes(`${path.sep}node_modules${path.sep}`) &&
            !id.includes(`${path.sep}core${path.sep}`)
        )
            delete require.cache[id];
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(projectDir, "index.ts")) as () => Promise<Record<string, unknown>>;
}

function parseJson(text: string | undefined): unknown {
    try {
        return text === undefined ? undefined : JSON.parse(text);
    } catch {
        return undefined;
    }
}

/**
 * Pulumi's mocks made to play the provider's part: Check (auto-naming and the
 * provider's validators, offline/providerRules.ts) runs on every resource, and in
 * preview mode a created resource reports back only its checked inputs.
 */
export function providerMocks(answers: Answers, resources: RecordedResource[], preview = false): pulumi.runtime.Mocks {
    return {
        newResource(args) {
            const raw = args.inputs as Record<string, unknown>;
            const plain: Record<string, unknown> = {};
            const secretInputs: string[] = [];
            for (const [k, v] of Object.entries(raw)) {
                if (isRpcSecret(v)) secretInputs.push(k);
                plain[k] = isRpcSecret(v) ? v.value : v;
            }
            const custom = args.custom !== false && !args.type.startsWith("pulumi:");
            const checked = custom ? checkResource(args.type, args.name, plain) : plain;
            const inputs: Record<string, unknown> = {};
            const unknownInputs: string[] = [];
            for (const [k, v] of Object.entries(checked)) {
                // Unknowns (a first preview) become UNKNOWN, so a recorded input says where it was not yet known.
                const r = replaceLeaves(v, isUnknown, UNKNOWN);
                inputs[k] = r.value;
                if (r.replaced) unknownInputs.push(k);
            }
            const options = recordedOptions.get(`${args.type}::${args.name}`) ?? {
                protect: false,
                retainOnDelete: false,
                ignoreChanges: [],
                dependsOn: [],
            };
            resources.push({ type: args.type, name: args.name, inputs, secretInputs, unknownInputs, options });
            const state = { ...raw, ...(checked.name !== plain.name ? { name: checked.name } : {}) };
            // A stack reference is read, not created: its outputs are known in a preview too.
            if (preview && args.type !== "pulumi:pulumi:StackReference") return { id: undefined, state };
            return {
                id: `${args.name}-id`,
                state: { ...state, ...resourceState(args.type, args.name, checked, answers) },
            };
        },
        call(args) {
            return callResult(args.token, args.inputs as Record<string, unknown>, answers);
        },
    };
}

/** An exported value with the Outputs inside it resolved, as the engine resolves stack outputs (nested ones too). */
async function settle(value: unknown): Promise<{ value: unknown; secret: boolean }> {
    const o = pulumi.output(value) as unknown as { promise(): Promise<unknown>; isSecret: Promise<boolean> };
    return { value: await o.promise(), secret: await o.isSecret };
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
    const network = parseJson(config[`${files.project}:network`]);
    const vpcIdOfSubnets = isPlainObject(network) && typeof network.vpcId === "string" ? network.vpcId : undefined;
    const answers: Answers = {
        region,
        missingSecrets: [],
        stackOutputs: {},
        secretSuffix: () => "??????",
        vpcIdOfSubnets,
        otherStack: (name) => promotedStandIn(name, files.project, config, projectDir, region),
        ...options.answers,
    };

    const resources: RecordedResource[] = options.record ?? [];
    clearStandIns();
    captureOptions();
    recordedOptions.clear();
    pulumi.runtime.setAllConfig(config, secretKeys);
    await pulumi.runtime.setMocks(
        providerMocks(answers, resources, options.preview),
        files.project,
        files.stack,
        options.preview ?? false,
        OFFLINE_ORGANIZATION,
    );

    const cwd = process.cwd();
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on("unhandledRejection", onRejection);
    // Without an engine the runtime logs to the console; keep its warnings and errors as the run's diagnostics.
    const diagnostics: string[] = [];
    const { warn, error } = console;
    console.warn = (...a: unknown[]) =>
        String(a[0]).startsWith("warning: [runtime]") ? diagnostics.push(a.map(String).join(" ")) : warn(...a);
    console.error = (...a: unknown[]) =>
        String(a[0]).startsWith("error: [runtime]") ? diagnostics.push(a.map(String).join(" ")) : error(...a);
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
        return {
            project: files.project,
            stack: files.stack,
            configFile: files.configFile,
            resources,
            outputs,
            secretOutputs,
            diagnostics,
        };
    } catch (e) {
        // Let the registrations still in flight fail here, not after the handler is gone.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> })
            .waitForRPCs()
            .catch(() => undefined);
        throw unwrapUserError(e);
    } finally {
        process.off("unhandledRejection", onRejection);
        console.warn = warn;
        console.error = error;
        delete process.env.ECS_DEPLOY_STACK_FILE;
        process.chdir(cwd);
    }
}

/** The organization offline runs belong to: the name Pulumi's self-managed backends use. */
export const OFFLINE_ORGANIZATION = "organization";

/**
 * What another stack of this project "runs" offline, when no answer is given:
 * its ECR repository pinned to a stand-in digest, carrying this checkout's
 * template (what that stack would have built from it). The digest hashes the
 * template, so it changes exactly when the template does.
 */
function promotedStandIn(
    name: string,
    project: string,
    config: Record<string, string>,
    projectDir: string,
    region: string,
): Record<string, unknown> | undefined {
    const [, refProject, refStack] = name.split("/");
    if (refProject !== project || !refStack) return undefined;
    const templateFile = path.resolve(projectDir, config[`${project}:templateFile`] ?? "app/ecs-task-template.json");
    let template: string;
    try {
        template = fs.readFileSync(templateFile, "utf8");
    } catch {
        return undefined;
    }
    const image = `${OFFLINE_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${project}-${refStack}@sha256:${hash({ standIn: name, template })}`;
    registerStandIn(image, { [config[`${project}:labelKey`] ?? "ECS_TASK_TEMPLATE"]: template });
    return { image };
}

/** The program turns user errors into RunErrors for Pulumi; offline callers want the message back as a UserError. */
function unwrapUserError(e: unknown): unknown {
    if (e instanceof UserError) return e;
    if (pulumi.RunError.isInstance(e)) return new OfflineUserError(e.message);
    // A resource the provider's Check refuses fails the run as the engine reports it, without the SDK's serialisation trail.
    const refused = e instanceof Error ? /failed to register new resource .*$/s.exec(e.message) : null;
    if (refused) return new OfflineUserError(refused[0].split("\n")[0]);
    return e;
}

export class OfflineUserError extends Error {}
