-- The Metas vs real sums of the copies that count (stg_copies: loaded files, current copy of each unit).
CREATE OR REPLACE VIEW stg_quarter_rollup AS
SELECT r.*
FROM quarter_rollup r
JOIN stg_copies c ON c.file_id = r.file_id AND c.unit IS NOT DISTINCT FROM r.unit
WHERE c.is_current;
