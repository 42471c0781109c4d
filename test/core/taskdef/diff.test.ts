/**
 * `npm run diff`: the pure field-level diff of two task definitions, and the
 * command on two real renders (staging against production).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    codeSpan,
    diffTaskDefinitions,
    formatMarkdown,
    formatText,
    parseTaskDefinition,
    redact,
    shownChanges,
    summary,
} from "../../../core/taskdef/diff";
import { asTaskDefinition } from "../../../core/taskdef/shape";
import { renderCli, ROOT, tempDir } from "../../support/render";

type Json = Record<string, any>;

const base = (): Json => ({
    family: "app",
    cpu: "256",
    memory: "512",
    containerDefinitions: [
        {
            name: "web",
            image: "repo@sha256:aaa",
            command: ["node", "server.js"],
            portMappings: [{ containerPort: 8080, protocol: "tcp", name: "http", appProtocol: "http" }],
            environment: [
                { name: "ROOT_URL", value: "https://a.example.com" },
                { name: "LOG_LEVEL", value: "info" },
                { name: "DB_PASSWORD", value: "old-secret-value" },
            ],
            secrets: [
                {
                    name: "DATABASE_URL",
                    valueFrom: "arn:aws:secretsmanager:eu-north-1:123456789012:secret:staging/web/DATABASE_URL-abc",
                },
            ],
        },
        { name: "sidecar", image: "sidecar@sha256:bbb", essential: false },
    ],
    tags: [{ key: "team", value: "web" }],
});

/** The diff of two plain definitions, taken as render's files are. */
const diffOf = (before: Json, after: Json) => diffTaskDefinitions(asTaskDefinition(before), asTaskDefinition(after));
const web = (td: Json) => td.containerDefinitions.find((c: Json) => c.name === "web");
const paths = (before: Json, after: Json) => diffOf(before, after).map((c) => `${c.kind} ${c.path}`);

