/**
 * Bad input through `render`, as a user would meet it: each case exits 1 with
 * one line naming the file or stack, the field path and the fix, and no stack trace.
 * Cases run through the command's own runner in this process; a sample also runs
 * as a real `npm run render` process, and the two must print the same.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { commandOutcome } from "../../../cli/args";
import { render, renderReport } from "../../../cli/render";
import { ALIAS_BOMB_KEYS } from "../../support/hostileYaml";
import { renderCli, ROOT, tempDir } from "../../support/render";
import { WORKLOAD_BAD_INPUTS } from "../../support/workloadBadInputs";

type Json = Record<string, any>;

const baseTemplate = (): Json => JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8"));
const baseStack = (): Json => YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8"));
const web = (t: Json): Json => t.containerDefinitions[0];

interface Case {
    name: string;
    template?: (t: Json) => Json | string; // a mutated template, or raw text
    stack?: (s: Json) => Json | string; // a mutated stack file, or raw text
    args?: string[];
    where: string; // the file or stack the message must name
    field: string; // the field path it must name
    problem: RegExp;
}

const overlay = (s: Json): Json => s.config["ecs-deploy:overlay"];
/** Staging with this strategy and one pause. */
const pausing =
    (strategy: string, pause: Json) =>
    (s: Json): Json => (Object.assign(s.config["ecs-deploy:service"], { strategy, pauses: [pause] }), s);

