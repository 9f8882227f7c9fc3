"""The ETL end to end against two baselines, each in its own process so memory and start-up count alike."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent

PANDAS = """
import sys, warnings
from pathlib import Path
import pandas as pd
warnings.simplefilter("ignore")
rows = 0
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    rows += sum(len(df) for df in pd.read_excel(path, sheet_name=None, engine="openpyxl").values())
print(rows)
"""

CALAMINE = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
cells = 0
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        cells += sum(len(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
print(cells)
"""


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str


def run(args: list[str], cwd: Path = ROOT) -> Run:
    """Wall time and peak RSS of one child process (getrusage of that child alone, via wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, out)


def etl_load(folder: Path, db: Path) -> Run:
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    return run([sys.executable, "-m", "etl", "load", "--db", str(db), str(folder)])


def check_counts(db: Path, planned) -> dict:
    """Every generated file loaded, with exactly the activities the generator wrote."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = dict(con.execute(
            "SELECT file_name, activities FROM source_files WHERE status = 'loaded'").fetchall())
        rejected = con.execute(
            "SELECT file_name, message FROM source_files WHERE status = 'rejected'").fetchall()
        stored = con.execute("SELECT count(*) FROM activities").fetchone()[0]
    finally:
        con.close()
    wrong = [(p.file, p.activities, got.get(p.file)) for p in planned if got.get(p.file) != p.activities]
    return {"files": len(planned), "loaded": len(got), "rejected": rejected[:5],
            "expected_activities": sum(p.activities for p in planned), "stored_activities": stored,
            "mismatched_files": wrong[:5], "ok": not wrong and not rejected
            and stored == sum(p.activities for p in planned)}


def baseline(code: str, folder: Path) -> Run:
    return run([sys.executable, "-c", code, str(folder)])
