-- v_target_vs_real's rows, written per plan (institution and year) when a file of the plan is written, after its
-- follow-up supersession is decided: a national Metas vs real table reads these rows instead of adding up the
-- rollup into a few hundred thousand groups at each query (the rule is in sql/staging/14_stg_target_vs_real.sql).
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
