"""A load killed with SIGKILL at any point leaves the store as before that workbook, or with it complete.

Two kinds of kill: one that lands, for certain, while the workbook's transaction is open with all its rows
written (tests/faults/held_load.py, the loader with a hook that tells us and holds there), and kills at random
moments.
"""
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from tests.faults import hostile

ROOT = Path(__file__).resolve().parents[2]
BIG = 20_000
INSTITUTION = "Instituto de Pruebas de Caídas"  # made up: these figures are invented
MONTHS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
TABLES = ["source_files", "activities", "activity_months", "activity_quarters", "budget_lines"]


def big_workbook(path: Path, activities: int) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("POA")
    ws.write_row(0, 0, ["Institución:", INSTITUTION])
    ws.write_row(1, 0, ["Año:", 2025])
    ws.write_row(3, 0, ["Eje", "Unidad", "Código", "Actividad", "Meta anual", "Presupuesto"] + MONTHS
                 + [f"Meta T{q}" for q in range(1, 5)] + [f"Real T{q}" for q in range(1, 5)])
    for n in range(activities):
        ws.write_row(4 + n, 0, [f"Eje {n % 3}", f"Unidad {n % 40}", f"A.{n}", f"Actividad número {n}", "1,000",
                                f"RD${n},00"] + ["X" if (n + m) % 4 == 0 else "" for m in range(12)]
                     + [1, 2, 3, 4, 1, "", "", ""])
    wb.close()
    return path


def load(db: Path, path: Path, env: dict | None = None) -> subprocess.Popen:
    held = env and "POA_TEST_TX_SIGNAL" in env
    return subprocess.Popen([sys.executable, "-m", "tests.faults.held_load" if held else "etl", "load", "--db", str(db), str(path)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order: 'as before' means this is equal."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def counts(db: Path) -> dict[str, object]:
    """What a reload does not change: rows per table, and which files are loaded or replaced."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES[1:]}
        sizes["files"] = con.execute(
            "SELECT file_name, status, activities FROM source_files ORDER BY file_id").fetchall()
        sizes["targets"] = con.execute("SELECT count(*) FROM v_target_vs_real").fetchone()[0]
        return sizes
    finally:
        con.close()


def live(sizes: dict) -> dict:
    """The counts without the loads a reload replaced (a kill after COMMIT leaves one to replace)."""
    return {**sizes, "files": [f for f in sizes["files"] if f[1] != "replaced"]}


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crash")
    base = tmp / "base.duckdb"
    small = hostile.template_workbook(tmp / "pequeño.xlsx", activities=4, institution=INSTITUTION)
    proc = load(base, small)
    assert proc.wait(60) == 0, proc.stderr.read().decode()
    big = big_workbook(tmp / "grande.xlsx", BIG)
    full = tmp / "full.duckdb"
    hostile.copy(base, full)
    start = time.monotonic()
    assert load(full, big).wait(300) == 0
    return base, big, counts(base), counts(full), time.monotonic() - start


def kill_inside_the_transaction(db: Path, workbook: Path, signal_file: Path) -> None:
    """Load `workbook` and SIGKILL the loader once it has written every row but not committed."""
    proc = load(db, workbook, {"POA_TEST_TX_SIGNAL": str(signal_file)})
    deadline = time.monotonic() + 120
    while not (signal_file.exists() and signal_file.read_text() == workbook.name + "\n"):
        assert proc.poll() is None, "the loader ended before writing:\n" + proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the loader never reached its transaction"
        time.sleep(0.02)
    assert proc.poll() is None, "the loader committed before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL


def test_sigkill_inside_the_transaction_leaves_the_store_exactly_as_before(tmp_path, setting):
    base, big, before, complete, _ = setting
    db = hostile.copy(base, tmp_path / "poa.duckdb")
    untouched = snapshot(db)
    kill_inside_the_transaction(db, big, tmp_path / "in_transaction")
    assert snapshot(db) == untouched
    # The store opens for writing after the kill, and the same workbook then loads completely.
    assert load(db, big).wait(300) == 0
    assert counts(db) == complete


def test_sigkill_while_replacing_a_workbook_keeps_the_earlier_load(tmp_path, setting):
    """A reload deletes the earlier rows inside the same transaction: killed there, nothing is lost."""
    base = setting[0]
    db = hostile.copy(base, tmp_path / "poa.duckdb")
    untouched = snapshot(db)
    edited = hostile.template_workbook(tmp_path / "pequeño.xlsx", activities=6, institution=INSTITUTION)
    kill_inside_the_transaction(db, edited, tmp_path / "in_transaction")
    assert snapshot(db) == untouched
    assert [r[1:3] for r in counts(db)["files"]] == [("loaded", 4)]
    assert load(db, edited).wait(120) == 0
    assert [r[1:3] for r in counts(db)["files"]] == [("replaced", 4), ("loaded", 6)]
    assert counts(db)["activities"] == 6


def test_the_transaction_signal_waits_for_its_release_and_then_commits(tmp_path, setting):
    """The hook the two tests above rely on fires once per workbook and, released, lets the load finish."""
    base = setting[0]
    db = hostile.copy(base, tmp_path / "poa.duckdb")
    signal_file = tmp_path / "in_transaction"
    workbook = hostile.template_workbook(tmp_path / "otro.xlsx", activities=2, institution=INSTITUTION)
    proc = load(db, workbook, {"POA_TEST_TX_SIGNAL": str(signal_file)})
    deadline = time.monotonic() + 60
    while not signal_file.exists():
        assert time.monotonic() < deadline and proc.poll() is None, "the hook never fired"
        time.sleep(0.02)
    time.sleep(0.5)
    assert proc.poll() is None, "the loader did not wait inside its transaction"
    Path(str(signal_file) + ".release").touch()
    assert proc.wait(60) == 0
    assert signal_file.read_text() == "otro.xlsx\n"
    assert counts(db)["activities"] == 4 + 2


def test_sigkill_at_random_points_never_leaves_half_a_workbook(tmp_path, setting):
    base, big, before, complete, duration = setting
    assert complete["activities"] == before["activities"] + BIG
    assert complete["targets"] > before["targets"]
    rng = random.Random(20261123)
    for attempt in range(4):
        db = hostile.copy(base, tmp_path / f"poa{attempt}.duckdb")
        proc = load(db, big)
        time.sleep(rng.uniform(0.2, duration * 0.95))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        after = counts(db)
        # Which of the two depends on timing; both are correct, anything else is half a workbook.
        assert after in (before, complete), f"kill #{attempt}: store holds {after}"
        # The store opens and a reload after the kill succeeds, with no duplicates.
        assert load(db, big).wait(300) == 0
        assert live(counts(db)) == complete
