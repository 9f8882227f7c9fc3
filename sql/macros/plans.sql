-- Whether a plan's per-plan derived rows wait to be written again (stale_plans). Call it with qualified columns
-- (r.institution): inside its subquery a bare `institution` is stale_plans' own.
CREATE OR REPLACE MACRO is_stale(inst, yr) AS
    EXISTS (SELECT 1 FROM stale_plans s WHERE s.institution = inst AND s.year = yr);
-- The plans a per-plan rule works on: the stale ones, or every loaded plan. The rules join it at their scans, so
-- with no stale plan the join has nothing to build and the scans are skipped.
CREATE OR REPLACE MACRO plans_of(only_stale) AS TABLE
SELECT institution, year FROM stale_plans WHERE only_stale
UNION ALL
SELECT DISTINCT institution, year FROM source_files WHERE NOT only_stale AND status = 'loaded' AND year IS NOT NULL;
