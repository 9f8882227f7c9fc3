"""`python -m etl load --perfil NOMBRE` reads every workbook by a saved profile, in the reader processes;
`python -m etl perfiles` lists the saved profiles and the files that cannot be read; the report says what the
reader understood of each loaded workbook."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from etl import profiles
from tests.conftest import query
from tests.workbooks import write_workbook

ROOT = Path(__file__).resolve().parents[2]
INSTITUTION = "Instituto de Perfiles de Prueba"  # made up
HEADERS = ["Qué se hará", "Quién", "Cuánto", "T1 plan"]


def run_cli(*args, db, folder):
    proc = subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, capture_output=True,
                          timeout=120, text=True,
                          env={"PATH": "/usr/bin:/bin", "POA_DB": str(db), "POA_PROFILES": str(folder)})
    return proc.returncode, proc.stdout, proc.stderr


def book(path, rows):
    return write_workbook(path, {"Plan": [["Institución:", INSTITUTION], ["Año:", 2025], [], HEADERS, *rows]})


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("POA_PROFILES", str(tmp_path / "perfiles"))
    return tmp_path / "perfiles"


def test_no_profiles_saved(tmp_path, folder):
    rc, out, err = run_cli("perfiles", db=tmp_path / "poa.duckdb", folder=folder)
    assert rc == 0, err
    assert out.startswith("No hay perfiles guardados en ")


def test_profiles_are_listed_with_their_columns_and_the_broken_files(tmp_path, folder):
    profiles.save("Mapeo de prueba", {"Qué se hará": "activity", "Quién": "unit", "T1 plan": "target:q1",
                                       "Mes 5": "mark:m5"},
                  label="plan.xlsx (hoja «Plan»)", institution=INSTITUTION, saved_by="ana@ejemplo.org")
    (folder / "roto.toml").write_text("name = [", encoding="utf-8")
    rc, out, err = run_cli("perfiles", db=tmp_path / "poa.duckdb", folder=folder)
    assert rc == 1, err
    lines = out.splitlines()
    assert lines[0] == "mapeo-de-prueba — plan.xlsx (hoja «Plan»)"
    assert f"    institución: {INSTITUTION}" in lines
    assert any(line.startswith("    guardado el ") and line.endswith(" por ana@ejemplo.org") for line in lines)
    assert "        «que se hara» → actividad" in lines
    assert "        «quien» → unidad" in lines
    assert "        «t1 plan» → T1 meta" in lines
    assert "        «mes 5» → mes 5 marca" in lines
    assert "1 perfil no se puede leer (no se usan):" in lines
    assert any(line.startswith("    ✗ el perfil roto.toml no se puede leer") for line in lines)


def test_perfil_is_read_by_in_the_reader_processes(tmp_path, folder):
    """Two saved profiles fit the headers; by itself the reader takes the first by name, --perfil the one named,
    for every file (two files: read in a pool of reader processes)."""
    profiles.save("a-unidad", {"Qué se hará": "activity", "Quién": "unit", "T1 plan": "target:q1"})
    profiles.save("b-responsable", {"Qué se hará": "activity", "Quién": "responsible", "Cuánto": "budget"})
    db = tmp_path / "poa.duckdb"
    books = [book(tmp_path / f"plan_{n}.xlsx", [[f"Actividad {n}", "Finanzas", 100 * n, n]]) for n in (1, 2)]
    rc, out, err = run_cli("load", "--db", db, "--perfil", "b-responsable", *books, db=db, folder=folder)
    assert rc == 0, out + err
    assert out.count("leído: Hoja «Plan»: perfil «b-responsable», encabezado en fila 4: actividad = Qué se hará; "
                     "responsable = Quién; presupuesto = Cuánto; columnas sin usar: «T1 plan»") == 2
    assert query(db, "SELECT activity, unit, responsible, budget_amount FROM activities ORDER BY activity") == [
        ("Actividad 1", None, "Finanzas", 100.0), ("Actividad 2", None, "Finanzas", 200.0)]
    # Without --perfil, the first profile whose headers are all there.
    rc, out, err = run_cli("load", "--db", db, books[0], db=db, folder=folder)
    assert rc == 0, out + err
    assert "perfil «a-unidad»" in out


def test_an_unknown_perfil_is_bad_usage(tmp_path, folder):
    profiles.save("a-unidad", {"Qué se hará": "activity", "Quién": "unit"})
    db = tmp_path / "poa.duckdb"
    rc, out, err = run_cli("load", "--db", db, "--perfil", "otro", book(tmp_path / "p.xlsx", [["A", "B", 1, 1]]),
                           db=db, folder=folder)
    assert rc == 2
    assert "--perfil: no hay un perfil «otro» (perfiles guardados: a-unidad)" in err
    assert not db.exists()


def test_a_workbook_without_the_profiles_headers_is_rejected(tmp_path, folder):
    profiles.save("otro-libro", {"Tarea": "activity", "Dependencia": "unit"})
    db = tmp_path / "poa.duckdb"
    rc, out, err = run_cli("load", "--db", db, "--perfil", "otro-libro", book(tmp_path / "p.xlsx", [["A", "B", 1, 1]]),
                           db=db, folder=folder)
    assert rc == 1
    assert "RECHAZADO — ninguna hoja tiene los encabezados del perfil «otro-libro»" in out


def test_the_help_names_perfil_and_perfiles_in_spanish(tmp_path, folder):
    rc, out, _ = run_cli("load", "--help", db=tmp_path / "poa.duckdb", folder=folder)
    assert rc == 0 and "--perfil NOMBRE" in out and "perfil guardado" in out
    rc, out, _ = run_cli("--help", db=tmp_path / "poa.duckdb", folder=folder)
    assert "perfiles" in out and "lista los perfiles de lectura guardados" in out
