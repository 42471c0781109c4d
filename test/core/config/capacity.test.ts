/** service.capacity: the Fargate Spot / on-demand split, read and refused before any resource. */
import assert from "node:assert/strict";
import { parseStackConfig } from "../../../core/config/parse";
import { ConfigError, UserError } from "../../../core/support/errors";

const STAGING = { project: "ecs-deploy", stack: "staging", file: "Pulumi.staging.yaml", region: "eu-north-1" };
const PRODUCTION = { ...STAGING, stack: "production", file: "Pulumi.production.yaml" };

/** `extra`: more stack config; its `service` settings go beside the capacity. */
function parse(capacity: unknown, ctx = STAGING, extra: Record<string, any> = {}) {
    const service = { desiredCount: 2, ...extra.service, capacity };
    return parseStackConfig({ ...extra, service }, ctx).service.capacity;
}

/** Every problem the parse reports, one line each. */
function problems(capacity: unknown, ctx = STAGING, extra: Record<string, any> = {}): string[] {
    try {
        parse(capacity, ctx, extra);
    } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return e.message.split("\n").filter((l) => l.includes(ctx.file));
    }
    return [];
}

/** Exactly one problem: on `path`, matching `problem`, with a fix. */
function rejects(capacity: unknown, path: string, problem: RegExp, ctx = STAGING, extra = {}) {
    const lines = problems(capacity, ctx, extra);
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.ok(lines[0].includes(`${ctx.file}: ${path}: `), lines[0]);
    assert.match(lines[0], problem);
    assert.match(lines[0], /\. Fix: \S/);
}

describe("stack config: service.capacity (Fargate Spot)", () => {
    it("is absent by default, so the service keeps its launch type", () =>
        assert.equal(parseStackConfig({ service: { desiredCount: 1 } }, STAGING).service.capacity, undefined));

    it("reads spot, onDemand and base", () =>
        assert.deepEqual(parse({ spot: 3, onDemand: 1, base: 1 }), { spot: 3, onDemand: 1, base: 1 }));

    it("defaults the missing weights and the base to 0", () =>
        assert.deepEqual(parse({ spot: 1 }), { spot: 1, onDemand: 0, base: 0 }));

    it("reads weights written as strings (pulumi config set --path writes them so)", () =>
        assert.deepEqual(parse({ spot: "2", onDemand: "1" }), { spot: 2, onDemand: 1, base: 0 }));

    it("refuses weights that are all zero", () =>
        rejects(
            { spot: 0, onDemand: 0 },
            "ecs-deploy:service.capacity",
            /spot and onDemand are both 0, so ECS could place no task/,
        ));

    it("refuses an empty capacity object (all weights zero)", () =>
        rejects({}, "ecs-deploy:service.capacity", /spot and onDemand are both 0/));

    it("refuses a negative weight", () =>
        rejects({ spot: -1, onDemand: 1 }, "ecs-deploy:service.capacity.spot", /-1 is outside 0\.\.1000/));

    it("refuses a weight that is not a whole number", () =>
        rejects(
            { spot: 1, onDemand: 1.5 },
            "ecs-deploy:service.capacity.onDemand",
            /must be a whole number, got 1\.5/,
        ));

    it("refuses a weight above ECS's 1000", () =>
        rejects({ spot: 1001 }, "ecs-deploy:service.capacity.spot", /1001 is outside 0\.\.1000/));

    it("refuses a base above ECS's 100000", () =>
        rejects({ onDemand: 1, base: 100001 }, "ecs-deploy:service.capacity.base", /100001 is outside 0\.\.100000/));

    it("refuses a negative base", () =>
        rejects({ onDemand: 1, base: -2 }, "ecs-deploy:service.capacity.base", /-2 is outside 0\.\.100000/));

    it("refuses a base with onDemand 0, since the base runs on on-demand FARGATE", () =>
        rejects(
            { spot: 3, onDemand: 0, base: 1 },
            "ecs-deploy:service.capacity.base",
            /1 on-demand tasks with onDemand: 0/,
        ));

    it("refuses an unknown key, naming the nearest", () => {
        const lines = problems({ spot: 1, ondemand: 1 });
        assert.equal(lines.length, 1, lines.join("\n"));
        assert.match(
            lines[0],
            /ecs-deploy:service\.capacity\.ondemand: is not a known setting\. Fix: did you mean onDemand\?/,
        );
    });

    it("refuses a launch type beside it: the service has no such key", () =>
        rejects(
            { spot: 1, onDemand: 1, launchType: "FARGATE" },
            "ecs-deploy:service.capacity.launchType",
            /not a known setting/,
        ));

    it("refuses a capacity that is not an object", () =>
        rejects("spot", "ecs-deploy:service.capacity", /must be an object, got string/));

    it("refuses Spot behind a load balancer that holds a stopping task for two minutes or more", () =>
        rejects(
            { spot: 1, onDemand: 1 },
            "ecs-deploy:service.loadBalancer.deregistrationDelaySeconds",
            /120s is not under the two minutes a Spot task gets after its interruption notice\. Fix: set it below 120/,
            STAGING,
            { service: { desiredCount: 2, loadBalancer: { deregistrationDelaySeconds: 120 } } },
        ));

    it("accepts the same delay without Spot", () =>
        assert.equal(
            parseStackConfig(
                {
                    service: {
                        desiredCount: 2,
                        capacity: { onDemand: 1 },
                        loadBalancer: { deregistrationDelaySeconds: 300 },
                    },
                },
                STAGING,
            ).service.loadBalancer?.deregistrationDelaySeconds,
            300,
        ));

    describe("a protected stack (production, protect: true)", () => {
        const prod = { protect: true };

        it("refuses an all-Spot strategy with no on-demand base", () =>
            rejects({ spot: 1 }, "ecs-deploy:service.capacity", /uses Spot with no on-demand base/, PRODUCTION, prod));

        it("refuses Spot with on-demand weight but no base, which can still place every task on Spot", () =>
            rejects(
                { spot: 3, onDemand: 1 },
                "ecs-deploy:service.capacity",
                /uses Spot with no on-demand base/,
                PRODUCTION,
                prod,
            ));

        it("accepts Spot above an on-demand base", () =>
            assert.deepEqual(parse({ spot: 3, onDemand: 1, base: 1 }, PRODUCTION, prod), {
                spot: 3,
                onDemand: 1,
                base: 1,
            }));

        it("accepts on-demand only", () =>
            assert.deepEqual(parse({ onDemand: 1 }, PRODUCTION, prod), { spot: 0, onDemand: 1, base: 0 }));

        it("is the stack's protect, not its name: an unprotected stack may run all Spot", () =>
            assert.deepEqual(parse({ spot: 1 }, PRODUCTION), { spot: 1, onDemand: 0, base: 0 }));
    });

    it("reports each problem on its own line", () => {
        const lines = problems({ spot: -1, onDemand: "x", extra: 1 });
        assert.equal(lines.length, 3, lines.join("\n"));
        assert.ok(lines.every((l) => l.includes("Pulumi.staging.yaml: ecs-deploy:service.capacity")));
    });

    it("fails as a user error, not a stack trace", () =>
        assert.throws(
            () => parse({ spot: 0 }),
            (e: unknown) => e instanceof ConfigError && !String(e.message).includes("    at "),
        ));
});
