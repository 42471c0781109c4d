/**
 * The diff of two renders, family by family: the web task definition, each worker's and each
 * scheduled job's, matched by file name, in a fixed order, with credentials hidden everywhere.
 */
import assert from "node:assert/strict";
import {
    declaredFamilies,
    diffFamilies,
    familyKinds,
    familyOfFile,
    FamilyFile,
    FamilyKind,
    formatFamiliesMarkdown,
    formatFamiliesText,
} from "../../../core/taskdef/familyDiff";
import { asTaskDefinition } from "../../../core/taskdef/shape";

type Json = Record<string, any>;

const definition = (family: string, command: string[], env: Record<string, string> = {}): Json => ({
    family,
    cpu: "256",
    memory: "512",
    containerDefinitions: [
        {
            name: "web",
            image: "repo@sha256:aaa",
            command,
            environment: Object.entries(env).map(([name, value]) => ({ name, value })),
        },
    ],
});

const file = (name: string, td: Json, kind?: FamilyKind): FamilyFile => ({
    name,
    file: name === "web" ? "/r/task-definition.json" : `/r/task-definition-${name}.json`,
    definition: asTaskDefinition(td),
    kind,
});

const web = (image = "repo@sha256:aaa") => {
    const td = definition("app-staging", ["node", "server.js"]);
    td.containerDefinitions[0].image = image;
    return file("web", td, "web");
};
const worker = (name: string, command = ["node", `${name}.js`]) =>
    file(name, definition(`app-staging-${name}`, command), "worker");
const job = (name: string, env: Record<string, string> = {}) =>
    file(name, definition(`app-staging-${name}`, ["node", `${name}.js`], env), "job");

describe("familyDiff: which files are families, and of which kind", () => {
    it("reads task-definition.json as the web family and task-definition-<name>.json as a worker's or job's", () => {
        assert.equal(familyOfFile("task-definition.json"), "web");
        assert.equal(familyOfFile("task-definition-jobs.json"), "jobs");
        assert.equal(familyOfFile("task-definition-nightly-report.json"), "nightly-report");
        for (const other of [
            "resources.json",
            "imagedefinitions.json",
            "task-definition-web.json",
            "task-definition-.json",
        ])
            assert.equal(familyOfFile(other), undefined, other);
    });

    it("tells workers from jobs by a render's resources.json: the worker's service, the job's schedule", () => {
        const resources = [
            { type: "aws:ecs/service:Service", name: "app-staging", inputs: {} },
            { type: "aws:ecs/service:Service", name: "app-staging-jobs", inputs: {} },
            { type: "aws:ecs/taskDefinition:TaskDefinition", name: "app-staging-nightly", inputs: {} },
            { type: "aws:scheduler/schedule:Schedule", name: "app-staging-nightly", inputs: { name: "nightly" } },
        ];
        assert.deepEqual(familyKinds(resources, "app-staging"), { jobs: "worker", nightly: "job" });
        assert.deepEqual(familyKinds(undefined, "app-staging"), {});
        assert.deepEqual(familyKinds({ not: "a list" }, "app-staging"), {});
    });

    it("lists the families a render's resources.json declares, to tell a leftover file from a rendered one", () => {
        const resources = [
            { type: "aws:ecs/taskDefinition:TaskDefinition", name: "app-staging", inputs: { family: "app-staging" } },
            {
                type: "aws:ecs/taskDefinition:TaskDefinition",
                name: "app-staging-jobs",
                inputs: { family: "app-staging-jobs" },
            },
            { type: "aws:ecs/service:Service", name: "app-staging", inputs: { name: "app-staging" } },
        ];
        assert.deepEqual(declaredFamilies(resources), new Set(["app-staging", "app-staging-jobs"]));
        assert.equal(declaredFamilies(undefined), undefined, "no resources.json: nothing to check against");
        assert.equal(declaredFamilies([]), undefined);
    });
});

