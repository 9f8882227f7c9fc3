-- activities.search_text and .progress_search_text (the rules: sql/macros/search.sql). The writer works them out
-- as each row goes in (written_with_row in sql/contract.toml): an UPDATE of a workbook's strings would hold them
-- all in memory in its transaction. This macro rewrites them when the store is rebuilt or renamed.
CREATE OR REPLACE MACRO activity_search_of(lo, hi) AS TABLE
SELECT activity_id,
       search_text_of(activity, code, indicator, product, responsible, target_text, observations, budget_note,
                      unit, objective, axis) AS search_text,
       progress_search_text_of(activity, code, unit, objective) AS progress_search_text
FROM activities
WHERE activity_id BETWEEN lo AND hi;
