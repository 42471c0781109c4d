/**
 * The execution role's inline policy against IAM's 10,240-character quota: computed on the document
 * the role registers, and refused, naming the secrets to group, before any resource exists.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkExecutionPolicySize, policySize, ROLE_POLICY_MAX } from "../../../core/iam/policySize";
import { executionRoleDocument } from "../../../core/iam/roleDocuments";
import { ConfigError } from "../../../core/support/errors";
import { OfflineUserError, RecordedResource } from "../../../offline/runner";
import { only, run } from "../../support/program";
import { ROOT, tempDir } from "../../support/render";

const cfg = (source: "secretsmanager" | "ssm" = "secretsmanager", prefix = "staging/web/") => ({
    file: "Pulumi.staging.yaml",
    project: "ecs-deploy",
    secrets: { source, prefix, map: {}, kmsKeyArns: [], allowPlainEnv: [], managed: [] },
});
const secretArn = (name: string) => `arn:aws:secretsmanager:eu-north-1:123456789012:secret:staging/web/${name}-AbCdEf`;
const inputs = (valueFroms: string[]) => ({
    region: "eu-north-1",
    repositoryArns: ["arn:aws:ecr:eu-north-1:123456789012:repository/ecs-deploy-staging"],
    logGroupArns: ["arn:aws:logs:eu-north-1:123456789012:log-group:/ecs/ecs-deploy/staging/web"],
    secretValueFroms: valueFroms,
    kmsKeyArns: [],
});
/** `n` secrets whose names are `width` characters. */
const secrets = (n: number, width: number, arn = secretArn) =>
    Object.fromEntries(
        Array.from({ length: n }, (_, i) => {
            const name = `S${String(i).padStart(3, "0")}`.padEnd(width, "X");
            return [name, arn(name)];
        }),
    );

function refusal(run: () => void): ConfigError {
    try {
        run();
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        assert.doesNotMatch(e.message, /\n/);
        return e;
    }
    assert.fail("accepted");
}

