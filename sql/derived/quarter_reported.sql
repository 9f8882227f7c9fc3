-- activity_quarters.reported: a quarter counts as reported for a file when the file gives an actual for any of its
-- activities in it. Derived for whole files (the id range of their activities).
CREATE OR REPLACE MACRO quarter_reported_of(lo, hi) AS TABLE
WITH quarters AS (
    SELECT q.activity_id, q.quarter, q.actual, a.file_id
    FROM activity_quarters q
    JOIN activities a USING (activity_id)
    WHERE q.activity_id BETWEEN lo AND hi AND a.activity_id BETWEEN lo AND hi
), reported AS (
    SELECT DISTINCT file_id, quarter FROM quarters WHERE actual IS NOT NULL
)
SELECT q.activity_id, q.quarter, r.file_id IS NOT NULL AS reported
FROM quarters q
LEFT JOIN reported r USING (file_id, quarter);
