import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { OfflineResult, RecordedResource } from "../../offline/runner";
import { all, keyOf, only, policyOf, runWorkers } from "../support/program";
import { ROOT, tempDir } from "../support/render";
import { ROLE_POLICY } from "../support/types";

/**
 * What the web service, its workers and its job share: one template, one image, one execution role
 * whose secrets and log groups are exactly what the families use, and one imagedefinitions.json.
 */
const NAME = "ecs-deploy-workers";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const FAMILIES = ["web", "jobs", "mailer", "nightly-report"];

type Json = Record<string, any>;
const baseTemplate = (): Json => JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8"));

/** Writes a changed copy of the app's template and returns its path, for `templateFile`. */
function templateFile(change: (t: Json) => void): string {
    const t = baseTemplate();
    change(t);
    const file = path.join(tempDir("workload-template-"), "ecs-task-template.json");
    fs.writeFileSync(file, JSON.stringify(t, null, 2));
    return file;
}

/** Every family's RegisterTaskDefinition input, by name (web for the web service's). */
function definitions(r: OfflineResult): Record<string, Json> {
    return { web: r.outputs.taskDefinition as Json, ...(r.outputs.taskDefinitions as Record<string, Json>) };
}
const statement = (r: OfflineResult, sid: string): Json =>
    policyOf(only(r, ROLE_POLICY, `${NAME}-execution`)).Statement.find((s) => s.Sid === sid)!;

/** A second app container with a secret of its own, and a third-party sidecar that does not run the app's image. */
const withSidecars = (t: Json) =>
    t.containerDefinitions.push(
        {
            name: "sidekiq",
            essential: false,
            command: ["node", "queue.js"],
            secrets: [{ name: "REDIS_URL" }],
            readonlyRootFilesystem: true,
            logConfiguration: { logDriver: "awslogs" },
        },
        {
            name: "envoy",
            image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod",
            essential: false,
            readonlyRootFilesystem: true,
            logConfiguration: { logDriver: "awslogs" },
        },
    );

describe("program: what workers and jobs share with the web service", function () {
    this.timeout(240_000);
    let sidecars: OfflineResult;
    before(async () => {
        sidecars = await runWorkers({ overrides: { templateFile: templateFile(withSidecars) } });
    });

    it("lets the execution role read exactly the secrets the families use, by ARN", () => {
        const used = new Set(
            Object.values(definitions(sidecars)).flatMap((d) =>
                d.containerDefinitions.flatMap((c: Json) => (c.secrets ?? []).map((s: Json) => s.valueFrom)),
            ),
        );
        assert.equal(used.size, 3, "DATABASE_URL, SESSION_KEY and the sidecar's REDIS_URL");
        const read = statement(sidecars, "ReadSecrets");
        assert.equal(read.Action, "secretsmanager:GetSecretValue");
        assert.deepEqual([...read.Resource].sort(), [...used].sort());
    });

    it("creates a log group for every container of every family, and lets tasks write to those only", () => {
        const used = Object.entries(definitions(sidecars)).flatMap(([family, d]) =>
            d.containerDefinitions.map((c: Json) => {
                assert.equal(c.logConfiguration.logDriver, "awslogs", `${family}/${c.name}`);
                return c.logConfiguration.options["awslogs-group"] as string;
            }),
        );
        assert.equal(used.length, FAMILIES.length * 3, "three containers in each of four families");
        assert.equal(new Set(used).size, used.length, "each family's containers log to groups of their own");
        const groups = all(sidecars, LOG_GROUP).map((g) => String(g.inputs.name));
        assert.deepEqual([...groups].sort(), [...used].sort());
        assert.ok(used.includes("/ecs/ecs-deploy/workers/nightly-report/sidekiq"));
        const write = statement(sidecars, "WriteLogs");
        assert.deepEqual(
            [...write.Resource].sort(),
            used.map((g) => `arn:aws:logs:eu-west-1:123456789012:log-group:${g}:log-stream:*`).sort(),
        );
    });

    it("lists in imagedefinitions.json every container that runs the app's image, once, and no other", () => {
        const image = String(sidecars.outputs.image);
        assert.deepEqual(sidecars.outputs.imageDefinitions, [
            { name: "web", imageUri: image },
            { name: "sidekiq", imageUri: image },
        ]);
        for (const [family, d] of Object.entries(definitions(sidecars))) {
            const byName = Object.fromEntries(d.containerDefinitions.map((c: Json) => [c.name, c.image]));
            assert.equal(byName.web, image, `${family}: the same image digest`);
            assert.equal(byName.sidekiq, image, family);
            assert.match(byName.envoy, /aws-appmesh-envoy/, `${family}: the sidecar keeps its own image`);
        }
    });

    it("carries a change to the app's template to every family in one run", async () => {
        const before = await runWorkers();
        const changed = await runWorkers({
            overrides: {
                templateFile: templateFile((t) =>
                    t.containerDefinitions[0].environment.push({ name: "FEATURE_X", value: "on" }),
                ),
            },
        });
        const env = (d: Json) => d.containerDefinitions[0].environment as { name: string; value: string }[];
        for (const family of FAMILIES) {
            assert.ok(!env(definitions(before)[family]).some((e) => e.name === "FEATURE_X"), `${family} before`);
            assert.deepEqual(
                env(definitions(changed)[family]).find((e) => e.name === "FEATURE_X"),
                { name: "FEATURE_X", value: "on" },
                `${family} after`,
            );
            assert.equal(definitions(changed)[family].containerDefinitions[0].image, changed.outputs.image);
        }
        assert.notEqual(changed.outputs.image, before.outputs.image, "the template travels in the image: a new build");
        // The registered definitions, not only the outputs: every family's TaskDefinition resource changes.
        const registered = (r: OfflineResult) =>
            new Map(
                all(r, "aws:ecs/taskDefinition:TaskDefinition").map((t: RecordedResource) => [
                    keyOf(t),
                    String(t.inputs.containerDefinitions),
                ]),
            );
        const was = registered(before);
        const now = registered(changed);
        assert.equal(now.size, FAMILIES.length);
        for (const [k, defs] of now) {
            assert.notEqual(defs, was.get(k), `${k} is replaced`);
            assert.match(defs, /"FEATURE_X"/, k);
        }
    });
});
