-- Metas vs real per group, summed when each file is written, so that v_target_vs_real adds up a few hundred
-- thousand pre-summed rows keyed by small integers instead of grouping every activity-quarter row by six text
-- columns at each query (the rules that fill them are in sql/staging/12_stg_quarter_rollup.sql, after the label
-- macros they use).
-- The status and execution rules of an activity-quarter (quarter_execution, quarter_status) are in
-- sql/base/10_activity_masks.sql, whose status masks use them first.
-- The 10 % step of an execution fraction for the histogram, capped at 200 % (least() skips a NULL: without the
-- CASE an activity with no execution would land in the top bin). v_quarter_results and quarter_bins call it.
CREATE OR REPLACE MACRO execution_bin(pct) AS
    CASE WHEN pct IS NOT NULL THEN least(floor(pct * 10), 19) / 10 END;
-- One small integer per group of v_target_vs_real (institution, year and the labels of axis, objective and
-- unit). Keys are added as files bring new groups and never change, so a file's rollup rows stay valid.
CREATE TABLE IF NOT EXISTS group_keys (
    key_id      INTEGER NOT NULL,
    institution VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    axis        VARCHAR NOT NULL,    -- labels, as the marts show them (axis_label() and its kin)
    objective   VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL
);
-- Per file, copy of a unit (file_id, unit as written), group, quarter and unit of measure: the sums that
-- v_target_vs_real adds up. The copy is kept so the staging view drops superseded copies as stg_activities does.
CREATE TABLE IF NOT EXISTS quarter_rollup (
    file_id      INTEGER NOT NULL,
    unit         VARCHAR,            -- activities.unit of the copy (NULL: the plan names no unit)
    institution  VARCHAR NOT NULL,   -- the group's, repeated here so a filter on them reaches this scan
    year         INTEGER NOT NULL,
    key_id       INTEGER NOT NULL,   -- group_keys.key_id
    quarter      TINYINT NOT NULL,
    measure_unit VARCHAR,            -- as in activities (NULL: a plain count or number)
    activities   INTEGER NOT NULL,   -- activity-quarter rows (one per activity)
    met          INTEGER NOT NULL,
    behind       INTEGER NOT NULL,
    target_sum   DOUBLE,
    actual_sum   DOUBLE,
    pct_sum      DOUBLE,             -- sum of the activities' execution fractions
    pct_n        INTEGER NOT NULL,   -- how many of them have one
    pct_min      DOUBLE,
    pct_max      DOUBLE,
    pending      INTEGER,            -- with status `pending` (added to the table after the others)
    pct_sum_met  DOUBLE              -- the part of pct_sum from activities with status `met` (added after pending)
);
-- A rollup written before `pending` existed gets the column and is emptied, so that opening the store refills it
-- (sql/staging/12_stg_quarter_rollup.sql back-fills an empty rollup).
ALTER TABLE quarter_rollup ADD COLUMN IF NOT EXISTS pending INTEGER;
DELETE FROM quarter_rollup WHERE EXISTS (SELECT 1 FROM quarter_rollup WHERE pending IS NULL);
-- Likewise a rollup written before `pct_sum_met` (a row with activities met has a sum of their execution).
ALTER TABLE quarter_rollup ADD COLUMN IF NOT EXISTS pct_sum_met DOUBLE;
DELETE FROM quarter_rollup WHERE EXISTS (SELECT 1 FROM quarter_rollup WHERE met > 0 AND pct_sum_met IS NULL);
-- The execution histogram per file, copy, group, quarter and status (met or behind: the only ones with an
-- execution fraction): how many activity-quarters fall in each 10 % bin. The Metas vs real histogram adds these up
-- instead of binning every activity-quarter at each query (the rule: quarter_bins_of, next to quarter_rollup_of).
CREATE TABLE IF NOT EXISTS quarter_bins (
    file_id     INTEGER NOT NULL,
    unit        VARCHAR,            -- activities.unit of the copy (NULL: the plan names no unit)
    institution VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    key_id      INTEGER NOT NULL,   -- group_keys.key_id
    quarter     TINYINT NOT NULL,
    status      VARCHAR NOT NULL,   -- 'met' or 'behind'
    bin         DOUBLE NOT NULL,    -- execution_bin()
    activities  INTEGER NOT NULL
);
