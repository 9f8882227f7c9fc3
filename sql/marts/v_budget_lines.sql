-- Budget lines of cost centres and rubros from loaded files.
CREATE OR REPLACE VIEW v_budget_lines AS
SELECT l.institution, l.year, coalesce(l.unit, '(sin unidad)') AS unit, l.item, l.amount, l.currency,
       l.source_sheet, l.source_row, f.file_name
FROM budget_lines l
JOIN source_files f ON f.file_id = l.file_id AND f.status = 'loaded';