describe("familyDiff: every family of two renders", () => {
    it("reports each family as changed, unchanged, added or removed", () => {
        const before = [web(), worker("jobs"), worker("mailer"), job("old-report")];
        const after = [web("repo@sha256:bbb"), worker("jobs", ["node", "queue.js"]), worker("mailer"), job("nightly")];
        const diffs = diffFamilies(before, after);
        const status = Object.fromEntries(diffs.map((d) => [d.name, d.status]));
        assert.deepEqual(status, {
            web: "changed",
            jobs: "changed",
            mailer: "unchanged",
            nightly: "added",
            "old-report": "removed",
        });
        const jobs = diffs.find((d) => d.name === "jobs")!;
        assert.deepEqual(
            jobs.changes.map((c) => c.path),
            ["containerDefinitions[name=web].command"],
        );
        assert.equal(jobs.family, "app-staging-jobs");
        assert.equal(diffs.find((d) => d.name === "old-report")!.file, "/r/task-definition-old-report.json");
        assert.equal(diffs.find((d) => d.name === "nightly")!.added?.family, "app-staging-nightly");
    });

    it("lists web first, then workers, then jobs, each by name; a family of unknown kind with the workers", () => {
        const before = [job("a-job"), worker("zeta"), web()];
        const after = [job("a-job"), file("unknown", definition("x", ["x"])), worker("alpha"), web()];
        const order = diffFamilies(before, after).map((d) => d.name);
        assert.deepEqual(order, ["web", "alpha", "unknown", "zeta", "a-job"]);
    });

    it("prints one heading per family in text, with the family's kind and name", () => {
        const text = formatFamiliesText(
            diffFamilies([web(), worker("jobs"), job("old")], [web(), worker("jobs", ["x"]), job("nightly")]),
            "staging",
        );
        assert.match(text, /^staging: 4 families \(1 changed, 1 added, 1 removed, 1 unchanged\)$/m);
        assert.match(text, /^web \(app-staging\): no changes$/m);
        assert.match(
            text,
            /^worker jobs \(app-staging-jobs\): 1 change \(1 changed\)\n~ containerDefinitions\[name=web\]\.command: /m,
        );
        assert.match(text, /^job nightly \(app-staging-nightly\): added, \/r\/task-definition-nightly\.json$/m);
        assert.match(text, /^job old \(app-staging-old\): removed, no task-definition-old\.json in the new render$/m);
    });

    it("writes a Markdown section per family that differs, and names the unchanged ones on one line", () => {
        const md = formatFamiliesMarkdown(
            diffFamilies([web(), worker("jobs"), job("old")], [web(), worker("jobs", ["x"])]),
            "staging",
        );
        assert.match(md, /^#### staging\n\n3 families \(1 changed, 1 removed, 1 unchanged\)\n/);
        assert.match(md, /^##### worker jobs\n\nfamily `app-staging-jobs`: 1 change \(1 changed\)\n/m);
        assert.match(
            md,
            /^\| changed \| `containerDefinitions\[name=web\]\.command` \| `\["node","jobs\.js"\]` \| `\["x"\]` \|$/m,
        );
        assert.match(
            md,
            /^##### job old: removed\n\nThe new render has no `task-definition-old\.json`: family `app-staging-old`/m,
        );
        assert.match(md, /^No changes: `web`\.$/m);
        assert.doesNotMatch(md, /^##### web/m);
    });

    it("says so in one line when no family changed", () => {
        const same = [web(), worker("jobs"), job("nightly")];
        assert.equal(
            formatFamiliesMarkdown(diffFamilies(same, same)),
            "No changes to the task definitions: `web`, `worker jobs`, `job nightly`.\n",
        );
    });

    it("hides credential-looking values in an added family's whole definition, as in a field diff", () => {
        const added = job("nightly", { DB_PASSWORD: "hunter2-secret", LOG_LEVEL: "info" });
        const diffs = diffFamilies([web()], [web(), added]);
        for (const out of [formatFamiliesMarkdown(diffs), formatFamiliesText(diffs)])
            assert.doesNotMatch(out, /hunter2-secret/);
        const md = formatFamiliesMarkdown(diffs);
        assert.match(md, /"name": "DB_PASSWORD",\n\s+"value": "\(hidden\)"/);
        assert.match(md, /"name": "LOG_LEVEL",\n\s+"value": "info"/);
        // The definition itself is left as it was: only what is shown is masked.
        assert.equal(diffs[1].added?.containerDefinitions?.[0].environment?.[0].value, "hunter2-secret");
    });

    it("fences an added definition so that no backticks inside it can close the block", () => {
        const added = worker("jobs", ["sh", "-c", "echo ```` done"]);
        const md = formatFamiliesMarkdown(diffFamilies([web()], [web(), added]));
        const open = /^(`{3,})json$/m.exec(md);
        assert.ok(open, md);
        const fence = open[1];
        assert.ok(fence.length > 4, `fence ${fence} must be longer than the 4 backticks inside`);
        const body = md.slice(open.index + open[0].length);
        const close = body.indexOf(`\n${fence}\n`);
        assert.ok(close > 0, md);
        assert.match(body.slice(0, close), /echo ```` done/);
        assert.match(body.slice(close), /<\/details>/);
    });
});
