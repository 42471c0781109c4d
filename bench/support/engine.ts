/**
 * A stand-in for the Pulumi engine on 127.0.0.1: the gRPC ResourceMonitor
 * and Engine services a program talks to, so the SDK's own entry point
 * (@pulumi/pulumi/cmd/run, what the Node.js language host spawns) can run the
 * program from start to finish with no CLI. Resources and invokes are answered
 * by Pulumi's MockMonitor with the offline AWS stand-ins (offline/awsStubs.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any,
    @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call,
    @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return
    -- untyped gRPC and protobuf modules */
import * as path from "node:path";
import { callResult, resourceState, type Answers } from "../../offline/awsStubs";

const PULUMI = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [PULUMI] }));
const resourceRpc = require(path.join(PULUMI, "proto", "resource_grpc_pb.js"));
const resourcePb = require(path.join(PULUMI, "proto", "resource_pb.js"));
const engineRpc = require(path.join(PULUMI, "proto", "engine_grpc_pb.js"));
const enginePb = require(path.join(PULUMI, "proto", "engine_pb.js"));
const emptyPb = require(require.resolve("google-protobuf/google/protobuf/empty_pb.js", { paths: [PULUMI] }));
const { MockMonitor } = require(path.join(PULUMI, "runtime", "mocks.js"));
const settings = require(path.join(PULUMI, "runtime", "settings.js"));

export interface FakeEngine {
    monitor: string;
    engine: string;
    /** Resources registered since start. */
    registered(): number;
    stop(): Promise<void>;
}

export async function startEngine(project: string, stack: string, region: string): Promise<FakeEngine> {
    // MockMonitor names URNs after the current project and stack.
    settings.setMockOptions(undefined, project, stack, true, "organization");
    const answers: Answers = { region, missingSecrets: [], stackOutputs: {}, secretSuffix: () => "??????" };
    let count = 0;
    const mock = new MockMonitor({
        newResource(args: { type: string; name: string; inputs: Record<string, unknown> }) {
            count++;
            return {
                id: `${args.name}-id`,
                state: { ...args.inputs, ...resourceState(args.type, args.name, args.inputs, answers) },
            };
        },
        call(args: { token: string; inputs: Record<string, unknown> }) {
            return callResult(args.token, args.inputs, answers);
        },
    });
    let root = "";
    const empty = (_call: unknown, cb: (e: unknown, r: unknown) => void) => cb(null, new emptyPb.Empty());
    const server = new grpc.Server();
    server.addService(resourceRpc.ResourceMonitorService, {
        supportsFeature: (call: any, cb: any) => {
            const r = new resourcePb.SupportsFeatureResponse();
            // As the mocks: no output values in inputs; everything else a current engine has.
            r.setHassupport(call.request.getId() !== "outputValues");
            cb(null, r);
        },
        invoke: (call: any, cb: any) => mock.invoke(call.request, cb),
        readResource: (call: any, cb: any) => mock.readResource(call.request, cb),
        registerResource: (call: any, cb: any) => mock.registerResource(call.request, cb),
        registerResourceOutputs: empty,
        registerStackTransform: empty,
        registerStackInvokeTransform: empty,
        registerPackage: (call: any, cb: any) => mock.registerPackage(call.request, cb),
        signalAndWaitForShutdown: empty,
    });
    server.addService(engineRpc.EngineService, {
        log: empty,
        getRootResource: (_call: any, cb: any) => {
            const r = new enginePb.GetRootResourceResponse();
            r.setUrn(root);
            cb(null, r);
        },
        setRootResource: (call: any, cb: any) => {
            root = call.request.getUrn();
            cb(null, new enginePb.SetRootResourceResponse());
        },
    });
    const port: number = await new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) =>
            err ? reject(err) : resolve(p),
        ),
    );
    const address = `127.0.0.1:${port}`;
    return {
        monitor: address,
        engine: address,
        registered: () => count,
        stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
}
