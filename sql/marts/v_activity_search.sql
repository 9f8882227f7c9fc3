-- What the search box looks through: one folded (lower case, no accents) text per activity. A search keeps the
-- activities whose text contains every word, folded the same way:
--   activity_id IN (SELECT activity_id FROM v_activity_search WHERE contains(text, strip_accents(lower(?))))
-- The dashboard tests the same texts where they are on the rows it reads (v_activity_index.search_text,
-- v_quarter_progress.search_text), with no join.
CREATE OR REPLACE VIEW v_activity_search AS
SELECT activity_id, text, progress_text
FROM stg_activity_search;
