-- Activities planned in each month, per institution, year, axis, objective and unit, with the month's
-- quarter so that a chosen quarter is a plain `quarter = ?`. Sum `activities` over the rows you keep:
-- a grouping and month can have several rows, one per kind of schedule (set of months).
-- The kinds come from the per-file rollup (stg_group_rollup), added up per integer group key and month mask
-- (a few per group) before the groups are named, then spread over the twelve months: far less work than
-- grouping every activity by five text columns. Not grouping again here halves the national heatmap's time;
-- the reader's own sum does that work on far fewer keys.
CREATE OR REPLACE VIEW v_month_grid AS
WITH kinds AS (
    SELECT institution, year, key_id, month_mask, sum(activities) AS n
    FROM stg_group_rollup
    WHERE month_mask <> 0
    GROUP BY institution, year, key_id, month_mask
)
SELECT s.institution, s.year, k.axis, k.objective, k.unit, m AS month,
       CAST((m - 1) // 3 + 1 AS INTEGER) AS quarter, CAST(s.n AS BIGINT) AS activities
FROM kinds s
JOIN stg_group_keys k USING (key_id), range(1, 13) t(m)
WHERE s.month_mask & (1 << (m - 1))::INTEGER <> 0;
