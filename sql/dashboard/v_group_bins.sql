-- Metas vs real's execution histogram when no search or status narrows it: activity-quarters per group, quarter,
-- status (met or behind) and 10 % bin of execution, already counted per file and copy when the file was written
-- (stg_quarter_bins), with the group's labels. Over the same filters on institution, year, axis, objective,
-- unit and quarter its rows add up to v_quarter_results' counts per status and bin.
CREATE OR REPLACE VIEW v_group_bins AS
SELECT b.institution, b.year, k.axis, k.objective, k.unit, b.quarter, b.status, b.bin, b.activities
FROM stg_quarter_bins b
JOIN stg_group_keys k USING (key_id);
