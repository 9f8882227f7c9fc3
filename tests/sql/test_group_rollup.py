"""v_coverage, v_month_grid, v_budget_totals, v_schedule_coverage, v_plan_comparison (its group counts) and
v_filter_values add up group_rollup (written per file, with the copy of each unit it came from). Their rows must be what the definitions they replaced give: stg_activities
grouped directly, whichever copies are current, after replacements, renames and a rebuild."""
from etl import store
from etl.store import derived, plans, rename
from etl.model import Activity, BudgetLine, WorkbookData
from tests.conftest import as_written_before
from tests.sql.test_derived import rounded, samples_store

# The definitions the rollup replaced, kept as the reference.
CALENDAR = """(SELECT a.institution, a.year, a.axis_label AS axis, a.objective_label AS objective, a.unit_label AS unit,
                      coalesce(a.month_mask, 0) AS month_mask, coalesce(a.quarter_mask, 0) AS quarter_mask
               FROM stg_activities a)"""
DIRECT = {
    "v_coverage": f"""
        SELECT institution, year, axis, objective, unit, count(*) AS activities,
               count(*) FILTER (WHERE quarter_mask <> 0),
               count(*) FILTER (WHERE quarter_mask & 1 <> 0), count(*) FILTER (WHERE quarter_mask & 2 <> 0),
               count(*) FILTER (WHERE quarter_mask & 4 <> 0), count(*) FILTER (WHERE quarter_mask & 8 <> 0),
               count(*) FILTER (WHERE month_mask <> 0),
               count(*) FILTER (WHERE month_mask & 7 <> 0), count(*) FILTER (WHERE month_mask & 56 <> 0),
               count(*) FILTER (WHERE month_mask & 448 <> 0), count(*) FILTER (WHERE month_mask & 3584 <> 0)
        FROM {CALENDAR} GROUP BY ALL""",
    # Per month, not per kind of schedule: the rows of v_month_grid are to be added up.
    "v_month_grid": f"""
        SELECT institution, year, axis, objective, unit, m AS month, (m - 1) // 3 + 1 AS quarter, count(*)
        FROM {CALENDAR}, range(1, 13) t(m)
        WHERE month_mask & (1 << (m - 1))::INTEGER <> 0 GROUP BY ALL""",
    "v_budget_totals": """
        WITH groups AS (
            SELECT institution, year, axis_label AS axis, objective_label AS objective, unit_label AS unit,
                   count(*) AS activities
            FROM stg_activities GROUP BY ALL
        ), budgeted AS (
            SELECT institution, year, axis_label AS axis, objective_label AS objective, unit_label AS unit,
                   currency, sum(budget_amount) AS amount, count(*) AS budgeted_activities
            FROM stg_activities WHERE budget_amount IS NOT NULL GROUP BY ALL
        )
        SELECT b.institution, b.year, b.axis, b.objective, b.unit, b.currency, b.amount,
               b.budgeted_activities, g.activities, 'activities' AS source
        FROM budgeted b JOIN groups g USING (institution, year, axis, objective, unit)
        UNION ALL
        SELECT institution, year, axis_label, objective_label, unit_label, currency, sum(amount), 0, 0, 'budget_lines'
        FROM stg_budget_lines GROUP BY ALL""",
    "v_schedule_coverage": """
        SELECT institution, year, axis_label, unit_label, count(*), count(*) FILTER (WHERE scheduled),
               count(*) FILTER (WHERE scheduled) / count(*), bit_count(bit_or(month_mask))::BIGINT
        FROM stg_activity_calendar GROUP BY ALL""",
    # v_plan_comparison's own columns that come from the groups (the quarter ones: tests/sql/test_derived.py).
    "v_plan_comparison": """
        SELECT institution, year, count(*), count(*) FILTER (WHERE scheduled),
               count(*) FILTER (WHERE scheduled) / count(*), count(DISTINCT axis), count(DISTINCT unit)
        FROM stg_activity_calendar JOIN stg_activities USING (activity_id, institution, year) GROUP BY ALL""",
    "v_filter_values": """
        SELECT institution, year, axis_label, objective_label, unit_label, count(*)
        FROM stg_activities GROUP BY ALL""",
}
QUERIES = {
    "v_month_grid": "SELECT institution, year, axis, objective, unit, month, quarter, sum(activities) FROM v_month_grid "
                    "GROUP BY ALL",
    "v_plan_comparison": "SELECT institution, year, activities, scheduled_activities, coverage_pct, axes, units "
                         "FROM v_plan_comparison",
}


