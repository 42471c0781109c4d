/**
 * The GitHub workflows: valid by action-validator (the SchemaStore schemas for
 * workflows, through its npm build), and doing what deployment/README.md says
 * they do. action-validator's npm build cannot check path globs, so they are
 * checked here against the repository's files.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateWorkflow as validate } from "@action-validator/core";
import YAML from "yaml";

const ROOT = path.resolve(__dirname, "..");
const DIR = path.join(ROOT, ".github", "workflows");
const FILES = fs
    .readdirSync(DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

type Json = Record<string, any>;
const load = (file: string): Json => YAML.parse(fs.readFileSync(path.join(DIR, file), "utf8"));
const steps = (wf: Json): Json[] =>
    Object.values(wf.jobs as Record<string, Json>).flatMap((j) => (j.steps ?? []) as Json[]);
const uses = (wf: Json): string[] =>
    steps(wf)
        .map((s) => s.uses as string | undefined)
        .filter((u): u is string => !!u);
const runs = (job: Json): string => ((job.steps ?? []) as Json[]).map((s) => String(s.run ?? "")).join("\n");

/** The repository's files, as workflow path filters see them (relative, forward slashes). */
function repoFiles(dir = ROOT, prefix = ""): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if ([".git", "node_modules", "out"].includes(e.name)) return [];
        const rel = prefix + e.name;
        return e.isDirectory() ? repoFiles(path.join(dir, e.name), `${rel}/`) : [rel];
    });
}
/** action-validator, with its "glob validation is not yet supported" notice kept out of the test output (globs are checked below). */
function validateWorkflow(src: string): ReturnType<typeof validate> {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
        if (!/Glob validation is not yet supported/.test(String(args[0]))) warn(...args);
    };
    try {
        return validate(src);
    } finally {
        console.warn = warn;
    }
}

function globRegExp(glob: string): RegExp {
    return new RegExp(
        `^${glob
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*\*/g, "\u0000")
            .replace(/\*/g, "[^/]*")
            .replace(/\u0000/g, ".*")}$`,
    );
}

