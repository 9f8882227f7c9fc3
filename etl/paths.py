"""Where things are: the project folder, its SQL, and the store a command uses when none is named."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
DEFAULT_DB = ROOT / "data" / "poa.duckdb"
SAMPLES = ROOT / "data" / "samples"
TEMPLATE = ROOT / "docs" / "plantilla_poa.xlsx"


def default_db() -> Path:
    return Path(os.environ.get("POA_DB") or DEFAULT_DB)
