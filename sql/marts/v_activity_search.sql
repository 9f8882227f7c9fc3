-- What the dashboard's search box looks through: one folded (lower case, no accents) text per activity.
-- A search keeps the activities whose text contains every word, folded the same way:
--   activity_id IN (SELECT activity_id FROM v_activity_search WHERE contains(text, strip_accents(lower(?))))
CREATE OR REPLACE VIEW v_activity_search AS
SELECT activity_id, text, progress_text
FROM stg_activity_search;
