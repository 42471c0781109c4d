/**
 * A stack with the web service, a worker and a scheduled job, as the program
 * declares them, checked the way `npm run policy` checks a render: every
 * service, task definition, schedule, queue, role and log group is checked on
 * its own, and a problem is reported on the resource that has it.
 */
import assert from "node:assert/strict";
import { checkResources, ResourceRecord } from "../../policy/check";
import {
    ACCOUNT,
    CLUSTER_ARN,
    REGION,
    schedule,
    schedulerPolicy,
    service,
    T,
    taskDefinition,
    trust,
    webContainer,
} from "../support/policyRules";

const NAME = "ecs-deploy-staging";
const pinned = { StringEquals: { "aws:SourceAccount": ACCOUNT } };

/** A worker or job family: the web template with its command, no ports, its own log group. */
const familyContainer = (workload: string, command: string[], over: Record<string, any> = {}) =>
    webContainer({
        command,
        portMappings: [],
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": `/ecs/ecs-deploy/staging/${workload}/web`,
                "awslogs-region": REGION,
                "awslogs-stream-prefix": "staging",
            },
        },
        ...over,
    });

interface Faults {
    worker?: Record<string, any>;
    jobContainer?: Record<string, any>;
    schedule?: Record<string, any>;
    schedulerTrust?: Record<string, any>;
}

function stack(faults: Faults = {}): ResourceRecord[] {
    const r = (type: string, name: string, inputs: Record<string, any>): ResourceRecord => ({ type, name, inputs });
    const logGroup = (name: string, path: string) => r(T.logGroup, name, { name: path, retentionInDays: 30 });
    return [
        r(T.service, NAME, service({ loadBalancers: [{ containerName: "web", containerPort: 8080 }] })),
        r(
            T.service,
            `${NAME}-jobs`,
            service({
                taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${NAME}-jobs:1`,
                launchType: undefined,
                capacityProviderStrategies: [
                    { capacityProvider: "FARGATE_SPOT", weight: 3 },
                    { capacityProvider: "FARGATE", weight: 1, base: 1 },
                ],
                desiredCount: 2,
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                ...faults.worker,
            }),
        ),
        r(T.taskDefinition, NAME, taskDefinition()),
        r(
            T.taskDefinition,
            `${NAME}-jobs`,
            taskDefinition([familyContainer("jobs", ["node", "worker.js"])], { family: `${NAME}-jobs`, cpu: "512" }),
        ),
        r(
            T.taskDefinition,
            `${NAME}-nightly-report`,
            taskDefinition([familyContainer("nightly-report", ["node", "report.js"], faults.jobContainer)], {
                family: `${NAME}-nightly-report`,
            }),
        ),
        logGroup(`${NAME}-web`, "/ecs/ecs-deploy/staging/web"),
        logGroup(`${NAME}-jobs-web`, "/ecs/ecs-deploy/staging/jobs/web"),
        logGroup(`${NAME}-nightly-report-web`, "/ecs/ecs-deploy/staging/nightly-report/web"),
        r(T.schedule, `${NAME}-nightly-report`, schedule({}, {}, faults.schedule ?? {})),
        r(T.queue, `${NAME}-nightly-report-dlq`, { sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600 }),
        r(T.role, `${NAME}-nightly-report-scheduler`, {
            assumeRolePolicy: trust(faults.schedulerTrust ?? pinned, "scheduler.amazonaws.com"),
        }),
        r(T.rolePolicy, `${NAME}-nightly-report-scheduler`, { policy: schedulerPolicy() }),
        r(T.role, `${NAME}-execution`, { assumeRolePolicy: trust(pinned) }),
        r(T.role, `${NAME}-task`, { assumeRolePolicy: trust(pinned) }),
    ];
}

describe("policy pack: a stack with a worker and a scheduled job", () => {
    it("has no violations, and every resource of it is checked", () => {
        const resources = stack();
        const result = checkResources(resources);
        assert.deepEqual(result.violations, []);
        assert.deepEqual(result.skipped, []);
        assert.equal(result.checked, resources.length);
        assert.equal(
            resources.filter((x) => x.type === T.service).length,
            2,
            "two services, one without a load balancer",
        );
        assert.equal(resources.filter((x) => x.type === T.taskDefinition).length, 3);
    });

    it("reports each problem on the worker, job, schedule or role that has it, and never on the web service", () => {
        const result = checkResources(
            stack({
                worker: {
                    platformVersion: "1.4.0",
                    deploymentCircuitBreaker: undefined,
                    networkConfiguration: { assignPublicIp: true, subnets: ["subnet-0c"] },
                },
                jobContainer: { privileged: true, image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:latest` },
                schedule: { networkConfiguration: { assignPublicIp: true, subnets: ["subnet-0c"] } },
                schedulerTrust: { ArnLike: { "aws:SourceArn": CLUSTER_ARN } },
            }),
        );
        const got = result.violations.map((v) => `${v.type} ${v.name} ${v.policy}`).sort();
        assert.deepEqual(
            got,
            [
                `${T.service} ${NAME}-jobs ecs-deployment-circuit-breaker`,
                `${T.service} ${NAME}-jobs ecs-fargate-latest-platform`,
                `${T.service} ${NAME}-jobs ecs-service-no-public-ip`,
                `${T.taskDefinition} ${NAME}-nightly-report ecs-container-not-privileged`,
                `${T.taskDefinition} ${NAME}-nightly-report ecs-image-pinned-by-digest`,
                `${T.role} ${NAME}-nightly-report-scheduler iam-scheduler-trust-source-account`,
                `${T.schedule} ${NAME}-nightly-report scheduler-ecs-no-public-ip`,
            ],
            result.violations.map((v) => `${v.name}: ${v.problem}`).join("\n"),
        );
    });
});
