-- The institution, year, axis, objective and unit combinations that exist, with their activities:
-- what the filter bar offers (each list under the choices above it) and how widely a selection spreads.
CREATE OR REPLACE VIEW v_filter_values AS
SELECT institution, year, axis_label AS axis, objective_label AS objective, unit_label AS unit,
       count(*) AS activities
FROM stg_activities
GROUP BY ALL;
