-- The words a search looks through, folded (lower case, no accents) once when the file is written, so a
-- search at a million activities is a `contains` over one short string per activity instead of
-- strip_accents(lower(...)) over eleven columns per row at every query. Columns are joined by a line break:
-- a searched word has no white space, so it never matches across two columns.
-- `text`: the eleven columns Explorador searches; `progress_text`: the four Metas vs real searches.
-- Written by etl/store.py in the workbook's transaction, deleted with the file's activities.
CREATE TABLE IF NOT EXISTS activity_search (
    activity_id   BIGINT NOT NULL,
    text          VARCHAR NOT NULL,
    progress_text VARCHAR NOT NULL
);
-- Stores written before this table existed: fold every activity once. The test is on the table being empty,
-- not per activity, so opening a store of a million activities costs nothing here.
INSERT INTO activity_search
SELECT a.activity_id,
       strip_accents(lower(concat_ws(chr(10), a.activity, a.code, a.indicator, a.product, a.responsible,
                                     a.target_text, a.observations, a.budget_note, a.unit, a.objective, a.axis))),
       strip_accents(lower(concat_ws(chr(10), a.activity, a.code, a.unit, a.objective)))
FROM activities a
WHERE NOT EXISTS (SELECT 1 FROM activity_search);
