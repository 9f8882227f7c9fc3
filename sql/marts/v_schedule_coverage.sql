-- How much of the plan has a schedule: per institution, year, axis and unit ("scheduled" as in
-- stg_activity_calendar). months_with_activity counts the distinct months with at least one planned
-- activity: the bits set in the group's months mask.
-- coverage_pct is a fraction (0.75 = 75 %), like every *_pct in the store.
-- It adds up the per-file rollup (stg_group_rollup, activities counted per group and schedule) by integer group
-- key before naming the groups, as v_coverage does.
CREATE OR REPLACE VIEW v_schedule_coverage AS
WITH sums AS (
    SELECT institution, year, key_id, sum(activities) AS activities,
           coalesce(sum(activities) FILTER (WHERE quarter_mask <> 0), 0) AS scheduled,
           bit_or(month_mask) AS month_mask
    FROM stg_group_rollup
    GROUP BY institution, year, key_id
)
SELECT s.institution, s.year, k.axis, k.unit,
       CAST(sum(s.activities) AS BIGINT) AS activities,
       CAST(sum(s.scheduled) AS BIGINT) AS scheduled_activities,
       sum(s.scheduled) / sum(s.activities) AS coverage_pct,
       bit_count(bit_or(s.month_mask))::BIGINT AS months_with_activity
FROM sums s
JOIN stg_group_keys k USING (key_id)
GROUP BY s.institution, s.year, k.axis, k.unit;
