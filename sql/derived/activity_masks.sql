-- activities.month_mask, .quarter_mask, .status_mask: when each activity is planned and how each of its quarters
-- stands, as bit masks (bit m-1 for month m; bit q-1 for a quarter with a planned month or a non-zero target; bit
-- 4(q-1) + status_bit(status) for the status of quarter q). Small integers aggregate and compare far faster than
-- lists, and a status filter then reads one integer per activity. Reads activity_quarters.reported.
CREATE OR REPLACE MACRO activity_masks_of(lo, hi) AS TABLE
WITH months AS (
    SELECT activity_id, bit_or(1::INTEGER << (month - 1)) AS month_mask,
           bit_or(1::INTEGER << ((month - 1) // 3)) AS quarter_mask
    FROM activity_months WHERE activity_id BETWEEN lo AND hi GROUP BY activity_id
), quarters AS (
    SELECT activity_id,
           bit_or(CASE WHEN coalesce(target, 0) <> 0 THEN 1::INTEGER << (quarter - 1) ELSE 0 END) AS quarter_mask,
           bit_or(1::INTEGER << ((quarter - 1) * 4 + status_bit(quarter_status(target, actual, reported))))
               AS status_mask
    FROM activity_quarters WHERE activity_id BETWEEN lo AND hi GROUP BY activity_id
)
SELECT a.activity_id, coalesce(m.month_mask, 0) AS month_mask,
       coalesce(m.quarter_mask, 0) | coalesce(q.quarter_mask, 0) AS quarter_mask,
       coalesce(q.status_mask, 0) AS status_mask
FROM activities a
LEFT JOIN months m USING (activity_id)
LEFT JOIN quarters q USING (activity_id)
WHERE a.activity_id BETWEEN lo AND hi;
