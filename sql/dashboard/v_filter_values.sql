-- The institution, year, axis, objective and unit combinations that exist, with their activities:
-- what the filter bar offers (each list under the choices above it) and how widely a selection spreads.
-- v_coverage's groups (written per plan, coverage_rows), without their schedule counts.
CREATE OR REPLACE VIEW v_filter_values AS
SELECT institution, year, axis, objective, unit, activities
FROM v_coverage;
