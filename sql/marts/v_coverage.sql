-- How much of the plan has a schedule, per institution, year, axis, objective and unit: activities,
-- those scheduled (in the year, and in each quarter), and those with planned months (likewise).
-- Every measure is a count, so a page's level (per plan, per unit...) is their sum over these rows.
-- It adds up the per-file rollup (stg_group_rollup: activities counted per group and schedule when each file
-- was written) by its integer group key first and names the groups after: grouping a million activities by
-- five text columns at each query was most of a national page's time. Institution and year are grouped with
-- the key, so a filter on them reaches the rollup scan.
CREATE OR REPLACE VIEW v_coverage AS
WITH sums AS (
    SELECT institution, year, key_id,
           sum(activities) AS activities,
           sum(activities) FILTER (WHERE quarter_mask <> 0) AS scheduled,
           sum(activities) FILTER (WHERE quarter_mask & 1 <> 0) AS scheduled_q1,
           sum(activities) FILTER (WHERE quarter_mask & 2 <> 0) AS scheduled_q2,
           sum(activities) FILTER (WHERE quarter_mask & 4 <> 0) AS scheduled_q3,
           sum(activities) FILTER (WHERE quarter_mask & 8 <> 0) AS scheduled_q4,
           sum(activities) FILTER (WHERE month_mask <> 0) AS with_months,
           sum(activities) FILTER (WHERE month_mask & 7 <> 0) AS with_months_q1,
           sum(activities) FILTER (WHERE month_mask & 56 <> 0) AS with_months_q2,
           sum(activities) FILTER (WHERE month_mask & 448 <> 0) AS with_months_q3,
           sum(activities) FILTER (WHERE month_mask & 3584 <> 0) AS with_months_q4
    FROM stg_group_rollup
    GROUP BY institution, year, key_id
)
SELECT s.institution, s.year, k.axis, k.objective, k.unit,
       CAST(s.activities AS BIGINT) AS activities,
       CAST(coalesce(s.scheduled, 0) AS BIGINT) AS scheduled,
       CAST(coalesce(s.scheduled_q1, 0) AS BIGINT) AS scheduled_q1,
       CAST(coalesce(s.scheduled_q2, 0) AS BIGINT) AS scheduled_q2,
       CAST(coalesce(s.scheduled_q3, 0) AS BIGINT) AS scheduled_q3,
       CAST(coalesce(s.scheduled_q4, 0) AS BIGINT) AS scheduled_q4,
       CAST(coalesce(s.with_months, 0) AS BIGINT) AS with_months,
       CAST(coalesce(s.with_months_q1, 0) AS BIGINT) AS with_months_q1,
       CAST(coalesce(s.with_months_q2, 0) AS BIGINT) AS with_months_q2,
       CAST(coalesce(s.with_months_q3, 0) AS BIGINT) AS with_months_q3,
       CAST(coalesce(s.with_months_q4, 0) AS BIGINT) AS with_months_q4
FROM sums s
JOIN stg_group_keys k USING (key_id);
