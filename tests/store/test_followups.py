"""Plans over time, end to end through `python -m etl load` and the views: a later follow-up replaces the
earlier copy of the same units, an older one is kept as history, a file for another unit adds to the plan.

The institution is made up (tests/store/followup_books.py)."""
import duckdb
import pytest

from etl import store
from tests.conftest import cli_load, query, template_row
from tests.store.followup_books import INSTITUTION, followup_book

# (code, text, annual target, quarter targets, actuals from Q1 on)
FIRST = {
    "Comercialización": [("AO.1.1.", "Vender el seguro de vida opcional.", 20, [5, 5, 5, 5], [4]),
                         ("AO.1.2.", "Desarrollar jornadas de suscripción.", 4, [1, 1, 1, 1], [1])],
    "Operaciones": [("AO.2.1.", "Pagar los reclamos en plazo.", 100, [25, 25, 25, 25], [20])],
}
# The 2nd follow-up: Q1 of AO.1.1. corrected from 4 to 6, Q2 reported.
SECOND = {
    "Comercialización": [("AO.1.1.", "Vender el seguro de vida opcional.", 20, [5, 5, 5, 5], [6, 5]),
                         ("AO.1.2.", "Desarrollar jornadas de suscripción.", 4, [1, 1, 1, 1], [1, 0])],
    "Operaciones": [("AO.2.1.", "Pagar los reclamos en plazo.", 100, [25, 25, 25, 25], [20, 30])],
}
# Another unit of the same plan, in its own file, with codes that other units use too.
OTHER_UNIT = {"Recursos Humanos": [("AO.1.1.", "Capacitar al personal.", 8, [2, 2, 2, 2], [2])]}


@pytest.fixture
def books(tmp_path):
    folder = tmp_path / "libros"
    return {
        "first": followup_book(folder / "POA 2023 1er seguimiento.xlsx", 1, FIRST),
        "second": followup_book(folder / "POA 2023 2do seguimiento.xlsx", 2, SECOND, reported=2),
        "hr": followup_book(folder / "POA 2023 Recursos Humanos.xlsx", 1, OTHER_UNIT),
    }


def load(db, *paths):
    run = cli_load(db, *paths)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    return run.stdout


def progress(db):
    return query(db, "SELECT unit, code, quarter, target, actual FROM v_quarter_progress ORDER BY ALL")


def views(db):
    """Everything a user sees of the plan, without load numbers."""
    return {
        "progress": progress(db),
        "target_vs_real": query(db, "SELECT * FROM v_target_vs_real ORDER BY ALL"),
        "history": query(db, "SELECT * EXCLUDE (is_current) FROM v_execution_history ORDER BY ALL"),
        "current": query(db, "SELECT unit, followup, quarter FROM v_execution_history WHERE is_current ORDER BY ALL"),
        "restated": query(db, "SELECT * FROM v_restated_actuals ORDER BY ALL"),
        "activities": query(db, "SELECT count(*) FROM v_activities"),
    }


EXPECTED_PROGRESS = sorted([
    ("Comercialización", "AO.1.1.", 1, 5, 6), ("Comercialización", "AO.1.1.", 2, 5, 5),
    ("Comercialización", "AO.1.1.", 3, 5, None), ("Comercialización", "AO.1.1.", 4, 5, None),
    ("Comercialización", "AO.1.2.", 1, 1, 1), ("Comercialización", "AO.1.2.", 2, 1, 0),
    ("Comercialización", "AO.1.2.", 3, 1, None), ("Comercialización", "AO.1.2.", 4, 1, None),
    ("Operaciones", "AO.2.1.", 1, 25, 20), ("Operaciones", "AO.2.1.", 2, 25, 30),
    ("Operaciones", "AO.2.1.", 3, 25, None), ("Operaciones", "AO.2.1.", 4, 25, None),
], key=str)


def check_one_current_copy(db):
    assert sorted(progress(db), key=str) == EXPECTED_PROGRESS
    assert query(db, "SELECT count(*) FROM v_activities") == [(3,)]
    # Q1 targets are not doubled: one copy of each action counts.
    assert query(db, "SELECT unit, target, actual FROM v_target_vs_real WHERE quarter = 1 ORDER BY unit") == [
        ("Comercialización", 6, 7), ("Operaciones", 25, 20)]


