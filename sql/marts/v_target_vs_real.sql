-- Quarter targets against what was done, per institution, year, axis, objective, unit and quarter.
-- Honest totals (docs/data-contract.md): target and actual are sums only when every activity of the
-- row is measured in one unit; a row that mixes units has target and actual NULL and mixed_units true.
-- execution_pct is the mean of the activities' own execution (each activity counts once).
-- The rows are written per plan when a file of the plan is written (target_vs_real_rows; the rule, the rollup
-- added up, is target_vs_real_of in sql/staging/14_stg_target_vs_real.sql): a national table was a few hundred
-- thousand groups added up at every query.
CREATE OR REPLACE VIEW v_target_vs_real AS
SELECT * FROM stg_target_vs_real;
