-- What was loaded or rejected, newest first, for the data page.
CREATE OR REPLACE VIEW v_load_history AS
SELECT file_id, file_name, sha256, layout, institution, year, loaded_at, activities, status, message, loaded_by
FROM stg_source_files
ORDER BY loaded_at DESC, file_id DESC;
