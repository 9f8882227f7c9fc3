-- The quarters each file has reported: a quarter counts as reported for a file when the file gives an
-- actual for any of its activities in it. Read against the tables, joined once, because v_quarter_progress
-- needs it for every file whatever the dashboard filters (rows of files not loaded are deleted on replace).
CREATE OR REPLACE VIEW stg_reported_quarters AS
SELECT DISTINCT a.file_id, q.quarter
FROM activity_quarters q
JOIN activities a USING (activity_id)
WHERE q.actual IS NOT NULL;
