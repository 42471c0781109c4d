/**
 * iam.taskRoleStatements: the stack's own grants to the app, on exact ARNs or on
 * a path below one fixed resource name (AWS's ARN formats say where that name ends).
 * Each refused form fails the stack file with one line naming the field and a fix.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../../../core/support/errors";
import { taskRoleDocument } from "../../../core/iam/roleDocuments";
import { ROOT } from "../../support/render";
import { stackConfig as parse } from "../../support/stackConfig";

const FILE = "Pulumi.staging.yaml";
const AT = "ecs-deploy:iam.taskRoleStatements";
const withStatements = (taskRoleStatements: unknown) => (raw: Record<string, unknown>) => {
    raw.iam = { taskRoleStatements };
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const ok = { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::staging-uploads/reports/latest.csv"] };

function refuses(statements: unknown, field: string, problem: RegExp, fix: RegExp): void {
    assert.throws(
        () => parse("staging", withStatements(statements)),
        (e: unknown) => {
            assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
            assert.equal(e.where, FILE);
            assert.equal(e.path, field);
            assert.match(e.problem, problem);
            assert.match(e.fix, fix);
            assert.doesNotMatch(e.message, /\n/);
            assert.ok(e.message.startsWith(`${FILE}: ${field}: `), e.message);
            return true;
        },
    );
}

describe("stack config: task role statements", () => {
    it("takes statements on exact ARNs, as strings or lists, with conditions, and puts them on the task role", () => {
        const statements = [
            ok,
            {
                Sid: "SendJobs",
                Effect: "Allow",
                Action: "sqs:SendMessage",
                Resource: "arn:aws:sqs:eu-north-1:123456789012:staging-jobs",
                Condition: { Bool: { "aws:SecureTransport": "true" } },
            },
            { Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::staging-uploads/reports/latest.csv" },
        ];
        const c = parse("staging", withStatements(statements));
        assert.deepEqual(c.iam.taskRoleStatements, statements);
        assert.deepEqual(taskRoleDocument(c.iam.taskRoleStatements)!.Statement, statements);
        // Partial action wildcards stay within one service and the listed ARNs.
        assert.doesNotThrow(() => parse("staging", withStatements([{ ...ok, Action: ["s3:Get*"] }])));
        // S3 and IAM ARNs have empty region and account: empty is not a wildcard.
        assert.doesNotThrow(() =>
            parse("staging", withStatements([{ ...ok, Resource: "arn:aws:s3:::staging-uploads" }])),
        );
    });

    it("defaults to none", () => {
        assert.deepEqual(parse("staging").iam.taskRoleStatements, []);
    });

    it('refuses Action "*" and service:* actions', () => {
        refuses(
            [{ ...ok, Action: "*" }],
            `${AT}[0].Action`,
            /^is "\*", every action of every service$/,
            /list the exact actions the app calls/,
        );
        refuses(
            [{ ...ok, Action: ["s3:GetObject", "s3:*"] }],
            `${AT}[0].Action[1]`,
            /^"s3:\*" is every s3 action$/,
            /list the exact s3 actions/,
        );
        refuses([{ ...ok, Action: ["*:GetObject"] }], `${AT}[0].Action[0]`, /is not an IAM action/, /service:Action/);
        refuses(
            [{ ...ok, Action: ["GetObject"] }],
            `${AT}[0].Action[0]`,
            /"GetObject" is not an IAM action/,
            /s3:GetObject/,
        );
    });

    it("takes a wildcard in the path below a fixed resource name: an S3 prefix, a table's indexes, a secret's suffix", () => {
        const below = [
            "arn:aws:s3:::acme-staging-uploads/web/*",
            "arn:aws:s3:::acme-staging-uploads/*",
            "arn:aws:s3:::acme-staging-uploads/web/report-????.csv",
            "arn:aws:dynamodb:eu-north-1:123456789012:table/orders/index/*",
            "arn:aws:secretsmanager:eu-north-1:123456789012:secret:shared/api-token-??????",
            "arn:aws:logs:eu-north-1:123456789012:log-group:/app/jobs:log-stream:*",
            "arn:aws:lambda:eu-north-1:123456789012:function:resize:*",
            "arn:aws:ecs:eu-north-1:123456789012:task-definition/migrate:*",
        ];
        const statements = [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: below }];
        assert.deepEqual(parse("staging", withStatements(statements)).iam.taskRoleStatements, statements);
    });

    it('refuses "*", arn:*, and a wildcard in the ARN\'s partition, service, region or account', () => {
        refuses(
            [{ ...ok, Resource: "*" }],
            `${AT}[0].Resource`,
            /^is "\*": the task role is scoped to exact ARNs$/,
            /name the exact ARN/,
        );
        refuses(
            [{ ...ok, Resource: ["arn:*"] }],
            `${AT}[0].Resource[0]`,
            /"arn:\*" is not an ARN/,
            /name the exact ARN/,
        );
        for (const [arn, field] of [
            ["arn:*:s3:::staging-uploads/web/*", "partition"],
            ["arn:aws:*:eu-north-1:123456789012:queue", "service"],
            ["arn:aws:s?:::staging-uploads/web/x", "service"],
            ["arn:aws:sqs:*:123456789012:jobs", "region"],
            ["arn:aws:dynamodb:eu-*:123456789012:table/orders/index/*", "region"],
            ["arn:aws:sqs:eu-north-1:*:jobs", "account"],
            ["arn:aws:sqs:eu-north-1:12345678901?:jobs", "account"],
        ])
            refuses(
                [{ ...ok, Resource: [arn] }],
                `${AT}[0].Resource[0]`,
                new RegExp(
                    `^"${escape(arn)}" has a wildcard in its ${field}: the task role takes a wildcard only in the path below a fixed resource name$`,
                ),
                new RegExp(`^write the ${field} out, e.g. arn:aws:s3:::my-bucket/uploads/\\*`),
            );
        refuses(
            [{ ...ok, Resource: ["staging-uploads"] }],
            `${AT}[0].Resource[0]`,
            /"staging-uploads" is not an ARN/,
            /exact ARN/,
        );
    });

    it("refuses a wildcard in the bucket, table, log group, function or family name, citing AWS's format", () => {
        for (const [arn, name, format, example] of [
            [
                "arn:aws:s3:::acme-*/web/*",
                "BucketName",
                "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
                "arn:aws:s3:::<BucketName>/*",
            ],
            ["arn:aws:s3:::*", "BucketName", "arn:${Partition}:s3:::${BucketName}/", "arn:aws:s3:::<BucketName>/*"],
            ["arn:aws:s3:::staging-up?oads", "BucketName", "s3:::${BucketName}/", "arn:aws:s3:::<BucketName>/*"],
            [
                "arn:aws:dynamodb:eu-north-1:123456789012:table/*",
                "TableName",
                "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/",
                "arn:aws:dynamodb:eu-north-1:123456789012:table/<TableName>/*",
            ],
            [
                "arn:aws:dynamodb:eu-north-1:123456789012:table/ord*/index/*",
                "TableName",
                "table/${TableName}/",
                "table/<TableName>/*",
            ],
            [
                "arn:aws:logs:eu-north-1:123456789012:log-group:/app/*",
                "LogGroupName",
                "log-group:${LogGroupName}:log-stream:${LogStreamName}",
                "log-group:<LogGroupName>:*",
            ],
            [
                "arn:aws:lambda:eu-north-1:123456789012:function:resize-*",
                "FunctionName",
                "function:${FunctionName}:",
                "function:<FunctionName>:*",
            ],
            [
                "arn:aws:ecs:eu-north-1:123456789012:task-definition/*",
                "TaskDefinitionFamilyName",
                "task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}",
                "task-definition/<TaskDefinitionFamilyName>:*",
            ],
        ])
            refuses(
                [{ ...ok, Resource: [arn] }],
                `${AT}[0].Resource[0]`,
                new RegExp(
                    `^"${escape(arn)}" has a wildcard in its ${name} \\(AWS's format: .*${escape(format)}.*\\): ` +
                        "the task role takes a wildcard only in the path below a fixed resource name$",
                ),
                new RegExp(`^write the ${name} out and put the wildcard after it, e.g. .*${escape(example)}$`),
            );
    });

    it("refuses a wildcard where AWS's formats have no path below a name: queues, topics, roles, parameters", () => {
        for (const arn of [
            "arn:aws:sqs:eu-north-1:123456789012:staging-*",
            "arn:aws:sns:eu-north-1:123456789012:*",
            "arn:aws:iam::123456789012:role/*",
            "arn:aws:ssm:eu-north-1:123456789012:parameter/staging/*",
            "arn:aws:dynamodb:eu-north-1:123456789012:*",
        ])
            refuses(
                [{ ...ok, Resource: [arn] }],
                `${AT}[0].Resource[0]`,
                new RegExp(
                    `^"${escape(arn)}" has a wildcard in its resource name: in AWS's ARN formats, ` +
                        `no ${arn.split(":")[2]} resource named this way has a path below it$`,
                ),
                /^name the exact ARN, without a wildcard$/,
            );
    });

    it("refuses a wildcard in a secret's name: only -?????? may stand for Secrets Manager's random suffix", () => {
        for (const arn of [
            "arn:aws:secretsmanager:eu-north-1:123456789012:secret:shared/*",
            // `-*` would also match shared/api-token-old-AbCdEf, another secret.
            "arn:aws:secretsmanager:eu-north-1:123456789012:secret:shared/api-token-*",
            "arn:aws:secretsmanager:eu-north-1:123456789012:secret:shared/api-token-?????",
            "arn:aws:secretsmanager:eu-north-1:123456789012:secret:shared/*-??????",
        ])
            refuses(
                [{ ...ok, Resource: [arn] }],
                `${AT}[0].Resource[0]`,
                new RegExp(
                    `^"${escape(arn)}" has a wildcard in its secret name \\(arn:\\$\\{Partition\\}:secretsmanager:`,
                ),
                /^name the secret and end it with -\?{6} for the six characters Secrets Manager adds, e\.g\. arn:aws:secretsmanager:eu-north-1:123456789012:secret:shared\/api-token-\?{6}$/,
            );
    });

    it("gives the README's example error word for word", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const shown = /error: (Pulumi\.staging\.yaml: ecs-deploy:iam\.taskRoleStatements\[0\]\.Resource\[0\]: .*)/.exec(
            readme,
        );
        assert.ok(shown, "the README shows a task-role statement error");
        const resource = /^[^"]*"([^"]+)"/.exec(shown[1])![1];
        assert.throws(
            () => parse("staging", withStatements([{ ...ok, Action: ["s3:PutObject"], Resource: [resource] }])),
            (e: unknown) => e instanceof ConfigError && e.message === shown[1],
        );
    });

    it("refuses the admin form outright: Action * on arn:*", () => {
        refuses(
            [{ Effect: "Allow", Action: "*", Resource: ["arn:*"] }],
            `${AT}[0].Action`,
            /every action of every service/,
            /exact actions/,
        );
    });

    it("refuses malformed statements: Effect, Principal, empty Action or Resource, unknown fields", () => {
        refuses([{ ...ok, Effect: "Allowed" }], `${AT}[0].Effect`, /^is "Allowed"$/, /Effect: Allow/);
        refuses([{ ...ok, Effect: undefined }], `${AT}[0].Effect`, /^is undefined$/, /Effect: Allow/);
        refuses(
            [{ ...ok, Principal: { AWS: "*" } }],
            `${AT}[0].Principal`,
            /a role's own policy has no principal/,
            /remove Principal/,
        );
        refuses(
            [{ ...ok, Action: [] }],
            `${AT}[0].Action`,
            /is an empty list: a statement needs at least one action/,
            /list the actions/,
        );
        refuses(
            [{ Effect: "Allow", Resource: ok.Resource }],
            `${AT}[0].Action`,
            /is missing: a statement needs at least one action/,
            /list the actions/,
        );
        refuses(
            [{ ...ok, Resource: [] }],
            `${AT}[0].Resource`,
            /is an empty list: a statement needs at least one resource ARN/,
            /list the resource ARNs/,
        );
        refuses(
            [{ ...ok, Resource: [""] }],
            `${AT}[0].Resource[0]`,
            /is "", not a resource ARN/,
            /write it as a string/,
        );
        refuses(
            [{ ...ok, NotResource: ["arn:aws:s3:::x"] }],
            `${AT}[0].NotResource`,
            /grants everything except what it lists/,
            /use Resource with the exact ARNs/,
        );
        refuses(
            [{ ...ok, NotAction: ["s3:DeleteObject"] }],
            `${AT}[0].NotAction`,
            /grants everything except what it lists/,
            /use Action with the exact actions/,
        );
        refuses(
            [{ ...ok, Actions: ["s3:GetObject"] }],
            `${AT}[0].Actions`,
            /is not a statement field/,
            /use only Sid, Effect, Action, Resource, Condition/,
        );
        refuses([{ ...ok, Sid: "read uploads" }], `${AT}[0].Sid`, /letters and digits only/, /ReadUploads/);
        refuses(
            [{ ...ok, Condition: "aws:SecureTransport" }],
            `${AT}[0].Condition`,
            /must be a mapping of condition operators/,
            /StringEquals/,
        );
        refuses(["s3:GetObject"], `${AT}[0]`, /is "s3:GetObject", not a statement/, /Effect: Allow/);
        refuses({ Effect: "Allow" }, AT, /must be a list of IAM policy statements/, /YAML list/);
    });

    it("refuses statements that make a document over IAM's 10,240 characters", () => {
        const many = Array.from({ length: 120 }, (_, i) => ({
            ...ok,
            Resource: [`arn:aws:s3:::staging-uploads/reports/report-${String(i).padStart(4, "0")}.csv`],
        }));
        refuses(
            many,
            AT,
            /^make a policy of \d+ characters, over IAM's 10240 for a role's inline policies$/,
            /merge statements/,
        );
        assert.doesNotThrow(() => parse("staging", withStatements(many.slice(0, 20))));
    });
});
