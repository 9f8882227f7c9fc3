-- When each activity is planned, as bit masks, and which quarters each file has reported: derived once when
-- the file is written (etl/store.py, _derive), so the schedule and Metas vs real views read a row per
-- activity or per file instead of aggregating every activity-month and activity-quarter row at each query.
-- The rules are stg_activity_calendar's and stg_reported_quarters' (see sql/contract.toml), written here once.
CREATE TABLE IF NOT EXISTS activity_masks (
    activity_id  BIGINT NOT NULL,
    month_mask   INTEGER NOT NULL,   -- bit m-1 for each planned month m
    quarter_mask INTEGER NOT NULL,   -- bit q-1 for each quarter q with a planned month or a non-zero target
    status_mask  INTEGER             -- bit 4(q-1) + status_bit(status) for the status of each of its quarters
);
-- Added after the others: a store written before gets the column, filled below.
ALTER TABLE activity_masks ADD COLUMN IF NOT EXISTS status_mask INTEGER;
CREATE TABLE IF NOT EXISTS reported_quarters (
    file_id INTEGER NOT NULL,
    quarter TINYINT NOT NULL         -- a quarter in which the file gives an actual for any of its activities
);
-- The status and execution rules of an activity-quarter, written once: v_quarter_progress and the rollup
-- both call these. reported: the file has reported that quarter (stg_reported_quarters).
CREATE OR REPLACE MACRO quarter_execution(target, actual, reported) AS
    CASE WHEN coalesce(target, 0) = 0 THEN NULL
         WHEN NOT reported THEN NULL
         ELSE coalesce(actual, 0) / target END;
CREATE OR REPLACE MACRO quarter_status(target, actual, reported) AS
    CASE WHEN coalesce(target, 0) = 0 THEN 'no_target'
         WHEN NOT reported THEN 'pending'
         WHEN coalesce(actual, 0) >= target THEN 'met'
         ELSE 'behind' END;
-- The bit of each status within a quarter's four in activity_masks.status_mask (dashboard/filters.py asks for them by
-- these numbers: status_clause).
CREATE OR REPLACE MACRO status_bit(status) AS
    CASE status WHEN 'met' THEN 0 WHEN 'behind' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END;
-- The status mask of each activity with ids lo..hi that has quarter figures, from its file's reported quarters
-- (written before the masks, sql/base/10_* below and etl/store.py), so that a status filter reads one integer per
-- activity instead of working out the status of two million activity-quarters (v_quarter_progress).
CREATE OR REPLACE MACRO activity_statuses_of(lo, hi) AS TABLE
SELECT q.activity_id,
       bit_or(1::INTEGER << ((q.quarter - 1) * 4
                             + status_bit(quarter_status(q.target, q.actual, r.file_id IS NOT NULL)))) AS status_mask
