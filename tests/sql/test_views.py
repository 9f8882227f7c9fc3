"""View arithmetic on a hand-made store whose answers are worked out here, by hand."""
import pytest

from etl import contract, store
from etl.model import Activity, BudgetLine, WorkbookData

TSS = "Tesorería de la Seguridad Social"
CAJA = "Caja Mutual de los Empleados del Ministerio de Educación"


def act(name, row, **kw):
    return Activity(activity=name, source_sheet="POA", source_row=row, **kw)


def tss_workbook():
    fin = dict(axis="Eje 1", objective="OE1", unit="Finanzas")
    return WorkbookData(
        file_name="tss.xlsx", sha256="a" * 64, institution=TSS, year=2024,
        layouts=["template"], sheets_read=["POA"],
        activities=[
            act("a1", 10, **fin, months={1, 2, 3}, quarters={1: (10, 12), 2: (10, None)},
                budget_amount=1000, currency="DOP"),
            act("a2", 11, **fin, months={3, 4}, quarters={1: (20, 5)}, budget_amount=500, currency="DOP"),
            act("a3", 12, **fin, budget_note="Contemplado Gestión Operativa"),
            # No axis or objective; a zero target; a budget in dollars in a peso institution.
            act("a4", 14, unit="TI", months={12}, quarters={1: (0, 3)}, budget_amount=200, currency="USD"),
        ],
        budget_lines=[
            BudgetLine("Rubro 1", 300, "Presupuesto", 5, unit="Finanzas", currency="DOP"),
            BudgetLine("Rubro 3", 700, "Presupuesto", 6, unit="Finanzas", currency="DOP"),
            BudgetLine("Rubro 4", 40, "Presupuesto", 7, unit="Finanzas", currency="USD"),
            BudgetLine("Rubro 2", 50, "Presupuesto", 8, currency="USD"),
        ],
    )


def caja_workbook(sha="b" * 64):
    cr = dict(axis="Perspectiva A", objective="OE 1", unit="Créditos")
    return WorkbookData(
        file_name="caja.xlsx", sha256=sha, institution=CAJA, year=2023,
        layouts=["quarterly"], sheets_read=["Seguimiento"],
        activities=[
            act("b1", 20, **cr, quarters={1: (4, 4), 2: (4, None), 3: (4, None)},
                budget_amount=100, currency="USD"),
            act("b2", 21, **cr, months={5}, quarters={2: (10, 3), 4: (None, 2)}),
            act("b3", 22, **cr, quarters={3: (None, None)}),
        ],
        budget_lines=[],
    )


@pytest.fixture
def con(store_con):
    store.write_workbook(store_con, tss_workbook())
    # Loaded twice: the first load becomes 'replaced' and must not count anywhere.
    store.write_workbook(store_con, caja_workbook("c" * 64))
    store.write_workbook(store_con, caja_workbook())
    store.record_rejection(store_con, "roto.xlsx", "d" * 64, "no es un libro .xlsx válido")
    return store_con


def rows(con, sql):
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def by(items, *keys):
    return {tuple(i[k] for k in keys) if len(keys) > 1 else i[keys[0]]: i for i in items}


def test_schedule_coverage(con):
    got = by(rows(con, "SELECT * FROM v_schedule_coverage"), "institution", "axis", "unit")
    assert len(got) == 3
    fin = got[(TSS, "Eje 1", "Finanzas")]
    # a1 and a2 have months, a3 has nothing; months 1, 2, 3, 4.
    assert (fin["year"], fin["activities"], fin["scheduled_activities"], fin["months_with_activity"]) == (2024, 3, 2, 4)
    assert fin["coverage_pct"] == pytest.approx(2 / 3)
    ti = got[(TSS, "(sin eje)", "TI")]
    assert (ti["activities"], ti["scheduled_activities"], ti["coverage_pct"], ti["months_with_activity"]) == (1, 1, 1.0, 1)
    cr = got[(CAJA, "Perspectiva A", "Créditos")]
    # b1 is scheduled by its quarter targets alone, b2 by month 5; b3 has neither.
    assert (cr["year"], cr["activities"], cr["scheduled_activities"], cr["months_with_activity"]) == (2023, 3, 2, 1)
    assert cr["coverage_pct"] == pytest.approx(2 / 3)


