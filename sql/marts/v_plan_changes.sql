-- Per loaded file, what it did in its plan and whether it is still current, for the data page.
-- plan_change is the first part of the load's message ("reemplaza el 1er seguimiento para …; añade … al plan"),
-- which etl/store/writer.py writes before ' — ' only when the load changed its plan; NULL otherwise.
-- replaced_by names the later loads whose copies superseded some of this file's units (NULL: all current).
CREATE OR REPLACE VIEW v_plan_changes AS
WITH copies AS (
    SELECT v.file_id, count(*) AS units, count(*) FILTER (WHERE v.is_current) AS current_units,
           string_agg(DISTINCT n.file_name, ', ' ORDER BY n.file_name) AS replaced_by
    FROM stg_plan_versions v
    LEFT JOIN stg_plan_versions n ON n.file_id = v.superseded_by AND n.unit_key = v.unit_key
    GROUP BY v.file_id
)
SELECT f.file_id, f.file_name, f.institution, f.year,
       CASE WHEN contains(f.message, ' — ') THEN split_part(f.message, ' — ', 1) END AS plan_change,
       coalesce(c.units, 0)::BIGINT AS units, coalesce(c.current_units, 0)::BIGINT AS current_units,
       c.replaced_by
FROM stg_source_files f
LEFT JOIN copies c USING (file_id)
WHERE f.status = 'loaded';
