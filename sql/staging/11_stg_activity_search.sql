-- The folded search text of each activity (sql/base/09_activity_search.sql). A plain projection: the rows of a
-- replaced file are deleted with it, and searches are joined to v_activity_index or v_quarter_progress,
-- which keep the current activities only.
CREATE OR REPLACE VIEW stg_activity_search AS
SELECT activity_id, text, progress_text
FROM activity_search;
