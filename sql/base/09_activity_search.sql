-- The words a search looks through, folded (lower case, no accents) once when the file is written, so a
-- search at a million activities is a `contains` over one short string per activity instead of
-- strip_accents(lower(...)) over eleven columns per row at every query. Columns are joined by a line break:
-- a searched word has no white space, so it never matches across two columns.
-- `text`: the eleven columns Explorador searches; `progress_text`: the four Metas vs real searches.
-- Written by etl/store.py (_derive) in the workbook's transaction, deleted with the file's activities.
CREATE TABLE IF NOT EXISTS activity_search (
    activity_id   BIGINT NOT NULL,
    text          VARCHAR NOT NULL,
    progress_text VARCHAR NOT NULL
);
-- The rows of the activities with ids lo..hi (a file's activities have consecutive ids) of file `fid`,
-- or of every file when fid is NULL. Written once here, for the loader and for the back-fill below.
CREATE OR REPLACE MACRO activity_search_of(fid, lo, hi) AS TABLE
SELECT activity_id,
       strip_accents(lower(concat_ws(chr(10), activity, code, indicator, product, responsible, target_text,
                                     observations, budget_note, unit, objective, axis))) AS text,
       strip_accents(lower(concat_ws(chr(10), activity, code, unit, objective))) AS progress_text
FROM activities
WHERE activity_id BETWEEN lo AND hi AND (fid IS NULL OR file_id = fid);
-- Stores written before this table existed: fold every activity once. The test is on the table being empty,
-- and it is the id range itself (none when filled: a WHERE NOT EXISTS would still run the whole macro), so
-- opening a store of a million activities costs about a millisecond here.
INSERT INTO activity_search
SELECT * FROM activity_search_of(NULL, 0, (SELECT CASE WHEN EXISTS (SELECT 1 FROM activity_search) THEN -1
                                                      ELSE 9223372036854775807 END));
