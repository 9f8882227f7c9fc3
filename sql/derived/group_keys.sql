-- One small integer per group (institution, year and the labels of axis, objective and unit), so the rollups are
-- keyed by an integer instead of five texts. Keys are added as files bring new groups and never change, so a
-- file's rollup rows stay valid; a rebuild numbers them anew.
CREATE TABLE IF NOT EXISTS group_keys (
    key_id      INTEGER NOT NULL,
    institution VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    axis        VARCHAR NOT NULL,    -- labels, as the marts show them (axis_label() and its kin)
    objective   VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL
);
CREATE OR REPLACE MACRO group_keys_of(lo, hi) AS TABLE
SELECT CAST((SELECT coalesce(max(key_id), 0) FROM group_keys)
            + row_number() OVER (ORDER BY institution, year, axis, objective, unit) AS INTEGER) AS key_id,
       institution, year, axis, objective, unit
FROM (
    SELECT DISTINCT a.institution, a.year, axis_label(a.axis) AS axis, objective_label(a.objective) AS objective,
           unit_label(a.unit) AS unit
    FROM activities a
    WHERE a.activity_id BETWEEN lo AND hi
) g
WHERE NOT EXISTS (SELECT 1 FROM group_keys k WHERE k.institution = g.institution AND k.year = g.year
                  AND k.axis = g.axis AND k.objective = g.objective AND k.unit = g.unit);
-- Each activity with its group's key: the one place an activity meets its group (the rollups below read it).
CREATE OR REPLACE MACRO grouped_activities(lo, hi) AS TABLE
SELECT a.*, k.key_id
FROM activities a
JOIN group_keys k ON k.institution = a.institution AND k.year = a.year AND k.axis = axis_label(a.axis)
                 AND k.objective = objective_label(a.objective) AND k.unit = unit_label(a.unit)
WHERE a.activity_id BETWEEN lo AND hi;
