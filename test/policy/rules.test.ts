/**
 * Each CrossGuard policy called the way the policy framework calls it
 * (`validateResource(args, reportViolation)` / `validateStack`), with
 * realistic resources that pass and fail, and values unknown during preview.
 */
import assert from "node:assert/strict";
import { UnknownValueError } from "@pulumi/policy";
import { policies } from "../../policy/crossguard";
import { rules } from "../../policy/rules";
import { WRITABLE_ROOT_LABEL } from "../../policy/rules/taskDefinition";
import {
    ACCOUNT,
    assertOne,
    DIGEST,
    document,
    previewProps,
    REGION,
    repository,
    SECRET_ARN,
    service,
    T,
    taskDefinition,
    trust,
    UNKNOWN,
    urn,
    validate,
    validateStack,
    webContainer,
} from "../support/policyRules";

describe("policy pack: every policy", () => {
    it("has a name, a description naming its Security Hub control or ours, and a validation", () => {
        assert.equal(policies.length, 24);
        assert.equal(new Set(policies.map((p) => p.name)).size, policies.length);
        for (const p of policies) {
            assert.match(p.name, /^[a-z0-9-]+$/);
            assert.match(p.description, /^((ECS|ECR|SQS)\.\d+(, (ECS|ECR|SQS)\.\d+)*|ours): \S/, p.name);
            assert.ok("validateResource" in p || "validateStack" in p, p.name);
            assert.equal(p.enforcementLevel, undefined, "the pack sets mandatory; config may lower one policy");
        }
        const controls = rules.map((r) => r.control).join(" ");
        for (const c of [
            "ECS.2",
            "ECS.3",
            "ECS.4",
            "ECS.5",
            "ECS.8",
            "ECS.9",
            "ECS.10",
            "ECS.12",
            "ECS.17",
            "ECR.1",
            "ECR.2",
            "ECR.3",
            "SQS.1",
        ])
            assert.ok(controls.includes(c), c);
    });

    it("is not applicable to other resource types", () => {
        assert.deepEqual(
            validate("ecs-service-no-public-ip", T.cluster, { networkConfiguration: { assignPublicIp: true } }),
            [],
        );
        assert.deepEqual(
            validate("ecs-container-not-privileged", T.service, {
                containerDefinitions: JSON.stringify([{ name: "x", privileged: true }]),
            }),
            [],
        );
    });
});

describe("policy ecs-service-no-public-ip (ECS.2)", () => {
    it("passes the program's service and a service without networkConfiguration", () => {
        assert.deepEqual(validate("ecs-service-no-public-ip", T.service, service()), []);
        assert.deepEqual(
            validate("ecs-service-no-public-ip", T.service, service({ networkConfiguration: undefined })),
            [],
        );
    });
    it("fails assignPublicIp: true, naming the service and the fix", () => {
        assertOne(
            validate(
                "ecs-service-no-public-ip",
                T.service,
                service({ networkConfiguration: { assignPublicIp: true, subnets: ["subnet-0a"] } }),
            ),
            /aws:ecs\/service:Service "ecs-deploy-staging"/,
            /assignPublicIp is true/,
            /Fix: set assignPublicIp to false/,
        );
    });
    it("leaves a value unknown during preview to the framework, without a violation", () => {
        const reported: string[] = [];
        assert.throws(
            () =>
                reported.push(
                    ...validate(
                        "ecs-service-no-public-ip",
                        T.service,
                        previewProps(service({ networkConfiguration: { assignPublicIp: UNKNOWN, subnets: UNKNOWN } })),
                    ),
                ),
            UnknownValueError,
        );
        assert.deepEqual(reported, []);
    });
    it("does not read values it does not need (unknown subnets are fine)", () => {
        assert.deepEqual(
            validate(
                "ecs-service-no-public-ip",
                T.service,
                previewProps(
                    service({
                        networkConfiguration: { assignPublicIp: false, subnets: UNKNOWN, securityGroups: UNKNOWN },
                        cluster: UNKNOWN,
                    }),
                ),
            ),
            [],
        );
    });
});

