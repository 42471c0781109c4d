/** The secrets section: names the secret source would refuse are refused before any resource, naming the key. */
import assert from "node:assert/strict";
import { parseStackConfig } from "../../../core/config/parse";
import { ConfigError } from "../../../core/support/errors";

const ctx = { project: "ecs-deploy", stack: "staging", file: "Pulumi.staging.yaml", region: "eu-north-1" };
const secrets = (s: Record<string, unknown>) => parseStackConfig({ secrets: s }, ctx).secrets;

function refused(s: Record<string, unknown>, path: string, problem: RegExp, fix: RegExp): void {
    assert.throws(
        () => secrets(s),
        (e: unknown) => {
            assert.ok(e instanceof ConfigError, String(e));
            assert.equal(e.others.length, 0, `one problem, one line: ${e.message}`);
            assert.equal(e.path, path);
            assert.match(e.problem, problem);
            assert.match(e.fix, fix);
            assert.doesNotMatch(e.message, /\n/);
            return true;
        },
    );
}

describe("stack config: secrets' names", () => {
    describe("Secrets Manager (CreateSecret Name: letters, digits and / _ + = . @ -)", () => {
        it("accepts every character Secrets Manager allows", () =>
            assert.equal(secrets({ prefix: "staging/Web_2+x=y.z@acme-1/" }).prefix, "staging/Web_2+x=y.z@acme-1/"));

        it("refuses a prefix with a space, naming the character", () =>
            refused(
                { prefix: "staging/my app/" },
                "ecs-deploy:secrets.prefix",
                /^"staging\/my app\/" has " ", which a Secrets Manager name may not hold$/,
                /letters, digits and \/ _ \+ = \. @ -/,
            ));

        it("refuses a prefix with a newline, escaped so the message stays one line", () =>
            refused(
                { prefix: "staging/\nweb/" },
                "ecs-deploy:secrets.prefix",
                /^"staging\/\\nweb\/" has "\\n", which a Secrets Manager name may not hold$/,
                /e\.g\. staging\/web\//,
            ));

        it("refuses a mapped name with characters outside the set, listing each once", () =>
            refused(
                { prefix: "staging/web/", map: { API_TOKEN: { name: "shared/api token#1 #2" } } },
                "ecs-deploy:secrets.map.API_TOKEN.name",
                /has " ", "#", which a Secrets Manager name may not hold/,
                /letters, digits/,
            ));

        it("takes a mapped ARN as it is (its colons are the ARN's)", () =>
            assert.equal(
                secrets({
                    prefix: "staging/web/",
                    map: {
                        API_TOKEN: {
                            name: "arn:aws:secretsmanager:eu-north-1:111122223333:secret:shared/api-token-AbCdEf",
                        },
                    },
                }).map.API_TOKEN.name,
                "arn:aws:secretsmanager:eu-north-1:111122223333:secret:shared/api-token-AbCdEf",
            ));
    });

    describe("SSM (PutParameter Name: letters, digits and _ . - with / between levels)", () => {
        it("accepts a parameter path", () =>
            assert.equal(secrets({ source: "ssm", prefix: "/staging/web_1.x-y/" }).prefix, "/staging/web_1.x-y/"));

        it("refuses characters Secrets Manager would take but SSM does not", () =>
            refused(
                { source: "ssm", prefix: "/staging/web+eu@1/" },
                "ecs-deploy:secrets.prefix",
                /has "\+", "@", which an SSM parameter name may not hold/,
                /_ \. - with \/ between levels/,
            ));

        it("refuses a mapped parameter name with a space", () =>
            refused(
                { source: "ssm", prefix: "/staging/web/", map: { API_TOKEN: { name: "shared token" } } },
                "ecs-deploy:secrets.map.API_TOKEN.name",
                /"shared token" has " ", which an SSM parameter name may not hold/,
                /letters, digits/,
            ));

        it("a bad prefix is one problem, not also a missing slash", () =>
            refused(
                { source: "ssm", prefix: "staging web/" },
                "ecs-deploy:secrets.prefix",
                /has " "/,
                /e\.g\. \/staging\/web\//,
            ));
    });
});
