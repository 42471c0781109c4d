/**
 * `npm run policy` end to end: the pack's rules over both stacks' renders
 * (no violations), over a fixture of deliberate violations (each reported
 * with its resource and a fix), with the pack's config format, and its errors.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ALIAS_BOMB } from "../support/hostileYaml";
import { renderCli, ROOT, Run, tempDir } from "../support/render";

const FIXTURE = path.join(ROOT, "test", "fixtures", "policy-violations.json");

function policyCli(args: string[]): Promise<Run> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["--require", "tsx/cjs", path.join(ROOT, "cli", "policy.ts"), ...args], {
            cwd: ROOT,
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

interface Reported {
    level: string;
    type: string;
    name: string;
    policy: string;
    problem: string;
    fix: string;
}

/** The report's violation blocks: a heading line, then `problem:` and `fix:`. */
function reported(stdout: string): Reported[] {
    const lines = stdout.split("\n");
    const out: Reported[] = [];
    lines.forEach((line, i) => {
        const m = /^(violation|advisory): (\S+) "([^"]+)" fails (\S+) \(/.exec(line);
        if (!m) return;
        const problem = /^ {2}problem: (.+)$/.exec(lines[i + 1] ?? "");
        const fix = /^ {2}fix: (.+)$/.exec(lines[i + 2] ?? "");
        assert.ok(problem && fix, `no problem/fix under: ${line}`);
        out.push({ level: m[1], type: m[2], name: m[3], policy: m[4], problem: problem[1], fix: fix[1] });
    });
    return out;
}

describe("policy: the held-out stack with two workers, a scheduled job and Fargate Spot", () => {
    const HELD_OUT = [
        "--stack",
        "workers",
        "--config-file",
        path.join(ROOT, "test", "fixtures", "stacks", "Pulumi.workers.yaml"),
    ];

    it("has no violations, and checked every service, task definition, schedule, queue and role", async () => {
        const out = tempDir("policy-render-workers-");
        const rendered = await renderCli([...HELD_OUT, "--out", out]);
        assert.equal(rendered.status, 0, rendered.stderr);
        const records = JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8")) as { type: string }[];
        const count = (type: string) => records.filter((r) => r.type === type).length;
        assert.equal(count("aws:ecs/service:Service"), 3, "web and two workers");
        assert.equal(count("aws:ecs/taskDefinition:TaskDefinition"), 4, "web, two workers and the job");
        assert.equal(count("aws:scheduler/schedule:Schedule"), 1);
        assert.equal(count("aws:sqs/queue:Queue"), 1);
        const r = await policyCli([path.join(out, "resources.json")]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /\nno violations\n$/);
    });
});

function configFile(config: unknown): string {
    const file = path.join(tempDir("policy-config-"), "policy-config.json");
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
}

for (const stack of ["staging", "production"]) {
    describe(`policy: the default ${stack} render`, () => {
        it("has no violations, evaluated in-process with --stack", async () => {
            const r = await policyCli(["--stack", stack]);
            assert.equal(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, new RegExp(`^checked (\\d+) resources of stack ${stack} against 24 policies`));
            assert.ok(
                Number(/checked (\d+)/.exec(r.stdout)![1]) >= 8,
                "service, cluster, task definition, repository, log group, roles and policy were checked",
            );
            assert.match(r.stdout, /\nno violations\n$/);
        });

        it("has no violations in the resources.json render writes", async () => {
            const out = tempDir(`policy-render-${stack}-`);
            const rendered = await renderCli(["--stack", stack, "--out", out]);
            assert.equal(rendered.status, 0, rendered.stderr);
            const r = await policyCli([path.join(out, "resources.json")]);
            assert.equal(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /\nno violations\n$/);
        });
    });
}

