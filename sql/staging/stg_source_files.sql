-- Every load attempt, loaded, rejected or replaced: the marts read this, never the table.
CREATE OR REPLACE VIEW stg_source_files AS
SELECT file_id, file_name, sha256, layout, institution, year, loaded_at, activities, status, message, loaded_by
FROM source_files;