def check_history(db):
    rows = query(db, "SELECT unit, followup, quarter, activities, execution_pct, is_current "
                     "FROM v_execution_history WHERE quarter <= 2 ORDER BY ALL")
    assert rows == [
        # At the 1st follow-up Q1 was 4/5 and 1/1; Q2 not reported yet.
        ("Comercialización", 1, 1, 2, pytest.approx((4 / 5 + 1) / 2), False),
        ("Comercialización", 1, 2, 2, None, False),
        ("Comercialización", 2, 1, 2, pytest.approx((6 / 5 + 1) / 2), True),
        ("Comercialización", 2, 2, 2, pytest.approx((5 / 5 + 0) / 2), True),
        ("Operaciones", 1, 1, 1, pytest.approx(20 / 25), False),
        ("Operaciones", 1, 2, 1, None, False),
        ("Operaciones", 2, 1, 1, pytest.approx(20 / 25), True),
        ("Operaciones", 2, 2, 1, pytest.approx(30 / 25), True),
    ]
    assert query(db, "SELECT * FROM v_restated_actuals") == [
        (INSTITUTION, 2023, "Comercialización", "AO.1.1.", "Vender el seguro de vida opcional.", 1, 4, 6, 1, 2)]


def test_second_followup_replaces_the_first(tmp_path, books):
    db = tmp_path / "poa.duckdb"
    load(db, books["first"])
    out = load(db, books["second"])
    assert "es el 2do seguimiento del plan" in out
    assert "reemplaza el 1er seguimiento para Comercialización y Operaciones" in out
    check_one_current_copy(db)
    check_history(db)
    # The Datos page shows it: the load's message keeps what it replaced.
    assert query(db, "SELECT file_name, status FROM v_load_history ORDER BY file_id") == [
        ("POA 2023 1er seguimiento.xlsx", "loaded"), ("POA 2023 2do seguimiento.xlsx", "loaded")]
    message = query(db, "SELECT message FROM v_load_history WHERE file_name LIKE '%2do%'")[0][0]
    assert message.startswith("reemplaza el 1er seguimiento para Comercialización y Operaciones")


def test_first_followup_loaded_after_the_second_is_history(tmp_path, books):
    db = tmp_path / "poa.duckdb"
    load(db, books["second"])
    out = load(db, books["first"])
    assert ("más antiguo que el 2do seguimiento ya cargado para Comercialización y Operaciones: "
            "se guardó solo como historial") in out
    check_one_current_copy(db)
    check_history(db)


@pytest.mark.slow  # 3.5-6 s of CLI loads
def test_another_unit_is_added_and_reloads_change_nothing(tmp_path, books):
    db = tmp_path / "poa.duckdb"
    load(db, books["first"])
    load(db, books["second"])
    out = load(db, books["hr"])
    assert "añade Recursos Humanos al plan" in out
    assert "reemplaza" not in out
    hr = [("Recursos Humanos", "AO.1.1.", q, 2, 2 if q == 1 else None) for q in range(1, 5)]
    assert sorted(progress(db), key=str) == sorted(EXPECTED_PROGRESS + hr, key=str)
    before = views(db)
    for name in ("first", "second", "hr"):
        out = load(db, books[name])
        assert views(db) == before, name
        assert "añade" not in out and "reemplaza" not in out, name  # the same file again is nothing new
    # All three at once, in any order, give the same plan.
    other = tmp_path / "otro.duckdb"
    load(other, books["hr"], books["second"], books["first"])
    assert views(other) == before


def test_partial_supersession_keeps_the_other_unit(tmp_path, books):
    db = tmp_path / "poa.duckdb"
    load(db, books["first"])
    only_sales = {"Comercialización": SECOND["Comercialización"]}
    out = load(db, followup_book(tmp_path / "Comercialización 2do seguimiento.xlsx", 2, only_sales, reported=2))
    assert "reemplaza el 1er seguimiento para Comercialización (de «POA 2023 1er seguimiento.xlsx»)" in out
    got = {(u, c, q): a for u, c, q, _, a in progress(db)}
    assert got[("Comercialización", "AO.1.1.", 1)] == 6
    assert got[("Comercialización", "AO.1.1.", 2)] == 5
    # Operaciones was only in the 1st follow-up: it stays, once.
    assert got[("Operaciones", "AO.2.1.", 1)] == 20
    assert query(db, "SELECT unit, count(*) FROM v_activities GROUP BY unit ORDER BY unit") == [
        ("Comercialización", 2), ("Operaciones", 1)]




