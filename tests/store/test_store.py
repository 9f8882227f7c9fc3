import duckdb
import pytest

from etl import contract, store
from etl.store import schema
from etl.model import Activity, BudgetLine, WorkbookData


def workbook(n=2, months=(1, 2), name="plan.xlsx", sha="a" * 64, institution="ARS SEMMA"):
    acts = [
        Activity(activity=f"Actividad {i}", source_sheet="Hoja1", source_row=10 + i, axis="Eje 1",
                 code=f"AO.6.{i}.", target_text="90%", annual_target=90, measure_unit="%",
                 budget_amount=1000.5 * i, currency="DOP", months=set(months),
                 quarters={1: (5, 4), 2: (5, None), 3: (None, None)})
        for i in range(1, n + 1)
    ]
    lines = [BudgetLine("Rubro 1", 250000, "Presupuesto", 3, unit="Finanzas", currency="DOP")]
    return WorkbookData(name, sha, institution, 2023, ["monthly_schedule"], ["Hoja1"], acts, lines)


def snapshot(con):
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("source_files", "activities", "activity_months", "activity_quarters", "budget_lines")}


def count(con, table, where="true"):
    return con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def test_tables_follow_the_contract(store_con):
    # A fresh store's tables, column by column and type by type, as sql/contract.toml declares them.
    for table in contract.models("base"):
        got = [(r[0], r[1]) for r in store_con.execute(f"DESCRIBE {table}").fetchall()]
        assert got == [(c["name"], c["type"]) for c in contract.columns(table)], table


def test_write_keeps_every_number_and_its_source(store_con):
    file_id = store.write_workbook(store_con, workbook(), message="2 actividades")
    a = store_con.execute(
        "SELECT file_id, institution, year, code, target_text, annual_target, measure_unit, budget_amount, "
        "currency, source_sheet, source_row FROM activities WHERE activity = 'Actividad 2'").fetchone()
    assert a == (file_id, "ARS SEMMA", 2023, "AO.6.2.", "90%", 90.0, "%", 2001.0, "DOP", "Hoja1", 12)
    assert count(store_con, "activity_months") == 4
    # Quarter 3 has neither target nor actual: no row.
    assert sorted(store_con.execute("SELECT DISTINCT quarter, target, actual FROM activity_quarters").fetchall(),
                  key=str) == sorted([(1, 5.0, 4.0), (2, 5.0, None)], key=str)
    assert store_con.execute("SELECT item, amount, currency, file_id FROM budget_lines").fetchall() == [
        ("Rubro 1", 250000.0, "DOP", file_id)]
    assert store_con.execute("SELECT status, activities, layout, message FROM source_files").fetchall() == [
        ("loaded", 2, "monthly_schedule", "2 actividades")]


def test_reload_replaces_without_duplicates(store_con):
    first = store.write_workbook(store_con, workbook())
    # Same file name, edited content (new hash), one more activity.
    second = store.write_workbook(store_con, workbook(n=3, months=(4,), sha="b" * 64))
    assert second != first
    assert count(store_con, "activities") == 3
    assert count(store_con, "activities", f"file_id = {first}") == 0
    assert count(store_con, "activity_months") == 3
    assert count(store_con, "activity_quarters") == 6
    assert count(store_con, "budget_lines") == 1
    status = dict(store_con.execute("SELECT file_id, status FROM source_files").fetchall())
    assert status == {first: "replaced", second: "loaded"}
    assert f"n.º {second}" in store_con.execute(
        "SELECT message FROM source_files WHERE file_id = ?", [first]).fetchone()[0]


def test_same_content_under_another_name_replaces_too(store_con):
    store.write_workbook(store_con, workbook())
    store.write_workbook(store_con, workbook(name="copia de plan.xlsx"))
    assert count(store_con, "activities") == 2
    assert count(store_con, "source_files", "status = 'loaded'") == 1


