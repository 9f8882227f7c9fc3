-- An activity's own budget lines (partida, rubro), one row per line and stage: the activity's budget_amount is
-- the sum of its lines' `budget` stage, so the store never adds these to it again.
CREATE TABLE IF NOT EXISTS activity_budget_lines (
    activity_id  BIGINT NOT NULL,
    line         INTEGER NOT NULL,
    item         VARCHAR,
    stage        VARCHAR NOT NULL,
    amount       DOUBLE NOT NULL,
    currency     VARCHAR,
    quantity     DOUBLE,
    unit_cost    DOUBLE,
    source_sheet VARCHAR,
    source_row   INTEGER
);
