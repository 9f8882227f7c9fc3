-- One row per loaded activity: the v_activities columns without the months, plus the schedule and status masks
-- and the folded text the quarter, status and search filters test (dashboard/filters.py), and the labels the
-- filter bar shows. Nothing is joined but the load check, so counting, filtering and paging through a million
-- activities reads only the columns asked for.
CREATE OR REPLACE VIEW v_activity_index AS
SELECT
    a.activity_id, a.file_id, a.institution, a.year, a.axis, a.objective, a.unit, a.lead_unit,
    a.product, a.code, a.activity, a.indicator, a.target_text, a.annual_target, a.measure_unit,
    a.responsible, a.budget_amount, a.currency, a.budget_note, a.risk, a.mitigation,
    a.observations, a.source_sheet, a.source_row,
    a.month_mask, a.quarter_mask, a.status_mask, a.search_text,
    a.file_name, a.axis_label, a.objective_label, a.unit_label
FROM stg_activities a;
