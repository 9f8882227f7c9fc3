-- When each activity is planned and how each of its quarters stands, as bit masks (sql/base/10_activity_masks.sql).
-- A plain projection: a replaced file's rows are deleted with it, and superseded copies keep theirs (a reader
-- joins it to v_activity_index for the current activities only). The dashboard reads the copy on each row.
CREATE OR REPLACE VIEW stg_activity_masks AS
SELECT activity_id, month_mask, quarter_mask, status_mask
FROM activity_masks;