describe("policy ecs-fargate-latest-platform (ECS.10)", () => {
    it("passes LATEST and an unset version (which means LATEST)", () => {
        assert.deepEqual(validate("ecs-fargate-latest-platform", T.service, service()), []);
        assert.deepEqual(
            validate("ecs-fargate-latest-platform", T.service, service({ platformVersion: undefined })),
            [],
        );
    });
    it("fails a pinned version on Fargate, by launch type or capacity provider", () => {
        assertOne(
            validate("ecs-fargate-latest-platform", T.service, service({ platformVersion: "1.3.0" })),
            /pinned to "1\.3\.0"/,
            /Fix: set platformVersion to "LATEST"/,
        );
        assertOne(
            validate(
                "ecs-fargate-latest-platform",
                T.service,
                service({
                    launchType: undefined,
                    capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
                    platformVersion: "1.4.0",
                }),
            ),
            /1\.4\.0/,
        );
    });
    it("treats null, as the engine may send an unset input, like unset", () => {
        assert.deepEqual(validate("ecs-fargate-latest-platform", T.service, service({ platformVersion: null })), []);
        assert.deepEqual(
            validate("ecs-deployment-circuit-breaker", T.service, service({ deploymentController: { type: null } })),
            [],
        );
        assertOne(
            validate(
                "ecs-deployment-circuit-breaker",
                T.service,
                service({ deploymentController: { type: null }, deploymentCircuitBreaker: null }),
            ),
            /circuit breaker/,
        );
        assert.deepEqual(validate("ecs-service-no-public-ip", T.service, service({ networkConfiguration: null })), []);
    });
    it("ignores EC2 services, which have no platform version", () => {
        assert.deepEqual(
            validate(
                "ecs-fargate-latest-platform",
                T.service,
                service({ launchType: "EC2", platformVersion: "1.3.0" }),
            ),
            [],
        );
    });
});

describe("policy ecs-deployment-circuit-breaker (ours)", () => {
    it("passes enable + rollback, and services under CodeDeploy (which rolls back itself)", () => {
        assert.deepEqual(validate("ecs-deployment-circuit-breaker", T.service, service()), []);
        assert.deepEqual(
            validate(
                "ecs-deployment-circuit-breaker",
                T.service,
                service({ deploymentController: { type: "CODE_DEPLOY" }, deploymentCircuitBreaker: undefined }),
            ),
            [],
        );
    });
    it("fails a missing breaker and one without rollback", () => {
        assertOne(
            validate(
                "ecs-deployment-circuit-breaker",
                T.service,
                service({ deploymentCircuitBreaker: undefined, deploymentController: undefined }),
            ),
            /circuit breaker/,
            /enable: true, rollback: true/,
        );
        assertOne(
            validate(
                "ecs-deployment-circuit-breaker",
                T.service,
                service({ deploymentCircuitBreaker: { enable: true, rollback: false } }),
            ),
            /rollback/,
        );
    });
});

describe("policy ecs-no-host-namespaces (ECS.3, ECS.17)", () => {
    it("passes awsvpc with no pid or ipc mode, and pidMode task", () => {
        assert.deepEqual(validate("ecs-no-host-namespaces", T.taskDefinition, taskDefinition()), []);
        assert.deepEqual(
            validate("ecs-no-host-namespaces", T.taskDefinition, taskDefinition(undefined, { pidMode: "task" })),
            [],
        );
    });
    it("fails host pidMode, ipcMode and networkMode, one violation each", () => {
        const messages = validate(
            "ecs-no-host-namespaces",
            T.taskDefinition,
            taskDefinition(undefined, {
                pidMode: "host",
                ipcMode: "host",
                networkMode: "host",
                requiresCompatibilities: ["EC2"],
            }),
        );
        assert.equal(messages.length, 3, messages.join("\n"));
        assert.match(messages[0], /pidMode is "host".*ECS\.3.*Fix: remove pidMode/);
        assert.match(messages[1], /ipcMode is "host"/);
        assert.match(messages[2], /networkMode is "host".*ECS\.17.*Fix: set networkMode to "awsvpc"/);
    });
});

