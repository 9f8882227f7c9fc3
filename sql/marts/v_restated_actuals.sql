-- Actuals a later copy of a unit reports differently from the copy it superseded: Q1 corrected in the
-- 2nd follow-up. Activities are paired by code, or by their text when either copy has no code.
-- actual is NULL when the later copy dropped the figure.
-- The rows are written per plan when a file of the plan is written (restated_actuals_rows; the rule is
-- restated_actuals_of in sql/staging/14_stg_plan_rows.sql).
CREATE OR REPLACE VIEW v_restated_actuals AS
SELECT * FROM stg_restated_actuals;
