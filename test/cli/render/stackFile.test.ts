/**
 * A stack file's mistakes through `render`, as a user meets them: exit 1, one
 * line per problem naming the file and the key, every problem in one run, no
 * stack trace, nothing written. The valid spellings of the same values render.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { Run, renderCli, ROOT, tempDir } from "../../support/render";

type Json = Record<string, any>;

const staging = (): Json => YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8"));
const service = (s: Json): Json => s.config["ecs-deploy:service"];

interface Expected {
    field: string;
    problem: RegExp;
    fix?: RegExp;
}

interface Case {
    name: string;
    stack?: (s: Json) => Json | string; // a changed staging file, or raw text
    args?: string[];
    env?: Record<string, string>;
    where?: string; // default Pulumi.bad.yaml
    expect: Expected[];
    lines?: number; // how many lines, when more than expect names
}

// A stack file with many mistakes at once: each is listed, on its own line.
const manyMistakes = (s: Json): Json => {
    Object.assign(s.config, {
        "aws:region": "eu-nort-1",
        "ecs-deploy:protec": true,
        "ecs-deploy:log": { retentionDays: 365 },
        "ecs-deploy:servce": { desiredCount: 2 },
        "ecs-deploy.platform": "linux/arm64",
        "ecs-deploy:service.desiredCount": 2,
        "ecs-deplyo:image": "x",
        "ecs-deploy:logs": { kmsKeyArn: "arn:aws:s3:::my-bucket" },
        "ecs-deploy:ecr": { kmsKeyArn: "alias/ecr" },
        "ecs-deploy:network": {
            vpcId: "vpc-0",
            subnetIds: ["subnet-0a1a0001", "subnet-XYZ"],
            publicSubnetIds: ["subnet-0b1b0001", "subnet-0b2b0002"],
            securityGroupIds: ["sg-1"],
        },
        "ecs-deploy:secrets": {
            source: "secretsmanager",
            prefix: "staging/web/",
            map: { DATABASE_URL: { jsonKey: "a:b" } },
        },
        "ecs-deploy:image": "123",
    });
    Object.assign(service(s).loadBalancer, {
        certificateArn: "arn:aws:acm:",
        allowedCidrs: ["203.0.113.0/24", "10.0.0.0/33", "999.0.0.0/8"],
        healthCheckPath: `/${"a".repeat(1100)}`,
    });
    return s;
};

const CASES: Case[] = [
    {
        name: "every problem in the stack file, one line each",
        stack: manyMistakes,
        expect: [
            {
                field: "aws:region",
                problem: /"eu-nort-1" is not an AWS region/,
                fix: /did you mean eu-north-1\? Run: pulumi config set aws:region eu-north-1 -s bad/,
            },
            { field: "ecs-deploy:protec", problem: /is not a known setting/, fix: /did you mean ecs-deploy:protect\?/ },
            { field: "ecs-deploy:log", problem: /is not a known setting/, fix: /did you mean ecs-deploy:logs\?/ },
            { field: "ecs-deploy:servce", problem: /is not a known setting/, fix: /did you mean ecs-deploy:service\?/ },
            {
                field: "ecs-deploy:ecs-deploy.platform",
                problem: /is not a known setting/,
                fix: /write ecs-deploy:platform, with a colon/,
            },
            {
                field: "ecs-deploy:service.desiredCount",
                problem: /is not a known setting/,
                fix: /nest it under ecs-deploy:service/,
            },
            {
                field: "ecs-deplyo:image",
                problem: /is not in this project's namespace ecs-deploy/,
                fix: /did you mean ecs-deploy:image\?/,
            },
            {
                field: "ecs-deploy:logs.kmsKeyArn",
                problem: /"arn:aws:s3:::my-bucket" is not a KMS key ARN/,
                fix: /arn:aws:kms:<region>:<account>:key\/<key id>/,
            },
            { field: "ecs-deploy:ecr.kmsKeyArn", problem: /"alias\/ecr" is not a KMS key ARN/ },
            { field: "ecs-deploy:network.vpcId", problem: /"vpc-0" is not a VPC id/, fix: /8 or 17 hex digits/ },
            { field: "ecs-deploy:network.subnetIds[1]", problem: /"subnet-XYZ" is not a subnet id/ },
            { field: "ecs-deploy:network.securityGroupIds[0]", problem: /"sg-1" is not a security group id/ },
            {
                field: "ecs-deploy:secrets.map.DATABASE_URL.jsonKey",
                problem: /"a:b" contains ":", which ECS reads as the next part/,
            },
            {
                field: "ecs-deploy:service.loadBalancer.certificateArn",
                problem: /"arn:aws:acm:" is not an ACM certificate ARN/,
            },
            { field: "ecs-deploy:service.loadBalancer.allowedCidrs[1]", problem: /\/33 is not a prefix length/ },
            {
                field: "ecs-deploy:service.loadBalancer.allowedCidrs[2]",
                problem: /"999\.0\.0\.0\/8" is not an IPv4 CIDR block/,
            },
            {
                field: "ecs-deploy:service.loadBalancer.healthCheckPath",
                problem: /is 1101 characters; the load balancer accepts at most 1024/,
            },
            {
                field: "ecs-deploy:image",
                problem: /"123" names no registry/,
                fix: /write the full ref, e\.g\. <account>\.dkr\.ecr\.<region>\.amazonaws\.com\/ecs-deploy-bad:123/,
            },
        ],
    },
    {
        name: "scalar paths, control characters, plain secret values, an image of spaces",
        stack: (s) => {
            Object.assign(s.config, {
                "ecs-deploy:network": { vpcCidr: "999.0.0.0/8" },
                "ecs-deploy:image": "   ",
                "ecs-deploy:protect": "yes",
                "ecs-deploy:platform": "linux/s390x",
                "ecs-deploy:secretValues": { API_TOKEN: "hunter2" },
                "ecs-deploy:appDir": "../..",
                "ecs-deploy:pro\u2028tect\u001b[31m\r\n::error::x": true,
            });
            service(s).strategy = "FAST\n::error::forged";
            return s;
        },
        expect: [
            { field: "ecs-deploy:network.vpcCidr", problem: /"999\.0\.0\.0\/8" is not an IPv4 CIDR block/ },
            {
                field: "ecs-deploy:image",
                problem: /is only spaces, which would silently build app\//,
                fix: /to "" to build app\//,
            },
            // No internal ".value", and the top level's colon, in scalar paths.
            { field: "ecs-deploy:protect", problem: /must be true or false, got "yes"/ },
            { field: "ecs-deploy:platform", problem: /"linux\/s390x" is not one of linux\/amd64, linux\/arm64/ },
            {
                field: "ecs-deploy:secretValues",
                problem: /holds API_TOKEN in plain text/,
                fix: /pulumi config set --secret --path 'ecs-deploy:secretValues\.NAME'/,
            },
            { field: "ecs-deploy:appDir", problem: /"\.\.\/\.\." is outside the project/ },
            // Control characters in a key or a value cannot split or colour the line.
            { field: 'ecs-deploy["pro\\u2028tect\\u001b[31m\\r\\n::error::x"]', problem: /is not a known setting/ },
            { field: "ecs-deploy:service.strategy", problem: /"FAST\\n::error::forged" is not one of ROLLING/ },
        ],
    },
    {
        name: "more problems than are listed",
        lines: 21,
        stack: (s) => (
            Object.assign(
                s.config,
                Object.fromEntries(Array.from({ length: 35 }, (_, i) => [`ecs-deploy:typo${i}`, i])),
            ),
            s
        ),
        expect: [
            { field: "ecs-deploy:typo0", problem: /is not a known setting/ },
            { field: "ecs-deploy:typo19", problem: /is not a known setting/ },
            { field: "", problem: /15 more problems not shown/, fix: /fix the ones above and run again/ },
        ],
    },
    {
        name: "--image of spaces",
        args: ["--stack", "staging", "--image", "   "],
        where: "Pulumi.staging.yaml",
        expect: [{ field: "ecs-deploy:image", problem: /is only spaces/ }],
    },
    {
        name: "--image with a port out of range",
        args: ["--stack", "staging", "--image", "host:99999/app:v1"],
        where: "Pulumi.staging.yaml",
        expect: [
            {
                field: "ecs-deploy:image",
                problem: /port 99999 of 'host:99999' is not a TCP port/,
                fix: /use a port from 1 to 65535/,
            },
        ],
    },
    {
        name: "an appDir that does not exist",
        stack: (s) => ((s.config["ecs-deploy:appDir"] = "no-such-app"), s),
        expect: [{ field: "ecs-deploy:appDir", problem: /"no-such-app" is not a directory/ }],
    },
    {
        name: "a YAML alias that contains itself",
        stack: () =>
            "config:\n  aws:region: eu-north-1\n  ecs-deploy:overlay: &loop\n    containerDefinitions: [*loop]\n",
        expect: [
            {
                field: "",
                problem: /alias \*loop refers to the node that contains it/,
                fix: /replace \*loop with the value itself/,
            },
        ],
    },
    {
        name: "AWS_REGION that is not a region, with aws:region unset",
        stack: (s) => (delete s.config["aws:region"], s),
        env: { AWS_REGION: "eu-nort-1" },
        expect: [
            {
                field: "aws:region",
                problem: /"eu-nort-1" \(from AWS_REGION, as aws:region is not set\) is not an AWS region/,
                fix: /did you mean eu-north-1/,
            },
        ],
    },
    {
        name: "a stack that does not exist",
        args: ["--stack", "nosuch"],
        where: "Pulumi.nosuch.yaml",
        expect: [
            {
                field: "",
                problem: /does not exist/,
                fix: /pulumi stack init nosuch && pulumi config set aws:region eu-north-1 -s nosuch/,
            },
        ],
    },
];

function writeCase(dir: string, c: Case): string[] {
    const args = c.args ? [...c.args] : ["--stack", "bad"];
    if (c.stack) {
        const s = c.stack(staging());
        fs.writeFileSync(
            path.join(dir, "Pulumi.bad.yaml"),
            typeof s === "string" ? s : YAML.stringify(s, { lineWidth: 0 }),
        );
        args.push("--config-file", path.join(dir, "Pulumi.bad.yaml"));
    }
    return [...args, "--out", path.join(dir, "out")];
}

/** Runs jobs two at a time: each render loads the whole program. */
async function inPairs<T>(items: T[], job: (item: T, i: number) => Promise<void>): Promise<void> {
    const queue = items.map((item, i) => () => job(item, i));
    await Promise.all(
        [0, 1].map(async () => {
            for (let next = queue.shift(); next; next = queue.shift()) await next();
        }),
    );
}