describe("policy ecs-container-not-privileged (ECS.4)", () => {
    it("passes unprivileged containers and privileged: false", () => {
        assert.deepEqual(
            validate(
                "ecs-container-not-privileged",
                T.taskDefinition,
                taskDefinition([webContainer(), webContainer({ name: "sidecar", privileged: false })]),
            ),
            [],
        );
    });
    it("fails a privileged container, naming it", () => {
        assertOne(
            validate(
                "ecs-container-not-privileged",
                T.taskDefinition,
                taskDefinition([webContainer(), webContainer({ name: "agent", privileged: true })]),
            ),
            /container "agent" is privileged/,
            /Fix: remove privileged from container "agent"/,
        );
    });
    it("leaves unknown container definitions to the framework", () => {
        assert.throws(
            () =>
                validate(
                    "ecs-container-not-privileged",
                    T.taskDefinition,
                    previewProps(taskDefinition(undefined, { containerDefinitions: UNKNOWN })),
                ),
            UnknownValueError,
        );
    });
});

describe("policy ecs-container-readonly-root (ECS.5)", () => {
    it("passes the template's read-only root", () => {
        assert.deepEqual(validate("ecs-container-readonly-root", T.taskDefinition, taskDefinition()), []);
    });
    it("fails false and unset, with both fixes: a volume or the explicit opt-out label", () => {
        assertOne(
            validate(
                "ecs-container-readonly-root",
                T.taskDefinition,
                taskDefinition([webContainer({ readonlyRootFilesystem: false })]),
            ),
            /container "web" has a writable root filesystem/,
            new RegExp(`Fix: set readonlyRootFilesystem: true.*${WRITABLE_ROOT_LABEL}`),
        );
        assertOne(
            validate(
                "ecs-container-readonly-root",
                T.taskDefinition,
                taskDefinition([webContainer({ readonlyRootFilesystem: undefined })]),
            ),
            /unset, which means false/,
        );
    });
    it("accepts a per-container opt-out with a reason, and only for that container", () => {
        const optedOut = webContainer({
            name: "nginx",
            readonlyRootFilesystem: false,
            dockerLabels: { [WRITABLE_ROOT_LABEL]: "writes its pid file under /var/run" },
        });
        assert.deepEqual(
            validate("ecs-container-readonly-root", T.taskDefinition, taskDefinition([webContainer(), optedOut])),
            [],
        );
        assertOne(
            validate(
                "ecs-container-readonly-root",
                T.taskDefinition,
                taskDefinition([optedOut, webContainer({ name: "worker", readonlyRootFilesystem: false })]),
            ),
            /container "worker"/,
        );
    });
    it("does not accept an opt-out without a reason", () => {
        assertOne(
            validate(
                "ecs-container-readonly-root",
                T.taskDefinition,
                taskDefinition([
                    webContainer({ readonlyRootFilesystem: false, dockerLabels: { [WRITABLE_ROOT_LABEL]: " " } }),
                ]),
            ),
            /writable/,
        );
    });
});

