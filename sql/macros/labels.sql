-- The labels an empty grouping shows, written once: every view that names a blank axis, objective or
-- unit calls these, so a chart, a filter and a total never disagree on the spelling.
CREATE OR REPLACE MACRO axis_label(axis) AS coalesce(axis, '(sin eje)');
CREATE OR REPLACE MACRO objective_label(objective) AS coalesce(objective, '(sin objetivo)');
CREATE OR REPLACE MACRO unit_label(unit) AS coalesce(unit, '(sin unidad)');
