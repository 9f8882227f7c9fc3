-- Activities summed per file, copy of a unit, group, schedule and currency, so the coverage, month grid, budget
-- and filter views add up a few rows per group keyed by a small integer instead of grouping every activity by
-- five text columns. Reads the activities' masks (activity_masks).
CREATE TABLE IF NOT EXISTS group_rollup (
    file_id      INTEGER NOT NULL,
    unit         VARCHAR,            -- activities.unit of the copy (NULL: the plan names no unit)
    institution  VARCHAR NOT NULL,   -- the group's, repeated here so a filter on them reaches this scan
    year         INTEGER NOT NULL,
    key_id       INTEGER NOT NULL,   -- group_keys.key_id
    month_mask   INTEGER NOT NULL,   -- the activities' masks (0: no planned month)
    quarter_mask INTEGER NOT NULL,
    currency     VARCHAR,            -- as in activities (NULL: none written)
    activities   INTEGER NOT NULL,
    budgeted     INTEGER NOT NULL,   -- of them with a budget amount
    amount       DOUBLE              -- their budget amounts added (all in `currency`); NULL when none has one
);
CREATE OR REPLACE MACRO group_rollup_of(lo, hi) AS TABLE
SELECT file_id, unit, institution, year, key_id, coalesce(month_mask, 0) AS month_mask,
       coalesce(quarter_mask, 0) AS quarter_mask, currency,
       CAST(count(*) AS INTEGER) AS activities, CAST(count(budget_amount) AS INTEGER) AS budgeted,
       sum(budget_amount) AS amount
FROM grouped_activities(lo, hi)
GROUP BY file_id, unit, institution, year, key_id, coalesce(month_mask, 0), coalesce(quarter_mask, 0), currency;
