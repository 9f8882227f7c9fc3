-- v_plan_comparison's rows (one per plan), written per plan (grain per_plan in sql/contract.toml): a load marks the plans it touches
-- stale and etl/store/derived.py writes their rows again after a batch of files; until then v_plan_comparison works a
-- stale plan's rows out with the rule below. A plan's rows depend only on its own files.
CREATE TABLE IF NOT EXISTS plan_comparison_rows (
    institution          VARCHAR NOT NULL,
    year                 INTEGER NOT NULL,
    activities           BIGINT NOT NULL,
    scheduled_activities BIGINT NOT NULL,
    coverage_pct         DOUBLE,
    quarters_reported    BIGINT NOT NULL,
    latest_quarter       TINYINT,
    execution_pct        DOUBLE,
    measured_activities  BIGINT NOT NULL,
    on_track             BIGINT NOT NULL,
    behind               BIGINT NOT NULL,
    axes                 BIGINT NOT NULL,
    units                BIGINT NOT NULL
);
-- v_plan_comparison: one row per plan. activities, scheduled_activities and coverage_pct over the whole plan
-- ("scheduled" as in stg_activity_calendar); latest_quarter is the last quarter any of the plan's files reports
-- an actual for; execution_pct is the mean of the activities' own execution in that quarter (a fraction, like
-- every *_pct), and measured_activities, on_track and behind count the activities of that quarter. No target or
-- actual is added here: they are in many units (docs/data-contract.md, honest totals).
CREATE OR REPLACE MACRO plan_comparison_rows_of(only_stale) AS TABLE
-- One scan of each rollup (this runs for a plan at every load of one of its files). Distinct axes and units are
-- counted as written: a blank one is not counted.
WITH groups AS (
    SELECT r.institution, r.year, CAST(sum(r.activities) AS BIGINT) AS activities,
           CAST(coalesce(sum(r.activities) FILTER (WHERE r.quarter_mask <> 0), 0) AS BIGINT) AS scheduled_activities,
           count(DISTINCT k.axis) FILTER (WHERE k.axis <> axis_label(NULL)) AS axes,
           count(DISTINCT k.unit) FILTER (WHERE k.unit <> unit_label(NULL)) AS units
    FROM stg_group_rollup r
    JOIN plans_of(only_stale) p ON p.institution = r.institution AND p.year = r.year
    JOIN stg_group_keys k USING (key_id)
    GROUP BY r.institution, r.year
),
-- A quarter with an actual has a non-NULL actual_sum in the rollup, and pct_sum / pct_n is the mean execution.
quarters AS (
    SELECT q.institution, q.year, q.quarter, bool_or(q.actual_sum IS NOT NULL) AS reported,
           sum(q.pct_sum) AS pct_sum, sum(q.pct_n) AS pct_n, sum(q.met) AS met, sum(q.behind) AS behind
    FROM stg_quarter_rollup q
    JOIN plans_of(only_stale) p ON p.institution = q.institution AND p.year = q.year
    GROUP BY q.institution, q.year, q.quarter
),
reported AS (
    SELECT institution, year, count(*) AS quarters_reported, max(quarter) AS latest_quarter
    FROM quarters
    WHERE reported
    GROUP BY institution, year
)
SELECT g.institution, g.year, g.activities, g.scheduled_activities,
       g.scheduled_activities / g.activities AS coverage_pct,
       coalesce(r.quarters_reported, 0) AS quarters_reported,
       r.latest_quarter,
       q.pct_sum / nullif(q.pct_n, 0) AS execution_pct,
       coalesce(CAST(q.pct_n AS BIGINT), 0) AS measured_activities,
       coalesce(CAST(q.met AS BIGINT), 0) AS on_track,
       coalesce(CAST(q.behind AS BIGINT), 0) AS behind,
       g.axes, g.units
FROM groups g
LEFT JOIN reported r USING (institution, year)
LEFT JOIN quarters q ON q.institution = r.institution AND q.year = r.year AND q.quarter = r.latest_quarter;