describe("IAM's quota on the execution role's inline policy", () => {
    it("counts the JSON the role sends, without whitespace, as IAM does", () => {
        const doc = executionRoleDocument(inputs(Object.values(secrets(3, 20))));
        assert.equal(policySize(doc), JSON.stringify(doc).length);
        assert.equal(policySize(JSON.parse(JSON.stringify(doc, null, 4))), JSON.stringify(doc).length);
    });

    it("passes a policy of exactly 10,240 characters and refuses one more", () => {
        const base = secrets(70, 40);
        const size = policySize(executionRoleDocument(inputs(Object.values(base))));
        // Widen one name until the document is exactly at the quota.
        const [first] = Object.keys(base);
        const wider = (extra: number) => ({ ...base, [first]: secretArn(first + "Y".repeat(extra)) });
        const exact = wider(ROLE_POLICY_MAX - size);
        assert.equal(policySize(executionRoleDocument(inputs(Object.values(exact)))), ROLE_POLICY_MAX);
        assert.doesNotThrow(() => checkExecutionPolicySize(cfg(), inputs(Object.values(exact)), exact));
        const over = wider(ROLE_POLICY_MAX - size + 1);
        const e = refusal(() => checkExecutionPolicySize(cfg(), inputs(Object.values(over)), over));
        assert.equal(e.path, "ecs-deploy:secrets");
        assert.match(e.problem, /^the execution role's policy would be 10,241 characters, over IAM's 10,240 /);
    });

    it("names the longest secrets to group into one JSON secret, and what a shorter prefix saves", () => {
        const many = { ...secrets(90, 40), LONGEST_OF_ALL_THE_NAMES_HERE_AND_THEN_SOME: secretArn("L".repeat(200)) };
        const e = refusal(() => checkExecutionPolicySize(cfg(), inputs(Object.values(many)), many));
        assert.match(e.problem, /the ARNs of its 91 secrets take [\d,]+$/);
        assert.match(
            e.fix,
            /^group LONGEST_OF_ALL_THE_NAMES_HERE_AND_THEN_SOME, S\d{3}X+, .* into one secret holding a JSON object, each read with secrets\.map\.NAME: \{ name: <that secret>, jsonKey: NAME \}, or use a shorter prefix than "staging\/web\/" \(each character less saves 91\)$/,
        );
        // Grouping what it names (into a secret as long as the longest) brings the policy under the quota; one fewer would not.
        const named = e.fix.slice("group ".length, e.fix.indexOf(" into one secret")).split(", ");
        const more = /and (\d+) more$/.exec(named[named.length - 1]);
        const count = named.length + (more ? Number(more[1]) : 0);
        const byLength = Object.entries(many).sort(([, a], [, b]) => b.length - a.length);
        const groupingFirst = (n: number) =>
            policySize(
                executionRoleDocument(inputs([...byLength.slice(n).map(([, arn]) => arn), secretArn("L".repeat(200))])),
            );
        assert.ok(groupingFirst(count) <= ROLE_POLICY_MAX, `${count} grouped: ${groupingFirst(count)}`);
        assert.ok(groupingFirst(count - 1) > ROLE_POLICY_MAX);
    });

    it("for SSM parameters, which ECS reads whole, says to shorten their names instead", () => {
        const param = (name: string) => `arn:aws:ssm:eu-north-1:123456789012:parameter/staging/web/${name}`;
        const many = secrets(90, 60, param);
        const e = refusal(() =>
            checkExecutionPolicySize(cfg("ssm", "/staging/web/"), inputs(Object.values(many)), many),
        );
        assert.match(
            e.fix,
            /^shorten the longest parameter names \(S\d{3}X+, .*\), or use a shorter prefix than "\/staging\/web\/"/,
        );
    });

    describe("in the program, on the policy the role registers", function () {
        this.timeout(120_000);
        const dir = tempDir("policy-size-");
        const template = (names: string[]) => {
            const t = JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8"));
            t.containerDefinitions[0].secrets.push(...names.map((name) => ({ name })));
            const file = path.join(dir, `template-${names.length}-${names.join("").length}.json`);
            fs.writeFileSync(file, JSON.stringify(t));
            return file;
        };
        const names = Array.from(
            { length: 60 },
            (_, i) => `PAYMENT_WEBHOOK_SIGNING_SECRET_${String(i).padStart(3, "0")}`,
        );
        const registered = async (list: string[]) => {
            const result = await run("staging", { overrides: { templateFile: template(list) } });
            return String(only(result, "aws:iam/rolePolicy:RolePolicy", "ecs-deploy-staging-execution").inputs.policy);
        };

        it("registers a policy of exactly 10,240 characters, and refuses one more before any resource", async () => {
            const size = (await registered(names)).replace(/\s/g, "").length;
            assert.ok(size < ROLE_POLICY_MAX, `start below the quota: ${size}`);
            // Longer names, a few characters each, until the policy is exactly at the quota, then one past it.
            const widened = (extra: number) =>
                names.map(
                    (n, i) => n + "X".repeat(Math.floor(extra / names.length) + (i < extra % names.length ? 1 : 0)),
                );
            assert.equal(
                (await registered(widened(ROLE_POLICY_MAX - size))).replace(/\s/g, "").length,
                ROLE_POLICY_MAX,
            );

            const record: RecordedResource[] = [];
            await assert.rejects(
                run("staging", { overrides: { templateFile: template(widened(ROLE_POLICY_MAX - size + 1)) }, record }),
                (e: unknown) =>
                    e instanceof OfflineUserError &&
                    /^Pulumi\.staging\.yaml: ecs-deploy:secrets: the execution role's policy would be 10,241 characters, over IAM's 10,240 .*\. Fix: group PAYMENT_WEBHOOK_SIGNING_SECRET_\d{3}X*, /.test(
                        e.message,
                    ),
            );
            assert.deepEqual(
                record.map((r) => r.type),
                [],
                "no resource is registered",
            );
        });
    });
});