describe("policy: a fixture with deliberate violations", () => {
    // [resource type, resource name, policy, what the problem names]
    const expected: [string, string, string, RegExp][] = [
        ["aws:ecs/service:Service", "public-svc", "ecs-service-no-public-ip", /assignPublicIp is true/],
        ["aws:ecs/service:Service", "public-svc", "ecs-fargate-latest-platform", /"1\.3\.0"/],
        ["aws:ecs/service:Service", "public-svc", "ecs-deployment-circuit-breaker", /rollback/],
        ["aws:ecs/taskDefinition:TaskDefinition", "unsafe-task", "ecs-no-host-namespaces", /pidMode is "host"/],
        ["aws:ecs/taskDefinition:TaskDefinition", "unsafe-task", "ecs-no-host-namespaces", /networkMode is "host"/],
        [
            "aws:ecs/taskDefinition:TaskDefinition",
            "unsafe-task",
            "ecs-container-not-privileged",
            /container "app" is privileged/,
        ],
        [
            "aws:ecs/taskDefinition:TaskDefinition",
            "unsafe-task",
            "ecs-container-readonly-root",
            /container "app" has a writable root/,
        ],
        ["aws:ecs/taskDefinition:TaskDefinition", "unsafe-task", "ecs-no-plain-credentials", /AWS_SECRET_ACCESS_KEY/],
        ["aws:ecs/taskDefinition:TaskDefinition", "unsafe-task", "ecs-no-plain-credentials", /DB_PASSWORD/],
        [
            "aws:ecs/taskDefinition:TaskDefinition",
            "unsafe-task",
            "ecs-container-logging",
            /container "app" has no logConfiguration/,
        ],
        ["aws:ecs/taskDefinition:TaskDefinition", "unsafe-task", "ecs-image-pinned-by-digest", /legacy:latest/],
        ["aws:ecs/cluster:Cluster", "no-insights", "ecs-cluster-container-insights", /"disabled"/],
        ["aws:ecr/repository:Repository", "mutable-repo", "ecr-scan-on-push", /not scanned/],
        ["aws:ecr/repository:Repository", "mutable-repo", "ecr-immutable-tags", /"MUTABLE"/],
        ["aws:ecr/repository:Repository", "mutable-repo", "ecr-lifecycle-policy", /no lifecycle policy/],
        ["aws:ecr/repository:Repository", "wide-exclusion", "ecr-immutable-tags", /"latest" stay mutable/],
        ["aws:cloudwatch/logGroup:LogGroup", "short-logs", "cloudwatch-log-retention", /retentionInDays is 7/],
        [
            "aws:iam/rolePolicy:RolePolicy",
            "read-all-secrets",
            "iam-no-wildcard-secret-access",
            /"ReadSecrets" allows secretsmanager actions on \*/,
        ],
        ["aws:iam/policy:Policy", "kms-everywhere", "iam-no-wildcard-secret-access", /kms actions on .*key\/\*/],
        ["aws:iam/role:Role", "open-trust", "iam-no-wildcard-secret-access", /inline policy "parameters"/],
        ["aws:iam/role:Role", "open-trust", "iam-ecs-tasks-trust-source-account", /aws:SourceAccount/],
        ["aws:scheduler/schedule:Schedule", "public-job", "scheduler-ecs-no-public-ip", /assignPublicIp is true/],
        ["aws:scheduler/schedule:Schedule", "public-job", "scheduler-ecs-latest-platform", /"1\.3\.0"/],
        [
            "aws:scheduler/schedule:Schedule",
            "public-job",
            "scheduler-ecs-task-definition-revision",
            /legacy-report names no revision/,
        ],
        ["aws:scheduler/schedule:Schedule", "public-job", "scheduler-retry-policy", /target\.retryPolicy is not set/],
        ["aws:scheduler/schedule:Schedule", "public-job", "scheduler-dead-letter-queue", /deadLetterConfig is not set/],
        ["aws:sqs/queue:Queue", "plain-queue", "sqs-encrypted-at-rest", /stored unencrypted/],
        [
            "aws:iam/role:Role",
            "open-scheduler-trust",
            "iam-scheduler-trust-source-account",
            /scheduler\.amazonaws\.com .*aws:SourceAccount/,
        ],
        [
            "aws:iam/rolePolicy:RolePolicy",
            "pass-any-role",
            "iam-no-wildcard-passrole",
            /"PassAnyRole" allows iam:PassRole on \*/,
        ],
    ];
    let run: Run;
    before(async () => {
        run = await policyCli([FIXTURE]);
    });

    it("exits 1", () => {
        assert.equal(run.status, 1, run.stdout + run.stderr);
        assert.equal(run.stderr, "");
    });

    it("reports every deliberate violation with its resource, policy, problem and fix, and nothing else", () => {
        const got = reported(run.stdout);
        for (const [type, name, policy, problem] of expected) {
            const hit = got.find(
                (v) => v.type === type && v.name === name && v.policy === policy && problem.test(v.problem),
            );
            assert.ok(hit, `not reported: ${type} "${name}" ${policy} ${String(problem)}\n${run.stdout}`);
            assert.match(hit.fix, /\w{3,}/);
        }
        assert.equal(got.length, expected.length, run.stdout);
        assert.ok(got.every((v) => v.level === "violation"));
        assert.match(run.stdout, new RegExp(`\\n${expected.length} violations\\n$`));
    });

    it("covers every policy of the pack", () => {
        const policies = new Set(reported(run.stdout).map((v) => v.policy));
        assert.equal(policies.size, 24, [...policies].join(", "));
    });

    it("passes what is compliant in the same file (the opted-out, digest-pinned, logged sidecar)", () => {
        assert.doesNotMatch(run.stdout, /container "proxy"/);
    });

    it("skips a masked secret input instead of guessing, and says so", () => {
        assert.match(
            run.stdout,
            /skipped: aws:iam\/rolePolicy:RolePolicy "masked" for iam-no-wildcard-secret-access: .*\.policy/,
        );
        assert.ok(!reported(run.stdout).some((v) => v.name === "masked"));
    });

    it("never prints the credential values it found", () => {
        assert.doesNotMatch(run.stdout, /wJalrXUtnFEMI|hunter2/);
    });
});

