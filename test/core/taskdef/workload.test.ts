/**
 * core/taskdef/workload.ts: a worker's or scheduled job's task definition is the web's merged one with its own
 * family, command, size and health check, and no port mappings; what it cannot run is refused naming its key.
 */
import assert from "node:assert/strict";
import type { ContainerDefinition, RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import { UserError } from "../../../core/support/errors";
import { keptHealthCheckWarning, type Workload, workloadDefinition, workloadsOf } from "../../../core/taskdef/workload";
import { stackConfig } from "../../support/stackConfig";

const CHECK = {
    command: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1"],
    interval: 10,
    timeout: 5,
    retries: 3,
};

/** The web's merge: the app container (no image: it runs the app's) and a proxy sidecar in front of it. */
function webMerge(over: Partial<ContainerDefinition> = {}): RegisterTaskDefinitionCommandInput {
    return {
        family: "ecs-deploy-staging",
        cpu: "256",
        memory: "512",
        containerDefinitions: [
            {
                name: "proxy",
                image: "public.ecr.aws/nginx/nginx:1.27",
                essential: true,
                portMappings: [{ containerPort: 80 }],
                dependsOn: [{ containerName: "web", condition: "START" }],
            },
            {
                name: "web",
                essential: true,
                command: ["node", "server.js"],
                portMappings: [{ containerPort: 8080 }],
                healthCheck: CHECK,
                ...over,
            },
        ],
    };
}

const web = (merged = webMerge()) => ({ merged, where: "app/ecs-task-template.json merged with Pulumi.staging.yaml" });

/** The staging stack with these workers and jobs, and each as the program sees it. */
function workloads(workers: Record<string, unknown>, schedules: Record<string, unknown> = {}) {
    const cfg = stackConfig("staging", (raw) => {
        raw.workers = workers;
        raw.schedules = schedules;
    });
    return { cfg, all: workloadsOf(cfg) };
}

function definition(w: Record<string, unknown>, merged = webMerge()) {
    const { cfg, all } = workloads({ jobs: { command: ["node", "worker.js"], ...w } });
    return { cfg, w: all[0], d: workloadDefinition(cfg, all[0], web(merged)) };
}

const container = (d: RegisterTaskDefinitionCommandInput, name: string) =>
    d.containerDefinitions!.find((c) => c.name === name)!;

function refusal(f: () => unknown): string {
    try {
        f();
    } catch (e) {
        if (e instanceof UserError) return e.message;
        throw e;
    }
    assert.fail("expected a user error");
}

describe("workload task definitions", () => {
    it("lists workers, then jobs, each by name, whatever the stack file's order", () => {
        const { all } = workloads(
            { zeta: { command: ["z"] }, alpha: { command: ["a"] } },
            { nightly: { schedule: "rate(1 day)", command: ["n"] } },
        );
        assert.deepEqual(
            all.map((w: Workload) => `${w.kind} ${w.name}`),
            ["worker alpha", "worker zeta", "job nightly"],
        );
    });

    it("takes the family <project>-<stack>-<name> and replaces only the app container's command", () => {
        const { d } = definition({});
        assert.equal(d.merged.family, "ecs-deploy-staging-jobs");
        assert.equal(d.container, "web");
        assert.deepEqual(container(d.merged, "web").command, ["node", "worker.js"]);
        assert.equal(container(d.merged, "proxy").command, undefined);
        assert.equal(container(d.merged, "proxy").image, "public.ecr.aws/nginx/nginx:1.27");
    });

    it("drops every container's port mappings: nothing routes to a worker or job", () => {
        const { d } = definition({});
        for (const c of d.merged.containerDefinitions!) assert.equal(c.portMappings, undefined, c.name);
    });

    it("keeps the web's size unless the workload sets its own", () => {
        assert.deepEqual([definition({}).d.merged.cpu, definition({}).d.merged.memory], ["256", "512"]);
        const sized = definition({ cpu: "1024", memory: "2048" }).d.merged;
        assert.deepEqual([sized.cpu, sized.memory], ["1024", "2048"]);
    });

    it("keeps the container's health check, drops it with null, or takes the workload's own", () => {
        assert.deepEqual(container(definition({}).d.merged, "web").healthCheck, CHECK);
        assert.equal(container(definition({ healthCheck: null }).d.merged, "web").healthCheck, undefined);
        const own = { command: ["CMD-SHELL", "test -f /tmp/alive"], interval: 30, timeout: 5, retries: 3 };
        assert.deepEqual(container(definition({ healthCheck: own }).d.merged, "web").healthCheck, own);
    });

    it("replaces the named container's command instead when `container` is set", () => {
        const { d } = definition({ container: "proxy", command: ["nginx", "-t"] });
        assert.equal(d.container, "proxy");
        assert.deepEqual(container(d.merged, "proxy").command, ["nginx", "-t"]);
        assert.deepEqual(container(d.merged, "web").command, ["node", "server.js"]);
    });

    it("refuses a container the template does not have, suggesting the closest and listing the others", () => {
        const message = refusal(() => definition({ container: "wbe" }));
        assert.equal(
            message,
            'Pulumi.staging.yaml: ecs-deploy:workers.jobs.container: "wbe" is not a container of the task definition. ' +
                'Fix: did you mean "web"? use one of "proxy", "web", or leave it out for the app\'s container',
        );
    });

    it("refuses healthCheck: null when another container waits for the app container to be HEALTHY", () => {
        const merged = webMerge();
        merged.containerDefinitions![0].dependsOn = [{ containerName: "web", condition: "HEALTHY" }];
        const message = refusal(() => definition({ healthCheck: null }, merged));
        assert.match(
            message,
            /^Pulumi\.staging\.yaml: ecs-deploy:workers\.jobs\.healthCheck: is null, but container "proxy" starts only once "web" is HEALTHY\. Fix: keep the health check/,
        );
    });

    it("blames what the workload set on its key, for later checks to name", () => {
        const { d } = definition({ cpu: "1024", memory: "2048" });
        assert.equal(d.sources.overlayPath, "ecs-deploy:workers.jobs");
        assert.equal(d.sources.overlayWhere, "Pulumi.staging.yaml");
        assert.deepEqual(d.sources.overlay, {
            family: "ecs-deploy-staging-jobs",
            cpu: "1024",
            memory: "2048",
            containerDefinitions: [{ name: "web", command: ["node", "worker.js"] }],
        });
    });
});

describe("workload task definitions: a kept health check on a port the worker no longer publishes", () => {
    it("warns a worker that keeps a check probing the web port, naming the key, the port and the fix", () => {
        const { d } = definition({});
        assert.deepEqual(d.warnings, [
            'Pulumi.staging.yaml: ecs-deploy:workers.jobs.healthCheck: the worker keeps container "web"\'s health check, ' +
                'which probes port 8080, and a worker publishes no port; unless ["node","worker.js"] serves it, ECS replaces ' +
                "its tasks as unhealthy and the rollout rolls back. Fix: set healthCheck: null, or give the worker its own",
        ]);
    });

    it("says nothing when the worker drops the check or brings its own", () => {
        assert.deepEqual(definition({ healthCheck: null }).d.warnings, []);
        const own = { command: ["CMD-SHELL", "test -f /tmp/alive"] };
        assert.deepEqual(definition({ healthCheck: own }).d.warnings, []);
    });

    it("says nothing when the check probes no published port (a process check, or another number)", () => {
        const { cfg, all } = workloads({ jobs: { command: ["node", "worker.js"] } });
        const app = (command: string[]): ContainerDefinition => ({
            name: "web",
            portMappings: [{ containerPort: 8080 }],
            healthCheck: { command },
        });
        assert.equal(keptHealthCheckWarning(cfg, all[0], app(["CMD-SHELL", "pgrep -f node || exit 1"])), undefined);
        assert.equal(
            keptHealthCheckWarning(cfg, all[0], app(["CMD", "curl", "-f", "http://localhost:18080/"])),
            undefined,
        );
        assert.match(
            keptHealthCheckWarning(cfg, all[0], app(["CMD", "curl", "-f", "http://localhost:8080/"]))!,
            /probes port 8080/,
        );
    });

    it("says nothing to a scheduled job: ECS replaces unhealthy tasks of a service only", () => {
        const { cfg, all } = workloads({}, { nightly: { schedule: "rate(1 day)", command: ["node", "report.js"] } });
        assert.deepEqual(workloadDefinition(cfg, all[0], web()).warnings, []);
    });
});
