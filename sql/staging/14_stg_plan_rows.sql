-- The rules that fill the per-plan rows (sql/base/13_plan_rows.sql): for the plans in stale_plans (only_stale), or
-- for every plan. Each is the definition its view had, restricted to those plans. A load marks the plans it
-- touches stale in each file's transaction and etl/store.py (refresh_stale_plans) writes their rows again in one
-- go, after a batch of files and when the store is opened; until then the views work a stale plan's rows out
-- here, so they are right after every commit. Then the back-fill of stores written before the tables, and the
-- staging views the marts read.
-- Call it with qualified columns (r.institution): inside its subquery a bare `institution` is stale_plans' own.
CREATE OR REPLACE MACRO is_stale(inst, yr) AS
    EXISTS (SELECT 1 FROM stale_plans s WHERE s.institution = inst AND s.year = yr);
-- The plans a rule works on: the stale ones, or every loaded plan. The rules join it at their scans: with no
-- stale plan the join has nothing to build and the scans are skipped (a filter on is_stale() higher up still
-- ran the whole rule, 0.2-0.6 s at 1M on every read of the views).
CREATE OR REPLACE MACRO plans_of(only_stale) AS TABLE
SELECT institution, year FROM stale_plans WHERE only_stale
UNION ALL
SELECT DISTINCT institution, year FROM source_files WHERE NOT only_stale AND status = 'loaded' AND year IS NOT NULL;

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
CREATE OR REPLACE MACRO target_vs_real_of(only_stale) AS TABLE
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
-- v_execution_history: per plan, unit, follow-up and quarter, the figures as that follow-up reported them.
-- Every copy of a unit is kept (stg_plan_versions), current or superseded; a copy replaced by a corrected
-- copy of the same follow-up is left out, so each follow-up appears once. execution_pct as in
-- v_target_vs_real: the mean of the activities' own actual / target, over quarters the copy reported.
-- unit is the unit's spelling in its latest load; followup is NULL for a plan that states none.
CREATE OR REPLACE MACRO execution_history_of(only_stale) AS TABLE
WITH versions AS (
    SELECT v.file_id, v.unit, v.unit_key, v.followup, v.cutoff, v.is_current, v.file_name, v.institution, v.year
    FROM stg_plan_versions v
    JOIN plans_of(only_stale) p ON p.institution = v.institution AND p.year = v.year
    LEFT JOIN stg_plan_versions n ON n.file_id = v.superseded_by AND n.unit_key = v.unit_key
    WHERE NOT (v.superseded_by IS NOT NULL AND n.followup IS NOT DISTINCT FROM v.followup)
),
figures AS (
    -- The copy's rollup rows (stg_rollup_copies: every copy, summed when its file was written) hold the same
    -- sums as its activity-quarter rows: count, target, actual, and the execution fractions' sum and count.
    SELECT ver.*, q.quarter, q.activities, q.target_sum, q.actual_sum, q.pct_sum, q.pct_n
    FROM versions ver
    JOIN stg_rollup_copies q ON q.file_id = ver.file_id AND q.unit IS NOT DISTINCT FROM ver.unit
)
SELECT institution, year,
       unit_label(arg_max(unit, file_id) OVER (PARTITION BY institution, year, unit_key)) AS unit,
       followup, quarter, activities, target, actual, execution_pct, cutoff, file_name, is_current
FROM (
    SELECT institution, year, unit_key, followup, quarter,
           any_value(unit) AS unit, max(file_id) AS file_id,
           CAST(sum(activities) AS BIGINT) AS activities, sum(target_sum) AS target, sum(actual_sum) AS actual,
           sum(pct_sum) / nullif(sum(pct_n), 0) AS execution_pct,
           max(cutoff) AS cutoff, string_agg(DISTINCT file_name, ', ' ORDER BY file_name) AS file_name,
           bool_or(is_current) AS is_current
    FROM figures
    GROUP BY institution, year, unit_key, followup, quarter
);

