-- The folded search texts of each activity (sql/base/09_activity_search.sql), as the contract's
-- v_activity_search has always named them. A plain projection: a replaced file's rows are deleted with it.
CREATE OR REPLACE VIEW stg_activity_search AS
SELECT activity_id, search_text AS text, progress_search_text AS progress_text
FROM activities;
