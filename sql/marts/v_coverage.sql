-- How much of the plan has a schedule, per institution, year, axis, objective and unit: activities,
-- those scheduled (in the year, and in each quarter), and those with planned months (likewise).
-- Every measure is a count, so a page's level (per plan, per unit...) is their sum over these rows.
-- The rows are written per plan when a file of the plan is written (coverage_rows; the rule, the per-file rollup
-- added up per group, is coverage_of in sql/staging/14_stg_plan_rows.sql): a national page adds up one row per
-- group instead of grouping the whole rollup at each query.
CREATE OR REPLACE VIEW v_coverage AS
SELECT * FROM stg_coverage;