-- v_plan_comparison: one row per plan. activities, scheduled_activities and coverage_pct over the whole plan
-- ("scheduled" as in stg_activity_calendar); latest_quarter is the last quarter any of the plan's files reports
-- an actual for; execution_pct is the mean of the activities' own execution in that quarter (a fraction, like
-- every *_pct), and measured_activities, on_track and behind count the activities of that quarter. No target or
-- actual is added here: they are in many units (docs/data-contract.md, honest totals).
CREATE OR REPLACE MACRO plan_comparison_of(only_stale) AS TABLE
-- One scan of each rollup (this runs for a plan at every load of one of its files). Distinct axes and units are
-- counted as written: a blank one is not counted.
WITH groups AS (
    SELECT r.institution, r.year, CAST(sum(r.activities) AS BIGINT) AS activities,
           CAST(coalesce(sum(r.activities) FILTER (WHERE r.quarter_mask <> 0), 0) AS BIGINT) AS scheduled_activities,
           count(DISTINCT k.axis) FILTER (WHERE k.axis <> axis_label(NULL)) AS axes,
           count(DISTINCT k.unit) FILTER (WHERE k.unit <> unit_label(NULL)) AS units
    FROM stg_group_rollup r
    JOIN plans_of(only_stale) p ON p.institution = r.institution AND p.year = r.year
    JOIN stg_group_keys k USING (key_id)
    GROUP BY r.institution, r.year
),
-- A quarter with an actual has a non-NULL actual_sum in the rollup, and pct_sum / pct_n is the mean execution.
quarters AS (
    SELECT q.institution, q.year, q.quarter, bool_or(q.actual_sum IS NOT NULL) AS reported,
           sum(q.pct_sum) AS pct_sum, sum(q.pct_n) AS pct_n, sum(q.met) AS met, sum(q.behind) AS behind
    FROM stg_quarter_rollup q
    JOIN plans_of(only_stale) p ON p.institution = q.institution AND p.year = q.year
    GROUP BY q.institution, q.year, q.quarter
),
reported AS (
    SELECT institution, year, count(*) AS quarters_reported, max(quarter) AS latest_quarter
    FROM quarters
    WHERE reported
    GROUP BY institution, year
)
SELECT g.institution, g.year, g.activities, g.scheduled_activities,
       g.scheduled_activities / g.activities AS coverage_pct,
       coalesce(r.quarters_reported, 0) AS quarters_reported,
       r.latest_quarter,
       q.pct_sum / nullif(q.pct_n, 0) AS execution_pct,
       coalesce(CAST(q.pct_n AS BIGINT), 0) AS measured_activities,
       coalesce(CAST(q.met AS BIGINT), 0) AS on_track,
       coalesce(CAST(q.behind AS BIGINT), 0) AS behind,
       g.axes, g.units
FROM groups g
LEFT JOIN reported r USING (institution, year)
LEFT JOIN quarters q ON q.institution = r.institution AND q.year = r.year AND q.quarter = r.latest_quarter;

-- v_budget_totals' activity budgets: the per-file rollup (stg_group_rollup: amounts summed per group and currency
-- when each file was written) added up per group and currency. A group's activities are a window over its
-- currencies, so each currency's row counts every activity of the group, budgeted or not. Only the groups with a
-- budgeted activity in that currency have a row; amounts in two currencies are never added.
CREATE OR REPLACE MACRO budget_totals_of(only_stale) AS TABLE
WITH sums AS (
    SELECT r.institution, r.year, r.key_id, r.currency,
           sum(r.budgeted) AS budgeted, sum(r.amount) AS amount,
           sum(sum(r.activities)) OVER (PARTITION BY r.institution, r.year, r.key_id) AS activities
    FROM stg_group_rollup r
    JOIN plans_of(only_stale) p ON p.institution = r.institution AND p.year = r.year
    GROUP BY r.institution, r.year, r.key_id, r.currency
)
SELECT s.institution, s.year, k.axis, k.objective, k.unit, s.currency, s.amount,
       CAST(s.budgeted AS BIGINT) AS budgeted_activities, CAST(s.activities AS BIGINT) AS activities
FROM sums s
JOIN stg_group_keys k USING (key_id)
WHERE s.budgeted > 0;

