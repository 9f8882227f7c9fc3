"""The names catalog applied: at load, and again over a loaded store with `python -m etl names`."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl import catalog, store
from etl.store import rename
from etl.model import Activity, BudgetLine, WorkbookData
from tests.conftest import cli_load, query

ROOT = Path(__file__).resolve().parents[2]
SEMMA = ROOT / "data" / "samples" / "semma_poa_2023.xlsx"
PERSPECTIVES = {"Financiera", "Clientes", "Procesos Internos", "Aprendizaje y Crecimiento"}


def run(*args, catalog_dir=None):
    """`python -m etl ...` in a child process, with the bundled catalog unless told another."""
    env = {k: v for k, v in os.environ.items() if k != "POA_CATALOG"}
    if catalog_dir:
        env["POA_CATALOG"] = str(catalog_dir)
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def axes(db):
    return {r[0] for r in query(db, "SELECT DISTINCT coalesce(axis, '(sin eje)') FROM activities WHERE institution = 'ARS SEMMA'")}


@pytest.fixture
def old_catalog(tmp_path):
    """The catalog as it was before spellings.csv: institutions only."""
    folder = tmp_path / "old_catalog"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "catalog" / "institutions.csv", folder)
    return folder


def test_load_gives_semma_its_four_perspectives(tmp_path):
    db = tmp_path / "poa.duckdb"
    proc = cli_load(db, SEMMA, env={k: v for k, v in os.environ.items() if k != "POA_CATALOG"})
    assert proc.returncode == 0, proc.stderr
    assert axes(db) <= PERSPECTIVES | {"(sin eje)"}
    assert PERSPECTIVES <= axes(db)


def test_names_rewrites_a_store_loaded_with_an_old_catalog(tmp_path, old_catalog):
    db = tmp_path / "poa.duckdb"
    assert run("load", "--db", db, SEMMA, catalog_dir=old_catalog).returncode == 0
    assert {"Finanzas", "Financiero", "Control Financiero", "Aprendizaje"} <= axes(db)
    before = query(db, "SELECT count(*), max(file_id), min(loaded_at) FROM source_files")
    count = query(db, "SELECT count(*) FROM activities")

    proc = run("names", "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "ARS SEMMA: Eje «Finanzas» → «Financiera»: 50 actividades" in proc.stdout
    assert "ARS SEMMA: Unidad «Dvision de Operaciones» → «División de Operaciones»: 14 actividades" in proc.stdout
    assert axes(db) == PERSPECTIVES | {"(sin eje)"}
    assert query(db, "SELECT count(*) FROM activities WHERE axis = 'Financiera'") == [(72,)]
    # Nothing was read again: same loads, same activities.
    assert query(db, "SELECT count(*), max(file_id), min(loaded_at) FROM source_files") == before
    assert query(db, "SELECT count(*) FROM activities") == count

    again = run("names", "--db", db)
    assert again.returncode == 0 and "nada que cambiar" in again.stdout


def made_up_store(tmp_path, monkeypatch):
    (tmp_path / "institutions.csv").write_text(
        "name,short_name,country,color,aliases\n"
        "Instituto Nacional de Pruebas,INP,SV,,instituto nacional de pruebas|inp\n", encoding="utf-8")
    (tmp_path / "spellings.csv").write_text(
        "kind,institution,spelling,canonical,comment\n"
        "axis,INP,Gestion financiera,Gestión Financiera,\n"
        "unit,,Depto. Compras,Compras,\n", encoding="utf-8")
    monkeypatch.setenv("POA_CATALOG", str(tmp_path))
    con = store.connect(tmp_path / "poa.duckdb")
    store.write_workbook(con, WorkbookData(
        file_name="inp.xlsx", sha256="e" * 64, institution="INP", year=2025, layouts=["template"],
        sheets_read=["POA"], activities=[
            Activity("Comprar", "POA", 3, axis="GESTION FINANCIERA", unit="Depto. Compras",
                     lead_unit="depto compras", quarters={1: (10, 5)}),
            Activity("Pagar", "POA", 4, axis="Gestión Financiera", unit="Tesorería")],
        budget_lines=[BudgetLine("Rubro", 10, "POA", 9, unit="Depto Compras", currency="USD")]))
    return con


def test_names_renames_institutions_axes_and_units_everywhere(tmp_path, monkeypatch):
    con = made_up_store(tmp_path, monkeypatch)
    changes = rename.apply_catalog(con)
    assert "Institución «INP» → «Instituto Nacional de Pruebas»: 1 carga" in changes
    assert "INP: Eje «GESTION FINANCIERA» → «Gestión Financiera»: 1 actividad" in changes
    assert con.execute("SELECT DISTINCT institution FROM source_files UNION SELECT DISTINCT institution "
                       "FROM activities UNION SELECT DISTINCT institution FROM budget_lines").fetchall() \
        == [("Instituto Nacional de Pruebas",)]
    assert con.execute("SELECT axis, unit, lead_unit FROM activities ORDER BY source_row").fetchall() == [
        ("Gestión Financiera", "Compras", "Compras"), ("Gestión Financiera", "Tesorería", None)]
    assert con.execute("SELECT unit FROM budget_lines").fetchall() == [("Compras",)]
    # The rollup follows the new names: Metas vs real and the history add up as the rows they replace.
    from tests.sql.test_derived import assert_history_is_direct, assert_target_vs_real_is_direct
    assert_target_vs_real_is_direct(con)
    assert_history_is_direct(con)
    # So do the search texts: "Compras" is found under its new name, "Depto." no longer.
    for view in ("v_activity_index", "v_quarter_progress"):
        assert con.execute(f"SELECT DISTINCT activity FROM {view} WHERE contains(search_text, 'compras')"
                           ).fetchall() == [("Comprar",)]
        assert con.execute(f"SELECT count(*) FROM {view} WHERE contains(search_text, 'depto')").fetchone() == (0,)
    assert rename.apply_catalog(con) == []
    con.close()


def test_a_failed_rewrite_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    con = made_up_store(tmp_path, monkeypatch)
    real, calls = catalog.canonical, []

    def fails_late(*args, **kw):
        calls.append(args)
        if len(calls) > 2:
            raise RuntimeError("disco lleno")
        return real(*args, **kw)

    monkeypatch.setattr(catalog, "canonical", fails_late)
    before = con.execute("SELECT institution, axis, unit FROM activities ORDER BY source_row").fetchall()
    with pytest.raises(RuntimeError):
        rename.apply_catalog(con)
    assert con.execute("SELECT institution, axis, unit FROM activities ORDER BY source_row").fetchall() == before
    con.close()


def test_names_on_a_busy_or_broken_store_says_so_in_spanish(tmp_path):
    bad = tmp_path / "roto.duckdb"
    bad.write_text("no es una base de datos", encoding="utf-8")
    proc = run("names", "--db", bad)
    assert proc.returncode == 2
    assert "No se pudo abrir el almacén" in proc.stderr and "Traceback" not in proc.stderr


def test_names_tells_which_catalog_rows_it_skipped(tmp_path, old_catalog):
    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    (old_catalog / "spellings.csv").write_text(
        "kind,institution,spelling,canonical,comment\neje,,Finanzas,Financiera,kind in Spanish\n", encoding="utf-8")
    proc = run("names", "--db", db, catalog_dir=old_catalog)
    assert proc.returncode == 0, proc.stderr
    assert "aviso: spellings.csv, fila 2: se omitió" in proc.stderr and "kind «eje»" in proc.stderr