describe("render: stack file mistakes", function () {
    this.timeout(240_000);
    const results = new Map<string, Run & { dir: string }>();

    before(async () => {
        const root = tempDir("stack-file-");
        await inPairs(CASES, async (c, i) => {
            const dir = path.join(root, String(i));
            fs.mkdirSync(dir);
            results.set(c.name, {
                ...(await renderCli(writeCase(dir, c), { AWS_REGION: "", AWS_DEFAULT_REGION: "", ...c.env })),
                dir,
            });
        });
    });

    for (const c of CASES) {
        it(c.name, () => {
            const r = results.get(c.name)!;
            assert.equal(r.status, 1, `exit status; stderr: ${r.stderr}`);
            const lines = r.stderr.trimEnd().split("\n");
            assert.equal(lines.length, c.lines ?? c.expect.length, `one line per problem, got:\n${r.stderr}`);
            const where = c.where ?? "Pulumi.bad.yaml";
            for (const line of lines) {
                assert.ok(line.startsWith(`error: ${where}: `), `names ${where}: ${line}`);
                assert.doesNotMatch(line, /^\s+at |internal error|\.value\b|: ecs-deploy\.platform: /);
                assert.match(line, /\. Fix: \S/, `says how to fix it: ${line}`);
                assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, "no raw control characters");
            }
            for (const e of c.expect) {
                const line = lines.find((l) => (e.field ? l.includes(`: ${e.field}: `) : true) && e.problem.test(l));
                assert.ok(line, `a line naming ${e.field || where} with ${e.problem}:\n${r.stderr}`);
                if (e.fix) assert.match(line.slice(line.indexOf(". Fix: ")), e.fix);
            }
            assert.ok(!fs.existsSync(path.join(r.dir, "out", "task-definition.json")), "writes nothing");
        });
    }
});

