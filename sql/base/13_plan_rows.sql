-- The rows of the views that answer per plan (institution and year) and whose national answer was the slowest
-- to add up at each query: v_target_vs_real, v_execution_history, v_plan_comparison, v_budget_totals and
-- v_coverage (and v_filter_values). They
-- are written per plan: a load marks the plans it touches stale (stale_plans) and their rows are written again
-- after a batch of files (etl/store.py, refresh_stale_plans; the rules are in sql/staging/14_stg_plan_rows.sql).
-- A plan's rows depend only on its own files, so rewriting the plans a load touches keeps every row current.
CREATE TABLE IF NOT EXISTS target_vs_real_rows (
    institution      VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    axis             VARCHAR NOT NULL,
    objective        VARCHAR NOT NULL,
    unit             VARCHAR NOT NULL,
    quarter          TINYINT NOT NULL,
    target           DOUBLE,
    actual           DOUBLE,
    execution_pct    DOUBLE,
    activities       BIGINT NOT NULL,
    on_track         BIGINT NOT NULL,
    behind           BIGINT NOT NULL,
    measure_unit     VARCHAR,
    units_of_measure BIGINT NOT NULL,
    mixed_units      BOOLEAN NOT NULL,
    execution_min    DOUBLE,
    execution_max    DOUBLE
);
-- v_execution_history's rows, written per plan like target_vs_real_rows (the rule: execution_history_of).
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
-- v_plan_comparison's rows (one per plan), written per plan like target_vs_real_rows (the rule: plan_comparison_of).
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
-- v_budget_totals' activity rows (one per group and currency with a budgeted activity), written per plan like
-- target_vs_real_rows (the rule: budget_totals_of). Its budget lines are added at each query: a few rows per file.
CREATE TABLE IF NOT EXISTS budget_totals_rows (
    institution         VARCHAR NOT NULL,
    year                INTEGER NOT NULL,
    axis                VARCHAR NOT NULL,
    objective           VARCHAR NOT NULL,
    unit                VARCHAR NOT NULL,
    currency            VARCHAR,
    amount              DOUBLE,
    budgeted_activities BIGINT NOT NULL,
    activities          BIGINT NOT NULL
);
-- v_coverage's rows (one per group with activities), written per plan like target_vs_real_rows (the rule:
-- coverage_of). v_filter_values reads their first columns.
CREATE TABLE IF NOT EXISTS coverage_rows (
    institution    VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    axis           VARCHAR NOT NULL,
    objective      VARCHAR NOT NULL,
    unit           VARCHAR NOT NULL,
    activities     BIGINT NOT NULL,
    scheduled      BIGINT NOT NULL,
    scheduled_q1   BIGINT NOT NULL,
    scheduled_q2   BIGINT NOT NULL,
    scheduled_q3   BIGINT NOT NULL,
    scheduled_q4   BIGINT NOT NULL,
    with_months    BIGINT NOT NULL,
    with_months_q1 BIGINT NOT NULL,
    with_months_q2 BIGINT NOT NULL,
    with_months_q3 BIGINT NOT NULL,
    with_months_q4 BIGINT NOT NULL
);
-- The plans whose rows above are not written yet: marked in each file's transaction, cleared when rewritten.
CREATE TABLE IF NOT EXISTS stale_plans (
    institution VARCHAR NOT NULL,
    year        INTEGER NOT NULL
);
-- One row once the tables above have been filled for every plan (a store written before them has none).
CREATE TABLE IF NOT EXISTS plan_rows_ready (
    ready BOOLEAN NOT NULL
);