describe("diff: pure", () => {
    it("finds nothing between a task definition and itself", () => {
        assert.deepEqual(diffOf(base(), base()), []);
        assert.equal(formatText([]), "no changes\n");
        assert.equal(summary([]), "no changes");
    });

    it("ignores order: containers, environment, secrets, ports and tags are matched by key", () => {
        const after = base();
        after.containerDefinitions.reverse();
        web(after).environment.reverse();
        web(after).portMappings.unshift({ containerPort: 9090, protocol: "udp" });
        const before = base();
        web(before).portMappings.push({ containerPort: 9090, protocol: "udp" });
        after.tags = [{ value: "web", key: "team" }];
        assert.deepEqual(diffOf(before, after), []);
    });

    it("ignores spellings ECS normalises: numeric cpu/memory, filled-in defaults", () => {
        const after = base();
        after.cpu = 256;
        after.memory = "0.5 GB";
        web(after).essential = true;
        web(after).portMappings[0].hostPort = 8080;
        after.networkMode = "awsvpc";
        assert.deepEqual(diffOf(base(), after), []);
    });

    it("names an environment variable by container and name, with its old and new value", () => {
        const after = base();
        web(after).environment[0].value = "https://b.example.com";
        assert.deepEqual(diffOf(base(), after), [
            {
                kind: "changed",
                path: "containerDefinitions[name=web].environment[name=ROOT_URL]",
                before: "https://a.example.com",
                after: "https://b.example.com",
                masked: undefined,
            },
        ]);
        assert.match(
            formatText(diffOf(base(), after)),
            /^~ containerDefinitions\[name=web\]\.environment\[name=ROOT_URL\]: "https:\/\/a\.example\.com" → "https:\/\/b\.example\.com"$/m,
        );
    });

    it("reports added and removed variables, ports and containers by key", () => {
        const after = base();
        web(after).environment = web(after).environment.filter((e: Json) => e.name !== "LOG_LEVEL");
        web(after).environment.push({ name: "FEATURE_X", value: "on" });
        web(after).portMappings.push({ containerPort: 9000, protocol: "tcp" });
        after.containerDefinitions = after.containerDefinitions.filter((c: Json) => c.name !== "sidecar");
        assert.deepEqual(paths(base(), after), [
            "removed containerDefinitions[name=sidecar]",
            "added containerDefinitions[name=web].environment[name=FEATURE_X]",
            "removed containerDefinitions[name=web].environment[name=LOG_LEVEL]",
            "added containerDefinitions[name=web].portMappings[containerPort=9000,protocol=tcp]",
        ]);
        const text = formatText(diffOf(base(), after));
        assert.match(text, /^\+ containerDefinitions\[name=web\]\.environment\[name=FEATURE_X\]: "on"$/m);
        assert.match(text, /^- containerDefinitions\[name=web\]\.environment\[name=LOG_LEVEL\]: "info"$/m);
        assert.match(text, /^4 changes \(2 added, 2 removed\)$/m);
    });

    it("goes into a keyed item for a changed field", () => {
        const after = base();
        web(after).portMappings[0].appProtocol = "http2";
        after.tags[0].value = "platform";
        assert.deepEqual(paths(base(), after), [
            "changed containerDefinitions[name=web].portMappings[containerPort=8080,protocol=tcp].appProtocol",
            "changed tags[key=team].value",
        ]);
    });

    it("shows secrets by name and valueFrom only", () => {
        const after = base();
        web(after).secrets[0].valueFrom =
            "arn:aws:secretsmanager:eu-north-1:123456789012:secret:production/web/DATABASE_URL-def";
        web(after).secrets.push({
            name: "SESSION_KEY",
            valueFrom: "arn:aws:ssm:eu-north-1:123456789012:parameter/web/SESSION_KEY",
        });
        const text = formatText(diffOf(base(), after));
        assert.match(
            text,
            /^~ containerDefinitions\[name=web\]\.secrets\[name=DATABASE_URL\]\.valueFrom: "arn:.*staging\/web\/DATABASE_URL-abc" → "arn:.*production\/web\/DATABASE_URL-def"$/m,
        );
        assert.match(
            text,
            /^\+ containerDefinitions\[name=web\]\.secrets\[name=SESSION_KEY\]: \{"valueFrom":"arn:aws:ssm:.*SESSION_KEY"\}$/m,
        );
    });

    it("never prints the value of a credential-looking variable", () => {
        const after = base();
        web(after).environment[2].value = "new-secret-value";
        web(after).environment.push({ name: "API_TOKEN", value: "tok-123" });
        after.containerDefinitions.push({
            name: "worker",
            image: "w@sha256:ccc",
            environment: [
                { name: "AWS_SECRET_ACCESS_KEY", value: "wJalr-example" },
                { name: "MODE", value: "batch" },
            ],
        });
        const changes = diffOf(base(), after);
        const out = formatText(changes) + formatMarkdown(changes, "staging");
        for (const value of ["old-secret-value", "new-secret-value", "tok-123", "wJalr-example"])
            assert.doesNotMatch(out, new RegExp(value));
        assert.match(
            out,
            /^~ containerDefinitions\[name=web\]\.environment\[name=DB_PASSWORD\]: \(changed\) → \(changed\)$/m,
        );
        assert.match(out, /^\+ containerDefinitions\[name=web\]\.environment\[name=API_TOKEN\]: \(added\)$/m);
        assert.match(out, /"name":"AWS_SECRET_ACCESS_KEY","value":"\(hidden\)"/);
        assert.match(out, /"name":"MODE","value":"batch"/);
    });

    it("masks credentials inside whole values too", () => {
        assert.deepEqual(
            redact({
                environment: [
                    { name: "DB_PASSWORD", value: "x" },
                    { name: "PORT", value: "1" },
                ],
            }),
            {
                environment: [
                    { name: "DB_PASSWORD", value: "(hidden)" },
                    { name: "PORT", value: "1" },
                ],
            },
        );
    });

    it("compares ordered lists (command, entryPoint) whole", () => {
        const after = base();
        web(after).command = ["node", "--enable-source-maps", "server.js"];
        assert.deepEqual(shownChanges(diffOf(base(), after)), [
            {
                kind: "changed",
                path: "containerDefinitions[name=web].command",
                before: '["node","server.js"]',
                after: '["node","--enable-source-maps","server.js"]',
            },
        ]);
    });

    it("falls back to comparing a keyed list whole when its keys are ambiguous", () => {
        const after = base();
        web(after).environment.push({ name: "LOG_LEVEL", value: "debug" });
        const changes = diffOf(base(), after);
        assert.deepEqual(
            changes.map((c) => c.path),
            ["containerDefinitions[name=web].environment"],
        );
        assert.doesNotMatch(formatText(changes), /old-secret-value/);
    });

    it("writes a Markdown table whose cells survive pipes and backticks", () => {
        const after = base();
        web(after).command = ["sh", "-c", "echo `date` | tee /tmp/x"];
        const md = formatMarkdown(diffOf(base(), after), "production");
        assert.match(md, /^#### production\n\n1 change \(1 changed\)\n\n\| change \| field \| before \| after \|\n/);
        const row = md.split("\n").find((l) => l.startsWith("| changed"))!;
        assert.equal(row.split(/(?<!\\)\|/).length, 6, row); // 4 cells, pipes inside escaped
        assert.equal(codeSpan("a`b"), "``a`b``");
        assert.equal(codeSpan("`x"), "`` `x ``");
        assert.equal(formatMarkdown([], "staging"), "#### staging\n\nNo changes to the task definition.\n");
    });

    it("rejects files that are not task definitions, naming the file and the fix", () => {
        assert.throws(
            () => parseTaskDefinition("{", "a.json"),
            /^TaskDefinitionFileError: a\.json: is not valid JSON \(.*\)\. Fix: /,
        );
        assert.throws(() => parseTaskDefinition("[]", "b.json"), /b\.json: is not a task definition/);
        assert.throws(
            () => parseTaskDefinition('{"containerDefinitions": [1]}', "c.json"),
            /c\.json: containerDefinitions: has an entry that is not an object/,
        );
    });
});

function diffCli(args: string[]) {
    return spawnSync(process.execPath, ["--require", "tsx/cjs", path.join(ROOT, "cli", "diff.ts"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
    });
}

describe("diff: the command on two real renders", () => {
    const staging = tempDir("diff-staging-");
    const production = tempDir("diff-production-");
    const td = (dir: string) => path.join(dir, "task-definition.json");

    before(async () => {
        for (const [stack, out] of [
            ["staging", staging],
            ["production", production],
        ]) {
            const r = await renderCli(["--stack", stack, "--out", out]);
            assert.equal(r.status, 0, r.stderr);
        }
    });

    it("prints the field-level changes from staging to production", () => {
        const r = diffCli([td(staging), td(production)]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stderr, "");
        assert.match(
            r.stdout,
            /^~ containerDefinitions\[name=web\]\.environment\[name=ROOT_URL\]: "https:\/\/staging\.example\.com" → "https:\/\/www\.example\.com"$/m,
        );
        assert.match(r.stdout, /^~ cpu: "256" → "1024"$/m);
        assert.match(
            r.stdout,
            /^~ containerDefinitions\[name=web\]\.secrets\[name=DATABASE_URL\]\.valueFrom: ".*staging\/web\/DATABASE_URL.*" → ".*production\/web\/DATABASE_URL.*"$/m,
        );
        assert.match(
            r.stdout,
            /^- containerDefinitions\[name=web\]\.logConfiguration\.options\.mode: "non-blocking"$/m,
        );
    });

    it("writes Markdown for the PR comment", () => {
        const r = diffCli([td(staging), td(production), "--format", "markdown", "--title", "staging → production"]);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^#### staging → production$/m);
        assert.match(r.stdout, /^\| changed \| `cpu` \| `"256"` \| `"1024"` \|$/m);
    });

    it("says no changes, exit 0, for a render against itself or a reordered copy", () => {
        const copy = path.join(tempDir("diff-copy-"), "task-definition.json");
        const json = JSON.parse(fs.readFileSync(td(staging), "utf8"));
        json.containerDefinitions[0].environment.reverse();
        fs.writeFileSync(copy, JSON.stringify(json));
        for (const other of [td(staging), copy]) {
            const r = diffCli([td(staging), other]);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.stdout, "no changes\n");
        }
    });

    it("fails with one line for an unreadable or invalid file, and exit 2 on a usage error", () => {
        const bad = path.join(tempDir("diff-bad-"), "task-definition.json");
        fs.writeFileSync(bad, "{ not json");
        for (const [args, pattern] of [
            [
                [path.join(staging, "missing.json"), td(production)],
                /^error: .*missing\.json: cannot be read \(no such file\)\. Fix: /,
            ],
            [[bad, td(production)], /^error: .*task-definition\.json: is not valid JSON/],
            [[staging, td(production)], /^error: .*: cannot be read \(is a directory\)/],
        ] as const) {
            const r = diffCli([...args]);
            assert.equal(r.status, 1, r.stderr);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, pattern);
            assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
        }
        const usage = diffCli([td(staging)]);
        assert.equal(usage.status, 2);
        assert.match(usage.stderr, /^error: expected two files, got 1\nusage: npm run diff -- /);
        assert.equal(diffCli([td(staging), td(production), "--format", "html"]).status, 2);
    });
});
