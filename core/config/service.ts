/** The service section: deployment, load balancer, autoscaling, alarms and the pre-deploy task. */
import { ipv4CidrProblem } from "../network/cidr";
import { RolloutError, rollingBatches } from "../service/rolloutEstimate";
import { parseCapacity, parseLaunchType } from "./capacity";
import * as formats from "./formats";
import { checkRolloutSteering, parseFailFast, parsePauses } from "./pauses";
import { ConfigReader } from "./reader";
import {
    AlarmsConfig,
    AutoscalingConfig,
    LoadBalancerConfig,
    MAX_WAIT_SECONDS,
    PreDeployConfig,
    SCALING_METRICS,
    StackConfig,
    STRATEGIES,
} from "./types";

/** `protect`: the stack is production's (ecs-deploy:protect: true), whose web service keeps an on-demand base. */
export function parseService(r: ConfigReader, protect = false): StackConfig["service"] {
    const strategy = r.oneOf("strategy", "ROLLING", STRATEGIES);
    const lb = r.has("loadBalancer") ? parseLoadBalancer(r.child("loadBalancer")) : (r.any("loadBalancer"), undefined);
    const autoscaling = r.has("autoscaling")
        ? parseAutoscaling(r.child("autoscaling"))
        : (r.any("autoscaling"), undefined);
    const out: StackConfig["service"] = {
        desiredCount: r.int("desiredCount", 1, 0, 1000),
        strategy,
        minimumHealthyPercent: r.int("minimumHealthyPercent", 100, 0, 100),
        maximumPercent: r.int("maximumPercent", 200, 100, 200),
        healthCheckGracePeriodSeconds: r.int("healthCheckGracePeriodSeconds", 30, 0, 2147483647),
        enableExecuteCommand: r.bool("enableExecuteCommand", false),
        waitForSteadyState: r.bool("waitForSteadyState", true),
        bakeTimeMinutes: r.int("bakeTimeMinutes", 0, 0, 1440),
        canaryPercent: r.int("canaryPercent", 10, 1, 100),
        linearStepPercent: r.int("linearStepPercent", 25, 3, 100),
        canaryBakeTimeMinutes: r.int("canaryBakeTimeMinutes", 2, 0, 1440),
        linearStepBakeTimeMinutes: r.int("linearStepBakeTimeMinutes", 1, 0, 1440),
        loadBalancer: lb,
        autoscaling,
        watchRollout: r.bool("watchRollout", true),
        rolloutTimeoutSeconds: r.has("rolloutTimeoutSeconds")
            ? r.int("rolloutTimeoutSeconds", 0, 60, MAX_WAIT_SECONDS)
            : (r.any("rolloutTimeoutSeconds"), undefined),
        preDeploy: r.has("preDeploy") ? parsePreDeploy(r.child("preDeploy")) : (r.any("preDeploy"), undefined),
        alarms: parseAlarms(r.child("alarms"), lb !== undefined),
        pauses: parsePauses(r, strategy),
        failFast: parseFailFast(r),
        capacity: parseCapacity(r, "capacity", {
            requireOnDemandBase: protect,
            subject: "the web service of a protected stack (protect: true)",
        }),
    };
    parseLaunchType(r, out.capacity);
    // The watcher reports every outcome with its reasons; the provider's wait would only add a bare timeout (see core/deploy/rolloutStatus.ts).
    if (!r.has("waitForSteadyState")) out.waitForSteadyState = !out.watchRollout;
    checkRolloutSteering(r, out);
    if (strategy !== "ROLLING" && !lb)
        r.fail(
            "strategy",
            `${strategy} needs a load balancer to shift traffic`,
            "add service.loadBalancer, or use strategy: ROLLING",
        );
    // A Spot task is stopped two minutes after its notice; the load balancer must have let it go by then
    // (AWS knowledge center, fargate-spot-termination-notice: "set the deregistration delay ... to less than two minutes").
    if (out.capacity && out.capacity.spot > 0 && lb && lb.deregistrationDelaySeconds >= 120)
        r.fail(
            "loadBalancer.deregistrationDelaySeconds",
            `${lb.deregistrationDelaySeconds}s is not under the two minutes a Spot task gets after its interruption notice`,
            "set it below 120 (the default is 30), or run without Spot (capacity.spot: 0)",
        );
    if (autoscaling?.metric === "requests" && !lb)
        r.fail(
            "autoscaling.metric",
            "requests scales on the load balancer's request count, but there is no load balancer",
            "add service.loadBalancer, or scale on cpu or memory",
        );
    if (autoscaling?.metric === "requests" && strategy !== "ROLLING") {
        r.fail(
            "autoscaling.metric",
            `requests follows one target group, but ${strategy} moves traffic between two`,
            "scale on cpu or memory, or use strategy: ROLLING",
        );
    }
    // Every count the service can run at must leave room to replace a task, or ECS never starts the deployment.
    const counts = autoscaling
        ? Array.from({ length: autoscaling.maxCount - autoscaling.minCount + 1 }, (_, i) => autoscaling.minCount + i)
        : [out.desiredCount];
    try {
        for (const n of counts) rollingBatches(n, out.minimumHealthyPercent, out.maximumPercent);
    } catch (e) {
        if (!(e instanceof RolloutError)) throw e;
        r.fail(
            "maximumPercent",
            `a deployment could never start: ${e.message}`,
            "raise maximumPercent (200 starts new tasks before stopping old ones) or lower minimumHealthyPercent",
        );
    }
    checkDesiredCount(r, out.desiredCount, autoscaling);
    r.done();
    return out;
}