def test_schedule_by_month(con):
    got = {(r["institution"], r["axis"], r["unit"], r["month"]): r["activities"]
           for r in rows(con, "SELECT * FROM v_schedule_by_month")}
    assert got == {
        (TSS, "Eje 1", "Finanzas", 1): 1,
        (TSS, "Eje 1", "Finanzas", 2): 1,
        (TSS, "Eje 1", "Finanzas", 3): 2,
        (TSS, "Eje 1", "Finanzas", 4): 1,
        (TSS, "(sin eje)", "TI", 12): 1,
        (CAJA, "Perspectiva A", "Créditos", 5): 1,
    }


def test_quarter_progress(con):
    got = {(r["activity"], r["quarter"]): (r["target"], r["actual"], r["execution_pct"], r["status"])
           for r in rows(con, "SELECT * FROM v_quarter_progress")}
    assert got == {
        ("a1", 1): (10, 12, pytest.approx(1.2), "met"),
        # Nobody in tss.xlsx reported Q2 yet.
        ("a1", 2): (10, None, None, "pending"),
        ("a2", 1): (20, 5, pytest.approx(0.25), "behind"),
        ("a4", 1): (0, 3, None, "no_target"),
        ("b1", 1): (4, 4, pytest.approx(1.0), "met"),
        # b2 reported Q2, so b1's missing actual means nothing was done.
        ("b1", 2): (4, None, pytest.approx(0.0), "behind"),
        ("b1", 3): (4, None, None, "pending"),
        ("b2", 2): (10, 3, pytest.approx(0.3), "behind"),
        ("b2", 4): (None, 2, None, "no_target"),
    }


def test_quarter_progress_carries_filter_columns(con):
    r = rows(con, "SELECT * FROM v_quarter_progress WHERE activity = 'a4'")[0]
    assert (r["institution"], r["year"], r["axis"], r["objective"], r["unit"]) == (
        TSS, 2024, "(sin eje)", "(sin objetivo)", "TI")


def test_target_vs_real(con):
    got = {(r["institution"], r["unit"], r["quarter"]):
           (r["target"], r["actual"], r["execution_pct"], r["activities"], r["on_track"], r["behind"])
           for r in rows(con, "SELECT * FROM v_target_vs_real")}
    assert got == {
        (TSS, "Finanzas", 1): (30, 17, pytest.approx((1.2 + 0.25) / 2), 2, 1, 1),
        (TSS, "Finanzas", 2): (10, None, None, 1, 0, 0),
        (TSS, "TI", 1): (0, 3, None, 1, 0, 0),
        (CAJA, "Créditos", 1): (4, 4, pytest.approx(1.0), 1, 1, 0),
        (CAJA, "Créditos", 2): (14, 3, pytest.approx((0.0 + 0.3) / 2), 2, 0, 2),
        (CAJA, "Créditos", 3): (4, None, None, 1, 0, 0),
        (CAJA, "Créditos", 4): (None, 2, None, 1, 0, 0),
    }


def test_budget_totals_never_add_currencies(con):
    got = {(r["institution"], r["axis"], r["objective"], r["unit"], r["currency"]):
           (r["amount"], r["budgeted_activities"], r["activities"])
           for r in rows(con, "SELECT * FROM v_budget_totals")}
    assert got == {
        (TSS, "Eje 1", "OE1", "Finanzas", "DOP"): (1000 + 500, 2, 3),
        (TSS, "(sin eje)", "(sin objetivo)", "TI", "USD"): (200, 1, 1),
        (TSS, "(sin eje)", "(sin objetivo)", "Finanzas", "DOP"): (300 + 700, 0, 0),
        (TSS, "(sin eje)", "(sin objetivo)", "Finanzas", "USD"): (40, 0, 0),
        (TSS, "(sin eje)", "(sin objetivo)", "(sin unidad)", "USD"): (50, 0, 0),
        (CAJA, "Perspectiva A", "OE 1", "Créditos", "USD"): (100, 1, 3),
    }
    per_currency = dict(con.execute(
        "SELECT currency, sum(amount) FROM v_budget_totals WHERE institution = ? GROUP BY currency",
        [TSS]).fetchall())
    assert per_currency == {"DOP": 2500, "USD": 290}


def test_activities_view(con):
    got = by(rows(con, "SELECT * FROM v_activities"), "activity")
    assert sorted(got) == ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]
    a1 = got["a1"]
    assert (a1["months"], a1["month_count"], a1["file_name"]) == ("1,2,3", 3, "tss.xlsx")
    assert (a1["source_sheet"], a1["source_row"], a1["budget_amount"], a1["currency"]) == ("POA", 10, 1000, "DOP")
    a3 = got["a3"]
    assert (a3["months"], a3["month_count"], a3["budget_amount"]) == (None, 0, None)
    assert a3["budget_note"] == "Contemplado Gestión Operativa"
    assert got["b2"]["institution"] == CAJA and got["b2"]["year"] == 2023
    # The replaced load's rows are gone, not merely hidden.
    assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == 7


