-- Budgets not tied to one activity: cost centres, rubros.
CREATE TABLE IF NOT EXISTS budget_lines (
    file_id      INTEGER NOT NULL,
    institution  VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    unit         VARCHAR,
    item         VARCHAR NOT NULL,
    amount       DOUBLE NOT NULL,
    currency     VARCHAR,
    source_sheet VARCHAR,
    source_row   INTEGER
);
