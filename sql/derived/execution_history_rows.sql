-- v_execution_history's rows, written per plan (grain per_plan in sql/contract.toml): a load marks the plans it touches
-- stale and etl/store/derived.py writes their rows again after a batch of files; until then v_execution_history works a
-- stale plan's rows out with the rule below. A plan's rows depend only on its own files.
CREATE TABLE IF NOT EXISTS execution_history_rows (
    institution   VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    unit          VARCHAR NOT NULL,
    followup      TINYINT,
    quarter       TINYINT NOT NULL,
    activities    BIGINT NOT NULL,
    target        DOUBLE,
    actual        DOUBLE,
    execution_pct DOUBLE,
    cutoff        DATE,
    file_name     VARCHAR NOT NULL,
    is_current    BOOLEAN NOT NULL
);
-- v_execution_history: per plan, unit, follow-up and quarter, the figures as that follow-up reported them.
-- Every copy of a unit is kept (stg_plan_versions), current or superseded; a copy replaced by a corrected
-- copy of the same follow-up is left out, so each follow-up appears once. execution_pct as in
-- v_target_vs_real: the mean of the activities' own actual / target, over quarters the copy reported.
-- unit is the unit's spelling in its latest load; followup is NULL for a plan that states none.
CREATE OR REPLACE MACRO execution_history_rows_of(only_stale) AS TABLE
WITH versions AS (
    SELECT v.file_id, v.unit, v.unit_key, v.followup, v.cutoff, v.is_current, v.file_name, v.institution, v.year
    FROM stg_plan_versions v
    JOIN plans_of(only_stale) p ON p.institution = v.institution AND p.year = v.year
    LEFT JOIN stg_plan_versions n ON n.file_id = v.superseded_by AND n.unit_key = v.unit_key
    WHERE NOT (v.superseded_by IS NOT NULL AND n.followup IS NOT DISTINCT FROM v.followup)
),
figures AS (
    -- The copy's rollup rows (stg_rollup_copies: every copy, summed when its file was written) hold the same
    -- sums as its activity-quarter rows: count, target, actual, and the execution fractions' sum and count.
    SELECT ver.*, q.quarter, q.activities, q.target_sum, q.actual_sum, q.pct_sum, q.pct_n
    FROM versions ver
    JOIN stg_rollup_copies q ON q.file_id = ver.file_id AND q.unit IS NOT DISTINCT FROM ver.unit
)
SELECT institution, year,
       unit_label(arg_max(unit, file_id) OVER (PARTITION BY institution, year, unit_key)) AS unit,
       followup, quarter, activities, target, actual, execution_pct, cutoff, file_name, is_current
FROM (
    SELECT institution, year, unit_key, followup, quarter,
           any_value(unit) AS unit, max(file_id) AS file_id,
           CAST(sum(activities) AS BIGINT) AS activities, sum(target_sum) AS target, sum(actual_sum) AS actual,
           sum(pct_sum) / nullif(sum(pct_n), 0) AS execution_pct,
           max(cutoff) AS cutoff, string_agg(DISTINCT file_name, ', ' ORDER BY file_name) AS file_name,
           bool_or(is_current) AS is_current
    FROM figures
    GROUP BY institution, year, unit_key, followup, quarter
);
