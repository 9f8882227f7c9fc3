-- Quarter targets against what was done, per institution, year, axis, objective, unit and quarter.
-- target and actual are plain sums. execution_pct is the mean of the activities' own
-- execution (each activity counts once), so a target of 611,000 does not drown a target of 1.
-- An activity has one row per quarter, so within a quarter count(*) counts distinct activities
-- (a DISTINCT count would cost a hash set per group).
CREATE OR REPLACE VIEW v_target_vs_real AS
SELECT institution, year, axis, objective, unit, quarter,
       sum(target) AS target,
       sum(actual) AS actual,
       avg(execution_pct) AS execution_pct,
       count(*) AS activities,
       count(*) FILTER (WHERE status = 'met') AS on_track,
       count(*) FILTER (WHERE status = 'behind') AS behind
FROM v_quarter_progress
GROUP BY ALL;
