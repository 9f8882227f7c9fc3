-- The quarters each file has reported: a quarter counts as reported for a file when the file gives an
-- actual for any of its activities in it. Derived when the file is written (reported_quarters, the rule in
-- sql/base/10_activity_masks.sql): v_quarter_progress needs it for every file whatever the dashboard filters,
-- and reading it no longer joins every activity-quarter row. Rows of a replaced file are deleted with it.
CREATE OR REPLACE VIEW stg_reported_quarters AS
SELECT file_id, quarter
FROM reported_quarters;
