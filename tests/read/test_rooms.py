"""Reading imports no database and nothing of the writer: a reader process (etl/load/sandbox.py) handed a hostile
file holds neither DuckDB nor the store, and a module that reads workbooks can be used without them."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import etl.normalize
import etl.readers

ROOT = Path(__file__).resolve().parents[2]
WRITER = ("duckdb", "etl.store", "etl.load.hold", "etl.load.service", "etl.load.writing")

READING = ["etl.load.sandbox", "etl.pipeline", "etl.names", "etl.workbook", "etl.safety", "etl.titles", "etl.catalog", "etl.validate",
           "etl.readers", *(f"etl.readers.{m.name}" for m in pkgutil.iter_modules(etl.readers.__path__)),
           "etl.normalize", *(f"etl.normalize.{m.name}" for m in pkgutil.iter_modules(etl.normalize.__path__))]


def imported_with(module: str) -> list[str]:
    """What of WRITER a fresh interpreter holds once it has imported `module`."""
    code = (f"import importlib, sys; importlib.import_module({module!r}); "
            f"print(' '.join(m for m in {WRITER!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


@pytest.mark.parametrize("module", READING)
def test_a_reading_module_imports_no_database_and_nothing_of_the_writer(module):
    assert imported_with(module) == []
