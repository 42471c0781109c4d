/**
 * `npm run wait` and `npm run task` (also with --job) when an endpoint answers with something that is not the AWS API (a proxy's
 * HTML error page): one line naming the endpoint, its HTTP status and content type, not the JSON parser's words.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { FakeAws, fakeAwsEnv, startFakeAws } from "../support/fakeAws";
import { runCli } from "../support/cliRun";
import { CLUSTER, SERVICE, stoppedTask, taskArn, td } from "../support/ecsWorld";

/** A loopback server that answers every request with this status, content type and body, counting requests. */
async function proxyPage(status: number, contentType: string | undefined, body: string) {
    let requests = 0;
    const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            requests++;
            res.writeHead(status, contentType ? { "content-type": contentType } : {});
            res.end(body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests: () => requests,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

/** The command as its npm script runs it (test/support/cliRun.ts), within 30 s. */
const command = (script: string, args: string[], env: NodeJS.ProcessEnv) => runCli(script, args, env, 30_000);

const HTML_500 = "<html><head><title>500 Internal Server Error</title></head><body>upstream failed</body></html>";
const waitArgs = ["--cluster", CLUSTER, "--service", SERVICE, "--poll", "0.05"];
const taskArgs = [
    ...["--cluster", CLUSTER, "--task-definition", td(42), "--subnets", "subnet-0a"],
    ...["--security-groups", "sg-0abc", "--poll", "0.05"],
];

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
    for (const close of closers.splice(0)) await close();
});
async function page(status: number, contentType: string | undefined, body = HTML_500) {
    const p = await proxyPage(status, contentType, body);
    closers.push(p.close);
    return p;
}
async function fake(...args: Parameters<typeof startFakeAws>): Promise<FakeAws> {
    const f = await startFakeAws(...args);
    closers.push(() => f.close());
    return f;
}

describe("deploy commands against an endpoint that is not the AWS API", function () {
    this.timeout(60_000);

    it("wait: an HTML 500 names the ECS endpoint, the status and the content type, after the SDK's retries", async () => {
        const p = await page(500, "text/html; charset=utf-8");
        const r = await command("wait", waitArgs, fakeAwsEnv(p.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.stderr,
            `error: the ECS endpoint ${p.url}/ answered HTTP 500 with text/html; charset=utf-8, not an AWS API response; ` +
                "check AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL and any proxy in between\n",
        );
        assert.doesNotMatch(r.stderr, /SyntaxError|Unexpected token|AWS refused/);
        assert.equal(p.requests(), 3, "the SDK's standard retries ran first (a 500 is transient)");
    });

    it("wait: a proxy's login page with HTTP 200, through AWS_ENDPOINT_URL, is not taken for an answer either", async () => {
        const p = await page(200, "text/html", "<html><form>sign in to the proxy</form></html>");
        const r = await command("wait", waitArgs, fakeAwsEnv(p.url, "global"));
        assert.equal(r.code, 1);
        assert.match(
            r.stderr,
            new RegExp(`^error: the ECS endpoint ${p.url}/ answered HTTP 200 with text/html, not an AWS`),
        );
    });

    it("continue: an HTML 500 names the ECS endpoint, like wait", async () => {
        const p = await page(500, "text/html");
        const r = await command("continue", ["--cluster", CLUSTER, "--service", SERVICE], fakeAwsEnv(p.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.stderr,
            `error: the ECS endpoint ${p.url}/ answered HTTP 500 with text/html, not an AWS API response; ` +
                "check AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL and any proxy in between\n",
        );
    });

    it("wait: an answer without a content type says so", async () => {
        const p = await page(502, undefined, "");
        const r = await command("wait", waitArgs, fakeAwsEnv(p.url));
        assert.equal(r.code, 1);
        assert.match(r.stderr, /answered HTTP 502 with no content type, not an AWS API response; /);
    });

    it("task: an HTML 500 from ECS names the ECS endpoint", async () => {
        const p = await page(500, "text/html");
        const r = await command("task", taskArgs, fakeAwsEnv(p.url));
        assert.equal(r.code, 1);
        assert.match(
            r.stderr,
            new RegExp(
                `^error: the ECS endpoint ${p.url}/ answered HTTP 500 with text/html, not an AWS API response; check AWS_ENDPOINT_URL_ECS, `,
            ),
        );
    });

    it("task --job: an HTML 403 from the Scheduler endpoint names it and AWS_ENDPOINT_URL_SCHEDULER", async () => {
        const p = await page(403, "text/html", "<html>Forbidden by proxy policy</html>");
        const r = await command("task", ["--stack", "staging", "--job", "nightly-report"], fakeAwsEnv(p.url));
        assert.equal(r.code, 1);
        assert.equal(
            r.stderr,
            `error: the Scheduler endpoint ${p.url}/ answered HTTP 403 with text/html, not an AWS API response; ` +
                "check AWS_ENDPOINT_URL_SCHEDULER, AWS_ENDPOINT_URL and any proxy in between\n",
        );
    });

    it("task: when only the log read goes through a failing proxy, it names the CloudWatch Logs endpoint", async () => {
        const ecs = await fake({
            DescribeTaskDefinition: () => ({
                taskDefinition: {
                    taskDefinitionArn: td(42),
                    family: "ecs-deploy-staging",
                    revision: 42,
                    containerDefinitions: [
                        {
                            name: "web",
                            essential: true,
                            logConfiguration: {
                                logDriver: "awslogs",
                                options: {
                                    "awslogs-group": "/ecs/ecs-deploy/staging/web",
                                    "awslogs-stream-prefix": "staging",
                                },
                            },
                        },
                    ],
                },
            }),
            RunTask: () => ({ tasks: [{ taskArn: taskArn("run009"), lastStatus: "PROVISIONING" }], failures: [] }),
            DescribeTasks: () => ({
                tasks: [
                    stoppedTask("run009", 42, "Essential container in task exited", [{ name: "web", exitCode: 0 }]),
                ],
                failures: [],
            }),
        });
        const logs = await page(502, "text/html", "<html>502 Bad Gateway</html>");
        const r = await command("task", taskArgs, {
            ...fakeAwsEnv(ecs.url),
            AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url,
        });
        assert.equal(r.code, 1);
        assert.equal(
            r.stderr,
            `error: the CloudWatch Logs endpoint ${logs.url}/ answered HTTP 502 with text/html, not an AWS API response; ` +
                "check AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, AWS_ENDPOINT_URL and any proxy in between\n",
        );
        assert.equal(ecs.count("RunTask"), 1);
    });
});
