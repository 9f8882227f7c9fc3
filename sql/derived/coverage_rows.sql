-- v_coverage's rows, written per plan (grain per_plan in sql/contract.toml): a load marks the plans it touches
-- stale and etl/store/derived.py writes their rows again after a batch of files; until then v_coverage works a
-- stale plan's rows out with the rule below. A plan's rows depend only on its own files.
CREATE TABLE IF NOT EXISTS coverage_rows (
    institution    VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    axis           VARCHAR NOT NULL,
    objective      VARCHAR NOT NULL,
    unit           VARCHAR NOT NULL,
    activities     BIGINT NOT NULL,
    scheduled      BIGINT NOT NULL,
    scheduled_q1   BIGINT NOT NULL,
    scheduled_q2   BIGINT NOT NULL,
    scheduled_q3   BIGINT NOT NULL,
    scheduled_q4   BIGINT NOT NULL,
    with_months    BIGINT NOT NULL,
    with_months_q1 BIGINT NOT NULL,
    with_months_q2 BIGINT NOT NULL,
    with_months_q3 BIGINT NOT NULL,
    with_months_q4 BIGINT NOT NULL
);
-- v_coverage: how much of the plan has a schedule, per group: activities, those scheduled (in the year, and in
-- each quarter), and those with planned months (likewise). The per-file rollup (stg_group_rollup: activities
-- counted per group and schedule when each file was written) added up per integer group key, then named.
CREATE OR REPLACE MACRO coverage_rows_of(only_stale) AS TABLE
WITH sums AS (
    SELECT r.institution, r.year, r.key_id,
           sum(r.activities) AS activities,
           sum(r.activities) FILTER (WHERE r.quarter_mask <> 0) AS scheduled,
           sum(r.activities) FILTER (WHERE r.quarter_mask & 1 <> 0) AS scheduled_q1,
           sum(r.activities) FILTER (WHERE r.quarter_mask & 2 <> 0) AS scheduled_q2,
           sum(r.activities) FILTER (WHERE r.quarter_mask & 4 <> 0) AS scheduled_q3,
           sum(r.activities) FILTER (WHERE r.quarter_mask & 8 <> 0) AS scheduled_q4,
           sum(r.activities) FILTER (WHERE r.month_mask <> 0) AS with_months,
           sum(r.activities) FILTER (WHERE r.month_mask & 7 <> 0) AS with_months_q1,
           sum(r.activities) FILTER (WHERE r.month_mask & 56 <> 0) AS with_months_q2,
           sum(r.activities) FILTER (WHERE r.month_mask & 448 <> 0) AS with_months_q3,
           sum(r.activities) FILTER (WHERE r.month_mask & 3584 <> 0) AS with_months_q4
    FROM stg_group_rollup r
    JOIN plans_of(only_stale) p ON p.institution = r.institution AND p.year = r.year
    GROUP BY r.institution, r.year, r.key_id
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
