/**
 * The policy pack as `pulumi policy publish` ships it: the CLI runs `npm pack`
 * in policy/ (pulumi/pulumi pkg/backend/httpstate/policypack.go) and the
 * service installs and runs that tarball alone. So: pack policy/, unpack it
 * somewhere else, give it its declared dependencies and nothing of this
 * repository, and serve it.
 */
import assert from "node:assert/strict";
import { ChildProcess, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
    AnalyzeDiagnostic,
    AnalyzeRequest,
    AnalyzerInfo,
    AnalyzerResourceOptions,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { call, startPack } from "../support/policyPack";
import { ROOT } from "../support/render";

const POLICY_DIR = path.join(ROOT, "policy");

describe("policy pack: packed for pulumi policy publish", function () {
    this.timeout(120_000);
    let work: string;
    let unpacked: string;
    let child: ChildProcess | undefined;
    let client: AnalyzerClient | undefined;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "policy-publish-"));
        const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
            cwd: POLICY_DIR,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        const [{ filename }] = JSON.parse(out) as { filename: string }[];
        execFileSync("tar", ["xzf", path.join(work, filename), "-C", work]);
        unpacked = path.join(work, "package");
    });
    after(() => {
        client?.close();
        child?.kill();
        fs.rmSync(work, { recursive: true, force: true });
    });

    it("imports nothing from outside the packed directory", () => {
        const files = fs.readdirSync(unpacked, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
        assert.ok(
            files.includes("index.ts") && files.includes(path.join("rules", "taskDefinition.ts")),
            files.join(", "),
        );
        for (const file of files) {
            const text = fs.readFileSync(path.join(unpacked, file), "utf8");
            for (const [, spec] of text.matchAll(/(?:from|require\()\s*"(\.{1,2}\/[^"]+)"/g)) {
                const target = path.resolve(path.dirname(path.join(unpacked, file)), spec);
                assert.ok(target.startsWith(unpacked + path.sep), `${file} imports ${spec}, outside the pack`);
                assert.ok(
                    [".ts", "/index.ts", ""].some((ext) => fs.existsSync(target + ext)),
                    `${file} imports ${spec}, which is not in the pack`,
                );
            }
        }
    });

    it("runs on its own declared dependencies and serves its policies", async () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        // The service installs exactly these; the root install pins the same versions, so link those in.
        for (const [name, version] of Object.entries(pkg.dependencies)) {
            // @pulumi/policy writes its own version with a leading "v".
            const installed = (
                JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
                    version: string;
                }
            ).version.replace(/^v/, "");
            assert.equal(installed, version, name);
        }
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(unpacked, "node_modules"), "dir");
        const pack = await startPack(unpacked);
        child = pack.child;
        client = new AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
        const info = await call<Empty, AnalyzerInfo>(client.getAnalyzerInfo.bind(client), new Empty());
        assert.equal(info.getName(), "ecs-deploy-security");
        assert.equal(info.getPoliciesList().length, 24);

        const containerDefinitions = JSON.stringify([
            {
                name: "web",
                image: "x@sha256:" + "0".repeat(64),
                readonlyRootFilesystem: true,
                logConfiguration: { logDriver: "awslogs" },
                environment: [{ name: "DB_PASSWORD", value: "hunter2" }],
            },
        ]);
        const req = new AnalyzeRequest()
            .setType("aws:ecs/taskDefinition:TaskDefinition")
            .setName("web")
            .setUrn("urn:pulumi:staging::ecs-deploy::aws:ecs/taskDefinition:TaskDefinition::web")
            .setProperties(Struct.fromJavaScript({ family: "web", networkMode: "awsvpc", containerDefinitions }))
            .setOptions(new AnalyzerResourceOptions());
        const diagnostics = (
            await call<AnalyzeRequest, { getDiagnosticsList(): AnalyzeDiagnostic[] }>(client.analyze.bind(client), req)
        ).getDiagnosticsList();
        assert.deepEqual(
            diagnostics.map((d) => d.getPolicyname()),
            ["ecs-no-plain-credentials"],
            diagnostics.map((d) => d.getMessage()).join("\n"),
        );
    });

    it("holds the pack's copy of the credential-name rule to the program's, byte for byte", () => {
        const program = fs.readFileSync(path.join(ROOT, "core", "taskdef", "credentialNames.ts"), "utf8");
        assert.equal(fs.readFileSync(path.join(POLICY_DIR, "rules", "credentialNames.ts"), "utf8"), program);
        assert.match(program, /export function looksLikeCredential/);
        assert.doesNotMatch(program, /^import /m, "the rule must stay self-contained to be copied");
    });
});