describe("render: the valid spellings render", function () {
    this.timeout(120_000);
    const arn = {
        kms: "arn:aws:kms:eu-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        mrk: "arn:aws:kms:eu-north-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        cert: "arn:aws:acm:eu-north-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
    };
    let valid: Run & { dir: string };
    let fromEnv: Run & { dir: string };

    before(async () => {
        const root = tempDir("stack-file-valid-");
        const good = staging();
        Object.assign(good.config, {
            "ecs-deploy:logs": { retentionDays: 30, kmsKeyArn: arn.kms },
            "ecs-deploy:ecr": { kmsKeyArn: arn.mrk },
            "ecs-deploy:network": {
                vpcId: "vpc-0abc1234def567890",
                subnetIds: ["subnet-0a1a0001", "subnet-0a2a0002def567890"],
                publicSubnetIds: ["subnet-0b1b0001", "subnet-0b2b0002"],
                securityGroupIds: ["sg-0db00001"],
            },
            "ecs-deploy:secrets": {
                source: "secretsmanager",
                prefix: "staging/web/",
                map: { DATABASE_URL: { jsonKey: "url", versionStage: "AWSCURRENT" } },
            },
            "ecs-deploy:secretValues": { API_TOKEN: { secure: "v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBB" } },
        });
        Object.assign(service(good).loadBalancer, {
            certificateArn: arn.cert,
            allowedCidrs: ["203.0.113.0/24", "0.0.0.0/0"],
            healthCheckPath: `/${"a".repeat(1023)}`,
        });
        const noRegion = staging();
        delete noRegion.config["aws:region"];
        const jobs: [string, Json, Record<string, string>][] = [
            ["valid", good, {}],
            ["env", noRegion, { AWS_REGION: "eu-west-1" }],
        ];
        const runs: Record<string, Run & { dir: string }> = {};
        await inPairs(jobs, async ([name, stack, env]) => {
            const dir = path.join(root, name);
            fs.mkdirSync(dir);
            runs[name] = {
                ...(await renderCli(writeCase(dir, { name, stack: () => stack, expect: [] }), {
                    AWS_REGION: "",
                    AWS_DEFAULT_REGION: "",
                    ...env,
                })),
                dir,
            };
        });
        [valid, fromEnv] = [runs.valid, runs.env];
    });

    it("KMS key ARNs, an ACM certificate, 17-digit ids, CIDRs and a 1024-character path", () => {
        assert.equal(valid.status, 0, valid.stderr);
        const resources = JSON.parse(fs.readFileSync(path.join(valid.dir, "out", "resources.json"), "utf8")) as {
            type: string;
            inputs: Json;
        }[];
        const one = (type: string) => resources.filter((r) => r.type === type);
        assert.deepEqual(
            one("aws:cloudwatch/logGroup:LogGroup").map((r) => r.inputs.kmsKeyId),
            [arn.kms],
        );
        assert.equal(one("aws:lb/targetGroup:TargetGroup")[0].inputs.healthCheck.path.length, 1024);
        assert.ok(JSON.stringify(resources).includes(arn.cert));
        assert.ok(JSON.stringify(resources).includes("subnet-0a2a0002def567890"));
    });

    it("a region from AWS_REGION is the one region of the whole render", () => {
        assert.equal(fromEnv.status, 0, fromEnv.stderr);
        const rendered = ["task-definition.json", "resources.json"]
            .map((f) => fs.readFileSync(path.join(fromEnv.dir, "out", f), "utf8"))
            .join("\n");
        assert.ok(rendered.includes("eu-west-1"));
        const others = [...new Set(rendered.match(/\b(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d\b/g))].filter(
            (r) => r !== "eu-west-1",
        );
        assert.deepEqual(others, [], "no other region anywhere");
    });
});
