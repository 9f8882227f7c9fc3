-- How execution evolved: per plan, unit, follow-up and quarter, the figures as that follow-up reported them.
-- Every copy of a unit is kept (stg_plan_versions), current or superseded; a copy replaced by a corrected
-- copy of the same follow-up is left out, so each follow-up appears once. execution_pct as in
-- v_target_vs_real: the mean of the activities' own actual / target, over quarters the copy reported.
-- unit is the unit's spelling in its latest load; followup is NULL for a plan that states none.
-- The rows are written per plan when a file of the plan is written (execution_history_rows; the rule is
-- execution_history_of in sql/staging/14_stg_plan_rows.sql).
CREATE OR REPLACE VIEW v_execution_history AS
SELECT * FROM stg_execution_history;
