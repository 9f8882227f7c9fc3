-- The institution, year, axis, objective and unit combinations that exist, with their activities:
-- what the filter bar offers (each list under the choices above it) and how widely a selection spreads.
-- The rows are written per plan when a file of the plan is written (filter_values_rows; the rule, the per-file
-- rollup added up per group, is filter_values_of in sql/staging/14_stg_plan_rows.sql).
CREATE OR REPLACE VIEW v_filter_values AS
SELECT * FROM stg_filter_values;
