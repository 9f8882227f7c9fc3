-- The words a search looks through, folded (lower case, no accents) and joined by a line break: a searched word
-- has no white space, so it never matches across two columns. Each column is folded by itself, then joined, so
-- the four columns both texts have are folded once where both are worked out together.
-- search_text: the eleven columns Explorador searches; progress_search_text: the four Metas vs real searches.
CREATE OR REPLACE MACRO search_folded(text) AS strip_accents(lower(text));
CREATE OR REPLACE MACRO search_text_of(activity, code, indicator, product, responsible, target_text, observations,
                                       budget_note, unit, objective, axis) AS
    concat_ws(chr(10), search_folded(activity), search_folded(code), search_folded(indicator),
              search_folded(product), search_folded(responsible), search_folded(target_text),
              search_folded(observations), search_folded(budget_note), search_folded(unit),
              search_folded(objective), search_folded(axis));
CREATE OR REPLACE MACRO progress_search_text_of(activity, code, unit, objective) AS
    concat_ws(chr(10), search_folded(activity), search_folded(code), search_folded(unit), search_folded(objective));
