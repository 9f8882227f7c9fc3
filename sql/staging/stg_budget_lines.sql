-- Budget lines of the files currently loaded. A line belongs to no axis or objective, so it shows under
-- the same empty-group labels as an activity without them (v_budget_totals puts both side by side).
-- A load whose every unit copy is history (superseded by a later follow-up, or stored as history only)
-- adds no budget: the current follow-up restates it. A load with no unit copies (budget only) counts.
CREATE OR REPLACE VIEW stg_budget_lines AS
SELECT
    l.*,
    axis_label(NULL)      AS axis_label,
    objective_label(NULL) AS objective_label,
    unit_label(l.unit)    AS unit_label,
    f.file_name
FROM budget_lines l
JOIN source_files f ON f.file_id = l.file_id AND f.status = 'loaded'
WHERE l.file_id NOT IN (SELECT file_id FROM stg_copies GROUP BY file_id HAVING NOT bool_or(is_current));
