"""Build small workbooks for tests, with the real-world quirks readers must survive."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl


def write_workbook(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    merges: dict[str, list[str]] | None = None,
) -> Path:
    """Write `sheets` (name -> rows of cell values, row 1 first) to an .xlsx; `merges` names ranges like 'A5:C5'."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