def assert_rollup_views_are_direct(con):
    for view, direct in DIRECT.items():
        got = con.execute(QUERIES.get(view, f"SELECT * FROM {view}")).fetchall()
        assert rounded(got) == rounded(con.execute(direct).fetchall()), view
        assert got, view  # an empty view would agree with anything


def plan(name, number, units, sha, year=2023):
    """A quarterly follow-up: units -> [(code, months, budget amount, currency)]."""
    acts = [Activity(activity=f"Actividad {code}", source_sheet="S", source_row=10 + i, unit=unit, code=code,
                     axis="Eje 1" if i % 2 else None, objective="Objetivo A", months=set(months),
                     budget_amount=amount, currency=currency, quarters={1: (5, 4), 4: (2, None)})
            for unit, rows in units.items() for i, (code, months, amount, currency) in enumerate(rows)]
    lines = [BudgetLine("Rubro 1", 250000, "Presupuesto", 3, unit="Finanzas", currency="DOP")]
    return WorkbookData(name, sha.ljust(64, "0"), "ARS SEMMA", year, ["quarterly_followup"], ["S"], acts, lines,
                        followup=number)


FIRST = {"Compras": [("1", (1, 2), 1000.5, "DOP"), ("2", (), None, None), ("3", (12,), 300.25, "USD")],
         "Ventas": [("1", (4, 5, 6), 2_450_000, "DOP"), ("2", (7,), None, "DOP")],
         None: [("9", (3,), 10, "DOP")]}


def test_the_views_are_their_direct_definitions_on_the_samples(tmp_path):
    con = samples_store(tmp_path)
    try:
        assert_rollup_views_are_direct(con)
        # TSS's activity budgets in pesos and ISSS's budget lines in dollars stay apart.
        assert con.execute("SELECT DISTINCT source, currency FROM v_budget_totals ORDER BY ALL").fetchall() == [
            ("activities", "DOP"), ("budget_lines", "USD")]
    finally:
        con.close()


def test_the_views_follow_supersession_and_replacement(store_con):
    store.write_workbook(store_con, plan("q1.xlsx", 1, FIRST, "a"))
    assert_rollup_views_are_direct(store_con)
    # The second follow-up supersedes Compras only: its budget and months replace the first copy's.
    store.write_workbook(store_con, plan("q2.xlsx", 2, {"Compras": [("1", (3,), 99.0, "USD")]}, "b"))
    assert_rollup_views_are_direct(store_con)
    assert store_con.execute(
        "SELECT unit, axis, currency, amount, budgeted_activities, activities FROM v_budget_totals "
        "WHERE source = 'activities' ORDER BY ALL").fetchall() == [
        ("(sin unidad)", "(sin eje)", "DOP", 10, 1, 1), ("Compras", "(sin eje)", "USD", 99.0, 1, 1),
        ("Ventas", "(sin eje)", "DOP", 2_450_000, 1, 1)]  # Ventas' other activity (Eje 1) has no amount
    # An edited copy of the second follow-up replaces it outright: its rollup rows go with it.
    store.write_workbook(store_con, plan("q2.xlsx", 2, {"Compras": [("1", (), None, None)]}, "c"))
    assert_rollup_views_are_direct(store_con)
    assert store_con.execute("SELECT sum(scheduled), sum(with_months) FROM v_coverage WHERE unit = 'Compras'"
                             ).fetchone() == (1, 0)  # scheduled by its quarter targets, no month
    loaded = "SELECT file_id FROM source_files WHERE status = 'loaded'"
    assert store_con.execute(f"SELECT count(*) FROM group_rollup WHERE file_id NOT IN ({loaded})").fetchone()[0] == 0


def test_another_plan_and_year_keep_their_own_rows(store_con):
    store.write_workbook(store_con, plan("q1.xlsx", 1, FIRST, "a"))
    store.write_workbook(store_con, plan("2024.xlsx", None, FIRST, "d", year=2024))
    assert_rollup_views_are_direct(store_con)
    assert store_con.execute("SELECT year, sum(activities) FROM v_filter_values GROUP BY year ORDER BY year"
                             ).fetchall() == [(2023, 6), (2024, 6)]


