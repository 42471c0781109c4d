/**
 * The pack as the Pulumi engine runs it: policy/index.ts started as a policy
 * pack process, spoken to over its gRPC analyzer interface the way
 * `pulumi preview --policy-pack policy` does (info, config, per-resource and
 * stack analysis, values unknown during preview).
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { runtime } from "@pulumi/pulumi";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
    AnalyzeDiagnostic,
    AnalyzeRequest,
    AnalyzerInfo,
    AnalyzerResource,
    AnalyzerResourceOptions,
    AnalyzeStackRequest,
    ConfigureAnalyzerRequest,
    EnforcementLevel,
    PolicyConfig,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { call, startPack } from "../support/policyPack";
import { ROOT } from "../support/render";

const PACK_DIR = path.join(ROOT, "policy");
const urn = (type: string, name: string) => `urn:pulumi:staging::ecs-deploy::${type}::${name}`;

function resourceRequest(type: string, name: string, props: Record<string, unknown>): AnalyzeRequest {
    return new AnalyzeRequest()
        .setType(type)
        .setName(name)
        .setUrn(urn(type, name))
        .setProperties(Struct.fromJavaScript(props as never))
        .setOptions(new AnalyzerResourceOptions());
}

function stackResource(type: string, name: string, props: Record<string, unknown>): AnalyzerResource {
    return new AnalyzerResource()
        .setType(type)
        .setName(name)
        .setUrn(urn(type, name))
        .setProperties(Struct.fromJavaScript(props as never))
        .setOptions(new AnalyzerResourceOptions());
}

describe("policy pack: served as the engine runs it", function () {
    this.timeout(60_000);
    let child: ChildProcess;
    let client: AnalyzerClient;
    const analyze = (req: AnalyzeRequest) =>
        call<AnalyzeRequest, { getDiagnosticsList(): AnalyzeDiagnostic[] }>(client.analyze.bind(client), req).then(
            (r) => r.getDiagnosticsList(),
        );

    before(async () => {
        const pack = await startPack(PACK_DIR);
        child = pack.child;
        client = new AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
    });
    after(() => {
        client?.close();
        child?.kill();
    });

    it("describes itself: ecs-deploy-security, mandatory, 24 policies with their controls and config schemas", async () => {
        const info = await call<Empty, AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty());
        assert.equal(info.getName(), "ecs-deploy-security");
        assert.equal(info.getVersion(), "1.0.0");
        const policies = info.getPoliciesList();
        assert.equal(policies.length, 24);
        assert.ok(policies.every((p) => p.getEnforcementlevel() === EnforcementLevel.MANDATORY));
        const retention = policies.find((p) => p.getName() === "cloudwatch-log-retention")!;
        assert.match(retention.getDescription(), /^ours: /);
        assert.deepEqual(retention.getConfigschema()!.getProperties()!.toJavaScript().minimumRetentionDays, {
            type: "integer",
            minimum: 1,
            default: 30,
            description: "The shortest retention allowed, in days.",
        });
        assert.match(policies.find((p) => p.getName() === "ecs-service-no-public-ip")!.getDescription(), /^ECS\.2: /);
    });

    it("reports a mandatory violation naming the resource and the fix", async () => {
        const diagnostics = await analyze(
            resourceRequest("aws:ecs/service:Service", "web", {
                launchType: "FARGATE",
                platformVersion: "LATEST",
                deploymentCircuitBreaker: { enable: true, rollback: true },
                networkConfiguration: { assignPublicIp: true, subnets: ["subnet-0a"] },
            }),
        );
        assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.getMessage()).join("\n"));
        assert.equal(diagnostics[0].getPolicyname(), "ecs-service-no-public-ip");
        assert.equal(diagnostics[0].getEnforcementlevel(), EnforcementLevel.MANDATORY);
        assert.match(
            diagnostics[0].getMessage(),
            /aws:ecs\/service:Service "web": networkConfiguration\.assignPublicIp is true.*Fix: /,
        );
    });

    it("checks a scheduled job's schedule: one violation per problem, each naming its policy", async () => {
        const diagnostics = await analyze(
            resourceRequest("aws:scheduler/schedule:Schedule", "nightly-report", {
                name: "nightly-report",
                scheduleExpression: "rate(1 day)",
                flexibleTimeWindow: { mode: "OFF" },
                target: {
                    arn: "arn:aws:ecs:eu-north-1:123456789012:cluster/ecs-deploy-staging",
                    roleArn: "arn:aws:iam::123456789012:role/ecs-deploy-staging-nightly-report-scheduler",
                    retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
                    ecsParameters: {
                        taskDefinitionArn:
                            "arn:aws:ecs:eu-north-1:123456789012:task-definition/ecs-deploy-staging-nightly-report:3",
                        launchType: "FARGATE",
                        networkConfiguration: { assignPublicIp: true, subnets: ["subnet-0a"] },
                    },
                },
            }),
        );
        assert.deepEqual(
            diagnostics.map((d) => d.getPolicyname()).sort(),
            ["scheduler-dead-letter-queue", "scheduler-ecs-no-public-ip"],
            diagnostics.map((d) => d.getMessage()).join("\n"),
        );
        for (const d of diagnostics) assert.equal(d.getEnforcementlevel(), EnforcementLevel.MANDATORY);
    });

    it("turns values unknown during preview into an advisory note, never a violation", async () => {
        const diagnostics = await analyze(
            resourceRequest("aws:ecs/taskDefinition:TaskDefinition", "web", {
                family: "web",
                networkMode: "awsvpc",
                containerDefinitions: runtime.unknownValue,
            }),
        );
        assert.ok(diagnostics.length > 0);
        for (const d of diagnostics) {
            assert.equal(d.getEnforcementlevel(), EnforcementLevel.ADVISORY, d.getMessage());
            assert.match(
                d.getMessage(),
                /can't run policy '[a-z-]+' .* during preview: string value at \.containerDefinitions can't be known during preview/,
            );
        }
    });

    it("checks the stack for repositories without a lifecycle policy", async () => {
        const repository = (name: string) =>
            stackResource("aws:ecr/repository:Repository", name, {
                name,
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
            });
        const req = new AnalyzeStackRequest().setResourcesList([
            repository("web"),
            repository("scratch"),
            stackResource("aws:ecr/lifecyclePolicy:LifecyclePolicy", "web", { repository: "web", policy: "{}" }),
        ]);
        const diagnostics = (
            await call<AnalyzeStackRequest, { getDiagnosticsList(): AnalyzeDiagnostic[] }>(
                client.analyzeStack.bind(client),
                req,
            )
        ).getDiagnosticsList();
        assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.getMessage()).join("\n"));
        assert.equal(diagnostics[0].getPolicyname(), "ecr-lifecycle-policy");
        assert.equal(diagnostics[0].getUrn(), urn("aws:ecr/repository:Repository", "scratch"));
    });

    it("takes --policy-pack-config: a higher log retention minimum", async () => {
        const logGroup = resourceRequest("aws:cloudwatch/logGroup:LogGroup", "web", {
            name: "/ecs/ecs-deploy/staging/web",
            retentionInDays: 30,
        });
        assert.deepEqual(await analyze(logGroup), []);
        const configure = new ConfigureAnalyzerRequest();
        configure
            .getPolicyconfigMap()
            .set(
                "cloudwatch-log-retention",
                new PolicyConfig()
                    .setEnforcementlevel(EnforcementLevel.MANDATORY)
                    .setProperties(Struct.fromJavaScript({ minimumRetentionDays: 365 })),
            );
        await call<ConfigureAnalyzerRequest, Empty>(client.configure.bind(client), configure);
        const diagnostics = await analyze(logGroup);
        assert.equal(diagnostics.length, 1);
        assert.match(diagnostics[0].getMessage(), /retentionInDays is 30, below the minimum of 365 days/);
    });
});
