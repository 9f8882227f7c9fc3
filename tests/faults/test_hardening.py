"""What issue 29's probe found, each held: a reader that dies, numbers read wrong, control characters, amounts
no page could format, store faults, readers left behind by a killed loader, hidden sheets."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl.load import sandbox
from tests.faults import hostile
from tests.faults.test_hostile_files import ROOT, load, snapshot
from tests.workbooks import write_workbook

# The loader with the byte scan of etl/safety.py switched off: calamine then meets the far cell itself, and
# aborts the process reading it (a 512 GB allocation): only that reader may die.
WITHOUT_SCAN = (
    "import resource, sys\n"
    "import etl.safety\n"
    "etl.safety._check_extent = lambda zf, info: False\n"
    "etl.safety._check_dimension = lambda name, start: None\n"
    "from etl.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "own = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "print('PEAK_RSS_KB', own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(rc)\n"
)


@pytest.fixture
def empty_store(tmp_path):
    db = tmp_path / "poa.duckdb"
    from etl import store

    store.connect(db).close()
    return db


def test_a_file_that_kills_its_reader_is_rejected_alone(tmp_path, empty_store):
    bad = hostile.far_cell(tmp_path / "celda.xlsx", "con_a1")
    goods = [hostile.template_workbook(tmp_path / f"bueno_{n}.xlsx", activities=2, year=2020 + n) for n in range(3)]
    for files in ([bad, goods[0]], [goods[1], bad, goods[2]]):  # alone, then among others in the reader pool
        proc, elapsed, rss_mb = load(empty_store, *files, runner=WITHOUT_SCAN)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 1, out
        # Rejected by the reader's death; or, read again alone in a fresh interpreter (where the scan is on), by it.
        assert f"✗ celda.xlsx: RECHAZADO — {sandbox.STOPPED}" in out or "✗ celda.xlsx: RECHAZADO — una hoja abarca" in out
        assert "Traceback" not in out and "memory allocation" not in out and "stack backtrace" not in out
        assert out.count(": cargado —") == len(files) - 1
        assert elapsed < 30 and rss_mb < 500, (elapsed, rss_mb)
    con = duckdb.connect(str(empty_store), read_only=True)
    assert con.execute("SELECT count(*) FROM v_activities").fetchone()[0] == 3 * 2
    con.close()


def test_a_full_grid_of_distinct_texts_at_the_limit_stays_within_memory(tmp_path, empty_store):
    """2,000,000 cells (MAX_CELLS), every one a different text: read, and refused for having no POA table."""
    book = hostile.unique_strings(tmp_path / "textos.xlsx", 2000, 1000)
    proc, elapsed, rss_mb = load(empty_store, book)
    assert proc.returncode == 1 and "ninguna tabla POA reconocible" in proc.stdout, proc.stdout + proc.stderr
    assert rss_mb < 500 and elapsed < 30, (rss_mb, elapsed)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] not in "ZX"
    except OSError:
        return False


def test_readers_end_with_a_loader_killed_with_sigkill(tmp_path):
    books = [hostile.template_workbook(tmp_path / f"plan_{n}.xlsx", activities=4000, year=2000 + n)
             for n in range(8)]
    proc = subprocess.Popen([sys.executable, "-m", "etl", "load", "--db", str(tmp_path / "poa.duckdb"),
                             *map(str, books)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    readers: list[int] = []
    while time.monotonic() < deadline and len(readers) < 2:
        readers = [c for c in _children(proc.pid) if _alive(c)]
        time.sleep(0.05)
    assert len(readers) >= 2, "the loader started no reader processes"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    import threading

    drained = threading.Thread(target=proc.stdout.read, daemon=True)  # ends once no reader holds the pipe
    drained.start()
    drained.join(10)
    assert not drained.is_alive(), "the loader's output stayed open after it was killed"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(r) for r in readers):
        time.sleep(0.05)
    assert not [r for r in readers if _alive(r)], "readers outlived the killed loader"


SPELLINGS = [
    # cell as typed, the number every column reads, or None and a warning
    ("−5", -5.0, None), ("(1,000)", -1000.0, None), ("10,000.00 ", 10000.0, None), ("1.5E+3", 1500.0, None),
    ("1e309", None, "no es una cifra finita"), ("NaN", None, "no es una cifra finita"),
    ("INF", None, "no es una cifra finita"), ("1_000", None, "no es una forma de escribir cifras"),
    ("0x10", None, "no es una forma de escribir cifras"),
]


def _numbers_book(path: Path) -> Path:
    from tests.faults.hostile import INSTITUTION

    months = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
    header = (["Eje", "Unidad", "Código", "Actividad", "Meta anual", "Presupuesto"] + months
              + [f"Meta T{q}" for q in range(1, 5)] + [f"Real T{q}" for q in range(1, 5)])
    rows = [["Institución:", INSTITUTION], ["Año:", 2025], [], header]
    for n, (typed, _, _) in enumerate(SPELLINGS):
        rows.append(["Procesos", "Unidad", f"N.{n}", f"Actividad {n}", typed, f"RD$ {typed}"] + [None] * 12
                    + [typed, None, None, None] + [None] * 4)
    return write_workbook(path, {"POA": rows})


def test_one_rule_per_spelling_in_every_column_and_a_warning_for_what_cannot_be_read(tmp_path, empty_store):
    proc, _, _ = load(empty_store, _numbers_book(tmp_path / "cifras.xlsx"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    con = duckdb.connect(str(empty_store), read_only=True)
    rows = dict((code, (target, budget, q1)) for code, target, budget, q1 in con.execute(
        "SELECT a.code, a.annual_target, a.budget_amount, q.target FROM activities a "
        "LEFT JOIN activity_quarters q ON q.activity_id = a.activity_id AND q.quarter = 1").fetchall())
    warned = con.execute("SELECT row, message FROM load_warnings").fetchall()
    con.close()
    for n, (typed, number, problem) in enumerate(SPELLINGS):
        assert rows[f"N.{n}"] == (number, number, number), (typed, rows[f"N.{n}"])
        said = [m for r, m in warned if r == 5 + n and problem and problem in m]
        assert bool(said) == bool(problem), (typed, [m for r, m in warned if r == 5 + n])
        if problem:  # the annual and the quarterly target; the budget cell, «RD$ …», is its own
            assert f"«{typed.strip()}» (2 celdas)" in said[0]


def test_an_implausible_amount_is_warned_and_no_page_fails_to_format_it(tmp_path, monkeypatch):
    from tests.app.test_pages import assert_clean, open_page

    db = tmp_path / "poa.duckdb"
    book = hostile.template_workbook(tmp_path / "grande.xlsx", activities=2)
    wb = openpyxl.load_workbook(book)
    wb.active["F5"] = "RD$10,000,000,000,000,000,000,000,000,000"
    wb.save(book)
    proc, _, _ = load(db, book)
    assert proc.returncode == 0 and "supera el máximo creíble" in proc.stdout, proc.stdout
    monkeypatch.setenv("POA_DB", str(db))
    for page in ("pages/resumen.py", "pages/evolucion.py", "pages/presupuesto.py", "pages/explorador.py",
                 "pages/metas.py", "pages/cronograma.py", "pages/datos.py"):
        at = open_page(page)
        assert_clean(at)
    assert "RD$ 1 × 10^28" in [m.value for m in open_page("pages/presupuesto.py").metric]


def test_control_characters_never_reach_the_store_and_the_excel_export_works(tmp_path, monkeypatch):
    from dashboard import exports, queries
    from dashboard.filters import Filters

    db = tmp_path / "poa.duckdb"
    proc, _, _ = load(db, hostile.control_characters(tmp_path / "control.xlsx"))
    assert proc.returncode == 0, proc.stdout
    con = duckdb.connect(str(db), read_only=True)
    texts = [t for (t,) in con.execute("SELECT activity FROM activities ORDER BY code").fetchall()]
    con.close()
    assert texts[0] == "Actividad 0 fin" and not any(ord(ch) < 32 for t in texts for ch in t)
    monkeypatch.setenv("POA_DB", str(db))
    frame = queries.activities(Filters())
    frame.loc[0, "activity"] = "con\x01control"  # a store written before this check
    book = openpyxl.load_workbook(__import__("io").BytesIO(exports.excel_bytes(frame)))
    assert "concontrol" in [c.value for c in next(book.active.iter_cols(
        min_col=list(frame.columns).index("activity") + 1, max_col=list(frame.columns).index("activity") + 1))]


def test_hidden_sheets_are_not_read_and_the_report_says_so(tmp_path, empty_store):
    proc, _, _ = load(empty_store, hostile.hidden_sheets(tmp_path / "ocultas.xlsx"))
    assert proc.returncode == 0, proc.stdout
    assert "actividades: 2 " in proc.stdout  # the visible table only, not its hidden copies
    assert proc.stdout.count("está oculta en Excel y no se leyó") == 2


# ---- the store ---------------------------------------------------------------------------------------

def _flipped(src: Path, dst: Path) -> Path:
    data = bytearray(src.read_bytes())
    for i in range(300_000, min(len(data), 600_000), 7):
        data[i] ^= 0xFF
    dst.write_bytes(bytes(data))
    return dst


STORE_FAULTS = [
    ("vacio", lambda good, p: (p.write_bytes(b""), p)[1], "no es un almacén del tablero"),
    ("aleatorio", lambda good, p: (p.write_bytes(os.urandom(100_000)), p)[1], "no es un almacén del tablero"),
    ("bytes_cambiados", _flipped, "está dañado"),
]


@pytest.fixture(scope="module")
def good_store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("good")
    proc, _, _ = load(tmp / "poa.duckdb", hostile.template_workbook(tmp / "bueno.xlsx", activities=400))
    assert proc.returncode == 0
    return tmp / "poa.duckdb"


@pytest.mark.parametrize("name, build, says", STORE_FAULTS, ids=[f[0] for f in STORE_FAULTS])
def test_a_store_that_is_not_one_is_named_in_spanish_and_left_alone(tmp_path, good_store, name, build, says,
                                                                   monkeypatch):
    from tests.app.test_pages import open_page

    db = build(good_store, tmp_path / f"{name}.duckdb")
    before = db.read_bytes()
    proc, _, _ = load(db, hostile.template_workbook(tmp_path / "otro.xlsx"))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2 and says in out and "Traceback" not in out and "ocupado" not in out, out
    assert db.read_bytes() == before
    monkeypatch.setenv("POA_DB", str(db))
    at = open_page("pages/resumen.py")
    assert not at.exception, [e.value for e in at.exception]
    from tests.conftest import shown

    assert any(says in shown(e.value) for e in at.error), [e.value for e in at.error]


def test_a_full_disk_during_a_load_is_said_and_the_store_keeps_what_it_had(tmp_path, good_store):
    db = shutil.copy(good_store, tmp_path / "poa.duckdb")
    before = snapshot(Path(db))
    wal = Path(str(db) + ".wal")
    wal.symlink_to("/dev/full")  # every write of the load's log fails with ENOSPC
    try:
        books = [hostile.template_workbook(tmp_path / f"plan_{n}.xlsx", year=2030 + n) for n in range(3)]
        proc, _, _ = load(Path(db), *books)
    finally:
        wal.unlink()
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in out, out
    assert out.count("el disco está lleno") == 3
    assert snapshot(Path(db)) == before


def test_a_read_only_disk_is_said(tmp_path, good_store):
    mount = tmp_path / "solo_lectura"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("montar un disco de solo lectura requiere root y mount")
    try:
        shutil.copy(good_store, mount / "poa.duckdb")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        proc, _, _ = load(mount / "poa.duckdb", hostile.template_workbook(tmp_path / "otro.xlsx"))
        out = proc.stdout + proc.stderr
        assert proc.returncode == 2 and "el disco es de solo lectura" in out and "Traceback" not in out, out
    finally:
        subprocess.run(["umount", str(mount)], check=False)
