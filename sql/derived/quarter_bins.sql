-- The execution histogram per file, copy, group, quarter and status (met or behind: the only ones with an
-- execution fraction): how many activity-quarters fall in each 10 % bin, so the Metas histogram adds these up
-- instead of binning every activity-quarter.
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
CREATE OR REPLACE MACRO quarter_bins_of(lo, hi) AS TABLE
SELECT a.file_id, a.unit, a.institution, a.year, a.key_id, q.quarter,
       quarter_status(q.target, q.actual, q.reported) AS status,
       execution_bin(quarter_execution(q.target, q.actual, q.reported)) AS bin,
       CAST(count(*) AS INTEGER) AS activities
FROM activity_quarters q
JOIN grouped_activities(lo, hi) a USING (activity_id)
WHERE q.activity_id BETWEEN lo AND hi AND quarter_execution(q.target, q.actual, q.reported) IS NOT NULL
GROUP BY ALL;