describe("policy: config in pulumi's --policy-pack-config format", () => {
    it("raises the log retention minimum: staging's 30 days fail, production's 365 pass", async () => {
        const config = configFile({ "cloudwatch-log-retention": { minimumRetentionDays: 365 } });
        const staging = await policyCli(["--stack", "staging", "--config", config]);
        assert.equal(staging.status, 1, staging.stdout + staging.stderr);
        assert.deepEqual(
            reported(staging.stdout).map((v) => [v.type, v.name, v.policy]),
            [["aws:cloudwatch/logGroup:LogGroup", "ecs-deploy-staging-web", "cloudwatch-log-retention"]],
        );
        assert.match(staging.stdout, /fix: set retentionInDays to at least 365/);
        const production = await policyCli(["--stack", "production", "--config", config]);
        assert.equal(production.status, 0, production.stdout + production.stderr);
    });

    it("lowers the level: advisory violations are printed but do not fail", async () => {
        const r = await policyCli([
            FIXTURE,
            "--config",
            configFile({ all: "advisory", "ecr-lifecycle-policy": "disabled" }),
        ]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        const got = reported(r.stdout);
        assert.equal(got.length, 28);
        assert.ok(got.every((v) => v.level === "advisory"));
        assert.match(r.stdout, /\n0 violations, 28 advisory\n$/);
    });

    it("rejects an unknown policy, an unknown setting and a wrong type, naming each", async () => {
        const r = await policyCli([
            FIXTURE,
            "--config",
            configFile({
                "log-retention": { minimumRetentionDays: 1 },
                "ecr-immutable-tags": { mutable: [] },
                "cloudwatch-log-retention": { minimumRetentionDays: "30" },
            }),
        ]);
        assert.equal(r.status, 1);
        assert.equal(r.stdout, "");
        assert.match(
            r.stderr,
            /^error: .*policy-config\.json: log-retention: no such policy; known: .*cloudwatch-log-retention/,
        );
        assert.match(r.stderr, /ecr-immutable-tags\.mutable: unknown setting; known: mutableTags/);
        assert.match(r.stderr, /cloudwatch-log-retention\.minimumRetentionDays: "30" is not a valid integer >= 1/);
    });
});

describe("policy: usage and input errors", () => {
    it("needs exactly one of a file or --stack (exit 2)", async () => {
        for (const args of [[], [FIXTURE, "--stack", "staging"], ["--config-file", "Pulumi.staging.yaml", FIXTURE]]) {
            const r = await policyCli(args);
            assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
            assert.match(r.stderr, /^error: .*\nusage: npm run policy -- /);
        }
    });

    it("rejects a file that is not render's resource list, in one line (exit 1)", async () => {
        const notList = configFile({ resources: [] });
        const r = await policyCli([notList]);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /^error: .*: expected a JSON list of resources, as render writes in resources\.json\n$/);
        const missing = await policyCli([path.join(ROOT, "out", "no-such-stack", "resources.json")]);
        assert.equal(missing.status, 1);
        assert.match(missing.stderr, /^error: .*resources\.json: cannot read the resource list/);
    });

    it("refuses a stack file that is an alias bomb in one line naming it (exit 1), as render does", async () => {
        const file = path.join(tempDir("policy-bomb-"), "Pulumi.staging.yaml");
        fs.writeFileSync(file, ALIAS_BOMB);
        const r = await policyCli(["--stack", "staging", "--config-file", file]);
        assert.equal(r.status, 1);
        assert.match(
            r.stderr,
            /^error: Pulumi\.staging\.yaml: its aliases expand to more than 100 copies, .*\. Fix: \S[^\n]*\n$/,
        );
    });
});
