"""Each broken or hostile workbook is refused quickly, in little memory, with a Spanish message, store unchanged."""
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.faults import hostile

ROOT = Path(__file__).resolve().parents[2]
# Peak RSS of the loader process and of the largest of its reader processes (etl/load/sandbox.py), read from inside
# the loader so that they are its own. The loader's own is VmHWM, its memory's high-water mark: getrusage's
# RUSAGE_SELF keeps, across the exec that started it, the peak of the process that spawned it (a test run of 600 MB).
RUNNER = (
    "import resource, sys\n"
    "from etl.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "own = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "print('PEAK_RSS_KB', own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(rc)\n"
)


def load(db: Path, *paths: Path, runner: str = RUNNER):
    """(process, seconds, peak RSS in MB of the loader or any of its readers, whichever is larger)."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", runner, "load", "--db", str(db), *map(str, paths)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    elapsed = time.monotonic() - start
    own, readers = proc.stdout.rsplit("PEAK_RSS_KB", 1)[1].split()[:2]
    return proc, elapsed, max(int(own), int(readers)) / 1024


def snapshot(db: Path):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("activities", "activity_months", "activity_quarters", "budget_lines")
        } | {"loaded": con.execute(
            "SELECT file_id, file_name, status FROM source_files WHERE status <> 'rejected' ORDER BY 1").fetchall()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("base")
    db = tmp / "poa.duckdb"
    good = hostile.template_workbook(tmp / "bueno.xlsx", activities=5)
    proc, _, _ = load(db, good)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return db


@pytest.fixture
def store(tmp_path, base_store):
    """A store holding one good workbook, fresh for each test."""
    return hostile.copy(base_store, tmp_path / "poa.duckdb")


CASES = [
    ("bomba.xlsx", lambda p: hostile.zip_bomb(p, 400), "bomba zip"),
    ("entidades.xlsx", hostile.entity_bomb, "entidades XML"),
    ("enorme.xlsx", hostile.oversized, "el máximo es 50 MB"),
    ("filas.xlsx", hostile.absurd_dimensions, "1,048,576 filas"),
    ("esquinas.xlsx", hostile.far_corners, "199,000,000 celdas"),
    ("esquinas_sin_dimension.xlsx", lambda p: hostile.far_corners(p, dimension=False), "199,000,000 celdas"),
    ("protegido.xlsx", lambda p: hostile.ole2(p, encrypted=True), "protegido con contraseña"),
    ("antiguo.xlsx", lambda p: hostile.ole2(p, encrypted=False), "guárdelo como .xlsx"),
    ("antiguo.xls", lambda p: hostile.ole2(p, encrypted=False), "guárdelo como .xlsx"),
    ("datos.xlsx", hostile.csv_renamed, "archivo de texto (CSV"),
    ("cortado.xlsx", hostile.truncated, "dañado o incompleto"),
    ("vacio.xlsx", lambda p: (p.write_bytes(b""), p)[1], "vacío"),
    ("gastos.xlsx", hostile.no_header, "ninguna tabla POA reconocible"),
    *[(f"celda_{k}.xlsx", lambda p, k=k: hostile.far_cell(p, k), "17,179,869,184 celdas")
      for k in hostile.FAR_CELL_SPELLINGS if k not in ("dos_referencias", "mayor_en_atributo")],
    ("dos_referencias.xlsx", lambda p: hostile.far_cell(p, "dos_referencias"), "16,384 columnas"),
    ("mayor_en_atributo.xlsx", lambda p: hostile.far_cell(p, "mayor_en_atributo"), "16,384 columnas"),
    ("dentro_de_los_topes.xlsx", hostile.within_caps_grid, "30,000,000 celdas"),
    ("sin_referencias.xlsx", lambda p: hostile.cells_without_reference(p, 3, 1001), "1,001 columnas"),
    ("textos_unicos.xlsx", lambda p: hostile.unique_strings(p, 2001, 1000), "2,001,000 celdas"),
    ("inflado.xlsx", hostile.bad_inflate, "dañado o incompleto"),
    ("anio_1900.xlsx", hostile.year_as_date_serial, "da 1900 como año del plan"),
]


@pytest.mark.parametrize("name,build,says", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused(tmp_path, store, name, build, says):
    before = snapshot(store)
    bad = build(tmp_path / name)
    proc, elapsed, rss_mb = load(store, bad)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert f"✗ {name}: RECHAZADO" in out and says in out, out
    assert "Traceback" not in out
    assert elapsed < 30, f"took {elapsed:.1f} s"
    assert rss_mb < 500, f"peak memory {rss_mb:.0f} MB"
    assert snapshot(store) == before
    con = duckdb.connect(str(store), read_only=True)
    status, message = con.execute(
        "SELECT status, message FROM source_files ORDER BY file_id DESC LIMIT 1").fetchone()
    con.close()
    assert status == "rejected" and says in message


def test_others_in_the_same_call_still_load(tmp_path, store):
    bomb = hostile.entity_bomb(tmp_path / "entidades.xlsx")
    # Another year's plan: the same plan's units would be a newer version of the stored copy, not an addition.
    good = hostile.template_workbook(tmp_path / "otro.xlsx", activities=3, year=2026)
    proc, _, _ = load(store, bomb, good)
    assert proc.returncode == 1
    assert "✓ otro.xlsx: cargado" in proc.stdout
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute("SELECT count(*) FROM v_activities").fetchone()[0] == 5 + 3
    con.close()


def test_xlsm_loads_and_its_macros_are_never_run(tmp_path, store):
    macro = hostile.xlsm_with_macro(tmp_path / "con_macros.xlsm")
    proc, _, _ = load(store, macro)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "✓ con_macros.xlsm: cargado" in proc.stdout


def test_formula_without_cached_value_is_reported(tmp_path, store):
    book = hostile.uncached_formula(tmp_path / "formulas.xlsx")
    proc, _, _ = load(store, book)
    assert proc.returncode == 0
    assert "fórmulas sin valor calculado (F5)" in proc.stdout