def test_load_history(con):
    got = [(r["file_name"], r["status"], r["activities"]) for r in rows(con, "SELECT * FROM v_load_history")]
    assert got == [
        ("roto.xlsx", "rejected", 0),
        ("caja.xlsx", "loaded", 3),
        ("caja.xlsx", "replaced", 3),
        ("tss.xlsx", "loaded", 4),
    ]
    messages = dict((r[0], r[1]) for r in con.execute(
        "SELECT status, message FROM v_load_history WHERE status IN ('rejected', 'replaced')").fetchall())
    assert messages["rejected"] == "no es un libro .xlsx válido"
    assert messages["replaced"].startswith("Reemplazado por la carga")


def test_activity_calendar(con):
    got = {r["activity"]: (r["month_mask"], r["quarter_mask"], r["scheduled"])
           for r in rows(con, "SELECT * FROM v_activity_calendar")}
    assert got == {
        "a1": (0b111, 0b11, True),  # months 1-3 (Q1), and a Q2 target with no month
        "a2": (0b1100, 0b11, True),  # March is Q1, April Q2
        "a3": (0, 0, False),
        "a4": (1 << 11, 0b1000, True),  # December; its zero Q1 target plans nothing
        "b1": (0, 0b111, True),  # a quarterly plan: quarters from targets alone
        "b2": (1 << 4, 0b10, True),  # May is Q2; an actual without a target plans nothing
        "b3": (0, 0, False),
    }
    a4 = rows(con, "SELECT * FROM v_activity_calendar WHERE activity = 'a4'")[0]
    assert (a4["institution"], a4["year"], a4["axis"], a4["objective"], a4["unit"]) == (
        TSS, 2024, "(sin eje)", "(sin objetivo)", "TI")
    # "Planned in Q2", as the dashboard asks it.
    q2 = {r[0] for r in con.execute("SELECT activity FROM v_activity_calendar WHERE quarter_mask & 2 <> 0").fetchall()}
    assert q2 == {"a1", "a2", "b1", "b2"}


def test_activity_schedule_spells_out_the_calendar(con):
    got = {r["activity"]: (r["months"], r["month_count"], r["quarters"], r["scheduled"])
           for r in rows(con, "SELECT * FROM v_activity_schedule")}
    assert got == {
        "a1": ([1, 2, 3], 3, [1, 2], True),
        "a2": ([3, 4], 2, [1, 2], True),
        "a3": ([], 0, [], False),
        "a4": ([12], 1, [4], True),
        "b1": ([], 0, [1, 2, 3], True),
        "b2": ([5], 1, [2], True),
        "b3": ([], 0, [], False),
    }


def test_activity_index(con):
    got = by(rows(con, "SELECT * FROM v_activity_index"), "activity")
    # Loaded files only: the replaced caja.xlsx load and the rejected file add nothing.
    assert sorted(got) == ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]
    caja_id = con.execute("SELECT file_id FROM source_files WHERE file_name = 'caja.xlsx' AND status = 'loaded'"
                          ).fetchone()[0]
    assert {got[b]["file_id"] for b in ("b1", "b2", "b3")} == {caja_id}
    a4 = got["a4"]
    assert (a4["axis"], a4["objective"], a4["unit"]) == (None, None, "TI")
    assert (a4["axis_label"], a4["objective_label"], a4["unit_label"]) == ("(sin eje)", "(sin objetivo)", "TI")
    assert (a4["budget_amount"], a4["currency"], a4["source_sheet"], a4["source_row"], a4["file_name"]) == (
        200, "USD", "POA", 14, "tss.xlsx")
    a1 = got["a1"]
    assert (a1["axis_label"], a1["objective_label"], a1["unit_label"]) == ("Eje 1", "OE1", "Finanzas")
    assert got["a3"]["budget_note"] == "Contemplado Gestión Operativa"
    assert (got["b2"]["institution"], got["b2"]["year"], got["b2"]["source_row"]) == (CAJA, 2023, 21)
    # Rows of a file no longer loaded never show, even if they were kept.
    con.execute("UPDATE source_files SET status = 'replaced' WHERE file_name = 'tss.xlsx'")
    assert {r[0] for r in con.execute("SELECT activity FROM v_activity_index").fetchall()} == {"b1", "b2", "b3"}


@pytest.mark.parametrize("view", contract.models("staging") + contract.models("marts"))
def test_views_are_empty_on_an_empty_store(store_con, view):
    assert store_con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] == 0