describe("workflows: valid", () => {
    it("finds the workflows", () => {
        assert.deepEqual(FILES, [
            "continue.yml",
            "main.yml",
            "production.yml",
            "pull-request.yml",
            "pulumi-actions.yml",
        ]);
    });

    for (const file of FILES) {
        it(`${file} passes action-validator`, () => {
            const result = validateWorkflow(fs.readFileSync(path.join(DIR, file), "utf8"));
            assert.deepEqual(result.errors, [], JSON.stringify(result.errors, null, 2));
        });
    }

    it("the action-validator command agrees", () => {
        const bin = path.join(ROOT, "node_modules", ".bin", "action-validator");
        for (const file of FILES) {
            const r = spawnSync(bin, [path.join(DIR, file)], { encoding: "utf8" });
            assert.equal(r.status, 0, `${file}: ${r.stderr}`);
            assert.doesNotMatch(r.stderr, /error/i, file);
        }
    });

    it("action-validator is a real check: it rejects a broken workflow", () => {
        assert.notDeepEqual(validateWorkflow("on: push\njobs:\n  build:\n    steps:\n      - run: make\n").errors, []); // no runs-on
        assert.equal(validateWorkflow("on: [push\n").errors[0].code, "parse_error");
    });

    it("every path filter matches a file in the repository", () => {
        const files = repoFiles();
        for (const file of FILES) {
            for (const [event, spec] of Object.entries((load(file).on ?? {}) as Record<string, Json | null>)) {
                for (const glob of (spec?.paths ?? []) as string[])
                    assert.ok(
                        files.some((f) => globRegExp(glob).test(f)),
                        `${file} on.${event}.paths ${glob}`,
                    );
            }
        }
    });

    it("pins every action to a release (a major version tag or a commit), never a branch", () => {
        for (const file of FILES) {
            for (const u of uses(load(file)))
                assert.match(u, /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, `${file}: ${u}`);
        }
    });

    it("sets least-privilege permissions at the top of every workflow", () => {
        for (const file of FILES) {
            const wf = load(file);
            assert.ok(wf.permissions, `${file} has no top-level permissions`);
            assert.notEqual(wf.permissions, "write-all", file);
            for (const [scope, level] of Object.entries(wf.permissions as Record<string, string>)) {
                if (level === "write")
                    assert.ok(file === "main.yml" && scope === "id-token", `${file}: ${scope}: write at the top`);
            }
        }
    });

    it("never expands event data inside a script (it goes through env)", () => {
        for (const file of FILES) {
            for (const s of steps(load(file)))
                if (s.run) assert.doesNotMatch(String(s.run), /\$\{\{\s*github\.event/, `${file}: ${s.name ?? s.run}`);
        }
    });
});

describe("workflows: pull-request.yml", () => {
    const wf = load("pull-request.yml");

    it("runs on pull requests to main", () => {
        assert.deepEqual(Object.keys(wf.on), ["pull_request"]);
        assert.deepEqual(wf.on.pull_request.branches, ["main"]);
    });

    it("installs with npm ci and runs the tests", () => {
        const script = runs(wf.jobs.test);
        assert.match(script, /npm ci/);
        assert.match(script, /npm test/);
    });

    it("renders both stacks on the base and on the head, and diffs every family of them as Markdown with npm run diff --dir", () => {
        const diff = wf.jobs.diff;
        const checkouts = (diff.steps as Json[]).filter((s) => String(s.uses).startsWith("actions/checkout@"));
        assert.deepEqual(
            checkouts.map((s) => s.with),
            [{ path: "head" }, { ref: "${{ github.event.pull_request.base.sha }}", path: "base" }],
        );
        const script = runs(diff);
        assert.match(script, /npm ci --prefix head/);
        assert.match(script, /npm ci --prefix base/);
        assert.match(script, /for side in base head; do\s+for stack in staging production; do/);
        assert.match(script, /npm run --silent render -- --stack "\$stack" --out/);
        // Every family of both renders: the two directories, not the web's task-definition.json alone.
        assert.match(
            script,
            /npm run --silent diff -- --dir --format markdown --title "\$stack" "\$base_dir" "\$head_dir"/,
        );
        assert.match(script, /base_dir="\$RUNNER_TEMP\/base\/\$stack"\n/);
        assert.match(script, /head_dir="\$RUNNER_TEMP\/head\/\$stack"\n/);
        assert.match(script, /\[ ! -f "\$head_dir\/task-definition\.json" \]/);
        assert.match(script, /\[ ! -f "\$base_dir\/task-definition\.json" \]/);
    });

    it("renders a stack that pins or promotes its image from its config, with app/'s template, and says so", () => {
        const render = (wf.jobs.diff.steps as Json[]).find((s) => s.name === "Render both stacks on base and head")!;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unpin-"));
        const pinned = path.join(dir, "Pulumi.production.yaml");
        fs.writeFileSync(
            pinned,
            "config:\n  aws:region: eu-north-1\n  ecs-deploy:promoteFrom: acme/ecs-deploy/staging\n  ecs-deploy:image: r/x@sha256:00\n  ecs-deploy:protect: true\n",
        );
        const unpin = (src: string) =>
            spawnSync(process.execPath, ["-e", render.env.UNPIN, src, path.join(dir, "out.yaml")], {
                cwd: ROOT,
                encoding: "utf8",
            });
        assert.equal(unpin(pinned).status, 0);
        assert.deepEqual(YAML.parse(fs.readFileSync(path.join(dir, "out.yaml"), "utf8")), {
            config: { "aws:region": "eu-north-1", "ecs-deploy:protect": true },
        });
        assert.equal(
            unpin(path.join(ROOT, "Pulumi.staging.yaml")).status,
            1,
            "a stack without a pin is not re-rendered",
        );
        assert.match(render.run, /--config-file "\$unpinned"/);
        assert.match(runs(wf.jobs.diff), /\.note/);
    });

    it("posts one comment, found again by a hidden marker, from a job that runs no pull-request code", () => {
        assert.deepEqual(wf.jobs.diff.permissions, { contents: "read" });
        const comment = wf.jobs.comment;
        assert.deepEqual(comment.permissions, { "pull-requests": "write" });
        assert.deepEqual(comment.needs, "diff");
        assert.ok(!uses({ jobs: { comment } }).some((u) => u.startsWith("actions/checkout@")));
        const script = (comment.steps as Json[]).find((s) => String(s.uses).startsWith("actions/github-script@"))!.with
            .script as string;
        const marker = "<!-- ecs-deploy:task-definition-diff -->";
        assert.ok(script.includes(marker));
        assert.ok(runs(wf.jobs.diff).includes(`echo "${marker}"`));
        assert.match(script, /updateComment/);
        assert.match(script, /createComment/);
    });
});

describe("workflows: main.yml", () => {
    const wf = load("main.yml");
    const job = wf.jobs.image;

    it("runs on pushes to main that touch the app", () => {
        assert.deepEqual(wf.on.push.branches, ["main"]);
        assert.ok(wf.on.push.paths.includes("app/**"));
    });

    it("gets AWS credentials over OIDC, logs in to ECR and builds with buildx", () => {
        assert.equal(wf.permissions["id-token"], "write");
        const u = uses(wf).map((x) => x.split("@")[0]);
        for (const action of [
            "aws-actions/configure-aws-credentials",
            "aws-actions/amazon-ecr-login",
            "docker/setup-buildx-action",
            "docker/build-push-action",
        ])
            assert.ok(u.includes(action), action);
        const creds = (job.steps as Json[]).find((s) =>
            String(s.uses).startsWith("aws-actions/configure-aws-credentials@"),
        )!;
        assert.ok(creds.with["role-to-assume"]);
        assert.ok(!JSON.stringify(wf).includes("aws-secret-access-key"));
    });

    it("builds app/ with its Dockerfile and the template as the ECS_TASK_TEMPLATE build argument", () => {
        const build = (job.steps as Json[]).find((s) => String(s.uses).startsWith("docker/build-push-action@"))!;
        assert.equal(build.with.context, "app");
        assert.equal(build.with.file, "app/Dockerfile");
        assert.equal(build.with.push, true);
        assert.equal(build.with["build-args"], "ECS_TASK_TEMPLATE");
        assert.match(runs(job), /ECS_TASK_TEMPLATE=\$\(jq -c \. app\/ecs-task-template\.json\)" >> "\$GITHUB_ENV"/);
        assert.match(
            fs.readFileSync(path.join(ROOT, "app", "Dockerfile"), "utf8"),
            /^LABEL ECS_TASK_TEMPLATE=\$ECS_TASK_TEMPLATE$/m,
        );
    });

    it("outputs the pushed digest", () => {
        assert.equal(job.outputs.digest, "${{ steps.digest.outputs.digest }}");
        assert.equal(job.outputs.image, "${{ steps.digest.outputs.image }}");
        const digest = (job.steps as Json[]).find((s) => s.id === "digest")!;
        assert.match(digest.env.DIGEST, /steps\.build\.outputs\.digest/);
    });
});

describe("workflows: production.yml and the pulumi/actions alternative", () => {
    it("production deploys on a published release or by hand, never on a push", () => {
        const wf = load("production.yml");
        assert.deepEqual(Object.keys(wf.on).sort(), ["release", "workflow_dispatch"]);
        assert.deepEqual(wf.on.release.types, ["published"]);
        assert.equal(wf.jobs.deploy.environment, "production");
        const script = runs(wf.jobs.deploy);
        assert.match(script, /git merge-base --is-ancestor "\$sha" origin\/main/);
        assert.match(script, /https:\/\/api\.pulumi\.com\/api\/stacks\/\$STACK\/deployments/);
        assert.match(script, /operation: "update", inheritSettings: true, sourceContext: \{git: \{commit: \$sha\}\}/);
    });

    it("pulumi/actions comments previews on pull requests, off unless chosen", () => {
        const wf = load("pulumi-actions.yml");
        const preview = wf.jobs.preview;
        assert.match(preview.if, /vars\.PULUMI_DELIVERY == 'actions'/);
        assert.match(wf.jobs.up.if, /vars\.PULUMI_DELIVERY == 'actions'/);
        const action = (preview.steps as Json[]).find((s) => String(s.uses).startsWith("pulumi/actions@"))!;
        assert.equal(action.with.command, "preview");
        assert.equal(action.with["comment-on-pr"], true);
        assert.equal(preview.permissions["pull-requests"], "write");
    });
});

describe("workflows: continue.yml (approve or reject a paused rollout)", () => {
    const wf = load("continue.yml");
    const job = wf.jobs.decide;
    const step = (name: string): Json => (job.steps as Json[]).find((s) => s.name === name)!;
    /** Runs a step's script in bash as the runner would, with `npm` and `npx` replaced by stubs that print their arguments. */
    function runStep(name: string, env: Record<string, string>) {
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "continue-bin-"));
        for (const tool of ["npm", "npx"]) {
            fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\necho "${tool} $*"\n`);
            fs.chmodSync(path.join(bin, tool), 0o755);
        }
        const output = path.join(bin, "github-output");
        fs.writeFileSync(output, "");
        const r = spawnSync("bash", ["-e", "-c", String(step(name).run)], {
            encoding: "utf8",
            env: { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, ...env },
        });
        return { ...r, output: fs.readFileSync(output, "utf8") };
    }

    it("runs only by hand, for one of the app's stacks, to continue or to roll back", () => {
        assert.deepEqual(Object.keys(wf.on), ["workflow_dispatch"]);
        const { stack, action } = wf.on.workflow_dispatch.inputs;
        const stackFiles = fs
            .readdirSync(ROOT)
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((x): x is string => !!x)
            .sort();
        assert.deepEqual([...stack.options].sort(), stackFiles);
        assert.deepEqual(action.options, ["continue", "rollback"]);
        assert.equal(stack.type, "choice");
        assert.equal(action.type, "choice");
    });

    it("runs in the protected environment named after the stack, the only place its role can be assumed", () => {
        assert.equal(job.environment, "${{ inputs.stack }}");
        assert.deepEqual(wf.permissions, { contents: "read" });
        assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
        const creds = (job.steps as Json[]).find((s) =>
            String(s.uses).startsWith("aws-actions/configure-aws-credentials@"),
        )!;
        assert.equal(creds.with["role-to-assume"], "${{ vars.AWS_CONTINUE_ROLE_ARN }}");
        assert.equal(creds.with["aws-region"], "${{ steps.stack.outputs.region }}");
        assert.ok(!JSON.stringify(wf).includes("aws-secret-access-key"));
        assert.equal(wf.concurrency.group, "continue-${{ inputs.stack }}");
    });

    it("finds the cluster and service from the stack's outputs, which the program exports", () => {
        const r = runStep("Find the stack's cluster and service", { PULUMI_STACK: "acme/ecs-deploy/staging" });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(
            r.output,
            [
                "cluster=npx pulumi stack output clusterName --stack acme/ecs-deploy/staging",
                "service=npx pulumi stack output serviceName --stack acme/ecs-deploy/staging",
                "region=npx pulumi config get aws:region --stack acme/ecs-deploy/staging",
                "",
            ].join("\n"),
        );
        const program = fs.readFileSync(path.join(ROOT, "index.ts"), "utf8");
        assert.match(program, /^\s+clusterName: cluster\.name,$/m);
        assert.match(program, /^\s+serviceName: service\.name,$/m);
    });

    it("runs npm run continue for the stack's service, with --rollback only when asked", () => {
        const env = { CLUSTER: "c-1", SERVICE: "s-1", REGION: "eu-north-1" };
        const go = runStep("Continue or roll back", { ...env, ACTION: "continue" });
        assert.equal(go.status, 0, go.stderr);
        assert.equal(
            go.stdout.trim(),
            "npm run continue -- --cluster c-1 --service s-1 --region eu-north-1 --timeout 3300",
        );
        const back = runStep("Continue or roll back", { ...env, ACTION: "rollback" });
        assert.equal(
            back.stdout.trim(),
            "npm run continue -- --cluster c-1 --service s-1 --region eu-north-1 --timeout 3300 --rollback",
        );
        const odd = runStep("Continue or roll back", { ...env, ACTION: "--rollback; rm -rf /" });
        assert.equal(odd.status, 2);
        assert.doesNotMatch(odd.stdout, /npm run continue/);
    });

    it("stops with one line when the stack has no approval role", () => {
        const r = runStep("The stack has an approval role", { STACK: "staging", ROLE_ARN: "" });
        assert.equal(r.status, 1);
        assert.match(
            r.stdout,
            /^::error::environment staging has no AWS_CONTINUE_ROLE_ARN: give the stack service\.pauses/,
        );
        assert.equal(
            runStep("The stack has an approval role", { STACK: "staging", ROLE_ARN: "arn:aws:iam::1:role/x" }).status,
            0,
        );
    });
});
