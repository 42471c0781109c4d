/**
 * The retention periods CloudWatch Logs accepts (PutRetentionPolicy), 0 meaning
 * never expire: terraform-provider-aws internal/service/logs/group.go,
 * retention_in_days validation.IntInSlice.
 */
export const LOG_RETENTION_DAYS = [
    0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The allowed value nearest to `days`, for an error's fix. */
export function nearestRetention(days: number): number {
    return LOG_RETENTION_DAYS.reduce(
        (best, d) => (Math.abs(d - days) < Math.abs(best - days) ? d : best),
        LOG_RETENTION_DAYS[0] as number,
    );
}