def test_template_layout_followups(tmp_path, template_book):
    def book(name, actuals):
        return template_book(name, institution=INSTITUTION, year=2023, rows=[
            template_row("Elaborar el informe de gestión", code="1.1", target=4, quarters=[1, 1, 1, 1],
                         actuals=actuals),
            template_row("Actualizar el manual", code="1.2", target=1, quarters=[None, 1, None, None]),
        ])
    db = tmp_path / "poa.duckdb"
    load(db, book("POA 2023 2do seguimiento.xlsx", [2, 1, None, None]))
    out = load(db, book("POA 2023 1er seguimiento.xlsx", [1, None, None, None]))
    assert "se guardó solo como historial" in out
    assert query(db, "SELECT code, quarter, actual FROM v_quarter_progress WHERE actual IS NOT NULL ORDER BY ALL") \
        == [("1.1", 1, 2), ("1.1", 2, 1)]
    assert query(db, "SELECT * EXCLUDE (institution, year) FROM v_restated_actuals") == [
        ("Finanzas", "1.1", "Elaborar el informe de gestión", 1, 1, 2, 1, 2)]


# The writer alone, on hand-made workbooks: the rules that decide what is one unit's new version.

def workbook(name, followup, units, sha=None):
    from etl.model import Activity, WorkbookData
    acts = [Activity(activity=text, source_sheet="S", source_row=10 + i, unit=unit, code=code,
                     quarters={1: (5, actual)})
            for unit, actions in units.items() for i, (code, text, actual) in enumerate(actions)]
    return WorkbookData(name, sha or name.ljust(64, "0"), INSTITUTION, 2023, ["quarterly_followup"], ["S"],
                        acts, [], followup=followup)


def current(con):
    return con.execute("SELECT unit, code, activity, file_name FROM stg_activities ORDER BY ALL").fetchall()


def test_a_unit_sending_the_same_file_name_each_quarter_keeps_history(store_con):
    units = {"Compras": [("1", "Comprar", 5)]}
    store.write_workbook(store_con, workbook("Compras.xlsx", 1, units, sha="a" * 64))
    data = workbook("Compras.xlsx", 2, {"Compras": [("1", "Comprar", 6)]}, sha="b" * 64)
    store.write_workbook(store_con, data)
    assert data.plan_changes == ["reemplaza el 1er seguimiento para Compras (de «Compras.xlsx»)"]
    assert store_con.execute("SELECT status FROM source_files ORDER BY file_id").fetchall() == [
        ("loaded",), ("loaded",)]
    assert store_con.execute("SELECT actual FROM v_quarter_progress").fetchall() == [(6,)]
    # The same name and the same follow-up is an edited copy: it replaces the file outright.
    store.write_workbook(store_con, workbook("Compras.xlsx", 2, {"Compras": [("1", "Comprar", 7)]}, sha="c" * 64))
    assert store_con.execute("SELECT status FROM source_files ORDER BY file_id").fetchall() == [
        ("loaded",), ("replaced",), ("loaded",)]
    assert store_con.execute("SELECT actual FROM v_quarter_progress").fetchall() == [(7,)]


def test_largely_the_same_activities(store_con):
    old = {"Compras": [("1", "Comprar papel", 1), ("2", "Comprar tinta", 1), ("3", "Pagar", 1), ("4", "Archivar", 1)]}
    store.write_workbook(store_con, workbook("a.xlsx", 1, old))
    # Half of the smaller side, by code or by text (codes renumbered, text kept): the same unit's plan.
    half = {"Compras": [("9", "comprar  PAPEL", 2), ("4", "Otra cosa", 2), ("7", "Nueva", 2), ("8", "Nueva 2", 2)]}
    store.write_workbook(store_con, workbook("b.xlsx", 2, half))
    assert {r[3] for r in current(store_con)} == {"b.xlsx"}
    # Less than half in common: another plan of the same unit, kept beside it.
    other = {"Compras": [("1", "Comprar papel", 3), ("20", "Licitar", 3), ("21", "Evaluar", 3)]}
    data = workbook("c.xlsx", 3, other)
    store.write_workbook(store_con, data)
    assert {r[3] for r in current(store_con)} == {"b.xlsx", "c.xlsx"}
    assert data.plan_changes == ["añade Compras al plan"]


def test_same_followup_or_none_stated_the_later_load_wins(store_con):
    units = {"Compras": [("1", "Comprar", 5)]}
    store.write_workbook(store_con, workbook("a.xlsx", 2, units))
    store.write_workbook(store_con, workbook("b.xlsx", 2, units))
    assert {r[3] for r in current(store_con)} == {"b.xlsx"}
    store.write_workbook(store_con, workbook("c.xlsx", None, units))
    assert {r[3] for r in current(store_con)} == {"c.xlsx"}
    store.write_workbook(store_con, workbook("d.xlsx", 1, units))
    assert {r[3] for r in current(store_con)} == {"d.xlsx"}


