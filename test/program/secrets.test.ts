/**
 * Secrets end to end under mocks that answer like AWS (including "not found"):
 * names become exact ARNs, the execution role reads exactly those, and values
 * the stack holds never appear outside Pulumi secrets.
 */
import assert from "node:assert/strict";
import { OfflineResult } from "../../offline/runner";
import { renderFiles } from "../../cli/render";
import { all, containerDefinitions, only, policyOf, run } from "../support/program";

const ACCOUNT = "123456789012";
const SM = `arn:aws:secretsmanager:eu-north-1:${ACCOUNT}:secret`;
const executionPolicy = (r: OfflineResult) =>
    policyOf(only(r, "aws:iam/rolePolicy:RolePolicy", "ecs-deploy-staging-execution"));
const statement = (r: OfflineResult, sid: string): Record<string, any> | undefined =>
    executionPolicy(r).Statement.find((s) => s.Sid === sid);
const secretsOf = (r: OfflineResult) =>
    Object.fromEntries(
        containerDefinitions(r)[0].secrets.map((s: { name: string; valueFrom: string }) => [s.name, s.valueFrom]),
    );

describe("secrets: Secrets Manager", () => {
    it("maps a name to another secret's JSON key, and grants the secret, not the key", async () => {
        const r = await run("staging", {
            overrides: {
                secrets: {
                    source: "secretsmanager",
                    prefix: "staging/web/",
                    map: {
                        DATABASE_URL: { name: "shared/db", jsonKey: "url" },
                        SESSION_KEY: { versionStage: "AWSPREVIOUS" },
                    },
                },
            },
            answers: { secretSuffix: () => "AbCdEf" },
        });
        assert.deepEqual(secretsOf(r), {
            DATABASE_URL: `${SM}:staging/web/shared/db-AbCdEf:url::`,
            SESSION_KEY: `${SM}:staging/web/SESSION_KEY-AbCdEf::AWSPREVIOUS:`,
        });
        assert.deepEqual(statement(r, "ReadSecrets")?.Resource, [
            `${SM}:staging/web/SESSION_KEY-AbCdEf`,
            `${SM}:staging/web/shared/db-AbCdEf`,
        ]);
        assert.equal(statement(r, "ReadParameters"), undefined);
    });

    it("decrypts with customer keys only through Secrets Manager", async () => {
        const key = `arn:aws:kms:eu-north-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const r = await run("staging", {
            overrides: { secrets: { source: "secretsmanager", prefix: "staging/web/", kmsKeyArns: [key] } },
        });
        assert.deepEqual(statement(r, "DecryptSecrets"), {
            Sid: "DecryptSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: [key],
            Condition: { StringEquals: { "kms:ViaService": ["secretsmanager.eu-north-1.amazonaws.com"] } },
        });
    });

    it("without customer keys, grants no kms at all", async () => {
        const r = await run("staging");
        assert.equal(statement(r, "DecryptSecrets"), undefined);
    });
});

describe("secrets: SSM Parameter Store", () => {
    it("resolves names under the path to parameter ARNs and grants ssm:GetParameters on exactly those", async () => {
        const r = await run("staging", { overrides: { secrets: { source: "ssm", prefix: "/staging/web/" } } });
        assert.deepEqual(secretsOf(r), {
            DATABASE_URL: `arn:aws:ssm:eu-north-1:${ACCOUNT}:parameter/staging/web/DATABASE_URL`,
            SESSION_KEY: `arn:aws:ssm:eu-north-1:${ACCOUNT}:parameter/staging/web/SESSION_KEY`,
        });
        assert.deepEqual(statement(r, "ReadParameters"), {
            Sid: "ReadParameters",
            Effect: "Allow",
            Action: "ssm:GetParameters",
            Resource: Object.values(secretsOf(r)).sort(),
        });
        assert.equal(statement(r, "ReadSecrets"), undefined);
    });

    it("names the missing parameter and the command that creates it", async () => {
        await assert.rejects(
            run("staging", {
                overrides: { secrets: { source: "ssm", prefix: "/staging/web/" } },
                answers: { missingSecrets: ["/staging/web/DATABASE_URL"] },
            }),
            /Pulumi\.staging\.yaml: ecs-deploy:secrets\.DATABASE_URL: the template's secret DATABASE_URL has no SSM parameter named \/staging\/web\/DATABASE_URL in eu-north-1\. Fix: create it \(aws ssm put-parameter --region eu-north-1 --type SecureString --name \/staging\/web\/DATABASE_URL --value '\.\.\.'\)/,
        );
    });

    it("rejects a prefix that is not a path", async () => {
        await assert.rejects(
            run("staging", { overrides: { secrets: { source: "ssm", prefix: "staging/web/" } } }),
            /ecs-deploy:secrets\.prefix: "staging\/web\/" is not an SSM path\. Fix: start it with a slash/,
        );
    });
});

describe("secrets: values the stack holds", () => {
    const VALUE = "sk_live_7f3a9c1e-managed-value";
    let r: OfflineResult;
    before(async () => {
        // SESSION_KEY does not exist in AWS: the program creates it from the stack's secret value.
        r = await run("staging", {
            secrets: { secretValues: { SESSION_KEY: VALUE } },
            answers: { missingSecrets: ["staging/web/SESSION_KEY"] },
        });
    });

    it("writes the value to Secrets Manager under the prefix, as a secret input", () => {
        const secret = only(r, "aws:secretsmanager/secret:Secret");
        assert.equal(secret.inputs.name, "staging/web/SESSION_KEY");
        const version = only(r, "aws:secretsmanager/secretVersion:SecretVersion");
        assert.equal(version.inputs.secretString, VALUE);
        assert.deepEqual(version.secretInputs, ["secretString"]);
    });

    it("references the created secret by ARN, and still looks up the others", () => {
        assert.deepEqual(secretsOf(r), {
            DATABASE_URL: `${SM}:staging/web/DATABASE_URL-??????`,
            SESSION_KEY: `${SM}:staging/web/SESSION_KEY-??????`,
        });
        assert.ok(statement(r, "ReadSecrets")?.Resource.includes(secretsOf(r).SESSION_KEY));
    });

    it("never shows the value in outputs, unmarked inputs or rendered files", () => {
        const haystacks: [string, string][] = [["outputs", JSON.stringify(r.outputs)]];
        for (const res of r.resources) {
            const visible = Object.fromEntries(
                Object.entries(res.inputs).filter(([k]) => !res.secretInputs.includes(k)),
            );
            haystacks.push([`${res.type} ${res.name}`, JSON.stringify(visible)]);
        }
        for (const [file, text] of Object.entries(renderFiles(r))) haystacks.push([file, text]);
        assert.ok(haystacks.length > 10);
        for (const [where, text] of haystacks)
            assert.ok(!text.includes(VALUE), `the secret value leaked into ${where}`);
        // The check can fail: the value is really there, in the one input marked secret.
        assert.ok(
            all(r, "aws:secretsmanager/secretVersion:SecretVersion").some((v) =>
                JSON.stringify(v.inputs).includes(VALUE),
            ),
        );
    });

    it("render shows placeholders naming each secret's source and name", () => {
        const td = JSON.parse(renderFiles(r)["task-definition.json"]);
        assert.match(
            td.containerDefinitions[0].secrets[0].valueFrom,
            /^arn:aws:secretsmanager:eu-north-1:\d+:secret:staging\/web\/DATABASE_URL-\?{6}$/,
        );
    });
});

describe("secrets: credentials in plain environment variables", () => {
    const overlay = (allow: string[]) => ({
        overrides: {
            overlay: {
                containerDefinitions: [
                    { name: "web", environment: [{ name: "STRIPE_API_KEY", value: "sk_test_123" }] },
                ],
            },
            secrets: { source: "secretsmanager", prefix: "staging/web/", allowPlainEnv: allow },
        },
    });

    it("fails by default, pointing to secrets", async () => {
        await assert.rejects(
            run("staging", overlay([])),
            /containerDefinitions\[name=web\]\.environment\[name=STRIPE_API_KEY\]: looks like a credential.*Fix: move it to secrets.*allowPlainEnv: \[STRIPE_API_KEY\]/,
        );
    });

    it("passes when the stack allows that one name", async () => {
        const r = await run("staging", overlay(["STRIPE_API_KEY"]));
        assert.ok(containerDefinitions(r)[0].environment.some((e: { name: string }) => e.name === "STRIPE_API_KEY"));
    });
});
