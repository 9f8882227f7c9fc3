-- The rows written per plan (sql/derived/execution_history_rows.sql), but a stale plan's, which are worked out as they are now:
-- right after every commit, before the per-plan rows are written again.
CREATE OR REPLACE VIEW v_execution_history AS
SELECT * FROM execution_history_rows r WHERE NOT is_stale(r.institution, r.year)
UNION ALL BY NAME
SELECT * FROM execution_history_rows_of(true);
