import assert from "node:assert/strict";
import { appStackFacts, AppStackError } from "../../deployment/appStacks";
import { ALIAS_BOMB, deepFlowList } from "../support/hostileYaml";

/** The delivery project reads each app stack's file with the same YAML guards, and the same lines, as the program. */
describe("delivery: reading an app stack's file", () => {
    const facts = (yaml: string) => appStackFacts("ecs-deploy", "staging", "Pulumi.staging.yaml", yaml);
    const refused = (yaml: string, problem: RegExp) =>
        assert.throws(
            () => facts(yaml),
            (e: unknown) => e instanceof AppStackError && problem.test(e.message) && !e.message.includes("\n"),
        );

    it("refuses an alias bomb in one line naming the file, the limit and the fix", () =>
        refused(
            ALIAS_BOMB,
            /^Pulumi\.staging\.yaml: its aliases expand to more than 100 copies, .*\. Fix: write the repeated values out/,
        ));

    it("refuses flow lists 1,000 deep in one line, not with a stack overflow", () =>
        refused(
            deepFlowList(1000),
            /^Pulumi\.staging\.yaml: nests 1002 levels deep .*at most 64 levels are read\. Fix: /,
        ));

    it("reads the workers and jobs the deploy role grants for, and scales when a worker does", () => {
        const stack = (body: string) => facts(`config:\n  aws:region: eu-north-1\n${body}`);
        const plain = stack("  ecs-deploy:secrets: { prefix: staging/web/ }\n");
        assert.deepEqual([plain.workers, plain.jobs, plain.features.autoscaling], [[], [], false]);
        const withBoth = stack(
            "  ecs-deploy:secrets: { prefix: staging/web/ }\n" +
                "  ecs-deploy:workers:\n    mailer: { command: [node, m.js] }\n" +
                "    jobs: { command: [node, w.js], autoscaling: { minCount: 1, maxCount: 2, metric: cpu, target: 70 } }\n" +
                "  ecs-deploy:schedules:\n    nightly-report: { schedule: rate(1 day), command: [node, r.js] }\n",
        );
        assert.deepEqual(
            [withBoth.workers, withBoth.jobs, withBoth.features.autoscaling],
            [["jobs", "mailer"], ["nightly-report"], true],
        );
    });

    it("refuses YAML that does not parse, naming the file once", () =>
        refused("config: [", /^Pulumi\.staging\.yaml: is not valid YAML \(.+\)\. Fix: fix the YAML syntax$/));
});
