/**
 * `npm run diff -- --dir <old render> <new render>`: every task-definition family of two real renders,
 * the web one and each worker's and scheduled job's, as the pull-request comment shows them.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderCli, ROOT, tempDir } from "../support/render";

const WORKERS = path.join(ROOT, "test", "fixtures", "stacks", "Pulumi.workers.yaml");
const FAMILIES = [
    "task-definition.json",
    "task-definition-jobs.json",
    "task-definition-mailer.json",
    "task-definition-nightly-report.json",
];

function diffCli(args: string[]) {
    return spawnSync(process.execPath, ["--require", "tsx/cjs", path.join(ROOT, "cli", "diff.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
    });
}

async function render(out: string, ...args: string[]) {
    const r = await renderCli([...args, "--out", out]);
    assert.equal(r.status, 0, r.stderr);
}

/** The lines of one family's block in the text output, from its heading to the next blank line. */
function block(text: string, heading: string): string[] {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.startsWith(heading));
    assert.ok(start >= 0, `no block "${heading}" in:\n${text}`);
    const end = lines.indexOf("", start);
    return lines.slice(start, end < 0 ? undefined : end);
}

describe("diff --dir: every family of two real renders", () => {
    const staging = tempDir("diff-dir-staging-");
    const workers = tempDir("diff-dir-workers-");
    const changed = tempDir("diff-dir-workers-changed-");

    before(async () => {
        const template = JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8"));
        template.containerDefinitions[0].environment.push({ name: "FEATURE_FLAG", value: "on" });
        const templateFile = path.join(tempDir("diff-dir-template-"), "ecs-task-template.json");
        fs.writeFileSync(templateFile, JSON.stringify(template));
        await Promise.all([
            render(staging, "--stack", "staging"),
            render(workers, "--stack", "workers", "--config-file", WORKERS),
            render(changed, "--stack", "workers", "--config-file", WORKERS, "--template", templateFile),
        ]);
        for (const f of FAMILIES) assert.ok(fs.existsSync(path.join(workers, f)), f);
    });

    it("shows one template change reaching every family: web, both workers and the job", () => {
        const r = diffCli(["--dir", workers, changed]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stderr, "");
        assert.match(r.stdout, /^4 families \(4 changed\)$/m);
        const headings = [
            "web (ecs-deploy-workers): ",
            "worker jobs (ecs-deploy-workers-jobs): ",
            "worker mailer (ecs-deploy-workers-mailer): ",
            "job nightly-report (ecs-deploy-workers-nightly-report): ",
        ];
        const order = headings.map((h) => r.stdout.indexOf(`\n${h}`));
        assert.ok(
            order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1])),
            `web, workers, then the job:\n${r.stdout}`,
        );
        for (const heading of headings) {
            const lines = block(r.stdout, heading);
            assert.ok(
                lines.includes('+ containerDefinitions[name=web].environment[name=FEATURE_FLAG]: "on"'),
                lines.join("\n"),
            );
            assert.ok(
                lines.some((l) =>
                    /^~ containerDefinitions\[name=web\]\.image: ".*@sha256:\w+" → ".*@sha256:\w+"$/.test(l),
                ),
                lines.join("\n"),
            );
            assert.equal(lines[0], `${heading}2 changes (1 added, 1 changed)`);
            assert.equal(lines.length, 3, `the flag and the image, nothing else:\n${lines.join("\n")}`);
        }
    });

    it("writes one Markdown section per family for the PR comment", () => {
        const r = diffCli(["--dir", workers, changed, "--format", "markdown", "--title", "workers"]);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^#### workers\n\n4 families \(4 changed\)\n/);
        for (const section of ["web", "worker jobs", "worker mailer", "job nightly-report"])
            assert.match(
                r.stdout,
                new RegExp(`^##### ${section}\\n\\nfamily \`ecs-deploy-workers[a-z-]*\`: 2 changes`, "m"),
            );
        const rows = r.stdout.match(
            /^\| added \| `containerDefinitions\[name=web\]\.environment\[name=FEATURE_FLAG\]` \|/gm,
        );
        assert.equal(rows?.length, 4, r.stdout);
    });

    it("shows the families a stack gains as added, whole, and those it loses as removed", () => {
        const gained = diffCli(["--dir", staging, workers, "--format", "markdown"]);
        assert.equal(gained.status, 0, gained.stderr);
        assert.match(gained.stdout, /^4 families \(1 changed, 3 added\)$/m);
        assert.match(gained.stdout, /^#### web\n/m);
        for (const added of ["worker jobs", "worker mailer", "job nightly-report"])
            assert.match(gained.stdout, new RegExp(`^#### ${added}: added\\n`, "m"));
        assert.match(gained.stdout, /"command": \[\n\s+"node",\n\s+"report\.js"\n\s+\]/);

        const lost = diffCli(["--dir", workers, staging]);
        assert.equal(lost.status, 0, lost.stderr);
        assert.match(
            lost.stdout,
            /^job nightly-report \(ecs-deploy-workers-nightly-report\): removed, no task-definition-nightly-report\.json/m,
        );
        assert.match(lost.stdout, /^4 families \(1 changed, 3 removed\)$/m);
    });

    it("says no changes, exit 0, for a render against itself", () => {
        const r = diffCli(["--dir", workers, workers, "--format", "markdown"]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(
            r.stdout,
            "No changes to the task definitions: `web`, `worker jobs`, `worker mailer`, `job nightly-report`.\n",
        );
    });

    it("fails with one line per problem, naming the path and the fix, exit 1", () => {
        const empty = tempDir("diff-dir-empty-");
        const broken = tempDir("diff-dir-broken-");
        for (const f of FAMILIES) fs.copyFileSync(path.join(workers, f), path.join(broken, f));
        fs.writeFileSync(path.join(broken, "task-definition-mailer.json"), "{ not json");
        fs.rmSync(path.join(broken, "task-definition-jobs.json"));
        fs.mkdirSync(path.join(broken, "task-definition-jobs.json")); // unreadable as a file
        const td = path.join(staging, "task-definition.json");
        const cases: [string[], RegExp[]][] = [
            [
                [td, workers],
                [
                    /^error: .*task-definition\.json: cannot be read \(is not a directory\)\. Fix: check the path; `npm run render/,
                ],
            ],
            [
                [path.join(staging, "missing"), workers],
                [/^error: .*missing: cannot be read \(no such file\)\. Fix: check the path/],
            ],
            [
                [staging, empty],
                [
                    /^error: .*diff-dir-empty-\w+: has no task-definition\.json, so it is not a render's output\. Fix: pass a directory/,
                ],
            ],
            [
                [staging, broken],
                [
                    /^error: .*task-definition-jobs\.json: cannot be read \(is a directory\)\. Fix: render the stack again into an empty directory/,
                    /^error: .*task-definition-mailer\.json: is not valid JSON .*\. Fix: /,
                ],
            ],
            [
                [empty, path.join(staging, "missing")],
                [/^error: .*diff-dir-empty-\w+: has no task-definition\.json/, /^error: .*missing: cannot be read/],
            ],
        ];
        for (const [dirs, patterns] of cases) {
            const r = diffCli(["--dir", ...dirs]);
            assert.equal(r.status, 1, r.stderr);
            assert.equal(r.stdout, "");
            const lines = r.stderr.trimEnd().split("\n");
            assert.equal(lines.length, patterns.length, r.stderr);
            patterns.forEach((p, i) => assert.match(lines[i], p));
        }
        const usage = diffCli(["--dir", staging]);
        assert.equal(usage.status, 2);
        assert.match(usage.stderr, /^error: expected two directories, got 1\nusage: npm run diff -- \[--dir\]/);
    });

    it("refuses family files its render did not write (copied in, or left by an older version), one line each", async () => {
        const reused = tempDir("diff-dir-reused-");
        await render(reused, "--stack", "staging");
        for (const name of ["jobs", "mailer", "nightly-report"])
            fs.copyFileSync(
                path.join(workers, `task-definition-${name}.json`),
                path.join(reused, `task-definition-${name}.json`),
            );
        const r = diffCli(["--dir", staging, reused]);
        assert.equal(r.status, 1, r.stderr);
        assert.equal(r.stdout, "");
        const lines = r.stderr.trimEnd().split("\n");
        assert.deepEqual(
            lines.map((l) => /task-definition-([a-z-]+)\.json: is left over from an earlier render/.exec(l)?.[1]),
            ["jobs", "mailer", "nightly-report"],
            r.stderr,
        );
        for (const line of lines)
            assert.match(
                line,
                /ecs-deploy-workers-[a-z-]+ is not in this render's resources\.json\)\. Fix: render the stack again/,
            );
    });

    it("without --dir, points a directory at --dir", () => {
        const r = diffCli([staging, workers]);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /^error: .*: cannot be read \(is a directory\)\. Fix: pass --dir to diff every family/);
    });
});
