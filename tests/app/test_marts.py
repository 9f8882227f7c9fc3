"""The marts the pages read agree with the detail views they sum up, on the test store."""
import pytest


def test_coverage_counts_what_the_schedule_lists(sql):
    by_plan = {(i, y): rest for i, y, *rest in sql(
        "SELECT institution, year, sum(activities), sum(scheduled), sum(scheduled_q1), sum(scheduled_q2), "
        "sum(scheduled_q3), sum(scheduled_q4), sum(with_months), sum(with_months_q1), sum(with_months_q2), "
        "sum(with_months_q3), sum(with_months_q4) FROM v_coverage GROUP BY ALL")}
    expected = {(i, y): rest for i, y, *rest in sql(
        "SELECT institution, year, count(*), count(*) FILTER (WHERE scheduled), "
        + ", ".join(f"count(*) FILTER (WHERE list_contains(quarters, {q}))" for q in (1, 2, 3, 4)) + ", "
        "count(*) FILTER (WHERE month_count > 0), "
        + ", ".join(f"count(*) FILTER (WHERE len(list_filter(months, lambda m: (m - 1) // 3 + 1 = {q})) > 0)"
                    for q in (1, 2, 3, 4))
        + " FROM v_activity_schedule GROUP BY ALL")}
    assert by_plan == expected
    assert any(v[1] for v in expected.values()), "el almacén de prueba debería tener actividades programadas"


def test_activity_plan_lists_the_months_of_the_schedule(sql):
    assert sql("SELECT activity_id, months, planned_q1, planned_q2, planned_q3, planned_q4 FROM v_activity_plan "
               "ORDER BY 1") == sql(
        "SELECT activity_id, months, " + ", ".join(f"list_contains(quarters, {q})" for q in (1, 2, 3, 4))
        + " FROM v_activity_schedule ORDER BY 1")


def test_month_grid_counts_the_activity_months(sql):
    grid = sql("SELECT institution, unit, month, quarter, sum(activities) FROM v_month_grid GROUP BY ALL ORDER BY ALL")
    rows = sql("SELECT institution, unit, month, (month - 1) // 3 + 1, count(*) FROM v_activity_months "
               "GROUP BY ALL ORDER BY ALL")
    assert grid == rows and rows


def test_quarter_results_add_up_to_target_vs_real(sql):
    keys = "institution, year, axis, objective, unit, quarter"
    sums = sql(f"SELECT {keys}, sum(activities), sum(met), sum(behind), sum(pct_sum) / sum(pct_n) "
               f"FROM v_quarter_results GROUP BY ALL ORDER BY ALL")
    table = sql(f"SELECT {keys}, activities, on_track, behind, execution_pct FROM v_target_vs_real ORDER BY ALL")
    assert len(sums) == len(table) and sums
    for got, want in zip(sums, table):
        assert got[:-1] == want[:-1]
        assert got[-1] == pytest.approx(want[-1], nan_ok=True) if want[-1] is not None else got[-1] is None


def test_budget_notes_are_the_activities_with_words_and_no_amount(sql):
    notes = sql("SELECT activity_id FROM v_budget_notes ORDER BY 1")
    assert notes == sql("SELECT activity_id FROM v_activity_index "
                        "WHERE budget_note IS NOT NULL AND budget_amount IS NULL ORDER BY 1")
    assert notes, "el almacén de prueba debería tener presupuestos escritos solo como nota"


def test_execution_bins_hold_the_activities_with_an_execution(sql):
    bins = sql("SELECT status, bin, sum(activities) FROM v_quarter_results WHERE bin IS NOT NULL "
               "GROUP BY ALL ORDER BY ALL")
    expected = sql("SELECT status, least(floor(execution_pct * 10), 19) / 10, count(*) FROM v_quarter_progress "
                   "WHERE execution_pct IS NOT NULL GROUP BY ALL ORDER BY ALL")
    assert bins == expected and bins


def test_explorer_months_are_the_activity_months(sql):
    """v_activities writes each activity's months from its month mask: the same months, in order, as its rows in
    stg_activity_months (None and 0 when it has none)."""
    got = sql("SELECT activity_id, months, month_count FROM v_activities ORDER BY 1")
    expected = sql("SELECT a.activity_id, string_agg(CAST(m.month AS VARCHAR), ',' ORDER BY m.month), count(m.month) "
                   "FROM stg_activities a LEFT JOIN stg_activity_months m USING (activity_id) GROUP BY 1 ORDER BY 1")
    assert got == expected
    assert any(r[2] == 0 for r in got) and any(r[2] >= 10 for r in got), "the samples have both"
