-- Metas vs real summed per file, copy of a unit, group, quarter and unit of measure: v_target_vs_real and the
-- Metas page add up these pre-summed rows keyed by small integers instead of grouping every activity-quarter row
-- by six text columns. The copy (file_id, unit) is kept so stg_quarter_rollup drops superseded copies.
CREATE TABLE IF NOT EXISTS quarter_rollup (
    file_id      INTEGER NOT NULL,
    unit         VARCHAR,            -- activities.unit of the copy (NULL: the plan names no unit)
    institution  VARCHAR NOT NULL,   -- the group's, repeated here so a filter on them reaches this scan
    year         INTEGER NOT NULL,
    key_id       INTEGER NOT NULL,   -- group_keys.key_id
    quarter      TINYINT NOT NULL,
    measure_unit VARCHAR,            -- as in activities (NULL: a plain count or number)
    activities   INTEGER NOT NULL,   -- activity-quarter rows (one per activity)
    met          INTEGER NOT NULL,
    behind       INTEGER NOT NULL,
    target_sum   DOUBLE,
    actual_sum   DOUBLE,
    pct_sum      DOUBLE,             -- sum of the activities' execution fractions
    pct_n        INTEGER NOT NULL,   -- how many of them have one
    pct_min      DOUBLE,
    pct_max      DOUBLE,
    pending      INTEGER NOT NULL,   -- with status `pending`
    pct_sum_met  DOUBLE              -- the part of pct_sum from activities with status `met`
);
CREATE OR REPLACE MACRO quarter_rollup_of(lo, hi) AS TABLE
WITH rows AS (
    SELECT a.file_id, a.unit, a.institution, a.year, a.key_id, q.quarter, a.measure_unit, q.target, q.actual,
           quarter_execution(q.target, q.actual, q.reported) AS execution_pct,
           quarter_status(q.target, q.actual, q.reported) AS status
    FROM activity_quarters q
    JOIN grouped_activities(lo, hi) a USING (activity_id)
    WHERE q.activity_id BETWEEN lo AND hi
)
SELECT file_id, unit, institution, year, key_id, quarter, measure_unit,
       CAST(count(*) AS INTEGER) AS activities,
       CAST(count(*) FILTER (WHERE status = 'met') AS INTEGER) AS met,
       CAST(count(*) FILTER (WHERE status = 'behind') AS INTEGER) AS behind,
       CAST(count(*) FILTER (WHERE status = 'pending') AS INTEGER) AS pending,
       sum(target) AS target_sum, sum(actual) AS actual_sum,
       sum(execution_pct) AS pct_sum, CAST(count(execution_pct) AS INTEGER) AS pct_n,
       min(execution_pct) AS pct_min, max(execution_pct) AS pct_max,
       sum(execution_pct) FILTER (WHERE status = 'met') AS pct_sum_met
FROM rows
GROUP BY file_id, unit, institution, year, key_id, quarter, measure_unit;