const CASES: Case[] = [
    {
        name: "malformed template JSON",
        template: () => '{"containerDefinitions": [ {"name": "web",, } ]}',
        where: "template.json",
        field: "",
        problem: /is not valid JSON at line 1 column/,
    },
    {
        name: "template that is not an object",
        template: () => "[1, 2]",
        where: "template.json",
        field: "",
        problem: /must be a JSON object/,
    },
    {
        name: "unknown key in the template",
        template: (t) => ((web(t).portMapping = [{ containerPort: 80 }]), t),
        where: "template.json",
        field: "containerDefinitions[name=web].portMapping",
        problem: /is not a field of ECS ContainerDefinition.*did you mean "portMappings"/,
    },
    {
        name: "wrong type in the template",
        template: (t) => ((web(t).portMappings[0].containerPort = "8080"), t),
        where: "template.json",
        field: "containerDefinitions[name=web].portMappings[0].containerPort",
        problem: /must be an integer.*write the number without quotes: 8080/,
    },
    {
        name: "template sets a role",
        template: (t) => ({ ...t, taskRoleArn: "arn:aws:iam::1:role/admin" }),
        where: "template.json",
        field: "taskRoleArn",
        problem: /may not be set by the template/,
    },
    {
        name: "template sets privileged",
        template: (t) => ((web(t).privileged = true), t),
        where: "template.json",
        field: "containerDefinitions[name=web].privileged",
        problem: /may not be set by the template/,
    },
    {
        name: "template secret with valueFrom",
        template: (t) => ((web(t).secrets[0].valueFrom = "arn:aws:secretsmanager:eu-north-1:1:secret:x"), t),
        where: "template.json",
        field: "containerDefinitions[name=web].secrets[name=DATABASE_URL].valueFrom",
        problem: /names only/,
    },
    {
        name: "template secret named by another stack's ARN",
        template: (t) => (
            (web(t).secrets[0].name =
                "arn:aws:secretsmanager:eu-north-1:123456789012:secret:production/web/DATABASE_URL-AbCdEf"),
            t
        ),
        where: "template.json",
        field: "containerDefinitions[name=web].secrets[name=arn:aws:secretsmanager:eu-north-1:123456789012:secret:production/web/DATABASE_URL-AbCdEf].name",
        problem: /is not an environment-variable name/,
    },
    {
        name: "template secret named by an SSM path",
        template: (t) => ((web(t).secrets[0].name = "/production/web/DATABASE_URL"), t),
        where: "template.json",
        field: "containerDefinitions[name=web].secrets[name=/production/web/DATABASE_URL].name",
        problem: /is not an environment-variable name/,
    },
    {
        name: "template sets credentialSpecs",
        template: (t) => ((web(t).credentialSpecs = ["credentialspec:arn:aws:s3:::b/spec.json"]), t),
        where: "template.json",
        field: "containerDefinitions[name=web].credentialSpecs",
        problem: /may not point at credentials/,
    },
    {
        name: "template mounts an EFS file system",
        template: (t) => ({
            ...t,
            volumes: [{ name: "data", efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0" } }],
        }),
        where: "template.json",
        field: "volumes[name=data].efsVolumeConfiguration",
        problem: /may not choose what data to mount/,
    },
    {
        name: "template opts itself out of the read-only root",
        template: (t) => ((web(t).dockerLabels = { "ecs-deploy.writable-root-filesystem": "because" }), t),
        where: "template.json",
        field: "containerDefinitions[name=web].dockerLabels.ecs-deploy.writable-root-filesystem",
        problem: /may not approve its own exception/,
    },
    {
        name: "template host networkMode",
        template: (t) => ({ ...t, networkMode: "host" }),
        where: "template.json",
        field: "networkMode",
        problem: /Fargate runs awsvpc only/,
    },
    {
        name: "hostPort differs from containerPort",
        template: (t) => ((web(t).portMappings[0].hostPort = 80), t),
        where: "template.json",
        field: "containerDefinitions[name=web].portMappings[0].hostPort",
        problem: /differs from containerPort.*awsvpc needs them equal/,
    },
    {
        name: "no essential container",
        template: (t) => ((web(t).essential = false), t),
        where: "template.json merged with",
        field: "containerDefinitions",
        problem: /has no essential container/,
    },
    {
        name: "bad health check command",
        template: (t) => ((web(t).healthCheck.command = ["curl", "-f", "http://localhost/"]), t),
        where: "template.json",
        field: "containerDefinitions[name=web].healthCheck.command",
        problem: /must start with CMD or CMD-SHELL/,
    },
    {
        name: "health check interval out of range",
        template: (t) => ((web(t).healthCheck.interval = 500), t),
        where: "template.json",
        field: "containerDefinitions[name=web].healthCheck.interval",
        problem: /500 is outside 5\.\.300/,
    },
    // Production's overlay leaves the template's log driver alone.
    {
        name: "log driver Fargate lacks",
        args: ["--stack", "production"],
        template: (t) => ((web(t).logConfiguration = { logDriver: "json-file" }), t),
        where: "label ECS_TASK_TEMPLATE",
        field: "containerDefinitions[name=web].logConfiguration.logDriver",
        problem: /"json-file" is not supported on Fargate/,
    },
    {
        name: "memoryReservation above memory",
        template: (t) => (Object.assign(web(t), { memory: 256, memoryReservation: 512 }), t),
        where: "template.json",
        field: "containerDefinitions[name=web].memoryReservation",
        problem: /exceeds memory/,
    },
    {
        name: "invalid cpu/memory pair",
        stack: (s) => ((overlay(s).memory = "4096"), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.memory",
        problem: /4096 MiB is not valid with cpu 256.*with cpu 256 use memory 512, 1024, 2048/,
    },
    {
        name: "overlay that is not an object",
        stack: (s) => ((s.config["ecs-deploy:overlay"] = "cpu=256"), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay",
        problem: /must be an object/,
    },
    {
        name: "unknown key in the overlay",
        stack: (s) => ((overlay(s).containerDefinitions[0].enviroment = []), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.containerDefinitions[name=web].enviroment",
        problem: /did you mean "environment"/,
    },
    {
        name: "overlay env entry without a name",
        stack: (s) => (overlay(s).containerDefinitions[0].environment.push({ value: "x" }), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.containerDefinitions[name=web].environment[2]",
        problem: /has no name/,
    },
    {
        name: "more than 10 containers",
        stack: (s) => (
            overlay(s).containerDefinitions.push(
                ...Array.from({ length: 10 }, (_, i) => ({
                    name: `side${i}`,
                    image: "public.ecr.aws/docker/library/busybox:1.36",
                    essential: false,
                })),
            ),
            s
        ),
        where: "merged with Pulumi.bad.yaml",
        field: "containerDefinitions",
        problem: /has 11 containers; ECS allows at most 10/,
    },
    {
        name: "task definition over 64 KiB",
        stack: (s) => (
            overlay(s).containerDefinitions[0].environment.push(
                ...Array.from({ length: 70 }, (_, i) => ({ name: `BLOB_${i}`, value: "x".repeat(1000) })),
            ),
            s
        ),
        where: "merged with Pulumi.bad.yaml",
        field: "",
        problem: /bytes; ECS accepts at most 65536/,
    },
    {
        name: "credential in a plain env var",
        stack: (s) => (
            overlay(s).containerDefinitions[0].environment.push({ name: "DB_PASSWORD", value: "hunter2" }),
            s
        ),
        where: "merged with Pulumi.bad.yaml",
        field: "containerDefinitions[name=web].environment[name=DB_PASSWORD]",
        problem: /looks like a credential/,
    },
    {
        name: "unknown service setting",
        stack: (s) => ((s.config["ecs-deploy:service"].desiredCont = 2), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.desiredCont",
        problem: /is not a known setting/,
    },
    {
        name: "unknown deployment strategy",
        stack: (s) => ((s.config["ecs-deploy:service"].strategy = "FAST"), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.strategy",
        problem: /"FAST" is not one of ROLLING, CANARY, LINEAR, BLUE_GREEN/,
    },
    {
        name: "BLUE_GREEN without a load balancer",
        stack: (s) => ((s.config["ecs-deploy:service"] = { desiredCount: 1, strategy: "BLUE_GREEN" }), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.strategy",
        problem: /BLUE_GREEN needs a load balancer/,
    },
    // Rollout steering: pauses and fail-fast.
    {
        name: "a pause on a ROLLING service",
        stack: pausing("ROLLING", { stage: "POST_TEST_TRAFFIC_SHIFT", timeoutMinutes: 60 }),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.pauses",
        problem:
            /a ROLLING deployment has no lifecycle stages, so it cannot pause\. Fix: pauses work with strategy BLUE_GREEN, CANARY, LINEAR/,
    },
    {
        name: "a pause at an unknown stage",
        stack: pausing("CANARY", { stage: "AFTER_CANARY", timeoutMinutes: 60 }),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.pauses[0].stage",
        problem:
            /"AFTER_CANARY" is not a stage a CANARY deployment can pause at\. Fix: .*use one of RECONCILE_SERVICE, /,
    },
    {
        name: "a pause at a stage only Lambda hooks take",
        stack: pausing("BLUE_GREEN", { stage: "PRODUCTION_TRAFFIC_SHIFT", timeoutMinutes: 60 }),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.pauses[0].stage",
        problem:
            /ECS runs only Lambda hooks at PRODUCTION_TRAFFIC_SHIFT, it cannot pause a BLUE_GREEN deployment there/,
    },
    {
        name: "a pause timeout out of range",
        stack: pausing("LINEAR", { stage: "POST_SCALE_UP", timeoutMinutes: 30000 }),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.pauses[0].timeoutMinutes",
        problem: /30000 is outside 1\.\.20160/,
    },
    {
        name: "a pause's timeout action that ECS does not know",
        stack: pausing("BLUE_GREEN", { stage: "POST_SCALE_UP", timeoutMinutes: 5, onTimeout: "ABORT" }),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.pauses[0].onTimeout",
        problem: /"ABORT" is not one of CONTINUE, ROLLBACK/,
    },
    {
        name: "fail-fast after as many failures as the circuit breaker",
        stack: (s) => ((s.config["ecs-deploy:service"].failFast = { afterFailedTasks: 3 }), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.failFast.afterFailedTasks",
        problem: /3 is not below ECS's own circuit breaker, which rolls back after 3 failed tasks at 1 task/,
    },
    {
        name: "fail-fast out of range",
        stack: (s) => ((s.config["ecs-deploy:service"].failFast = { afterFailedTasks: 0 }), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.failFast.afterFailedTasks",
        problem: /0 is outside 1\.\.200/,
    },
    {
        name: "negative desired count",
        stack: (s) => ((s.config["ecs-deploy:service"].desiredCount = -1), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.desiredCount",
        problem: /-1 is outside 0\.\.1000/,
    },
    {
        name: "arm64 image on an X86_64 runtime",
        stack: (s) => (
            (s.config["ecs-deploy:platform"] = "linux/arm64"),
            (overlay(s).runtimePlatform = { cpuArchitecture: "X86_64" }),
            s
        ),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:platform",
        problem: /linux\/arm64 builds ARM64 images but runtimePlatform\.cpuArchitecture is X86_64/,
    },
    {
        name: "a VPC without subnets",
        stack: (s) => ((s.config["ecs-deploy:network"] = { vpcId: "vpc-0abc1234" }), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:network.subnetIds",
        problem: /is empty but vpcId vpc-0abc1234 is set/,
    },
    {
        name: "missing region",
        stack: (s) => (delete s.config["aws:region"], s),
        where: "Pulumi.bad.yaml",
        field: "aws:region",
        problem: /is not set/,
    },
    {
        name: "stack file that is not YAML",
        stack: () => "config:\n  aws:region: [eu-north-1\n",
        where: "Pulumi.bad.yaml",
        field: "",
        problem: /is not valid YAML/,
    },
    {
        name: "a YAML alias bomb in the stack file",
        stack: (s) => YAML.stringify(s) + ALIAS_BOMB_KEYS,
        where: "Pulumi.bad.yaml",
        field: "",
        problem: /its aliases expand to more than 100 copies, the limit that stops alias bombs/,
    },
    {
        name: "flow lists 1,000 deep in the stack file",
        stack: (s) => YAML.stringify(s) + `  ecs-deploy:deep: ${"[".repeat(1000)}${"]".repeat(1000)}\n`,
        where: "Pulumi.bad.yaml",
        field: "",
        problem: /nests 1002 levels deep \(level 65 at line \d+, column \d+\); at most 64 levels are read/,
    },
    {
        name: "a config key named __proto__",
        stack: (s) => ((s.config["ecs-deploy:__proto__"] = { protect: true }), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:__proto__",
        problem: /is not a known setting/,
    },
    {
        name: "a secrets prefix with a space",
        stack: (s) => ((s.config["ecs-deploy:secrets"].prefix = "staging/my web/"), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:secrets.prefix",
        problem: /"staging\/my web\/" has " ", which a Secrets Manager name may not hold/,
    },
    {
        name: "a secrets prefix that makes a secret's name longer than Secrets Manager's 512",
        stack: (s) => ((s.config["ecs-deploy:secrets"].prefix = `${"a".repeat(500)}/`), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:secrets.prefix",
        problem:
            /gives secret DATABASE_URL the Secrets Manager name "a{40}…" of 513 characters, and a secret's name takes at most 512\. Fix: shorten the prefix/,
    },
    {
        name: "an empty health check path",
        stack: (s) => ((s.config["ecs-deploy:service"].loadBalancer.healthCheckPath = ""), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.loadBalancer.healthCheckPath",
        problem: /is empty, so the load balancer would have no path to check/,
    },
    {
        name: "a certificate from another region",
        stack: (s) => (
            (s.config["ecs-deploy:service"].loadBalancer.certificateArn =
                "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"),
            s
        ),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:service.loadBalancer.certificateArn",
        problem: /is a certificate in us-east-1, but the load balancer is in eu-north-1; ACM certificates are regional/,
    },
    {
        name: "an execution role policy over IAM's 10,240 characters",
        template: (t) => (
            web(t).secrets.push(
                ...Array.from({ length: 90 }, (_, i) => ({ name: `PAYMENT_WEBHOOK_SIGNING_SECRET_FOR_MERCHANT_${i}` })),
            ),
            t
        ),
        where: "Pulumi.staging.yaml",
        field: "ecs-deploy:secrets",
        problem:
            /the execution role's policy would be [\d,]+ characters, over IAM's 10,240 .*Fix: group PAYMENT_WEBHOOK_/,
    },
    {
        name: "stack that does not exist",
        args: ["--stack", "nosuch"],
        where: "Pulumi.nosuch.yaml",
        field: "",
        problem: /does not exist.*pulumi stack init nosuch/,
    },
    {
        name: "template file that does not exist",
        args: ["--stack", "staging", "--template", "/nonexistent/ecs-task-template.json"],
        where: "/nonexistent/ecs-task-template.json",
        field: "",
        problem: /cannot be read/,
    },
    {
        name: "image ref that is not a ref",
        args: ["--stack", "staging", "--image", "https://registry.example.com/app"],
        where: "Pulumi.staging.yaml",
        field: "ecs-deploy:image",
        problem: /"https:\/\/registry\.example\.com\/app" is not an image ref: an image ref has no URL scheme/,
    },
    // A misspelt or missing container name never adds a container.
    {
        name: "overlay container name misspelt",
        stack: (s) => ((overlay(s).containerDefinitions[0].name = "wbe"), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.containerDefinitions[name=wbe].name",
        problem: /names no container of the template.*did you mean "web"\?/,
    },
    {
        name: "template whose container is not the overlay's",
        template: (t) => ((web(t).name = "app"), t),
        where: "Pulumi.staging.yaml",
        field: "ecs-deploy:overlay.containerDefinitions[name=web].name",
        problem: /the template's containers are "app"/,
    },
    {
        name: "no essential container maps a port for the load balancer",
        template: (t) => (
            delete web(t).portMappings,
            t.containerDefinitions.unshift({
                name: "log-router",
                image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0",
                essential: true,
                logConfiguration: { logDriver: "awslogs" },
            }),
            t
        ),
        where: "Pulumi.staging.yaml",
        field: "ecs-deploy:service.loadBalancer.containerName",
        problem: /no essential container maps a port for the load balancer/,
    },
    // What ECS or Fargate refuses or mishandles.
    {
        name: "env entry without a value",
        template: (t) => (web(t).environment.push({ name: "FEATURE_X" }), t),
        where: "template.json",
        field: "containerDefinitions[name=web].environment[name=FEATURE_X].value",
        problem: /is missing \(ECS would drop the variable\)/,
    },
    {
        name: "disableNetworking",
        template: (t) => ((web(t).disableNetworking = false), t),
        where: "template.json",
        field: "containerDefinitions[name=web].disableNetworking",
        problem: /not supported .*Fargate/,
    },
    {
        name: "linuxParameters.maxSwap",
        stack: (s) => ((overlay(s).containerDefinitions[0].linuxParameters = { maxSwap: 512 }), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.containerDefinitions[name=web].linuxParameters.maxSwap",
        problem: /is not supported on Fargate/,
    },
    {
        name: "a GPU",
        template: (t) => ((web(t).resourceRequirements = [{ type: "GPU", value: "1" }]), t),
        where: "template.json",
        field: "containerDefinitions[name=web].resourceRequirements[0].type",
        problem: /GPU is not available on Fargate/,
    },
    {
        name: "one port on tcp and udp",
        template: (t) => (web(t).portMappings.push({ containerPort: 8080, protocol: "udp" }), t),
        where: "template.json",
        field: "containerDefinitions[name=web].portMappings[1].protocol",
        problem: /port 8080 is already mapped as tcp/,
    },
    {
        name: "an env var and a secret with one name",
        template: (t) => (web(t).environment.push({ name: "DATABASE_URL", value: "postgres://db/app" }), t),
        where: "template.json",
        field: "containerDefinitions[name=web].secrets[name=DATABASE_URL]",
        problem: /is also a plain environment variable/,
    },
    {
        name: "memoryReservation of 0",
        template: (t) => ((web(t).memoryReservation = 0), t),
        where: "template.json",
        field: "containerDefinitions[name=web].memoryReservation",
        problem: /0 MiB is below the 6 MiB/,
    },
    {
        name: "a tag without a key",
        template: (t) => ({ ...t, tags: [{ key: "", value: "x" }] }),
        where: "template.json",
        field: "tags[0].key",
        problem: /is empty/,
    },
    {
        name: "an enum value ECS does not have",
        template: (t) => ({ ...t, pidMode: "x" }),
        where: "template.json",
        field: "pidMode",
        problem: /"x" is not one of ECS's values \(host, task\)/,
    },
    {
        name: "an enum value in the wrong case",
        stack: (s) => (
            (overlay(s).containerDefinitions[0].portMappings = [{ containerPort: 8080, protocol: "TCP" }]),
            s
        ),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.containerDefinitions[name=web].portMappings[0].protocol",
        problem: /"TCP" is not one of.*Fix: write "tcp"/,
    },
    {
        name: "cpuArchitecture in lower case",
        stack: (s) => ((overlay(s).runtimePlatform = { cpuArchitecture: "arm64" }), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.runtimePlatform.cpuArchitecture",
        problem: /Fix: write "ARM64"/,
    },
    {
        name: "overlay sets the awslogs group",
        stack: (s) => ((overlay(s).containerDefinitions[0].logConfiguration.options["awslogs-group"] = "/mine"), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.containerDefinitions[name=web].logConfiguration.options.awslogs-group",
        problem: /the program sets awslogs-group to "\/ecs\/ecs-deploy\/staging\/web"/,
    },
    {
        name: "credential spelt in another case",
        stack: (s) => (
            overlay(s).containerDefinitions[0].environment.push({ name: "dbPassword", value: "hunter2" }),
            s
        ),
        where: "merged with Pulumi.bad.yaml",
        field: "containerDefinitions[name=web].environment[name=dbPassword]",
        problem: /looks like a credential/,
    },
    // One problem, one line: a field of the wrong type is not judged again by the trust rules.
    {
        name: "template networkMode null",
        template: (t) => ({ ...t, networkMode: null }),
        where: "template.json",
        field: "networkMode",
        problem: /is null\. Fix: give it a value or remove the key$/,
    },
    {
        name: "template networkMode that is an object",
        template: (t) => ({ ...t, networkMode: {} }),
        where: "template.json",
        field: "networkMode",
        problem: /must be a string, got an object/,
    },
    {
        name: 'template privileged "yes"',
        template: (t) => ((web(t).privileged = "yes"), t),
        where: "template.json",
        field: "containerDefinitions[name=web].privileged",
        problem: /must be true or false, got string "yes"/,
    },
    // Accepted once, but ECS or the provider would refuse it.
    {
        name: "template cpu in hexadecimal",
        template: (t) => ({ ...t, cpu: "0x100" }),
        where: "template.json",
        field: "cpu",
        problem: /"0x100" is not a task cpu ECS reads: it takes decimal CPU units.*Fix: write "256"$/,
    },
    {
        name: "overlay memory with a decimal point",
        stack: (s) => ((overlay(s).memory = "512.0"), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.memory",
        problem: /"512\.0" is not a task memory ECS reads.*Fix: write "512"$/,
    },
    {
        name: "template volume without a name",
        template: (t) => ({ ...t, volumes: [{}] }),
        where: "template.json",
        field: "volumes[0].name",
        problem: /is missing: ECS needs a name for every volume/,
    },
    {
        name: "overlay volume without a name",
        stack: (s) => ((overlay(s).volumes = [{ host: {} }]), s),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.volumes[0].name",
        problem: /is missing: ECS needs a name for every volume/,
    },
    {
        name: "mount point naming no volume",
        stack: (s) => (
            (overlay(s).containerDefinitions[0].mountPoints = [{ sourceVolume: "uploads", containerPath: "/srv" }]),
            s
        ),
        where: "Pulumi.bad.yaml",
        field: "ecs-deploy:overlay.containerDefinitions[name=web].mountPoints[0].sourceVolume",
        problem: /"uploads" is not a volume of this task/,
    },
    {
        name: "template tag with AWS's reserved prefix",
        template: (t) => ({ ...t, tags: [{ key: "aws:team", value: "web" }] }),
        where: "template.json",
        field: "tags[0].key",
        problem: /"aws:team" starts with aws:, which AWS reserves/,
    },
    {
        name: "template tag key listed twice",
        template: (t) => ({
            ...t,
            tags: [
                { key: "team", value: "web" },
                { key: "team", value: "ops" },
            ],
        }),
        where: "template.json",
        field: "tags[1].key",
        problem: /"team" is already the key of tags\[0\]/,
    },
    // Hostile names and keys.
    {
        name: "a container name that forges a workflow command",
        template: (t) => (
            t.containerDefinitions.push({
                name: "web\n::error::fake",
                image: "busybox",
                essential: false,
                privileged: true,
            }),
            t
        ),
        where: "template.json",
        field: 'containerDefinitions[name="web\\n::error::fake"].privileged',
        problem: /may not be set by the template/,
    },
    {
        name: "a key named after an Object.prototype member",
        template: (t) => JSON.stringify(t).replace('"name":"web"', '"name":"web","constructor":1'),
        where: "template.json",
        field: "containerDefinitions[name=web].constructor",
        problem: /is not a field of ECS ContainerDefinition/,
    },
    {
        name: "a template file that is not JSON",
        args: ["--stack", "staging", "--template", "/etc/passwd"],
        where: "/etc/passwd",
        field: "",
        problem: /^error: \/etc\/passwd: is not valid JSON \(unexpected "r"\)\. Fix:/,
    },
    // Workers and scheduled jobs (ecs-deploy:workers, ecs-deploy:schedules) added to staging.
    ...WORKLOAD_BAD_INPUTS.map((w): Case => ({
        name: w.name,
        template: w.template,
        stack: (s) => (
            w.workers && (s.config["ecs-deploy:workers"] = w.workers),
            w.schedules && (s.config["ecs-deploy:schedules"] = w.schedules),
            w.service && Object.assign(s.config["ecs-deploy:service"], w.service),
            s
        ),
        where: "Pulumi.bad.yaml",
        field: w.field,
        problem: w.problem,
    })),
];

/** Cases also run as processes: the first, a hostile name, a file that is not JSON, and the YAML library's guards. */
const AS_PROCESS = new Set([
    CASES[0].name,
    "a container name that forges a workflow command",
    "a template file that is not JSON",
    "a YAML alias bomb in the stack file",
    "flow lists 1,000 deep in the stack file",
    "a worker naming a container the template does not have",
]);

describe("render: bad input corpus", function () {
    this.timeout(CASES.length * 30_000);
    const results = new Map<string, { status: number | null; stderr: string }>();
    const processes = new Map<string, { status: number | null; stderr: string }>();
    const outDirs = new Map<string, string>();

    before(async () => {
        const dir = tempDir("bad-inputs-");
        for (const [i, c] of CASES.entries()) {
            const caseDir = path.join(dir, String(i));
            fs.mkdirSync(caseDir);
            const args = c.args ? [...c.args] : ["--stack", "staging"];
            if (c.template) {
                const t = c.template(baseTemplate());
                fs.writeFileSync(
                    path.join(caseDir, "template.json"),
                    typeof t === "string" ? t : JSON.stringify(t, null, 2),
                );
                args.push("--template", path.join(caseDir, "template.json"));
            }
            if (c.stack) {
                const s = c.stack(baseStack());
                fs.writeFileSync(path.join(caseDir, "Pulumi.bad.yaml"), typeof s === "string" ? s : YAML.stringify(s));
                args.push("--config-file", path.join(caseDir, "Pulumi.bad.yaml"));
            }
            args.push("--out", path.join(caseDir, "out"));
            results.set(c.name, await commandOutcome(async () => void (await render(args)), renderReport));
            outDirs.set(c.name, path.join(caseDir, "out"));
            if (AS_PROCESS.has(c.name)) {
                const { status, stderr } = await renderCli(args);
                processes.set(c.name, { status, stderr });
            }
        }
    });

    it("has at least 20 distinct cases", () =>
        assert.ok(CASES.length >= 20 && new Set(CASES.map((c) => c.name)).size === CASES.length));

    it("prints the same as a real render process", () => {
        assert.equal(processes.size, AS_PROCESS.size);
        for (const [name, p] of processes) assert.deepEqual(p, results.get(name), name);
    });

    for (const c of CASES) {
        it(c.name, () => {
            const r = results.get(c.name)!;
            assert.equal(r.status, 1, `exit status; stderr: ${r.stderr}`);
            const lines = r.stderr.trimEnd().split("\n");
            assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
            const [line] = lines;
            assert.doesNotMatch(line, /^\s+at |internal error/);
            assert.ok(line.startsWith("error: "), line);
            assert.ok(line.includes(c.where), `names ${c.where}: ${line}`);
            if (c.field) assert.ok(line.includes(`: ${c.field}: `), `names field ${c.field}: ${line}`);
            assert.match(line, c.problem);
            assert.match(line, /\. Fix: \S/, "says how to fix it");
            assert.ok(!fs.existsSync(path.join(outDirs.get(c.name)!, "task-definition.json")), "renders nothing");
        });
    }
});
