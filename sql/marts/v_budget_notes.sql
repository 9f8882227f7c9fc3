-- Activities whose budget is only words, such as 'Contemplado Gestión Operativa': a note and no amount.
CREATE OR REPLACE VIEW v_budget_notes AS
SELECT activity_id, institution, year, axis_label AS axis, objective_label AS objective, unit_label AS unit,
       code, activity, budget_note, source_sheet, source_row
FROM stg_activities
WHERE budget_note IS NOT NULL AND budget_amount IS NULL;