describe("policy ecs-no-plain-credentials (ECS.8)", () => {
    it("passes plain settings, secrets by reference and empty credential-named values", () => {
        assert.deepEqual(
            validate(
                "ecs-no-plain-credentials",
                T.taskDefinition,
                taskDefinition([
                    webContainer({
                        environment: [
                            { name: "LOG_LEVEL", value: "info" },
                            { name: "SESSION_TOKEN", value: "" },
                        ],
                    }),
                ]),
            ),
            [],
        );
    });
    it("fails each credential-looking plain value, naming the variable and the fix", () => {
        const env = [
            { name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
            { name: "db_password", value: "hunter2" },
            { name: "ROOT_URL", value: "https://staging.example.com" },
        ];
        const messages = validate(
            "ecs-no-plain-credentials",
            T.taskDefinition,
            taskDefinition([webContainer({ environment: env })]),
        );
        assert.equal(messages.length, 2, messages.join("\n"));
        assert.match(
            messages[0],
            /container "web" has AWS_SECRET_ACCESS_KEY as a plain environment value.*Fix: move AWS_SECRET_ACCESS_KEY to the container's secrets/,
        );
        assert.match(messages[1], /db_password/);
        assert.doesNotMatch(messages.join("\n"), /wJalr|hunter2/, "a violation never repeats the value");
    });
    it("allows names listed in the policy's config", () => {
        const props = taskDefinition([
            webContainer({ environment: [{ name: "CSRF_TOKEN", value: "header-name-not-a-secret" }] }),
        ]);
        assert.equal(validate("ecs-no-plain-credentials", T.taskDefinition, props).length, 1);
        assert.deepEqual(
            validate("ecs-no-plain-credentials", T.taskDefinition, props, { allowedNames: ["CSRF_TOKEN"] }),
            [],
        );
    });
});

describe("policy ecs-container-logging (ECS.9)", () => {
    it("passes awslogs", () => {
        assert.deepEqual(validate("ecs-container-logging", T.taskDefinition, taskDefinition()), []);
    });
    it("fails every container without a log driver", () => {
        const messages = validate(
            "ecs-container-logging",
            T.taskDefinition,
            taskDefinition([
                webContainer({ logConfiguration: undefined }),
                webContainer({ name: "sidecar", logConfiguration: { options: {} } }),
            ]),
        );
        assert.equal(messages.length, 2, messages.join("\n"));
        assert.match(
            messages[0],
            /container "web" has no logConfiguration.*Fix: give container "web" a logConfiguration/,
        );
        assert.match(messages[1], /container "sidecar"/);
    });
});

describe("policy ecs-image-pinned-by-digest (ours)", () => {
    it("passes repository@sha256 and tag@sha256", () => {
        assert.deepEqual(
            validate(
                "ecs-image-pinned-by-digest",
                T.taskDefinition,
                taskDefinition([
                    webContainer(),
                    webContainer({ name: "proxy", image: `public.ecr.aws/nginx/nginx:1.27@${DIGEST}` }),
                ]),
            ),
            [],
        );
    });
    it("fails a tag and a bare name", () => {
        const messages = validate(
            "ecs-image-pinned-by-digest",
            T.taskDefinition,
            taskDefinition([
                webContainer({ image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:git-fd32eb4f9531` }),
                webContainer({ name: "proxy", image: "nginx" }),
            ]),
        );
        assert.equal(messages.length, 2, messages.join("\n"));
        assert.match(messages[0], /web:git-fd32eb4f9531, a tag.*Fix: pin container "web"'s image by digest/);
    });
});

describe("policy ecs-cluster-container-insights (ECS.12)", () => {
    it("passes enabled and enhanced", () => {
        for (const value of ["enabled", "enhanced"])
            assert.deepEqual(
                validate("ecs-cluster-container-insights", T.cluster, {
                    settings: [{ name: "containerInsights", value }],
                }),
                [],
            );
    });
    it("fails disabled and missing settings", () => {
        assertOne(
            validate("ecs-cluster-container-insights", T.cluster, {
                settings: [{ name: "containerInsights", value: "disabled" }],
            }),
            /"disabled"/,
            /containerInsights/,
        );
        assertOne(validate("ecs-cluster-container-insights", T.cluster, { tags: { app: "x" } }), /not set/);
    });
});

describe("policy ecr-scan-on-push (ECR.1)", () => {
    it("passes the program's repository", () => {
        assert.deepEqual(validate("ecr-scan-on-push", T.repository, repository()), []);
    });
    it("fails scanOnPush false and unset", () => {
        assertOne(
            validate(
                "ecr-scan-on-push",
                T.repository,
                repository({ imageScanningConfiguration: { scanOnPush: false } }),
            ),
            /aws:ecr\/repository:Repository "ecs-deploy-staging": images are not scanned/,
            /scanOnPush: true/,
        );
        assertOne(
            validate("ecr-scan-on-push", T.repository, repository({ imageScanningConfiguration: undefined })),
            /not scanned/,
        );
    });
});

describe("policy ecr-immutable-tags (ECR.2)", () => {
    it("passes IMMUTABLE, and IMMUTABLE_WITH_EXCLUSION excluding only the build-cache tag", () => {
        assert.deepEqual(
            validate(
                "ecr-immutable-tags",
                T.repository,
                repository({ imageTagMutability: "IMMUTABLE", imageTagMutabilityExclusionFilters: undefined }),
            ),
            [],
        );
        assert.deepEqual(validate("ecr-immutable-tags", T.repository, repository()), []);
    });
    it("fails MUTABLE, unset (AWS's default is MUTABLE) and MUTABLE_WITH_EXCLUSION", () => {
        assertOne(
            validate(
                "ecr-immutable-tags",
                T.repository,
                repository({ imageTagMutability: "MUTABLE", imageTagMutabilityExclusionFilters: undefined }),
            ),
            /"MUTABLE"/,
            /Fix: set imageTagMutability to "IMMUTABLE"/,
        );
        assertOne(
            validate(
                "ecr-immutable-tags",
                T.repository,
                repository({ imageTagMutability: undefined, imageTagMutabilityExclusionFilters: undefined }),
            ),
            /unset \(MUTABLE\)/,
        );
        assertOne(
            validate("ecr-immutable-tags", T.repository, repository({ imageTagMutability: "MUTABLE_WITH_EXCLUSION" })),
            /MUTABLE_WITH_EXCLUSION/,
        );
    });
    it("fails exclusions beyond the allowed mutable tags, which config can extend", () => {
        const wide = repository({
            imageTagMutabilityExclusionFilters: [
                { filter: "buildcache", filterType: "WILDCARD" },
                { filter: "release-*", filterType: "WILDCARD" },
            ],
        });
        assertOne(validate("ecr-immutable-tags", T.repository, wide), /"release-\*" stay mutable/, /mutableTags/);
        assert.deepEqual(
            validate("ecr-immutable-tags", T.repository, wide, { mutableTags: ["buildcache", "release-*"] }),
            [],
        );
    });
});

describe("policy ecr-lifecycle-policy (ECR.3, stack)", () => {
    it("passes a repository with its lifecycle policy", () => {
        const resources = [
            { type: T.repository, name: "ecs-deploy-staging", props: repository() },
            {
                type: T.lifecycle,
                name: "ecs-deploy-staging",
                props: { repository: "ecs-deploy-staging", policy: JSON.stringify({ rules: [] }) },
            },
        ];
        assert.deepEqual(validateStack("ecr-lifecycle-policy", resources), []);
    });
    it("fails a repository without one, reported on that repository", () => {
        const resources = [
            { type: T.repository, name: "ecs-deploy-staging", props: repository() },
            { type: T.repository, name: "scratch", props: repository({ name: "scratch" }) },
            {
                type: T.lifecycle,
                name: "ecs-deploy-staging",
                props: { repository: "ecs-deploy-staging", policy: "{}" },
            },
        ];
        const reported = validateStack("ecr-lifecycle-policy", resources);
        assert.equal(reported.length, 1, JSON.stringify(reported));
        assert.equal(reported[0][0], urn(T.repository, "scratch"));
        assert.match(
            reported[0][1],
            /Repository "scratch": repository scratch has no lifecycle policy.*Fix: add an aws\.ecr\.LifecyclePolicy/,
        );
    });
});

describe("policy cloudwatch-log-retention (ours)", () => {
    it("passes 30 days by default, and never-expiring groups", () => {
        assert.deepEqual(
            validate("cloudwatch-log-retention", T.logGroup, {
                name: "/ecs/ecs-deploy/staging/web",
                retentionInDays: 30,
            }),
            [],
        );
        assert.deepEqual(validate("cloudwatch-log-retention", T.logGroup, { name: "/ecs/x" }), []);
        assert.deepEqual(validate("cloudwatch-log-retention", T.logGroup, { name: "/ecs/x", retentionInDays: 0 }), []);
    });
    it("fails less than the minimum, which config sets", () => {
        assertOne(
            validate("cloudwatch-log-retention", T.logGroup, { name: "/ecs/x", retentionInDays: 7 }),
            /retentionInDays is 7, below the minimum of 30/,
            /Fix: set retentionInDays to at least 30/,
        );
        assertOne(
            validate(
                "cloudwatch-log-retention",
                T.logGroup,
                { name: "/ecs/x", retentionInDays: 30 },
                { minimumRetentionDays: 365 },
            ),
            /minimum of 365/,
        );
        assert.deepEqual(
            validate(
                "cloudwatch-log-retention",
                T.logGroup,
                { name: "/ecs/x", retentionInDays: 365 },
                { minimumRetentionDays: 365 },
            ),
            [],
        );
    });
});

describe("policy iam-no-wildcard-secret-access (ours)", () => {
    const executionPolicy = document(
        { Sid: "EcrAuthToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [SECRET_ARN] },
        {
            Sid: "Decrypt",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0d3b7c1e-1111-2222-3333-444455556666`,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } },
        },
        {
            Sid: "Parameters",
            Effect: "Allow",
            Action: "ssm:GetParameters",
            Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/staging/web/*`,
        },
    );
    it("passes the program's execution role policy: exact ARNs, * only for ECR auth", () => {
        assert.deepEqual(
            validate("iam-no-wildcard-secret-access", T.rolePolicy, {
                role: "ecs-deploy-staging-execution-id",
                policy: executionPolicy,
            }),
            [],
        );
    });
    it("passes ECS Exec's ssmmessages on *, Deny statements and actions AWS grants only on *", () => {
        const policy = document(
            {
                Effect: "Allow",
                Action: ["ssmmessages:CreateControlChannel", "ssmmessages:OpenDataChannel"],
                Resource: "*",
            },
            { Effect: "Deny", Action: "secretsmanager:*", Resource: "*" },
            { Effect: "Allow", Action: ["secretsmanager:ListSecrets", "kms:ListAliases"], Resource: "*" },
        );
        assert.deepEqual(validate("iam-no-wildcard-secret-access", T.rolePolicy, { policy }), []);
    });
    it("fails secrets, SSM and KMS actions on * or on every secret, parameter or key", () => {
        const cases: [Record<string, any>, RegExp][] = [
            [
                { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" },
                /secretsmanager actions on \*/,
            ],
            [
                {
                    Effect: "Allow",
                    Action: ["ssm:GetParameters"],
                    Resource: [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/*`],
                },
                /ssm actions on arn:aws:ssm:.*parameter\/\*/,
            ],
            [
                { Effect: "Allow", Action: "kms:Decrypt", Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*` },
                /kms actions/,
            ],
            [{ Effect: "Allow", Action: "*", Resource: "*" }, /secretsmanager\/ssm\/kms actions on \*/],
            [
                { Effect: "Allow", Action: "secretsmanager:Get*", Resource: `arn:aws:secretsmanager:*:*:secret:*` },
                /secretsmanager actions/,
            ],
            [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }, /secretsmanager\/ssm\/kms actions on \*/],
            [
                { Effect: "Allow", Action: "kms:Decrypt", NotResource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/other` },
                /every resource but/,
            ],
        ];
        for (const [statement, pattern] of cases)
            assertOne(
                validate("iam-no-wildcard-secret-access", T.rolePolicy, { policy: document(statement) }),
                pattern,
                /Fix: list the exact secret, parameter and key ARNs/,
            );
    });
    it("does not confuse other services' wildcard ARNs with secrets", () => {
        const policy = document({
            Effect: "Allow",
            Action: ["s3:GetObject", "kms:Decrypt"],
            Resource: [
                "arn:aws:s3:::ecs-deploy-assets/*",
                `arn:aws:kms:${REGION}:${ACCOUNT}:key/0d3b7c1e-1111-2222-3333-444455556666`,
            ],
        });
        assert.deepEqual(validate("iam-no-wildcard-secret-access", T.rolePolicy, { policy }), []);
    });
    it("reads managed, user and inline role policies, as JSON strings or objects", () => {
        const bad = {
            Version: "2012-10-17",
            Statement: { Sid: "All", Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" },
        };
        assertOne(
            validate("iam-no-wildcard-secret-access", T.policy, { policy: JSON.stringify(bad) }),
            /aws:iam\/policy:Policy .*statement "All"/,
        );
        assertOne(
            validate("iam-no-wildcard-secret-access", T.userPolicy, { user: "ci", policy: bad }),
            /statement "All"/,
        );
        assertOne(
            validate("iam-no-wildcard-secret-access", T.role, {
                assumeRolePolicy: trust(),
                inlinePolicies: [{ name: "params", policy: JSON.stringify(bad) }],
            }),
            /inline policy "params" statement "All"/,
        );
    });
    it("leaves an unknown policy document to the framework", () => {
        assert.throws(
            () =>
                validate(
                    "iam-no-wildcard-secret-access",
                    T.rolePolicy,
                    previewProps({ role: UNKNOWN, policy: UNKNOWN }),
                ),
            UnknownValueError,
        );
    });
});

describe("policy iam-ecs-tasks-trust-source-account (ours)", () => {
    const pinned = {
        StringEquals: { "aws:SourceAccount": ACCOUNT },
        ArnLike: { "aws:SourceArn": `arn:aws:ecs:${REGION}:${ACCOUNT}:*` },
    };
    it("passes the program's trust policy, and roles other services assume", () => {
        assert.deepEqual(
            validate("iam-ecs-tasks-trust-source-account", T.role, { assumeRolePolicy: trust(pinned) }),
            [],
        );
        const lambda = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        assert.deepEqual(validate("iam-ecs-tasks-trust-source-account", T.role, { assumeRolePolicy: lambda }), []);
    });
    it("fails ecs-tasks trust without aws:SourceAccount, with a wildcard, or only IfExists", () => {
        const cases = [
            undefined,
            { ArnLike: { "aws:SourceArn": `arn:aws:ecs:${REGION}:${ACCOUNT}:*` } },
            { StringLike: { "aws:SourceAccount": "*" } },
            { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
        ];
        for (const condition of cases)
            assertOne(
                validate(
                    "iam-ecs-tasks-trust-source-account",
                    T.role,
                    { assumeRolePolicy: trust(condition) },
                    {},
                    "ecs-deploy-staging-task",
                ),
                /Role "ecs-deploy-staging-task": assumeRolePolicy .* without an aws:SourceAccount condition/,
                /Fix: add Condition/,
            );
    });
    it("accepts the principal as a list and the condition key in any case", () => {
        const doc = JSON.stringify({
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: ["ecs-tasks.amazonaws.com"] },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "AWS:SourceAccount": [ACCOUNT] } },
                },
            ],
        });
        assert.deepEqual(validate("iam-ecs-tasks-trust-source-account", T.role, { assumeRolePolicy: doc }), []);
    });
});
