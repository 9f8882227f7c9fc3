-- The words a search looks through, folded (lower case, no accents) once when the file is written and kept on
-- the activity's row, so a search at a million activities is a `contains` over one short string per activity
-- instead of strip_accents(lower(...)) over eleven columns per row at every query, and is tested in the same
-- scan as the page's other filters: no join of a million ids to the rows it keeps (Metas vs real with a search
-- at 1M: 166 against 107 ms). Columns are joined by a line break: a searched word has no white space, so it
-- never matches across two columns.
-- search_text: the eleven columns Explorador searches; progress_search_text: the four Metas vs real searches.
-- Written with the row (etl/store.py, WORKED_OUT calls the two macros below).
ALTER TABLE activities ADD COLUMN IF NOT EXISTS search_text VARCHAR;
ALTER TABLE activities ADD COLUMN IF NOT EXISTS progress_search_text VARCHAR;
-- Each column is folded by itself, then joined: the same text (folding goes character by character, and a line
-- break is never part of an accented letter), but the four columns both texts have are folded once where both are
-- worked out together (DuckDB computes a repeated expression once): strip_accents is most of the loader's INSERT of
-- the activities, and this took it from 220 to 57 ms per 11,217 activities (median of seven).
CREATE OR REPLACE MACRO search_folded(text) AS strip_accents(lower(text));
CREATE OR REPLACE MACRO search_text_of(activity, code, indicator, product, responsible, target_text, observations,
                                       budget_note, unit, objective, axis) AS
    concat_ws(chr(10), search_folded(activity), search_folded(code), search_folded(indicator),
              search_folded(product), search_folded(responsible), search_folded(target_text),
              search_folded(observations), search_folded(budget_note), search_folded(unit),
              search_folded(objective), search_folded(axis));
CREATE OR REPLACE MACRO progress_search_text_of(activity, code, unit, objective) AS
    concat_ws(chr(10), search_folded(activity), search_folded(code), search_folded(unit), search_folded(objective));
-- The texts of the activities with ids lo..hi, for the back-fill below and for `python -m etl names`.
CREATE OR REPLACE MACRO search_texts_of(lo, hi) AS TABLE
SELECT activity_id,
       search_text_of(activity, code, indicator, product, responsible, target_text, observations, budget_note,
                      unit, objective, axis) AS search_text,
       progress_search_text_of(activity, code, unit, objective) AS progress_search_text
FROM activities
WHERE activity_id BETWEEN lo AND hi;
-- Activities written before they carried their texts (first in a table of their own, activity_search, dropped
-- below): every activity's, once. The test is the id range itself (none left NULL after it), so opening a store
-- of a million activities costs a scan of one column here.
SET VARIABLE search_hi = (SELECT CASE WHEN EXISTS (SELECT 1 FROM activities WHERE search_text IS NULL)
                                      THEN 9223372036854775807 ELSE -1 END);
UPDATE activities a SET search_text = s.search_text, progress_search_text = s.progress_search_text
FROM search_texts_of(0, getvariable('search_hi')) s
WHERE a.activity_id = s.activity_id;
RESET VARIABLE search_hi;
DROP MACRO TABLE IF EXISTS activity_search_of;
DROP TABLE IF EXISTS activity_search;
