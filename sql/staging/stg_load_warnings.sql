-- The warnings of the workbooks now loaded (a replaced load's warnings are deleted with its rows; a rejected
-- load has none), so the marts never read the table.
CREATE OR REPLACE VIEW stg_load_warnings AS
SELECT w.file_id, w.position, w.sheet, w.row, w.message
FROM load_warnings AS w
JOIN stg_source_files AS f USING (file_id)
WHERE f.status = 'loaded';
