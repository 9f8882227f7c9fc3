-- v_target_vs_real's rows, written per plan (grain per_plan in sql/contract.toml): a load marks the plans it touches
-- stale and etl/store/derived.py writes their rows again after a batch of files; until then v_target_vs_real works a
-- stale plan's rows out with the rule below. A plan's rows depend only on its own files.
CREATE TABLE IF NOT EXISTS target_vs_real_rows (
    institution      VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    axis             VARCHAR NOT NULL,
    objective        VARCHAR NOT NULL,
    unit             VARCHAR NOT NULL,
    quarter          TINYINT NOT NULL,
    target           DOUBLE,
    actual           DOUBLE,
    execution_pct    DOUBLE,
    activities       BIGINT NOT NULL,
    on_track         BIGINT NOT NULL,
    behind           BIGINT NOT NULL,
    measure_unit     VARCHAR,
    units_of_measure BIGINT NOT NULL,
    mixed_units      BOOLEAN NOT NULL,
    execution_min    DOUBLE,
    execution_max    DOUBLE
);
-- v_target_vs_real:
-- Honest totals (docs/data-contract.md): target and actual are sums only when every activity of the
-- row is measured in one unit (all in US$, all counts with no unit, ...); a row that mixes units has
-- target and actual NULL, mixed_units true, and keeps its counts, execution_pct and spread
-- (execution_min/execution_max). A missing measure_unit is a unit of its own, '(sin unidad de medida)',
-- never a wildcard that matches every other.
-- execution_pct is the mean of the activities' own execution (each activity counts once), so a
-- target of 611,000 does not drown a target of 1.
-- The figures are v_quarter_progress' rows added up, read from stg_quarter_rollup: the same rows summed per file,
-- copy, group and unit of measure when the file was written. Superseded copies and files no longer loaded drop
-- out there, as they do from stg_activities.
CREATE OR REPLACE MACRO target_vs_real_rows_of(only_stale) AS TABLE
WITH grouped AS (
    SELECT r.institution, r.year, k.axis, k.objective, k.unit, r.quarter,
           sum(r.target_sum) AS target_sum,
           sum(r.actual_sum) AS actual_sum,
           sum(r.pct_sum) / nullif(sum(r.pct_n), 0) AS execution_pct,
           sum(r.activities) AS activities,
           sum(r.met) AS on_track,
           sum(r.behind) AS behind,
           min(coalesce(r.measure_unit, '(sin unidad de medida)')) AS first_unit,
           count(DISTINCT coalesce(r.measure_unit, '(sin unidad de medida)')) AS units_of_measure,
           min(r.pct_min) AS execution_min,
           max(r.pct_max) AS execution_max
    FROM stg_quarter_rollup r
    JOIN plans_of(only_stale) p ON p.institution = r.institution AND p.year = r.year
    JOIN stg_group_keys k USING (key_id)
    GROUP BY r.institution, r.year, r.key_id, r.quarter, k.axis, k.objective, k.unit
)
SELECT institution, year, axis, objective, unit, quarter,
       CASE WHEN units_of_measure = 1 THEN target_sum END AS target,
       CASE WHEN units_of_measure = 1 THEN actual_sum END AS actual,
       execution_pct,
       CAST(activities AS BIGINT) AS activities,
       CAST(on_track AS BIGINT) AS on_track,
       CAST(behind AS BIGINT) AS behind,
       CASE WHEN units_of_measure = 1 THEN first_unit END AS measure_unit,
       units_of_measure,
       units_of_measure > 1 AS mixed_units,
       execution_min, execution_max
FROM grouped;
