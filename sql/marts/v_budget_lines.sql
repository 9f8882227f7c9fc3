-- Budget lines of cost centres and rubros from loaded files.
CREATE OR REPLACE VIEW v_budget_lines AS
SELECT institution, year, unit_label AS unit, item, amount, currency, source_sheet, source_row, file_name
FROM stg_budget_lines;
