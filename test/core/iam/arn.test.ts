/**
 * core/iam/arn.ts: every ARN the program and the delivery project write is built by formatArn,
 * and every one they read is split by parseArn.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { ArnParts, formatArn, parseArn } from "../../../core/iam/arn";

describe("ARNs", () => {
    it("builds regional, global and AWS-owned ARNs", () => {
        assert.equal(
            formatArn({
                partition: "aws",
                service: "ecr",
                region: "eu-north-1",
                account: "123456789012",
                resource: "repository/ecs-deploy-staging",
            }),
            "arn:aws:ecr:eu-north-1:123456789012:repository/ecs-deploy-staging",
        );
        // IAM is global: no region.
        assert.equal(
            formatArn({ partition: "aws-cn", service: "iam", account: "123456789012", resource: "role/x-*" }),
            "arn:aws-cn:iam::123456789012:role/x-*",
        );
        // AWS-managed policies name the account "aws".
        assert.equal(
            formatArn({ partition: "aws", service: "iam", account: "aws", resource: "policy/P" }),
            "arn:aws:iam::aws:policy/P",
        );
        // S3 has neither region nor account.
        assert.equal(formatArn({ partition: "aws", service: "s3", resource: "bucket/key" }), "arn:aws:s3:::bucket/key");
        assert.equal(
            formatArn({
                partition: "aws",
                service: "logs",
                region: "eu-north-1",
                account: "1",
                resource: "log-group:/ecs/a/*:log-stream:*",
            }),
            "arn:aws:logs:eu-north-1:1:log-group:/ecs/a/*:log-stream:*",
        );
    });

    it("splits an ARN into its fields, the resource keeping its own colons and wildcards", () => {
        assert.deepEqual(parseArn("arn:aws:sqs:eu-north-1:123456789012:jobs"), {
            partition: "aws",
            service: "sqs",
            region: "eu-north-1",
            account: "123456789012",
            resource: "jobs",
        });
        assert.deepEqual(parseArn("arn:aws:s3:::my-bucket/uploads/report.csv"), {
            partition: "aws",
            service: "s3",
            region: "",
            account: "",
            resource: "my-bucket/uploads/report.csv",
        });
        assert.deepEqual(parseArn("arn:aws:secretsmanager:eu-north-1:1:secret:staging/web/DB-AbCdEf:url::"), {
            partition: "aws",
            service: "secretsmanager",
            region: "eu-north-1",
            account: "1",
            resource: "secret:staging/web/DB-AbCdEf:url::",
        });
        assert.deepEqual(parseArn("arn:*:*:*:*:*"), {
            partition: "*",
            service: "*",
            region: "*",
            account: "*",
            resource: "*",
        });
    });

    it("is not fooled by text that is not an ARN", () => {
        for (const text of [
            "",
            "*",
            "nope",
            "arn:aws:sqs",
            "arn:aws:sqs:r:1",
            // No resource.
            "arn:aws:sqs:r:1:",
            "arn:aws:s3:::",
            // Case and surrounding text count.
            "ARN:aws:s3:::b",
            " arn:aws:s3:::b",
            // One line only.
            "arn:aws:s3:::b\n",
            "arn:aws:s3:::b\nx",
        ])
            assert.equal(parseArn(text), undefined, JSON.stringify(text));
    });

    it("reads back what it builds", () => {
        const field = fc.string({ maxLength: 12 }).filter((s) => !s.includes(":"));
        const resource = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\n\r\u2028\u2029]/.test(s));
        fc.assert(
            fc.property(field, field, field, field, resource, (partition, service, region, account, r) => {
                const parts: ArnParts = { partition, service, region, account, resource: r };
                const text = formatArn(parts);
                assert.deepEqual(parseArn(text), parts);
                assert.equal(formatArn(parseArn(text)!), text);
            }),
        );
    });
});
