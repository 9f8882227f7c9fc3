-- Year over year: one row per plan (institution and year), so plans of different years sit side by side.
-- (This file is named to sort after v_schedule_coverage, which it reads:
-- views are created in name order.)
-- activities, scheduled_activities and coverage_pct are v_schedule_coverage's, over the whole plan.
-- latest_quarter is the last quarter any of the plan's files reports an actual for; execution_pct is
-- the mean of the activities' own execution in that quarter (a fraction, like every *_pct), and
-- measured_activities, on_track and behind count the activities of that quarter. No target or actual
-- is added here: they are in many units (docs/data-contract.md, honest totals).
CREATE OR REPLACE VIEW v_plan_comparison AS
WITH coverage AS (
    SELECT institution, year, sum(activities)::BIGINT AS activities,
           sum(scheduled_activities)::BIGINT AS scheduled_activities
    FROM v_schedule_coverage
    GROUP BY institution, year
),
-- Distinct axes and units as written (a blank one is not counted), from the groups the plan's current copies
-- have (stg_group_rollup), not from every activity.
names AS (
    SELECT r.institution, r.year,
           count(DISTINCT k.axis) FILTER (WHERE k.axis <> axis_label(NULL)) AS axes,
           count(DISTINCT k.unit) FILTER (WHERE k.unit <> unit_label(NULL)) AS units
    FROM (SELECT DISTINCT institution, year, key_id FROM stg_group_rollup) r
    JOIN stg_group_keys k USING (key_id)
    GROUP BY r.institution, r.year
),
-- reported and latest add up stg_quarter_rollup (v_quarter_progress' rows summed per file, copy and group when
-- the file was written): a quarter with an actual has a non-NULL actual_sum, and pct_sum / pct_n is the mean
-- execution. A few hundred thousand rows instead of every activity-quarter joined to its activity.
reported AS (
    SELECT institution, year,
           count(DISTINCT quarter) AS quarters_reported,
           max(quarter) AS latest_quarter
    FROM stg_quarter_rollup
    WHERE actual_sum IS NOT NULL
    GROUP BY institution, year
),
latest AS (
    SELECT p.institution, p.year,
           sum(p.pct_sum) / nullif(sum(p.pct_n), 0) AS execution_pct,
           CAST(sum(p.pct_n) AS BIGINT) AS measured_activities,
           CAST(sum(p.met) AS BIGINT) AS on_track,
           CAST(sum(p.behind) AS BIGINT) AS behind
    FROM stg_quarter_rollup p
    JOIN reported r ON r.institution = p.institution AND r.year = p.year AND r.latest_quarter = p.quarter
    GROUP BY p.institution, p.year
)
SELECT c.institution, c.year, c.activities, c.scheduled_activities,
       c.scheduled_activities / c.activities AS coverage_pct,
       coalesce(r.quarters_reported, 0) AS quarters_reported,
       r.latest_quarter,
       l.execution_pct,
       coalesce(l.measured_activities, 0) AS measured_activities,
       coalesce(l.on_track, 0) AS on_track,
       coalesce(l.behind, 0) AS behind,
       n.axes, n.units
FROM coverage c
JOIN names n USING (institution, year)
LEFT JOIN reported r USING (institution, year)
LEFT JOIN latest l USING (institution, year);

-- Budget of each plan, one row per currency: amounts in two currencies are never added.
-- The same total the dashboard shows for a plan (v_budget_totals: activity budgets and budget lines);
-- currency NULL is money whose currency the workbook does not say, kept apart too.
CREATE OR REPLACE VIEW v_plan_budget AS
SELECT institution, year, currency, sum(amount) AS amount,
       sum(budgeted_activities)::BIGINT AS budgeted_activities
FROM v_budget_totals
GROUP BY institution, year, currency;