-- v_coverage: how much of the plan has a schedule, per group: activities, those scheduled (in the year, and in
-- each quarter), and those with planned months (likewise). The per-file rollup (stg_group_rollup: activities
-- counted per group and schedule when each file was written) added up per integer group key, then named.
CREATE OR REPLACE MACRO coverage_of(only_stale) AS TABLE
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

-- Stores written before these tables existed (no row in plan_rows_ready): every plan once. A constant false
-- filter (the variable is one) skips the work on a filled store.
SET VARIABLE plan_rows_all = NOT EXISTS (SELECT 1 FROM plan_rows_ready);
DELETE FROM target_vs_real_rows WHERE getvariable('plan_rows_all');
INSERT INTO target_vs_real_rows BY NAME SELECT * FROM target_vs_real_of(false) WHERE getvariable('plan_rows_all');
DELETE FROM execution_history_rows WHERE getvariable('plan_rows_all');
INSERT INTO execution_history_rows BY NAME SELECT * FROM execution_history_of(false) WHERE getvariable('plan_rows_all');
DELETE FROM plan_comparison_rows WHERE getvariable('plan_rows_all');
INSERT INTO plan_comparison_rows BY NAME SELECT * FROM plan_comparison_of(false) WHERE getvariable('plan_rows_all');
-- budget_totals_rows and coverage_rows came after plan_rows_ready: a store with a current (budgeted) activity
-- and no row in the table was written before it (the rule has a row for every such activity's group), and is
-- filled once too.
SET VARIABLE budget_rows_all = getvariable('plan_rows_all') OR (
    NOT EXISTS (SELECT 1 FROM budget_totals_rows) AND EXISTS (SELECT 1 FROM stg_group_rollup WHERE budgeted > 0));
DELETE FROM budget_totals_rows WHERE getvariable('budget_rows_all');
INSERT INTO budget_totals_rows BY NAME
SELECT * FROM budget_totals_of(false) WHERE getvariable('budget_rows_all');
RESET VARIABLE budget_rows_all;
-- coverage_rows too: every loaded activity's group has a row.
SET VARIABLE coverage_rows_all = getvariable('plan_rows_all') OR (
    NOT EXISTS (SELECT 1 FROM coverage_rows) AND EXISTS (SELECT 1 FROM stg_group_rollup));
DELETE FROM coverage_rows WHERE getvariable('coverage_rows_all');
INSERT INTO coverage_rows BY NAME
SELECT * FROM coverage_of(false) WHERE getvariable('coverage_rows_all');
RESET VARIABLE coverage_rows_all;
DELETE FROM stale_plans WHERE getvariable('plan_rows_all');
INSERT INTO plan_rows_ready SELECT true WHERE getvariable('plan_rows_all');
RESET VARIABLE plan_rows_all;
-- The rows written, except a stale plan's, which are worked out as they are now.
CREATE OR REPLACE VIEW stg_target_vs_real AS
SELECT * FROM target_vs_real_rows r WHERE NOT is_stale(r.institution, r.year)
UNION ALL BY NAME
SELECT * FROM target_vs_real_of(true);
CREATE OR REPLACE VIEW stg_execution_history AS
SELECT * FROM execution_history_rows r WHERE NOT is_stale(r.institution, r.year)
UNION ALL BY NAME
SELECT * FROM execution_history_of(true);
CREATE OR REPLACE VIEW stg_plan_comparison AS
SELECT * FROM plan_comparison_rows r WHERE NOT is_stale(r.institution, r.year)
UNION ALL BY NAME
SELECT * FROM plan_comparison_of(true);
CREATE OR REPLACE VIEW stg_budget_totals AS
SELECT * FROM budget_totals_rows r WHERE NOT is_stale(r.institution, r.year)
UNION ALL BY NAME
SELECT * FROM budget_totals_of(true);
CREATE OR REPLACE VIEW stg_coverage AS
SELECT * FROM coverage_rows r WHERE NOT is_stale(r.institution, r.year)
UNION ALL BY NAME
SELECT * FROM coverage_of(true);
