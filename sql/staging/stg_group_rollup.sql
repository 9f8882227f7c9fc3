-- The activity sums of the copies that count (stg_copies).
CREATE OR REPLACE VIEW stg_group_rollup AS
SELECT r.*
FROM group_rollup r
JOIN stg_copies c ON c.file_id = r.file_id AND c.unit IS NOT DISTINCT FROM r.unit
WHERE c.is_current;
