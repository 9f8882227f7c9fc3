-- The rows written per plan (sql/derived/target_vs_real_rows.sql), but a stale plan's, which are worked out as they are now:
-- right after every commit, before the per-plan rows are written again.
CREATE OR REPLACE VIEW v_target_vs_real AS
SELECT * FROM target_vs_real_rows r WHERE NOT is_stale(r.institution, r.year)
UNION ALL BY NAME
SELECT * FROM target_vs_real_rows_of(true);
