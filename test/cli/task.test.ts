/**
 * `npm run task -- --stack S --job J [--history]` as a user runs it: the stack's schedule read from EventBridge
 * Scheduler (GetSchedule, REST-JSON) and its target run on ECS, against the fake AWS API on 127.0.0.1 reached
 * through the SDK's standard endpoint variables with dummy credentials.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AwsFault, fakeAwsEnv, fakeAwsPerTest, Handler } from "../support/fakeAws";
import { runCli } from "../support/cliRun";
import { ACCOUNT, CLUSTER } from "../support/ecsWorld";
import { FAMILY, GROUP, jobDefinition, jobTask, jobTd, LOG_GROUP, schedule, scheduleOf } from "../support/jobWorld";

const command = (args: string[], env: NodeJS.ProcessEnv, cwd?: string) => runCli("task", args, env, 30_000, cwd);

const withFake = fakeAwsPerTest();

const steps =
    (...answers: unknown[]): Handler =>
    (_b, n) =>
        answers[Math.min(n, answers.length - 1)];
const logLines =
    (...lines: string[]): Handler =>
    (b) => {
        assert.equal(b.logGroupName, LOG_GROUP);
        return { events: lines.map((message, i) => ({ timestamp: 1764658800000 + i, message })) };
    };

const jobArgs = ["--stack", "staging", "--job", "nightly-report", "--poll", "0.05"];

describe("npm run task -- --stack S --job J", () => {
    it("runs exactly the schedule's target and exits 0 with the log tail", async () => {
        const f = await withFake({
            GetSchedule: scheduleOf(schedule()),
            DescribeTaskDefinition: () => jobDefinition(7),
            RunTask: () => jobTask("job001", "RUNNING"),
            DescribeTasks: steps(jobTask("job001", "RUNNING"), jobTask("job001", "STOPPED", 0)),
            GetLogEvents: logLines("report for 2026-12-01: 42 rows", "sent"),
        });
        const r = await command(jobArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, "");
        assert.deepEqual(r.out, [
            `job nightly-report: running the target of schedule ${GROUP}/nightly-report: ` +
                `${FAMILY}:7 in ecs-deploy-staging on launch type FARGATE, platform LATEST`,
            "started task job001; waiting for it to stop",
            `job nightly-report: one-off task job001 of ${FAMILY}:7: container web exited 0`,
            `  log ${LOG_GROUP} staging/web/job001 (last 2 lines):`,
            "  | report for 2026-12-01: 42 rows",
            "  | sent",
        ]);
        assert.equal(f.calls[0].op, "GetSchedule");
        assert.equal(f.calls[0].region, "eu-north-1", "the stack file's region");
        const { clientToken, ...run } = f.calls.find((c) => c.op === "RunTask")!.body;
        assert.match(clientToken, /^[0-9a-f-]{36}$/, "the SDK's idempotency token");
        assert.deepEqual(run, {
            cluster: CLUSTER,
            taskDefinition: jobTd(7),
            launchType: "FARGATE",
            platformVersion: "LATEST",
            count: 1,
            startedBy: "by-hand/nightly-report",
            networkConfiguration: {
                awsvpcConfiguration: {
                    subnets: ["subnet-0p1", "subnet-0p2"],
                    securityGroups: ["sg-0task"],
                    assignPublicIp: "DISABLED",
                },
            },
        });
    });

    it("exits 1 when the job's container exits non-zero, running a Spot target with its strategy and no launch type", async () => {
        const strategy = [
            { capacityProvider: "FARGATE", weight: 1, base: 1 },
            { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
        ];
        const f = await withFake({
            GetSchedule: scheduleOf(schedule({ LaunchType: undefined, CapacityProviderStrategy: strategy })),
            DescribeTaskDefinition: () => jobDefinition(7),
            RunTask: () => jobTask("job002", "RUNNING"),
            DescribeTasks: steps(jobTask("job002", "STOPPED", 2)),
            GetLogEvents: logLines("report for 2026-12-01", "Error: connect ECONNREFUSED 10.0.3.7:5432"),
        });
        const r = await command(jobArgs, fakeAwsEnv(f.url, "global"));
        assert.equal(r.code, 1);
        assert.deepEqual(r.lines, [
            `error: job nightly-report: one-off task job002 of ${FAMILY}:7: container web exited with code 2`,
            `  log ${LOG_GROUP} staging/web/job002 (last 2 lines):`,
            "  | report for 2026-12-01",
            "  | Error: connect ECONNREFUSED 10.0.3.7:5432",
        ]);
        assert.match(r.out[0], /on capacity FARGATE weight 1 base 1, FARGATE_SPOT weight 3 base 0, platform LATEST$/);
        const run = f.calls.find((c) => c.op === "RunTask")!.body;
        assert.deepEqual(run.capacityProviderStrategy, strategy);
        assert.equal(run.launchType, undefined, "ECS takes a strategy or a launch type, not both");
    });

    it("exits 1 naming the schedule, its group and stack when the schedule does not exist, and runs nothing", async () => {
        const f = await withFake({
            GetSchedule: () =>
                new AwsFault("ResourceNotFoundException", "Schedule nightly-report does not exist.", 404),
        });
        const r = await command(jobArgs, { ...fakeAwsEnv(f.url), AWS_REGION: "us-east-1" });
        assert.equal(r.code, 1);
        assert.deepEqual(r.lines, [
            "error: job nightly-report: schedule nightly-report is not in schedule group ecs-deploy-staging " +
                "(stack staging, eu-north-1 from Pulumi.staging.yaml; AWS: Schedule nightly-report does not exist.); " +
                "run npx pulumi up -s staging if the job is new, or check the job name under ecs-deploy:schedules in Pulumi.staging.yaml",
        ]);
        assert.equal(f.calls[0].region, "eu-north-1", "the stack file's aws:region wins over AWS_REGION");
        assert.deepEqual(
            f.calls.map((c) => c.op),
            ["GetSchedule"],
        );
    });

    it("asks the region --region names", async () => {
        const f = await withFake({
            GetSchedule: () =>
                new AwsFault("ResourceNotFoundException", "Schedule nightly-report does not exist.", 404),
        });
        const r = await command([...jobArgs, "--region", "eu-west-1"], fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.match(r.lines[0], /\(stack staging, eu-west-1 from --region; /);
        assert.equal(f.calls[0].region, "eu-west-1");
    });

    it("exits 1 naming the action AWS refused: scheduler:GetSchedule, ecs:RunTask", async () => {
        const denied = (action: string) =>
            new AwsFault(
                "AccessDeniedException",
                `User: arn:aws:sts::${ACCOUNT}:assumed-role/dev/x is not authorized to perform: ${action}`,
                403,
            );
        const f = await withFake({ GetSchedule: () => denied("scheduler:GetSchedule") });
        const r = await command(jobArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.deepEqual(r.lines, [
            `error: AWS refused scheduler:GetSchedule: AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/dev/x ` +
                "is not authorized to perform: scheduler:GetSchedule",
        ]);
        await f.close();

        const g = await withFake({
            GetSchedule: () => schedule(),
            DescribeTaskDefinition: () => jobDefinition(7),
            RunTask: () =>
                new AwsFault("AccessDeniedException", "User: arn:aws:sts::x is not authorized to perform this action"),
        });
        const s = await command(jobArgs, fakeAwsEnv(g.url));
        assert.equal(s.code, 1);
        assert.equal(
            s.lines[0],
            "error: AWS refused ecs:RunTask: AccessDeniedException: User: arn:aws:sts::x is not authorized to perform this action",
        );
    });

    it("exits 1 when the schedule's target is not an ECS task", async () => {
        const lambda = `arn:aws:lambda:eu-north-1:${ACCOUNT}:function:report`;
        const f = await withFake({ GetSchedule: () => schedule({}, { Arn: lambda, EcsParameters: undefined }) });
        const r = await command(jobArgs, fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.deepEqual(r.lines, [
            `error: job nightly-report: schedule ${GROUP}/nightly-report (stack staging, eu-north-1 from Pulumi.staging.yaml) ` +
                `does not run an ECS task: its target is ${lambda} with no EcsParameters; ` +
                "run npx pulumi up -s staging to put back the target the program gives it",
        ]);
        assert.equal(f.count("RunTask"), 0);
    });

    it("exits 1 naming the stack files there are when the stack has none, before any AWS call", async () => {
        const f = await withFake({});
        const r = await command(["--stack", "qa", "--job", "nightly-report"], fakeAwsEnv(f.url));
        assert.equal(r.code, 1);
        assert.equal(r.lines.length, 1);
        assert.match(
            r.lines[0],
            /^error: Pulumi\.qa\.yaml: does not exist\. Fix: check --stack: the stack files here are (Pulumi\.[\w.-]+\.yaml, )*Pulumi\.staging\.yaml/,
        );
        assert.equal(f.calls.length, 0);
    });

    it("exits 1 when neither the stack file, --region nor AWS_REGION gives a region", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "task-job-"));
        try {
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ecs-deploy\nruntime: nodejs\n");
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  ecs-deploy:image: web:1\n");
            const env = { ...fakeAwsEnv("http://127.0.0.1:9") };
            delete env.AWS_REGION;
            const r = await command(["--stack", "dev", "--job", "nightly-report"], env, dir);
            assert.equal(r.code, 1);
            assert.deepEqual(r.lines, [
                "error: Pulumi.dev.yaml: aws:region: is not set, and neither --region nor AWS_REGION is given. " +
                    "Fix: set it: npx pulumi config set aws:region <region> -s dev",
            ]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("exits 2 on usage errors: --job without --stack, with the flags the schedule decides, --history alone", async () => {
        const env = fakeAwsEnv("http://127.0.0.1:9");
        const cases: [string[], string][] = [
            [["--job", "nightly-report"], "error: --job needs --stack <name>: the stack whose schedule runs the job"],
            [
                [...jobArgs, "--task-definition", jobTd(7), "--cluster", CLUSTER],
                "error: --job runs the schedule's own target, so --cluster, --task-definition cannot be given with it; drop them",
            ],
            [
                [...jobArgs, "--command", '["node","x.js"]'],
                "error: --job runs the schedule's own target, so --command cannot be given with it; drop it",
            ],
            [["--stack", "staging", "--history"], "error: --history needs --job <name>"],
            [["--stack", "staging"], "error: --stack goes with --job <name>"],
            [
                ["--stack", "../staging", "--job", "x"],
                'error: --stack must be a stack name (letters, digits, -, _ and .), got "../staging"',
            ],
            [
                ["--stack", "staging", "--job", "a/b"],
                'error: --job must be a schedule name (1-64 letters, digits, -, _ and .), got "a/b"',
            ],
        ];
        for (const [args, line] of cases) {
            const r = await command(args, env);
            assert.equal(r.code, 2, args.join(" "));
            assert.equal(r.lines[0], line);
            assert.match(r.lines[1], /^usage: npm run task -- --cluster/);
        }
    });
});