def test_a_rollup_emptied_is_rebuilt_from_the_facts_when_sql_changes(tmp_path):
    con = store.connect(tmp_path / "poa.duckdb")
    store.write_workbook(con, plan("q1.xlsx", 1, FIRST, "a"))
    store.write_workbook(con, plan("q2.xlsx", 2, {"Compras": [("1", (3,), 99.0, "USD")]}, "b"))
    before = {v: con.execute(f"SELECT * FROM {v} ORDER BY ALL").fetchall() for v in DIRECT}
    con.execute("DELETE FROM group_rollup")  # whatever a derived table holds, a change of sql/ rebuilds it
    as_written_before(con)
    con.close()
    con = store.connect(tmp_path / "poa.duckdb")
    try:
        assert {v: con.execute(f"SELECT * FROM {v} ORDER BY ALL").fetchall() for v in DIRECT} == before
        assert_rollup_views_are_direct(con)
    finally:
        con.close()


def test_a_renamed_unit_is_counted_under_its_new_name(store_con):
    store.write_workbook(store_con, plan("q1.xlsx", 1, FIRST, "a"))
    store.write_workbook(store_con, plan("q2.xlsx", 2, {"Compras": [("1", (3,), 99.0, "USD")]}, "b"))
    store_con.execute("UPDATE activities SET unit = 'Dpto. de Compras' WHERE unit = 'Compras'")
    plans.rename_unit(store_con, "ARS SEMMA", "Compras", "Dpto. de Compras")
    derived.rebuild(store_con)  # as etl/store/rename.py does after renaming
    assert_rollup_views_are_direct(store_con)
    assert store_con.execute("SELECT sum(activities) FROM v_filter_values WHERE unit = 'Dpto. de Compras'"
                             ).fetchone()[0] == 1


# The per-plan tables v_budget_totals and v_coverage (and v_filter_values) read, and the view rows each holds.
WRITTEN = {"budget_totals_rows": "SELECT * EXCLUDE (source) FROM v_budget_totals WHERE source = 'activities'",
           "coverage_rows": "SELECT * FROM v_coverage"}


def assert_rows_written(con):
    for table, view_rows in WRITTEN.items():
        assert con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() == \
            con.execute(f"{view_rows} ORDER BY ALL").fetchall() != [], table


def test_budget_and_coverage_rows_are_written_per_plan_and_follow_each_follow_up(store_con):
    # A file's plan is worked out live until the rows are written after its batch; both must be the direct sums.
    store.write_workbook(store_con, plan("q1.xlsx", 1, FIRST, "a"))
    store.write_workbook(store_con, plan("2024.xlsx", None, FIRST, "d", year=2024))
    for table in WRITTEN:
        assert store_con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert_rollup_views_are_direct(store_con)
    store.refresh_stale_plans(store_con)
    assert_rows_written(store_con)
    assert_rollup_views_are_direct(store_con)
    # The second follow-up supersedes Compras: the tables' 2023 rows are stale until written again, 2024's stay.
    store.write_workbook(store_con, plan("q2.xlsx", 2, {"Compras": [("1", (3,), 99.0, "USD")]}, "b"))
    assert_rollup_views_are_direct(store_con)
    store.refresh_stale_plans(store_con)
    assert_rollup_views_are_direct(store_con)
    assert_rows_written(store_con)
    assert store_con.execute("SELECT year, unit, currency, amount FROM budget_totals_rows WHERE unit = 'Compras' "
                             "ORDER BY ALL").fetchall() == [
        (2023, "Compras", "USD", 99.0), (2024, "Compras", "DOP", 1000.5), (2024, "Compras", "USD", 300.25)]
    assert store_con.execute("SELECT year, sum(activities) FROM coverage_rows WHERE unit = 'Compras' "
                             "GROUP BY ALL ORDER BY ALL").fetchall() == [(2023, 1), (2024, 3)]


def test_budget_and_coverage_rows_emptied_are_rebuilt_when_sql_changes(tmp_path):
    con = store.connect(tmp_path / "poa.duckdb")
    store.write_workbook(con, plan("q1.xlsx", 1, FIRST, "a"))
    store.refresh_stale_plans(con)
    before = {t: con.execute(f"{v} ORDER BY ALL").fetchall() for t, v in WRITTEN.items()}
    for table in WRITTEN:
        con.execute(f"DELETE FROM {table}")  # whatever a derived table holds, a change of sql/ rebuilds it
    as_written_before(con)
    con.close()
    con = store.connect(tmp_path / "poa.duckdb")
    try:
        assert {t: con.execute(f"{v} ORDER BY ALL").fetchall() for t, v in WRITTEN.items()} == before
        assert_rows_written(con)
        assert_rollup_views_are_direct(con)
    finally:
        con.close()
