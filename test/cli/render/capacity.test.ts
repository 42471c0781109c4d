/**
 * service.capacity through `render`: the service sends a capacity provider strategy and no launch type, the
 * created cluster offers FARGATE and FARGATE_SPOT before the service starts, and a protected stack's all-Spot
 * web service is refused in one line before any resource.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { render } from "../../../cli/render";
import { renderCli, ROOT, tempDir } from "../../support/render";

type Json = Record<string, any>;

const SERVICE = "aws:ecs/service:Service";
const PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";

/** The stack file with `change` applied, written to a temp dir; returns its path. */
function stackFile(stack: string, change: (config: Json) => void): string {
    const s = YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8"));
    change(s.config);
    const file = path.join(tempDir("render-capacity-"), `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, YAML.stringify(s));
    return file;
}

async function resources(stack: string, change: (config: Json) => void): Promise<Json[]> {
    const out = path.join(tempDir("render-capacity-out-"), "out");
    await render(["--stack", stack, "--config-file", stackFile(stack, change), "--out", out]);
    return JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8"));
}

const withCapacity = (capacity: Json) => (c: Json) => {
    c["ecs-deploy:service"] = { ...c["ecs-deploy:service"], capacity };
};

describe("render: service.capacity (Fargate Spot)", function () {
    this.timeout(180_000);

    it("gives the service the strategy and no launch type, after the cluster's capacity providers", async () => {
        const all = await resources("staging", withCapacity({ spot: 3, onDemand: 1, base: 1 }));
        const services = all.filter((r) => r.type === SERVICE);
        assert.equal(services.length, 1);
        const svc = services[0];
        assert.deepEqual(svc.inputs.capacityProviderStrategies, [
            { capacityProvider: "FARGATE", weight: 1, base: 1 },
            { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ]);
        assert.equal(svc.inputs.launchType, undefined);
        // Without it the provider refuses a later change of the strategy on the running service.
        assert.equal(svc.inputs.forceNewDeployment, true);
        const providers = all.filter((r) => r.type === PROVIDERS);
        assert.equal(providers.length, 1);
        assert.deepEqual(providers[0].inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
        assert.ok(
            svc.options.dependsOn.includes(`${PROVIDERS}::${providers[0].name}`),
            `service dependsOn: ${JSON.stringify(svc.options.dependsOn)}`,
        );
    });

    it("keeps launchType FARGATE and no strategy without capacity; the cluster still offers both providers", async () => {
        const all = await resources("staging", () => undefined);
        const svc = all.find((r) => r.type === SERVICE)!;
        assert.equal(svc.inputs.launchType, "FARGATE");
        assert.equal(svc.inputs.capacityProviderStrategies, undefined);
        assert.equal(svc.inputs.forceNewDeployment, undefined);
        assert.ok(!svc.options.dependsOn.some((d: string) => d.startsWith(PROVIDERS)));
        assert.deepEqual(all.find((r) => r.type === PROVIDERS)?.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
    });

    it("leaves an existing cluster's capacity providers alone", async () => {
        const all = await resources("staging", (c) => {
            withCapacity({ spot: 1, onDemand: 1, base: 1 })(c);
            c["ecs-deploy:cluster"] = { name: "shared" };
        });
        assert.equal(all.filter((r) => r.type === PROVIDERS).length, 0);
        assert.ok(all.find((r) => r.type === SERVICE)!.inputs.capacityProviderStrategies);
    });

    it("renders production with Spot above an on-demand base", async () => {
        const all = await resources("production", withCapacity({ spot: 2, onDemand: 1, base: 2 }));
        const svc = all.find((r) => r.type === SERVICE)!;
        assert.equal(svc.inputs.launchType, undefined);
        assert.deepEqual(svc.inputs.capacityProviderStrategies[0], { capacityProvider: "FARGATE", weight: 1, base: 2 });
    });

    it("refuses production's all-Spot web service in one line, writing nothing", async () => {
        const out = path.join(tempDir("render-capacity-bad-"), "out");
        const run = await renderCli([
            "--stack",
            "production",
            "--config-file",
            stackFile("production", withCapacity({ spot: 1 })),
            "--out",
            out,
        ]);
        assert.equal(run.status, 1, run.stderr);
        const lines = run.stderr.trim().split("\n");
        assert.equal(lines.length, 1, run.stderr);
        assert.match(
            lines[0],
            /Pulumi\.production\.yaml: ecs-deploy:service\.capacity: uses Spot with no on-demand base.*\. Fix: add an on-demand base/,
        );
        assert.ok(!/\n\s+at /.test(run.stderr));
        assert.ok(!fs.existsSync(out));
    });
});
