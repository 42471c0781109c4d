import type { AlarmsConfig, StackConfig } from "../config/types";
import { ConfigError } from "../support/errors";

/**
 * The deployment alarms ECS watches during a rollout and rolls back on
 * (ECS DeploymentAlarms: alarmNames, enable, rollback). Pure: names and
 * thresholds; components/rollbackAlarms.ts creates them on the target group.
 */
export interface AlarmSpec {
    name: string;
    description: string;
    kind: "target5xxRate" | "unhealthyHosts";
    threshold: number;
    periodSeconds: number;
    evaluationPeriods: number;
}

/** CloudWatch alarm names are 1..255 characters (terraform-provider-aws metric_alarm.go: alarm_name StringLenBetween(1, 255)). */
const MAX_NAME = 255;

export function alarmSpecs(cfg: StackConfig): AlarmSpec[] {
    const a: AlarmsConfig | undefined = cfg.service.alarms;
    if (!a) return [];
    // Named <project>-<stack>-..., the prefix the deploy role's cloudwatch permissions are scoped to.
    const prefix = `${cfg.project}-${cfg.stack}`;
    const common = { periodSeconds: a.periodSeconds, evaluationPeriods: a.evaluationPeriods };
    const specs: AlarmSpec[] = [
        {
            name: `${prefix}-target-5xx`,
            kind: "target5xxRate",
            threshold: a.http5xxPercent,
            description: `More than ${a.http5xxPercent}% of requests to ${prefix}'s targets answered 5xx; ECS rolls a deployment back on it`,
            ...common,
        },
        {
            name: `${prefix}-unhealthy-hosts`,
            kind: "unhealthyHosts",
            threshold: a.unhealthyHosts,
            description:
                `${a.unhealthyHosts} or more of ${prefix}'s targets failed the load balancer's health check; ` +
                `ECS rolls a deployment back on it`,
            ...common,
        },
    ];
    for (const s of specs) {
        if (s.name.length > MAX_NAME)
            throw new ConfigError(
                cfg.file,
                `${cfg.project}:service.alarms`,
                `alarm name ${s.name} is longer than CloudWatch's ${MAX_NAME} characters`,
                "use a shorter project or stack name, or set alarms.enabled: false",
            );
    }
    return specs;
}
