"""Honest totals and year over year, on a hand-made store of made-up institutions; answers worked out here."""
import pytest

from etl import store
from etl.model import Activity, BudgetLine, WorkbookData

NORTE = "Instituto de Prueba Norte"
FONDO = "Fondo de Ensayo"
GROUP = dict(axis="Eje A", objective="OE1", unit="Créditos")


def act(name, row, **kw):
    return Activity(activity=name, source_sheet="POA", source_row=row, **kw)


def book(institution, year, activities, budget_lines=(), sha="a"):
    return WorkbookData(
        file_name=f"{institution} {year}.xlsx", sha256=sha * 64, institution=institution, year=year,
        layouts=["template"], sheets_read=["POA"], activities=activities, budget_lines=list(budget_lines))


def norte_2022():
    # Loans in US$ next to a count of meetings: one group, two units of measure.
    return book(NORTE, 2022, [
        act("Préstamos colocados", 10, **GROUP, measure_unit="US$", months={1, 2},
            quarters={1: (1000, 800), 2: (1000, None)}, budget_amount=500, currency="USD"),
        act("Reuniones de comité", 11, **GROUP, quarters={1: (4, 4), 2: (4, 2)},
            budget_amount=100, currency="DOP"),
        act("Manual sin fecha", 12, **GROUP),
    ], [BudgetLine("Rubro 1", 50, "Presupuesto", 5, unit="Créditos", currency="USD")], sha="a")


def norte_2023():
    return book(NORTE, 2023, [
        act("Préstamos a docentes", 20, **GROUP, measure_unit="US$", quarters={1: (100, 50), 3: (100, None)}),
        act("Préstamos a jubilados", 21, **GROUP, measure_unit="US$", quarters={1: (300, 300)}),
        act("Boletines", 22, axis="Eje A", objective="OE1", unit="Comunicación", quarters={1: (2, None)}),
    ], sha="b")


def fondo_2023():
    return book(FONDO, 2023, [act("Inventario", 30, unit="Archivo", months={3})], sha="c")


@pytest.fixture
def con(store_con):
    for data in (norte_2022(), norte_2023(), fondo_2023()):
        store.write_workbook(store_con, data)
    return store_con


def rows(con, sql, params=None):
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def test_quarter_progress_tells_each_activity_measure_unit(con):
    cur = con.execute("SELECT * FROM v_quarter_progress")
    # appended, then search_text: the columns before them keep their places
    assert [d[0] for d in cur.description][-2:] == ["measure_unit", "search_text"]
    got = {(r["activity"], r["quarter"]): r["measure_unit"]
           for r in rows(con, "SELECT * FROM v_quarter_progress WHERE year = 2022")}
    assert got == {("Préstamos colocados", 1): "US$", ("Préstamos colocados", 2): "US$",
                   ("Reuniones de comité", 1): None, ("Reuniones de comité", 2): None}


def test_target_vs_real_keeps_its_columns_and_adds_new_ones_at_the_end(con):
    cur = con.execute("SELECT * FROM v_target_vs_real")
    assert [d[0] for d in cur.description] == [
        "institution", "year", "axis", "objective", "unit", "quarter", "target", "actual", "execution_pct",
        "activities", "on_track", "behind",
        "measure_unit", "units_of_measure", "mixed_units", "execution_min", "execution_max"]


def test_dollars_and_counts_are_never_added(con):
    got = {r["quarter"]: r for r in rows(con, "SELECT * FROM v_target_vs_real WHERE year = 2022")}
    q1, q2 = got[1], got[2]
    # 1,000 US$ + 4 meetings would be 1,004 of nothing.
    assert (q1["target"], q1["actual"], q1["measure_unit"]) == (None, None, None)
    assert (q1["mixed_units"], q1["units_of_measure"], q1["activities"]) == (True, 2, 2)
    # Counts, % executed and the spread still say how the group is doing.
    assert q1["execution_pct"] == pytest.approx((0.8 + 1.0) / 2)
    assert (q1["execution_min"], q1["execution_max"]) == (pytest.approx(0.8), pytest.approx(1.0))
    assert (q1["on_track"], q1["behind"]) == (1, 1)
    assert (q2["target"], q2["actual"], q2["execution_pct"]) == (None, None, pytest.approx((0 + 0.5) / 2))


