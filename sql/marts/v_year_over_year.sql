-- Year over year: one row per plan (institution and year), so plans of different years sit side by side.
-- activities, scheduled_activities and coverage_pct are over the whole plan; latest_quarter is the last quarter
-- any of the plan's files reports an actual for; execution_pct is the mean of the activities' own execution in
-- that quarter, and measured_activities, on_track and behind count the activities of that quarter. No target or
-- actual is added here: they are in many units (docs/data-contract.md, honest totals).
-- The rows are written per plan when a file of the plan is written (plan_comparison_rows; the rule is
-- plan_comparison_of in sql/staging/14_stg_plan_rows.sql).
CREATE OR REPLACE VIEW v_plan_comparison AS
SELECT * FROM stg_plan_comparison;

-- Budget of each plan, one row per currency: amounts in two currencies are never added.
-- The same total the dashboard shows for a plan (v_budget_totals: activity budgets and budget lines);
-- currency NULL is money whose currency the workbook does not say, kept apart too.
CREATE OR REPLACE VIEW v_plan_budget AS
SELECT institution, year, currency, sum(amount) AS amount,
       sum(budgeted_activities)::BIGINT AS budgeted_activities
FROM v_budget_totals
GROUP BY institution, year, currency;