FROM activity_quarters q
JOIN activities a USING (activity_id)
LEFT JOIN reported_quarters r ON r.file_id = a.file_id AND r.quarter = q.quarter
WHERE q.activity_id BETWEEN lo AND hi AND a.activity_id BETWEEN lo AND hi
GROUP BY q.activity_id;
-- Every activity with ids lo..hi of file `fid` (of every file when fid is NULL) gets a row, 0 when unplanned.
-- The id range reaches the months and quarters scans, so deriving one file does not read the whole store.
CREATE OR REPLACE MACRO activity_masks_of(fid, lo, hi) AS TABLE
WITH months AS (
    SELECT activity_id, bit_or(1::INTEGER << (month - 1)) AS month_mask,
           bit_or(1::INTEGER << ((month - 1) // 3)) AS quarter_mask
    FROM activity_months WHERE activity_id BETWEEN lo AND hi GROUP BY activity_id
), quarters AS (
    SELECT activity_id, bit_or(1::INTEGER << (quarter - 1)) AS quarter_mask
    FROM activity_quarters WHERE activity_id BETWEEN lo AND hi AND coalesce(target, 0) <> 0 GROUP BY activity_id
)
SELECT a.activity_id, coalesce(m.month_mask, 0) AS month_mask,
       coalesce(m.quarter_mask, 0) | coalesce(q.quarter_mask, 0) AS quarter_mask,
       coalesce(s.status_mask, 0) AS status_mask
FROM activities a
LEFT JOIN months m USING (activity_id)
LEFT JOIN quarters q USING (activity_id)
LEFT JOIN activity_statuses_of(lo, hi) s USING (activity_id)
WHERE a.activity_id BETWEEN lo AND hi AND (fid IS NULL OR a.file_id = fid);
CREATE OR REPLACE MACRO reported_quarters_of(fid, lo, hi) AS TABLE
SELECT DISTINCT a.file_id, q.quarter
FROM activity_quarters q
JOIN activities a USING (activity_id)
WHERE q.activity_id BETWEEN lo AND hi AND a.activity_id BETWEEN lo AND hi AND (fid IS NULL OR a.file_id = fid)
  AND q.actual IS NOT NULL;
-- activity_quarters.reported of the rows of the activities with ids lo..hi, from their file's reported quarters
-- (written before it, etl/store.py _derive).
CREATE OR REPLACE MACRO quarters_reported_of(lo, hi) AS TABLE
SELECT q.activity_id, q.quarter, r.file_id IS NOT NULL AS reported
FROM activity_quarters q
JOIN activities a USING (activity_id)
LEFT JOIN reported_quarters r ON r.file_id = a.file_id AND r.quarter = q.quarter
WHERE q.activity_id BETWEEN lo AND hi AND a.activity_id BETWEEN lo AND hi;
-- Stores written before these tables existed: derive every file once. The test (activity_masks empty) is the
-- id range itself, so an up-to-date store skips the work (a WHERE NOT EXISTS would still run the macro).
INSERT INTO reported_quarters
SELECT * FROM reported_quarters_of(NULL, 0, (SELECT CASE WHEN EXISTS (SELECT 1 FROM activity_masks) THEN -1
                                                        ELSE 9223372036854775807 END));
INSERT INTO activity_masks BY NAME
SELECT * FROM activity_masks_of(NULL, 0, (SELECT CASE WHEN EXISTS (SELECT 1 FROM activity_masks) THEN -1
                                                     ELSE 9223372036854775807 END));
-- Masks written before status_mask existed: every activity's status mask, once (none left NULL after it).
SET VARIABLE status_mask_hi = (SELECT CASE WHEN EXISTS (SELECT 1 FROM activity_masks WHERE status_mask IS NULL)
                                           THEN 9223372036854775807 ELSE -1 END);
UPDATE activity_masks m SET status_mask = coalesce(s.status_mask, 0)
FROM (SELECT a.activity_id, s.status_mask FROM activities a
      LEFT JOIN activity_statuses_of(0, getvariable('status_mask_hi')) s USING (activity_id)
      WHERE a.activity_id <= getvariable('status_mask_hi')) s
WHERE m.activity_id = s.activity_id;
RESET VARIABLE status_mask_hi;
-- Rows written before activity_quarters.reported existed: every row's, once (none left NULL after it).
SET VARIABLE reported_hi = (SELECT CASE WHEN EXISTS (SELECT 1 FROM activity_quarters WHERE reported IS NULL)
                                        THEN 9223372036854775807 ELSE -1 END);
UPDATE activity_quarters q SET reported = r.reported
FROM quarters_reported_of(0, getvariable('reported_hi')) r
WHERE q.activity_id = r.activity_id AND q.quarter = r.quarter;
RESET VARIABLE reported_hi;
-- activities' copy of their masks for the activities with ids lo..hi (etl/store.py _derive, and below).
CREATE OR REPLACE MACRO masks_copied_of(lo, hi) AS TABLE
SELECT activity_id, month_mask, quarter_mask, status_mask
FROM activity_masks
WHERE activity_id BETWEEN lo AND hi;
-- Activities written before they carried their masks: every activity's, once (none left NULL after it).
SET VARIABLE masks_hi = (SELECT CASE WHEN EXISTS (SELECT 1 FROM activities WHERE quarter_mask IS NULL)
                                     THEN 9223372036854775807 ELSE -1 END);
UPDATE activities a SET month_mask = m.month_mask, quarter_mask = m.quarter_mask, status_mask = m.status_mask
FROM masks_copied_of(0, getvariable('masks_hi')) m
WHERE a.activity_id = m.activity_id;
RESET VARIABLE masks_hi;
