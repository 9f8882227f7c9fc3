"""Mapping a workbook's columns by hand, for one the reader could not read with certainty (the Datos page's step,
dashboard/mapping.py): what the reader sees of it (`survey`), and a reading by the roles a loader chose
(`preview`). Both open the user's file, so both run in a reader process (sandbox.py, `run`) and hand back plain
data: texts and numbers, never a sheet. Neither imports the store.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from etl import profiles
from etl.load import sandbox
from etl.model import RejectedFile
from etl.normalize.months import MONTHS_ES
from etl.normalize.text import clean
from etl.pipeline import read_workbook
from etl.readers import columns
from etl.workbook import iter_sheets

SAMPLE_ROWS = 5  # data rows shown under each header
MAX_COLUMNS = 80  # columns offered for mapping; a plan table has a few dozen
PREVIEW_ROWS = 20  # activities the preview shows
MAX_DEPTH = 3
PREVIEW_PROFILE = "vista-previa"


def run(fn, *args) -> dict:
    """fn(*args) in a reader process (sandbox.py): a file that kills its reader gives {'error': STOPPED}."""
    from etl.load.reading import forkable

    result = sandbox.run_alone(fn, *args, fork=forkable())
    return result if result is not None else {"error": sandbox.STOPPED}


def role_code(column: columns.Column) -> str:
    """What the catalog makes of a column, as a profile writes it: a role, a period code, or 'ignore'."""
    return column.period.code if column.period else (column.role or "ignore")


def letter(col: int) -> str:
    """Excel's name of a 1-based column: 1 → A, 28 → AB."""
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def _guarded(fn, *args) -> dict:
    """Never an exception out of the reader process: the page shows the reason in Spanish."""
    try:
        return fn(*args)
    except RejectedFile as exc:
        return {"error": str(exc)}
    except MemoryError:
        return {"error": sandbox.STOPPED}
    except Exception as exc:
        return {"error": f"error inesperado al leer el libro ({type(exc).__name__}: {exc}); avise al equipo "
                         "del tablero"}


def found_header(sheet) -> tuple[int, int, int]:
    """(first row, depth, columns named) of the header the reader would take; when no header has an activity
    column, the row naming most columns (as the rejection's «lo más parecido» says), else the first with texts."""
    header = columns.find_header(sheet, columns.Context())
    if header is not None:
        return header.first_row, header.last_row - header.first_row + 1, header.roles
    best, first = None, None
    for row in range(1, min(sheet.max_row, columns.HEADER_SCAN) + 1):
        cols = columns.header_columns(sheet, row, 1)
        if len(cols) < 2:
            continue
        first = first or row
        columns._assign(cols)
        named = sum(c.used for c in cols)
        if named and (best is None or named > best[2]):
            best = (row, 1, named)
    return best or (first or 1, 1, 0)


def _survey(path: Path, sheet_name: str | None = None, row: int | None = None, depth: int | None = None) -> dict:
    """The visible sheets, the header the reader found in each, and for one sheet and header (the one asked for,
    else the found one): each column's header, the catalog's role for it, and the first data rows as text."""
    visible = [s for s in iter_sheets(Path(path)) if not s.hidden and s.max_row]
    if not visible:
        return {"error": "el libro no tiene hojas visibles con datos"}
    found = {s.name: found_header(s) for s in visible}
    sheet = next((s for s in visible if s.name == sheet_name), None)
    if sheet is None:
        sheet = max(visible, key=lambda s: found[s.name][2])  # the first of those naming most columns
        row = depth = None
    if row is None:
        row, depth = found[sheet.name][:2]
    row = max(1, min(int(row), sheet.max_row, columns.HEADER_SCAN))
    depth = max(1, min(int(depth or 1), MAX_DEPTH, sheet.max_row - row + 1))
    cols = columns.header_columns(sheet, row, depth)
    columns._assign(cols)
    cols = cols[:MAX_COLUMNS]
    samples, numbers = [], []
    for r in range(row + depth, sheet.max_row + 1):
        if len(samples) == SAMPLE_ROWS:
            break
        if sheet.is_blank_row(r):
            continue
        values = sheet.shown_values(r)
        samples.append([clean(values[c.col - 1]) or "" if c.col <= len(values) else "" for c in cols])
        numbers.append(r)
    return {
        "sheets": [s.name for s in visible],
        "sheet": sheet.name, "row": row, "depth": depth, "max_row": sheet.max_row,
        "found": {name: f[:2] for name, f in found.items()},
        "columns": [{"col": c.col, "letter": letter(c.col), "header": c.header, "label": c.label,
                     "role": role_code(c)} for c in cols],
        "rows": samples, "row_numbers": numbers,
    }


def survey(path: Path, sheet_name: str | None = None, row: int | None = None, depth: int | None = None) -> dict:
    """_survey, or {'error': the reason in Spanish}: run it in a reader process (`run`)."""
    return _guarded(_survey, path, sheet_name, row, depth)


def _quarter_text(target, actual) -> str:
    said = [f"meta {target:g}" if target is not None else "", f"real {actual:g}" if actual is not None else ""]
    return " · ".join(s for s in said if s)


def _preview(path: Path, mapping: dict[str, str], institution: str | None = None, year: int | None = None,
             name: str | None = None) -> dict:
    """The workbook read by `mapping` (folded header → role or period code), as a profile saved in a folder of
    its own that only this reader process sees: the activities that would load (the first PREVIEW_ROWS), their
    count, and what the reader understood. Nothing is saved and nothing is written to the store."""
    folder = tempfile.mkdtemp(prefix="poa_preview_")
    before = os.environ.get("POA_PROFILES")
    os.environ["POA_PROFILES"] = folder
    try:
        try:
            saved = profiles.save(PREVIEW_PROFILE, mapping)
        except profiles.ProfileError as exc:
            return {"error": str(exc)}
        data = read_workbook(Path(path), institution=institution, year=year, name=name, profile=saved.name)
    finally:
        if before is None:
            os.environ.pop("POA_PROFILES", None)
        else:
            os.environ["POA_PROFILES"] = before
        shutil.rmtree(folder, ignore_errors=True)
    rows = []
    for a in data.activities[:PREVIEW_ROWS]:
        row = {"Hoja": a.source_sheet, "Fila": a.source_row, "Actividad": a.activity, "Unidad": a.unit or "",
               "Meta anual": (f"{a.annual_target:g}" if a.annual_target is not None else a.target_text or ""),
               "Presupuesto": a.budget_amount,
               "Meses": ", ".join(MONTHS_ES[m - 1][:3].capitalize() for m in sorted(a.months))}
        for q in range(1, 5):
            row[f"T{q}"] = _quarter_text(*a.quarters.get(q, (None, None)))
        rows.append(row)
    return {
        "institution": data.institution, "year": data.year, "sheets_read": data.sheets_read,
        "count": len(data.activities), "budget_lines": len(data.budget_lines), "activities": rows,
        "understood": [u.replace(f"perfil «{PREVIEW_PROFILE}», ", "") for u in data.understood],
        "warnings": [str(w) for w in data.warnings],
    }


def preview(path: Path, mapping: dict[str, str], institution: str | None = None, year: int | None = None,
            name: str | None = None) -> dict:
    """_preview, or {'error': the reason in Spanish}: run it in a reader process (`run`)."""
    return _guarded(_preview, path, mapping, institution, year, name)
