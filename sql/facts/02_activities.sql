-- One row per planned activity (or annual product, or project).
CREATE TABLE IF NOT EXISTS activities (
    activity_id   BIGINT PRIMARY KEY,
    file_id       INTEGER NOT NULL,
    institution   VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    axis          VARCHAR,
    objective     VARCHAR,
    unit          VARCHAR,
    lead_unit     VARCHAR,
    product       VARCHAR,
    code          VARCHAR,
    activity      VARCHAR NOT NULL,
    indicator     VARCHAR,
    target_text   VARCHAR,
    annual_target DOUBLE,
    measure_unit  VARCHAR,
    responsible   VARCHAR,
    budget_amount DOUBLE,
    currency      VARCHAR,
    budget_note   VARCHAR,
    risk          VARCHAR,
    mitigation    VARCHAR,
    observations  VARCHAR,
    source_sheet  VARCHAR NOT NULL,
    source_row    INTEGER NOT NULL,
    -- Filled by the store from the rows above and the activity's months and quarters (the derived models
    -- activity_masks and activity_search in sql/derived/): kept on the row so that a filter on them is tested in
    -- the same scan as the page's other filters, with no join.
    month_mask           INTEGER,
    quarter_mask         INTEGER,
    status_mask          INTEGER,
    search_text          VARCHAR,
    progress_search_text VARCHAR
);