def test_one_unit_of_measure_is_summed(con):
    got = {r["unit"]: r for r in rows(con, "SELECT * FROM v_target_vs_real WHERE year = 2023 AND quarter = 1")}
    loans, bulletins = got["Créditos"], got["Comunicación"]
    assert (loans["target"], loans["actual"], loans["measure_unit"]) == (400, 350, "US$")
    assert (loans["mixed_units"], loans["units_of_measure"]) == (False, 1)
    assert loans["execution_pct"] == pytest.approx((0.5 + 1.0) / 2)
    # No unit of measure is a unit of its own: plain counts add up with each other.
    assert (bulletins["target"], bulletins["actual"]) == (2, None)
    assert (bulletins["measure_unit"], bulletins["mixed_units"]) == ("(sin unidad de medida)", False)


def test_no_row_anywhere_adds_two_units(con):
    assert con.execute("SELECT count(*) FROM v_target_vs_real "
                       "WHERE units_of_measure > 1 AND (target IS NOT NULL OR actual IS NOT NULL)").fetchone()[0] == 0


def test_plan_comparison_puts_years_side_by_side(con):
    got = {(r["institution"], r["year"]): r for r in rows(con, "SELECT * FROM v_plan_comparison")}
    assert set(got) == {(NORTE, 2022), (NORTE, 2023), (FONDO, 2023)}
    old, new, fondo = got[(NORTE, 2022)], got[(NORTE, 2023)], got[(FONDO, 2023)]
    # 2022: the manual has neither months nor a quarter target.
    assert (old["activities"], old["scheduled_activities"]) == (3, 2)
    assert old["coverage_pct"] == pytest.approx(2 / 3)
    # Q2 is the latest with an actual: loans not reported (0 of 1,000), meetings 2 of 4.
    assert (old["quarters_reported"], old["latest_quarter"]) == (2, 2)
    assert old["execution_pct"] == pytest.approx((0 + 0.5) / 2)
    assert (old["measured_activities"], old["on_track"], old["behind"]) == (2, 0, 2)
    # 2023: Q1 only (Q3 has a target, no actual yet); the bulletins gave no actual in a reported quarter, so they count as 0.
    assert (new["activities"], new["scheduled_activities"], new["coverage_pct"]) == (3, 3, 1.0)
    assert (new["quarters_reported"], new["latest_quarter"]) == (1, 1)
    assert new["execution_pct"] == pytest.approx((0.5 + 1.0 + 0) / 3)
    assert (new["measured_activities"], new["on_track"], new["behind"]) == (3, 1, 2)
    assert (new["axes"], new["units"]) == (1, 2)
    # A plan without quarter figures: nothing reported, nothing made up.
    assert (fondo["quarters_reported"], fondo["latest_quarter"], fondo["execution_pct"]) == (0, None, None)
    assert (fondo["measured_activities"], fondo["behind"], fondo["axes"]) == (0, 0, 0)


def test_plan_budget_keeps_each_currency_apart(con):
    got = {(r["institution"], r["year"], r["currency"]): (r["amount"], r["budgeted_activities"])
           for r in rows(con, "SELECT * FROM v_plan_budget")}
    assert got == {(NORTE, 2022, "USD"): (500 + 50, 1), (NORTE, 2022, "DOP"): (100, 1)}


def test_a_replaced_load_is_not_compared(con):
    store.write_workbook(con, book(NORTE, 2023, norte_2023().activities[:1], sha="d"))
    row = rows(con, "SELECT * FROM v_plan_comparison WHERE institution = ? AND year = 2023", [NORTE])
    # Same file name, institution and year: the new load replaces the old one.
    assert [(r["activities"], r["execution_pct"]) for r in row] == [(1, pytest.approx(0.5))]
