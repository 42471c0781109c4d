/** The load balancer's health check path and HTTPS certificate: what ELB and ACM would refuse is refused first. */
import assert from "node:assert/strict";
import { parseStackConfig } from "../../../core/config/parse";
import { ConfigError } from "../../../core/support/errors";

const ctx = { project: "ecs-deploy", stack: "staging", file: "Pulumi.staging.yaml", region: "eu-north-1" };
const loadBalancer = (lb: Record<string, unknown>, region = ctx.region) =>
    parseStackConfig({ service: { desiredCount: 1, loadBalancer: lb } }, { ...ctx, region }).service.loadBalancer!;

function refused(lb: Record<string, unknown>, field: string, problem: RegExp, fix: RegExp, region = ctx.region): void {
    assert.throws(
        () => loadBalancer(lb, region),
        (e: unknown) => {
            assert.ok(e instanceof ConfigError, String(e));
            assert.equal(e.others.length, 0, `one problem, one line: ${e.message}`);
            assert.equal(e.path, `ecs-deploy:service.loadBalancer.${field}`);
            assert.match(e.problem, problem);
            assert.match(e.fix, fix);
            assert.doesNotMatch(e.message, /\n/);
            return true;
        },
    );
}

const CERT_ID = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const cert = (partition: string, region: string, id = CERT_ID) =>
    `arn:${partition}:acm:${region}:123456789012:certificate/${id}`;

describe("stack config: the load balancer's health check path (ELBv2 HealthCheckPath)", () => {
    it("takes /health when unset, and any printable ASCII path with a query", () => {
        assert.equal(loadBalancer({}).healthCheckPath, "/health");
        assert.equal(loadBalancer({ healthCheckPath: "/ready?full=1&x=%20" }).healthCheckPath, "/ready?full=1&x=%20");
    });

    it("refuses an empty path, which would fail only once the target group is created", () =>
        refused(
            { healthCheckPath: "" },
            "healthCheckPath",
            /^is empty/,
            /1 to 1024 printable ASCII characters.*\/health/,
        ));

    it("refuses a path with a character that is not ASCII, naming it", () =>
        refused(
            { healthCheckPath: "/h\u00e9alth" },
            "healthCheckPath",
            /^"\/h\u00e9alth" has "\u00e9", which a URI path may not hold unencoded$/,
            /percent-encoding others/,
        ));

    it("refuses a space, a tab and a control character, escaped on one line", () =>
        refused(
            { healthCheckPath: "/a b\t\u0007" },
            "healthCheckPath",
            /^"\/a b\\t\\u0007" has " ", "\\t", "\\u0007", which a URI path may not hold unencoded$/,
            /a space is %20/,
        ));

    it("still refuses a path without a leading slash", () =>
        refused({ healthCheckPath: "health" }, "healthCheckPath", /does not start with \//, /starting with \//));
});

describe("stack config: the HTTPS certificate (an ACM certificate ARN in the stack's partition and region)", () => {
    it("takes a certificate of the stack's region", () =>
        assert.equal(
            loadBalancer({ certificateArn: cert("aws", "eu-north-1") }).certificateArn,
            cert("aws", "eu-north-1"),
        ));

    it("takes one in another partition when the stack is there", () =>
        assert.equal(
            loadBalancer({ certificateArn: cert("aws-cn", "cn-north-1") }, "cn-north-1").certificateArn,
            cert("aws-cn", "cn-north-1"),
        ));

    it("refuses a certificate id that is not a UUID", () =>
        refused(
            { certificateArn: cert("aws", "eu-north-1", "0a1b2c3d") },
            "certificateArn",
            /is not an ACM certificate ARN: its id "0a1b2c3d" is not a lower-case UUID/,
            /arn:aws:acm:eu-north-1:<account>:certificate\/<uuid> \(aws acm list-certificates --region eu-north-1/,
        ));

    it("refuses an upper-case id and trailing text", () => {
        refused(
            { certificateArn: cert("aws", "eu-north-1", CERT_ID.toUpperCase()) },
            "certificateArn",
            /is not a lower-case UUID/,
            /<uuid>/,
        );
        refused(
            { certificateArn: `${cert("aws", "eu-north-1")}\n` },
            "certificateArn",
            /its id "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\\n" is not a lower-case UUID/,
            /<uuid>/,
        );
    });

    it("refuses another service's certificate", () =>
        refused(
            { certificateArn: "arn:aws:iam::123456789012:server-certificate/web" },
            "certificateArn",
            /^"arn:aws:iam::123456789012:server-certificate\/web" is not an ACM certificate ARN$/,
            /ACM certificate ARN from eu-north-1/,
        ));

    it("refuses a certificate from another region: ACM certificates are regional", () =>
        refused(
            { certificateArn: cert("aws", "us-east-1") },
            "certificateArn",
            /^is a certificate in us-east-1, but the load balancer is in eu-north-1; ACM certificates are regional$/,
            /from eu-north-1, arn:aws:acm:eu-north-1:/,
        ));

    it("refuses a certificate from another partition", () =>
        refused(
            { certificateArn: cert("aws-cn", "cn-north-1") },
            "certificateArn",
            /^is in partition aws-cn, but the stack's region eu-north-1 is in aws$/,
            /arn:aws:acm:eu-north-1:/,
        ));
});