def test_other_files_are_left_alone(store_con):
    store.write_workbook(store_con, workbook())
    store.write_workbook(store_con, workbook(name="otro.xlsx", sha="c" * 64, institution="Tesorería de la Seguridad Social"))
    store.write_workbook(store_con, workbook())
    assert count(store_con, "activities") == 4
    assert count(store_con, "source_files", "status = 'loaded'") == 2
    ids = [r[0] for r in store_con.execute("SELECT activity_id FROM activities").fetchall()]
    assert len(set(ids)) == 4


def test_rejection_adds_one_row_and_changes_nothing_else(store_con):
    store.write_workbook(store_con, workbook())
    before = snapshot(store_con)
    store.record_rejection(store_con, "plan.xlsx", "f" * 64, "el archivo está vacío (0 bytes)")
    after = snapshot(store_con)
    for table in ("activities", "activity_months", "activity_quarters", "budget_lines"):
        assert after[table] == before[table]
    assert after["source_files"][: len(before["source_files"])] == before["source_files"]
    new = store_con.execute(
        "SELECT file_name, status, activities, message FROM source_files WHERE status = 'rejected'").fetchall()
    assert new == [("plan.xlsx", "rejected", 0, "el archivo está vacío (0 bytes)")]
    # The earlier good load of the same name stays loaded.
    assert count(store_con, "source_files", "status = 'loaded'") == 1


def test_failed_write_leaves_the_store_as_it_was(store_con):
    store.write_workbook(store_con, workbook())
    before = snapshot(store_con)
    bad = workbook(n=3, sha="b" * 64)
    bad.activities[-1].months = {12, 13}  # impossible month: fails after the old rows were deleted
    with pytest.raises(duckdb.Error):
        store.write_workbook(store_con, bad)
    assert snapshot(store_con) == before
    # The connection is still usable afterwards.
    store.write_workbook(store_con, workbook(n=1, sha="c" * 64))
    assert count(store_con, "activities") == 1


def test_failed_first_write_leaves_nothing(store_con):
    bad = workbook()
    bad.activities[0].quarters = {5: (1, 1)}
    with pytest.raises(duckdb.Error):
        store.write_workbook(store_con, bad)
    assert all(rows == [] for rows in snapshot(store_con).values())


def test_store_survives_reopening(tmp_path):
    db = tmp_path / "poa.duckdb"
    con = store.connect(db)
    store.write_workbook(con, workbook())
    con.close()
    # Schema creation must be idempotent on an existing store.
    con = store.connect(db)
    assert count(con, "activities") == 2
    con.close()
    ro = store.connect(db, read_only=True)
    assert ro.execute("SELECT count(*) FROM v_activities").fetchone()[0] == 2
    ro.close()


def test_same_name_from_another_institution_or_year_is_another_plan(store_con):
    store.write_workbook(store_con, workbook(name="POA 2024.xlsx"))
    store.write_workbook(store_con, workbook(name="POA 2024.xlsx", sha="b" * 64,
                                             institution="Tesorería de la Seguridad Social"))
    other_year = workbook(name="POA 2024.xlsx", sha="c" * 64)
    other_year.year = 2024
    store.write_workbook(store_con, other_year)
    assert count(store_con, "source_files", "status = 'loaded'") == 3
    assert count(store_con, "activities") == 6


def test_a_store_at_this_schema_opens_without_applying_it_again(tmp_path, monkeypatch):
    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    con = duckdb.connect(str(db))
    con.execute("DROP VIEW v_load_history")  # applying sql/ would create it again
    con.close()
    shown = "SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_load_history'"
    con = store.connect(db)
    assert con.execute(shown).fetchone() == (0,)
    con.close()
    _, texts = schema._schema()
    monkeypatch.setattr(schema, "_schema", lambda: ("otra versión", texts))  # sql/ has changed since
    con = store.connect(db)
    try:
        assert con.execute(shown).fetchone() == (1,)
        assert con.execute("SELECT fingerprint FROM schema_applied").fetchall() == [("otra versión",)]
    finally:
        con.close()