function parsePreDeploy(r: ConfigReader): PreDeployConfig {
    const command = r.any("command");
    if (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== "string")) {
        r.fail(
            "command",
            `must be a non-empty list of strings, got ${JSON.stringify(command ?? null)}`,
            'write the command as a YAML list, e.g. command: ["npm", "run", "migrate"]',
        );
    }
    const out = {
        command: command as string[],
        container: r.optionalStr("container"),
        timeoutSeconds: r.int("timeoutSeconds", 600, 1, MAX_WAIT_SECONDS),
    };
    r.done();
    return out;
}

function parseAlarms(r: ConfigReader, hasLoadBalancer: boolean): AlarmsConfig | undefined {
    const enabled = r.bool("enabled", hasLoadBalancer);
    const out = {
        http5xxPercent: r.int("http5xxPercent", 5, 1, 100),
        unhealthyHosts: r.int("unhealthyHosts", 1, 1, 1000),
        periodSeconds: r.int("periodSeconds", 60, 60, 86400),
        evaluationPeriods: r.int("evaluationPeriods", 3, 1, 1440),
    };
    // Load balancer metrics arrive once a minute, so shorter periods would hold no data
    // (the provider accepts 10/20/30 or multiples of 60: terraform-provider-aws internal/service/cloudwatch/metric_alarm.go).
    if (out.periodSeconds % 60 !== 0)
        r.fail("periodSeconds", `${out.periodSeconds} is not a whole number of minutes`, "use 60, 120, 300, ...");
    // CloudWatch PutMetricAlarm: period x evaluation periods is at most one day.
    if (out.periodSeconds * out.evaluationPeriods > 86400)
        r.fail(
            "evaluationPeriods",
            `${out.evaluationPeriods} periods of ${out.periodSeconds}s exceed CloudWatch's one-day evaluation window`,
            "lower evaluationPeriods or periodSeconds",
        );
    if (enabled && !hasLoadBalancer)
        r.fail(
            "enabled",
            "deployment alarms watch the load balancer's target group, but there is no load balancer",
            "add service.loadBalancer, or set alarms.enabled: false",
        );
    r.done();
    return enabled ? out : undefined;
}

function parseLoadBalancer(r: ConfigReader): LoadBalancerConfig {
    const out: LoadBalancerConfig = {
        internal: r.bool("internal", false),
        certificateArn: r.optionalStr("certificateArn"), // checked against the stack's region: parse.ts checkCertificate
        // ECS container names: up to 255 letters, digits, hyphens and underscores (ContainerDefinition.name).
        containerName: r.optionalStr(
            "containerName",
            /^[A-Za-z0-9_-]{1,255}$/,
            "use the name of a container in the task definition",
        ),
        containerPort: r.has("containerPort")
            ? r.int("containerPort", 0, 1, 65535)
            : (r.any("containerPort"), undefined),
        healthCheckPath: r.nonEmptyStr(
            "healthCheckPath",
            "/health",
            formats.healthCheckPath,
            formats.HEALTH_CHECK_PATH_FIX,
        ),
        healthCheckIntervalSeconds: r.int("healthCheckIntervalSeconds", 10, 5, 300),
        healthyThreshold: r.int("healthyThreshold", 2, 2, 10),
        unhealthyThreshold: r.int("unhealthyThreshold", 3, 2, 10),
        deregistrationDelaySeconds: r.int("deregistrationDelaySeconds", 30, 0, 3600),
        allowedCidrs: r.strList("allowedCidrs", ipv4CidrProblem, "use IPv4 network addresses like 203.0.113.0/24"),
    };
    r.done();
    return out;
}

/** A service's desiredCount must lie within its autoscaling range, or the first scaling action would move it. */
export function checkDesiredCount(
    r: ConfigReader,
    desiredCount: number,
    autoscaling: AutoscalingConfig | undefined,
): void {
    if (!autoscaling || autoscaling.minCount > autoscaling.maxCount) return;
    if (desiredCount < autoscaling.minCount || desiredCount > autoscaling.maxCount)
        r.fail(
            "desiredCount",
            `${desiredCount} is outside autoscaling ${autoscaling.minCount}..${autoscaling.maxCount}`,
            "set desiredCount within the autoscaling range",
        );
}

export function parseAutoscaling(r: ConfigReader): AutoscalingConfig {
    const out = {
        minCount: r.int("minCount", 1, 0, 1000),
        maxCount: r.int("maxCount", 4, 1, 1000),
        metric: r.oneOf("metric", "cpu", SCALING_METRICS),
        target: r.int("target", 60, 1, 100000),
    };
    if (out.minCount > out.maxCount)
        r.fail("minCount", `${out.minCount} is above maxCount ${out.maxCount}`, "make minCount at most maxCount");
    if (out.metric !== "requests" && out.target > 100)
        r.fail("target", `${out.target}% is not a utilisation`, "set a percentage from 1 to 100");
    r.done();
    return out;
}
