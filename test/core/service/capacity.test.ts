/** The capacity object as ECS's capacityProviderStrategy: on-demand FARGATE carries the base, the weights split the rest. */
import assert from "node:assert/strict";
import { capacityProviderStrategy, FARGATE_CAPACITY_PROVIDERS } from "../../../core/service/capacity";

describe("capacityProviderStrategy", () => {
    it("puts the base on FARGATE and weighs FARGATE_SPOT beside it", () =>
        assert.deepEqual(capacityProviderStrategy({ spot: 3, onDemand: 1, base: 1 }), [
            { capacityProvider: "FARGATE", weight: 1, base: 1 },
            { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ]));

    it("leaves out base when it is 0", () =>
        assert.deepEqual(capacityProviderStrategy({ spot: 1, onDemand: 1, base: 0 }), [
            { capacityProvider: "FARGATE", weight: 1 },
            { capacityProvider: "FARGATE_SPOT", weight: 1 },
        ]));

    it("leaves out a provider of weight 0, on which ECS would place no task", () => {
        assert.deepEqual(capacityProviderStrategy({ spot: 2, onDemand: 0, base: 0 }), [
            { capacityProvider: "FARGATE_SPOT", weight: 2 },
        ]);
        assert.deepEqual(capacityProviderStrategy({ spot: 0, onDemand: 1, base: 2 }), [
            { capacityProvider: "FARGATE", weight: 1, base: 2 },
        ]);
    });

    it("names only providers the cluster is given, and a base on one provider at most", () => {
        for (const c of [
            { spot: 3, onDemand: 1, base: 1 },
            { spot: 1, onDemand: 0, base: 0 },
            { spot: 0, onDemand: 5, base: 3 },
        ]) {
            const items = capacityProviderStrategy(c);
            assert.ok(
                items.every((i) => (FARGATE_CAPACITY_PROVIDERS as readonly string[]).includes(i.capacityProvider)),
            );
            assert.ok(items.filter((i) => i.base !== undefined).length <= 1);
            assert.ok(items.some((i) => i.weight > 0));
        }
    });
});
