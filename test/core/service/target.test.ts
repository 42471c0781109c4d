/** The container and port the load balancer reaches: config's, else the first essential container that maps a port. */
import * as assert from "node:assert/strict";
import { serviceTarget } from "../../../core/service/target";
import { asTaskDefinition } from "../../../core/taskdef/shape";
import { stackConfig } from "../../support/stackConfig";

type Json = Record<string, any>;

describe("serviceTarget: the container the load balancer reaches", () => {
    const lbConfig = (loadBalancer: Json = { healthCheckPath: "/health" }) =>
        stackConfig("staging", (raw) => (raw.service = { desiredCount: 1, loadBalancer }));
    const merged = (...containers: Json[]) => asTaskDefinition({ containerDefinitions: containers });
    const router = { name: "log-router", essential: true, image: "fluent-bit" };
    const web = { name: "web", essential: true, portMappings: [{ containerPort: 8080 }] };

    it("defaults to the first essential container that maps a port, not the first essential one", () => {
        assert.deepEqual(serviceTarget(lbConfig(), merged(router, web)), { containerName: "web", containerPort: 8080 });
        assert.deepEqual(
            serviceTarget(
                lbConfig(),
                merged(
                    { ...web, name: "admin", essential: false, portMappings: [{ containerPort: 9000 }] },
                    router,
                    web,
                ),
            ),
            { containerName: "web", containerPort: 8080 },
        );
    });

    it("names loadBalancer.containerName when that is the fix", () => {
        assert.throws(() => serviceTarget(lbConfig(), merged(router, { ...web, essential: false })), {
            path: "ecs-deploy:service.loadBalancer.containerName",
            problem: "no essential container maps a port for the load balancer",
            fix: 'set containerName to the container that serves traffic ("web" map a port)',
        });
        assert.throws(
            () =>
                serviceTarget(
                    lbConfig({ healthCheckPath: "/health", containerName: "log-router" }),
                    merged(router, web),
                ),
            {
                path: "ecs-deploy:service.loadBalancer.containerName",
                problem: 'container "log-router" maps no port for the load balancer',
            },
        );
        assert.throws(
            () => serviceTarget(lbConfig({ healthCheckPath: "/health", containerName: "wbe" }), merged(router, web)),
            {
                path: "ecs-deploy:service.loadBalancer.containerName",
                problem: '"wbe" is not a container of the task definition',
                fix: 'use one of "log-router", "web"',
            },
        );
        assert.throws(
            () => serviceTarget(lbConfig({ healthCheckPath: "/health", containerPort: 80 }), merged(router, web)),
            { path: "ecs-deploy:service.loadBalancer.containerPort", fix: "use one of 8080" },
        );
    });
});
