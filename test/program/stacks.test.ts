/**
 * The real program (index.ts) under Pulumi mocks, with the real stack files.
 * Mocks answer AWS's part only; every assertion is on resource inputs.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { OfflineResult } from "../../offline/runner";
import { all, containerDefinitions, only, policyOf, run } from "../support/program";

const ACCOUNT = "123456789012";

describe("program: staging stack", () => {
    let r: OfflineResult;
    before(async () => (r = await run("staging")));

    it("registers a Fargate task definition sized by the staging overlay", () => {
        const td = only(r, "aws:ecs/taskDefinition:TaskDefinition").inputs;
        assert.equal(td.family, "ecs-deploy-staging");
        assert.equal(td.cpu, "256");
        assert.equal(td.memory, "512");
        assert.equal(td.networkMode, "awsvpc");
        assert.deepEqual(td.requiresCompatibilities, ["FARGATE"]);
        assert.deepEqual(td.runtimePlatform, { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" });
        // Roles are auto-named by the provider: `<logical name>-<7 hex>`.
        assert.match(
            String(td.executionRoleArn),
            new RegExp(`^arn:aws:iam::${ACCOUNT}:role/ecs-deploy-staging-execution-[0-9a-f]{7}$`),
        );
        assert.match(
            String(td.taskRoleArn),
            new RegExp(`^arn:aws:iam::${ACCOUNT}:role/ecs-deploy-staging-task-[0-9a-f]{7}$`),
        );
        assert.equal(td.skipDestroy, true, "old revisions stay registered for rollbacks");
    });

    it("merges the overlay's environment by name over the template's", () => {
        const [web] = containerDefinitions(r);
        const env = Object.fromEntries(web.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
        assert.deepEqual(env, { LOG_LEVEL: "debug", PORT: "8080", ROOT_URL: "https://staging.example.com" });
        assert.deepEqual(
            web.environment.map((e: { name: string }) => e.name),
            ["LOG_LEVEL", "PORT", "ROOT_URL"],
        );
    });

    it("runs the built image pinned by digest, from the stack's repository", () => {
        const [web] = containerDefinitions(r);
        assert.match(
            web.image,
            new RegExp(
                `^${ACCOUNT}\\.dkr\\.ecr\\.eu-north-1\\.amazonaws\\.com/ecs-deploy-staging@sha256:[0-9a-f]{64}$`,
            ),
        );
        assert.equal(r.outputs.image, web.image);
        assert.deepEqual(r.outputs.imageDefinitions, [{ name: "web", imageUri: web.image }]);
    });

    it("builds app/ with the template as the image label", () => {
        const image = only(r, "docker-build:index:Image").inputs;
        const labels = image.labels as Record<string, string>;
        assert.deepEqual(
            JSON.parse(labels.ECS_TASK_TEMPLATE),
            JSON.parse(fs.readFileSync("app/ecs-task-template.json", "utf8")),
        );
        assert.equal((image.buildArgs as Record<string, string>).ECS_TASK_TEMPLATE, labels.ECS_TASK_TEMPLATE);
        assert.deepEqual(image.platforms, ["linux/amd64"]);
        assert.equal(image.push, true);
    });

    it("injects awslogs group, region and stream prefix, keeping the overlay's options", () => {
        const [web] = containerDefinitions(r);
        assert.deepEqual(web.logConfiguration, {
            logDriver: "awslogs",
            options: {
                "awslogs-group": "/ecs/ecs-deploy/staging/web",
                "awslogs-region": "eu-north-1",
                "awslogs-stream-prefix": "staging",
                "max-buffer-size": "4m",
                mode: "non-blocking",
            },
        });
        const group = only(r, "aws:cloudwatch/logGroup:LogGroup").inputs;
        assert.equal(group.name, "/ecs/ecs-deploy/staging/web");
        assert.equal(group.retentionInDays, 30);
    });

    it("resolves secret names under the staging prefix to full ARNs", () => {
        const [web] = containerDefinitions(r);
        assert.deepEqual(web.secrets, [
            {
                name: "DATABASE_URL",
                valueFrom: `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:staging/web/DATABASE_URL-??????`,
            },
            {
                name: "SESSION_KEY",
                valueFrom: `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:staging/web/SESSION_KEY-??????`,
            },
        ]);
    });

    it("scopes the execution role to this repository, log group and these secrets", () => {
        const policy = policyOf(only(r, "aws:iam/rolePolicy:RolePolicy", "ecs-deploy-staging-execution"));
        const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
        assert.deepEqual(bySid.PullImage.Resource, [`arn:aws:ecr:eu-north-1:${ACCOUNT}:repository/ecs-deploy-staging`]);
        assert.deepEqual(bySid.EcrAuthToken.Resource, "*");
        assert.deepEqual(bySid.WriteLogs.Resource, [
            `arn:aws:logs:eu-north-1:${ACCOUNT}:log-group:/ecs/ecs-deploy/staging/web:log-stream:*`,
        ]);
        assert.deepEqual(bySid.ReadSecrets.Resource, [
            `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:staging/web/DATABASE_URL-??????`,
            `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret:staging/web/SESSION_KEY-??????`,
        ]);
        for (const s of policy.Statement)
            if (s.Sid !== "EcrAuthToken") assert.notEqual(s.Resource, "*", `${s.Sid} must name exact ARNs`);
    });

    it("lets only this account's ECS tasks assume the roles, and gives the task role nothing", () => {
        for (const role of all(r, "aws:iam/role:Role")) {
            const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
            assert.deepEqual(trust.Statement[0].Principal, { Service: "ecs-tasks.amazonaws.com" });
            assert.deepEqual(trust.Statement[0].Condition.StringEquals, { "aws:SourceAccount": ACCOUNT });
        }
        assert.equal(all(r, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.endsWith("-task")).length, 0);
    });

    it("keeps an ECR repository that scans, keeps release tags immutable and prunes", () => {
        const repo = only(r, "aws:ecr/repository:Repository");
        assert.deepEqual(repo.inputs.imageScanningConfiguration, { scanOnPush: true });
        assert.equal(repo.inputs.imageTagMutability, "IMMUTABLE_WITH_EXCLUSION");
        assert.deepEqual(repo.inputs.imageTagMutabilityExclusionFilters, [
            { filter: "buildcache", filterType: "WILDCARD" },
        ]);
        // Unprotected: `pulumi destroy -s staging` deletes the repository with its images.
        assert.equal(repo.inputs.forceDelete, true);
        assert.equal(repo.options.protect, false);
        const lifecycle = JSON.parse(String(only(r, "aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy));
        assert.equal(lifecycle.rules[1].selection.countNumber, 21);
        assert.equal(lifecycle.rules[0].selection.tagStatus, "untagged");
    });
});

describe("program: production stack", () => {
    let r: OfflineResult;
    before(async () => (r = await run("production")));

    it("uses production's size, URLs and log level", () => {
        const td = only(r, "aws:ecs/taskDefinition:TaskDefinition").inputs;
        assert.equal(td.cpu, "1024");
        assert.equal(td.memory, "2048");
        const env = Object.fromEntries(
            containerDefinitions(r)[0].environment.map((e: { name: string; value: string }) => [e.name, e.value]),
        );
        assert.equal(env.ROOT_URL, "https://www.example.com");
        assert.equal(env.LOG_LEVEL, "warn");
        assert.match(String(containerDefinitions(r)[0].secrets[0].valueFrom), /:secret:production\/web\/DATABASE_URL-/);
    });

    it("protects and retains the repository and log groups, with a year of logs", () => {
        for (const type of ["aws:ecr/repository:Repository", "aws:cloudwatch/logGroup:LogGroup"]) {
            const res = only(r, type);
            assert.deepEqual([res.options.protect, res.options.retainOnDelete], [true, true], type);
        }
        // Never force-deleted: a destroy that reaches it fails while images remain.
        assert.equal(only(r, "aws:ecr/repository:Repository").inputs.forceDelete, false);
        assert.equal(only(r, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 365);
        assert.equal(
            JSON.parse(String(only(r, "aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy)).rules[1].selection
                .countNumber,
            51,
        );
    });
});

describe("program: bad input deploys nothing", () => {
    it("stops before registering any resource when the overlay is invalid", async () => {
        await assert.rejects(
            run("staging", { overrides: { overlay: { cpu: "256", memory: "4096" } } }),
            /Pulumi\.staging\.yaml: ecs-deploy:overlay\.memory: 4096 MiB is not valid with cpu 256.*Fix: with cpu 256 use memory 512, 1024, 2048/,
        );
    });

    it("stops with the command that creates a missing secret", async () => {
        await assert.rejects(
            run("staging", { answers: { missingSecrets: ["staging/web/SESSION_KEY"] } }),
            /Pulumi\.staging\.yaml: ecs-deploy:secrets\.SESSION_KEY: the template's secret SESSION_KEY has no Secrets Manager secret named staging\/web\/SESSION_KEY in eu-north-1\. Fix: create it \(aws secretsmanager create-secret --region eu-north-1 --name staging\/web\/SESSION_KEY/,
        );
    });
});
