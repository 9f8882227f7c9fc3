-- Year over year: one row per plan (institution and year), so plans of different years sit side by side.
-- activities, scheduled_activities and coverage_pct are over the whole plan; latest_quarter is the last quarter
-- any of the plan's files reports an actual for; execution_pct is the mean of the activities' own execution in
-- that quarter, and measured_activities, on_track and behind count the activities of that quarter. No target or
-- actual is added here: they are in many units (docs/data-contract.md, honest totals).
-- The rows written per plan (sql/derived/plan_comparison_rows.sql), but a stale plan's, worked out as they are now.
CREATE OR REPLACE VIEW v_plan_comparison AS
SELECT * FROM plan_comparison_rows r WHERE NOT is_stale(r.institution, r.year)
UNION ALL BY NAME
SELECT * FROM plan_comparison_rows_of(true);
