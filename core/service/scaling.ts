import type { AutoscalingConfig } from "../config/types";

/** Application Auto Scaling's predefined metric for each `autoscaling.metric`. */
export const PREDEFINED_METRICS: Record<AutoscalingConfig["metric"], string> = {
    cpu: "ECSServiceAverageCPUUtilization",
    memory: "ECSServiceAverageMemoryUtilization",
    requests: "ALBRequestCountPerTarget",
};

/** Scale out fast, scale in slowly: a spike is met within a minute, a dip does not flap the count. */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;
