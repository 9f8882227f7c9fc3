-- What the quarter and status filters read: one row of integers per activity, no join. A filter keeps
--   activity_id IN (SELECT activity_id FROM v_activity_masks WHERE quarter_mask & ? <> 0)   (planned in a quarter)
--   activity_id IN (SELECT activity_id FROM v_activity_masks WHERE status_mask & ? <> 0)    (a status in a quarter)
-- (dashboard/filters.py): at a million activities half the time of the same test on v_activity_plan or
-- v_quarter_progress, which join every activity (and activity-quarter) first.
CREATE OR REPLACE VIEW v_activity_masks AS
SELECT activity_id, month_mask, quarter_mask, status_mask
FROM stg_activity_masks;
