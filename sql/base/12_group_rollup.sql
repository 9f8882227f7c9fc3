-- Activities summed per file, copy of a unit, group, schedule and currency when each file is written, so that
-- the coverage, month grid, budget and filter-spread views add up a few rows per group keyed by a small integer
-- instead of grouping a million activities by five text columns at each query (the rule that fills it is in
-- sql/staging/13_stg_group_rollup.sql, after the label macros and group keys it uses).
CREATE TABLE IF NOT EXISTS group_rollup (
    file_id      INTEGER NOT NULL,
    unit         VARCHAR,            -- activities.unit of the copy (NULL: the plan names no unit)
    institution  VARCHAR NOT NULL,   -- the group's, repeated here so a filter on them reaches this scan
    year         INTEGER NOT NULL,
    key_id       INTEGER NOT NULL,   -- group_keys.key_id
    month_mask   INTEGER NOT NULL,   -- the activities' activity_masks (0: no planned month)
    quarter_mask INTEGER NOT NULL,
    currency     VARCHAR,            -- as in activities (NULL: none written)
    activities   INTEGER NOT NULL,
    budgeted     INTEGER NOT NULL,   -- of them with a budget amount
    amount       DOUBLE              -- their budget amounts added (all in `currency`); NULL when none has one
);
