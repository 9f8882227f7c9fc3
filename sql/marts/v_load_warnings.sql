-- Warnings of the workbooks now loaded, with the file they came from, in the order they were found.
CREATE OR REPLACE VIEW v_load_warnings AS
SELECT w.file_id, f.file_name, f.institution, f.year, f.loaded_at, w.sheet, w.row, w.message, w.position
FROM stg_load_warnings AS w
JOIN stg_source_files AS f USING (file_id)
ORDER BY f.loaded_at DESC, w.file_id DESC, w.position;
