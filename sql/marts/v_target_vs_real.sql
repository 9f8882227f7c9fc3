-- Quarter targets against what was done, per institution, year, axis, objective, unit and quarter.
-- Honest totals (docs/data-contract.md): target and actual are sums only when every activity of the
-- row is measured in one unit (all in US$, all counts with no unit, ...); a row that mixes units has
-- target and actual NULL, mixed_units true, and keeps its counts, execution_pct and spread
-- (execution_min/execution_max). A missing measure_unit is a unit of its own, '(sin unidad de medida)',
-- never a wildcard that matches every other.
-- execution_pct is the mean of the activities' own execution (each activity counts once), so a
-- target of 611,000 does not drown a target of 1.
-- An activity has one row per quarter, so within a quarter count(*) counts distinct activities
-- (a DISTINCT count would cost a hash set per group).
CREATE OR REPLACE VIEW v_target_vs_real AS
WITH grouped AS (
    SELECT institution, year, axis, objective, unit, quarter,
           sum(target) AS target_sum,
           sum(actual) AS actual_sum,
           avg(execution_pct) AS execution_pct,
           count(*) AS activities,
           count(*) FILTER (WHERE status = 'met') AS on_track,
           count(*) FILTER (WHERE status = 'behind') AS behind,
           min(coalesce(measure_unit, '(sin unidad de medida)')) AS first_unit,
           count(DISTINCT coalesce(measure_unit, '(sin unidad de medida)')) AS units_of_measure,
           min(execution_pct) AS execution_min,
           max(execution_pct) AS execution_max
    FROM v_quarter_progress
    GROUP BY institution, year, axis, objective, unit, quarter
)
SELECT institution, year, axis, objective, unit, quarter,
       CASE WHEN units_of_measure = 1 THEN target_sum END AS target,
       CASE WHEN units_of_measure = 1 THEN actual_sum END AS actual,
       execution_pct, activities, on_track, behind,
       CASE WHEN units_of_measure = 1 THEN first_unit END AS measure_unit,
       units_of_measure,
       units_of_measure > 1 AS mixed_units,
       execution_min, execution_max
FROM grouped;