def test_a_failed_write_leaves_the_plan_as_it_was(store_con):
    store.write_workbook(store_con, workbook("a.xlsx", 1, {"Compras": [("1", "Comprar", 5)]}))
    before = store_con.execute("SELECT * FROM plan_versions ORDER BY ALL").fetchall()
    # Fails writing its own version row, after it has superseded the earlier copy.
    bad = workbook("b.xlsx", 5, {"Compras": [("1", "Comprar", 6)]})
    with pytest.raises(duckdb.Error):
        store.write_workbook(store_con, bad)
    assert store_con.execute("SELECT * FROM plan_versions ORDER BY ALL").fetchall() == before
    assert {r[3] for r in current(store_con)} == {"a.xlsx"}


def test_budget_lines_of_a_superseded_load_do_not_count(tmp_path, template_book):
    budget = {"Presupuesto": [["Centro de Costo", "Rubro", "Monto"], ["Finanzas", "Materiales", "RD$ 1,000.00"]]}

    def book(name, actuals):
        return template_book(name, institution=INSTITUTION, year=2023, extra_sheets=budget, rows=[
            template_row("Elaborar el informe de gestión", code="1.1", target=4, quarters=[1, 1, 1, 1],
                         actuals=actuals)])
    first = book("POA 2023 1er seguimiento.xlsx", [1, None, None, None])
    second = book("POA 2023 2do seguimiento.xlsx", [1, 1, None, None])
    lines = "SELECT file_name, amount, currency FROM v_budget_lines"
    totals = "SELECT currency, amount FROM v_budget_totals WHERE source = 'budget_lines'"
    for order in ([first, second], [second, first]):  # superseded, then stored as history only
        db = tmp_path / f"{order[0].stem}.duckdb"
        load(db, *order)
        assert query(db, lines) == [("POA 2023 2do seguimiento.xlsx", 1000, "DOP")], order
        assert query(db, totals) == [("DOP", 1000)], order


def test_datos_counts_each_current_activity_once(tmp_path, books, monkeypatch):
    from tests.app.test_pages import open_page
    db = tmp_path / "poa.duckdb"
    load(db, books["first"], books["second"])
    assert query(db, "SELECT sum(activities) FROM v_load_history WHERE status = 'loaded'") == [(6,)]
    monkeypatch.setenv("POA_DB", str(db))
    at = open_page("pages/datos.py")
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Actividades"] == "3"


def test_a_renamed_unit_keeps_its_history(store_con):
    """`etl names` renames units in activities; etl/store/rename.py must call plans.rename_unit for the copies."""
    from etl.store import derived, plans
    store.write_workbook(store_con, workbook("a.xlsx", 1, {"Compras": [("1", "Comprar", 4)]}))
    store.write_workbook(store_con, workbook("b.xlsx", 2, {"Compras": [("1", "Comprar", 6)]}))
    store_con.execute("UPDATE activities SET unit = 'Dpto. de Compras' WHERE unit = 'Compras'")
    plans.rename_unit(store_con, INSTITUTION, "Compras", "Dpto. de Compras")
    derived.rebuild(store_con)  # as etl/store/rename.py does after renaming
    assert current(store_con) == [("Dpto. de Compras", "1", "Comprar", "b.xlsx")]
    from tests.sql.test_derived import assert_history_is_direct, assert_target_vs_real_is_direct
    assert_history_is_direct(store_con)
    assert_target_vs_real_is_direct(store_con)
    assert store_con.execute("SELECT unit, followup, actual, is_current FROM v_execution_history "
                             "ORDER BY followup").fetchall() == [
        ("Dpto. de Compras", 1, 4, False), ("Dpto. de Compras", 2, 6, True)]


def test_two_units_made_one_keep_one_copy(store_con):
    from etl.store import plans
    store.write_workbook(store_con, workbook("a.xlsx", 1, {"Compras": [("1", "Comprar", 4)],
                                                           "Adquisiciones": [("2", "Licitar", 1)]}))
    store_con.execute("UPDATE activities SET unit = 'Compras' WHERE unit = 'Adquisiciones'")
    plans.rename_unit(store_con, INSTITUTION, "Adquisiciones", "Compras")
    assert store_con.execute("SELECT unit, count(*) FROM plan_versions GROUP BY unit").fetchall() == [("Compras", 1)]
    assert [r[1] for r in current(store_con)] == ["1", "2"]  # each activity once
