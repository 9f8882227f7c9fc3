"""Open a workbook file and hand out its sheets as plain grids of values."""
from __future__ import annotations

import hashlib
import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from etl.model import RejectedFile
from etl.safety import (DAMAGED, MAX_CELLS, MAX_COLS, MAX_ROWS, check_file, check_ods, check_size, check_xls, count,
                         damaged, file_kind, too_many_cells)

# Every file a load reads, in the order the messages name them.
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
ACCEPTED = ", ".join(EXTENSIONS[:-1]) + " y " + EXTENSIONS[-1]


@dataclass
class Sheet:
    """Cell values of one sheet; row and column numbers are 1-based as in Excel."""

    name: str
    rows: list[list[Any]]
    # (min_row, min_col, max_row, max_col), inclusive, 1-based.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # Cells holding a formula that Excel never calculated: we read them as empty.
    uncached_formulas: list[str] = field(default_factory=list)
    # Hidden in Excel (hidden or veryHidden): its cells are not read, and the report says so.
    hidden: bool = False
    _merged_rows: dict | None = field(default=None, repr=False, compare=False)
    _max_col: int | None = field(default=None, repr=False, compare=False)
    # A sheet is a snapshot of the file, never edited: readers keep what they work out about it here
    # (folded header labels), so that ten readers' detect() do not each fold the same cells again.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_col(self) -> int:
        if self._max_col is None:
            self._max_col = max((len(r) for r in self.rows), default=0)
        return self._max_col

    def value(self, row: int, col: int) -> Any:
        if row < 1 or col < 1 or row > len(self.rows):
            return None
        cells = self.rows[row - 1]
        return cells[col - 1] if col <= len(cells) else None

    def text(self, row: int, col: int) -> str:
        """The cell as clean text ('' when empty), whitespace collapsed."""
        if row < 1 or col < 1 or row > len(self.rows):
            return ""
        cells = self.rows[row - 1]
        return _cell_text(cells[col - 1]) if col <= len(cells) else ""

    def row_texts(self, row: int) -> list[str]:
        """text() of every column of the row, worked out from the row's values at once."""
        if row < 1 or row > len(self.rows):
            return [""] * self.max_col
        cells = self.rows[row - 1]
        # Most cells are empty or text: those inline, the rest through _cell_text (every row of a sheet is asked).
        texts = ["" if v is None else " ".join(v.split()) if type(v) is str else _cell_text(v)
                 for v in cells[:self.max_col]]
        if len(texts) < self.max_col:
            texts.extend([""] * (self.max_col - len(texts)))
        return texts

    def merged_value(self, row: int, col: int) -> Any:
        """The value shown in a cell, looking through merged ranges to their top-left cell."""
        for r1, c1, r2, c2 in self._ranges_on(row):
            if c1 <= col <= c2 and r2 >= row:
                return self.value(r1, c1)
        return self.value(row, col)

    def shown_values(self, row: int) -> list[Any]:
        """The row's values as merged_value() shows them, the merged ranges looked at once per row."""
        if row < 1 or row > len(self.rows):
            return []
        values = self.rows[row - 1]
        ranges = self._ranges_on(row)
        if not ranges:
            return values
        values = list(values)
        for r1, c1, r2, c2 in ranges:
            if r2 < row:
                continue
            if c2 > len(values):
                values.extend([None] * (c2 - len(values)))
            values[c1 - 1:c2] = [self.value(r1, c1)] * (c2 - c1 + 1)
        return values

    def merged_on(self, row: int) -> bool:
        """Whether a merged range shows its value on this row: if not, shown_values(row) is the row itself."""
        return bool(self._ranges_on(row))

    def ranges_on(self, row: int) -> list:
        """The merged ranges (min_row, min_col, max_row, max_col) that cover the row."""
        return [r for r in self._ranges_on(row) if r[2] >= row]

    def _ranges_on(self, row: int) -> list:
        if self._merged_rows is None:
            # Readers ask this for every header cell; index the ranges by row once.
            self._merged_rows = {}
            for rng in self.merged:
                for r in range(rng[0], min(rng[2], rng[0] + 1000) + 1):
                    self._merged_rows.setdefault(r, []).append(rng)
        return self._merged_rows.get(row, ())

    def is_blank_row(self, row: int) -> bool:
        for v in self.rows[row - 1]:
            if v is not None and (v if type(v) is str else str(v)).strip():
                return False
        return True


# Control characters: a workbook spells them `_x0001_` and the parsers hand them over as such. No plan means
# one, no page can show one, and the Excel export cannot write one (openpyxl raises IllegalCharacterError).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """The text without control characters (tabs and line breaks stay)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if type(v) is str:
        return " ".join(v.split())
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_sheets(path: Path) -> list[Sheet]:
    """All sheets of a workbook, or RejectedFile with a Spanish reason."""
    return list(iter_sheets(path))


def iter_sheets(path: Path) -> Iterator[Sheet]:
    """read_sheets() one sheet at a time: a sheet's cells become Python rows only when it is asked for,
    so that a big workbook's sheets are not all held as Python rows at once.

    Reads .xlsx and .xlsm (calamine, openpyxl when calamine refuses), .xls and .ods (calamine), and .csv
    (etl/csvsheet.py: one sheet named after the file). An .xlsx, .xlsm, .xls or .ods is read as what its bytes
    are, whatever of those four its extension says.

    A sheet too big to read raises RejectedFile when it is reached: the caller reads each workbook whole or
    not at all, so the file is rejected all the same."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise RejectedFile(
            f"la extensión «{path.suffix or '(ninguna)'}» no es de un libro ni de una hoja de cálculo; "
            f"se aceptan archivos {ACCEPTED}"
        )
    if suffix == ".csv":
        yield _csv_sheet(path)
        return
    check_size(path)
    kind = file_kind(path)
    if kind != "xlsx":
        yield from _other_sheets(path, kind)
        return
    formulas = check_file(path)
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        hidden = _hidden(wb)
        # A sheet calamine cannot parse sends the file to openpyxl before any sheet is handed out.
        first = _calamine_sheet(wb, names[0]) if names and names[0] not in hidden else None
    except RejectedFile:
        raise
    except Exception:
        # calamine is strict about some odd-but-valid files that openpyxl opens; try it before giving up.
        sheets = _read_openpyxl(path)
        uncached = uncached_formulas(path, formulas)
        for sheet in sheets:
            sheet.uncached_formulas = uncached.get(sheet.name, [])
        yield from sheets
        return
    uncached = uncached_formulas(path, formulas)
    for i, name in enumerate(names):
        if name in hidden:
            yield Sheet(name, [], hidden=True)
            continue
        if i == 0:
            sheet, first = first, None
        else:
            try:
                sheet = _calamine_sheet(wb, name)
            except RejectedFile:
                raise
            except Exception:
                # Rare: calamine fails on a later sheet; openpyxl reads it, as it would the whole file.
                sheet = next((s for s in _read_openpyxl(path) if s.name == name), None)
                if sheet is None:
                    continue
        sheet.uncached_formulas = uncached.get(sheet.name, [])
        yield sheet


def _hidden(wb) -> set[str]:
    return {m.name for m in wb.sheets_metadata if "Visible" != str(m.visible).rsplit(".", 1)[-1]}


_FORMAT_NAMES = {"xls": "libro de Excel antiguo (.xls)", "ods": "hoja de cálculo OpenDocument (.ods)"}


def _other_sheets(path: Path, kind: str) -> Iterator[Sheet]:
    """An .xls or .ods through calamine: values as last saved, hidden sheets as for an .xlsx.

    Merged ranges: calamine gives them for .xls; for .ods it gives none (python-calamine 0.9 returns None), so
    they come from the cells' spans in content.xml, read by safety.check_ods with the sheet's extent.
    Formulas without a saved value are not looked for: both formats save each formula's value."""
    ods_merges = check_ods(path) if kind == "ods" else None
    if kind == "xls":
        check_xls(path)
    try:
        from python_calamine import CalamineWorkbook

        if path.suffix.lower() == f".{kind}":
            wb = CalamineWorkbook.from_path(str(path))
        else:  # calamine goes by the extension; from bytes it goes by their kind
            with open(path, "rb") as f:
                wb = CalamineWorkbook.from_filelike(f)
        names = list(wb.sheet_names)
        hidden = _hidden(wb)
    except Exception as exc:
        raise _unreadable(kind, exc) from None
    for i, name in enumerate(names):
        if name in hidden:
            yield Sheet(name, [], hidden=True)
            continue
        try:
            sheet = _calamine_sheet(wb, name)
        except RejectedFile:
            raise
        except Exception as exc:
            raise _unreadable(kind, exc) from None
        if ods_merges is not None and i < len(ods_merges):
            sheet.merged = ods_merges[i]
        yield sheet


def _unreadable(kind: str, exc: Exception) -> RejectedFile:
    if "password" in str(exc).lower():
        return RejectedFile("el libro está protegido con contraseña; quite la contraseña y vuelva a cargarlo")
    if "limit" in str(exc).lower():  # calamine's own cap on a sheet's cells, past ours
        return RejectedFile("una hoja abarca más celdas de las que el tablero lee (máximo "
                            f"{MAX_CELLS:,}); borre las celdas sueltas lejos de la tabla o divida el libro")
    return RejectedFile(f"no se pudo leer como {_FORMAT_NAMES[kind]} (archivo dañado o incompleto); "
                        f"ábralo y guárdelo de nuevo, o guárdelo como .xlsx [{type(exc).__name__}]")


def _csv_sheet(path: Path) -> Sheet:
    from etl.csvsheet import read_csv

    rows, _ = read_csv(path)
    return Sheet(path.stem, rows)


_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
_TAG = re.compile(rb"<(?:\w+:)?(?:sheet|Relationship) [^>]*>")


def _attr(tag: bytes, name: bytes) -> bytes:
    m = re.search(rb"\s" + name + rb'="([^"]*)"', tag)
    return m.group(1) if m else b""


def uncached_formulas(path: Path, formulas: dict[str, bool] | None = None) -> dict[str, list[str]]:
    """Sheet name -> cells whose formula has no saved value (a workbook written by a program, never opened in Excel).

    `formulas` (from safety.check_file): parts already read whole, and whether they have a formula tag;
    those without one are not decompressed again."""
    try:
        return _uncached_formulas(path, formulas)
    except DAMAGED:
        raise damaged() from None


def _uncached_formulas(path: Path, formulas: dict[str, bool] | None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return found
        rels = {_attr(t, b"Id"): _attr(t, b"Target") for t in _TAG.findall(zf.read("xl/_rels/workbook.xml.rels"))}
        sheets = [(_attr(t, b"name"), _attr(t, b"r:id")) for t in _TAG.findall(zf.read("xl/workbook.xml"))]
        for name, rid in sheets:
            target = rels.get(rid, b"").decode()
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if part not in names or (formulas is not None and formulas.get(part) is False):
                continue
            data = zf.read(part)
            if b"<f" not in data:
                continue
            cells = [ref.decode() for ref, inner in _CELL.findall(data)
                     if inner and b"<f" in inner and not re.search(rb"<v>[^<]", inner)]
            if cells:
                found[html.unescape(name.decode("utf-8"))] = cells
    return found


def _too_big(name: str, rows: int, cols: int) -> RejectedFile:
    return RejectedFile(
        f"la hoja «{name}» tiene {count(rows, 'fila', 'filas')} y {count(cols, 'columna', 'columnas')} con datos "
        f"(máximo {MAX_ROWS:,} filas y {MAX_COLS:,} columnas); borre lo que no sea del plan o divida el libro"
    )


def _calamine_sheet(wb, name: str) -> Sheet:
    """Values as Excel last saved them (formulas give their cached value); macros are never run."""
    ws = wb.get_sheet_by_name(name)
    if ws.total_height > MAX_ROWS or ws.total_width > MAX_COLS:
        raise _too_big(name, ws.total_height, ws.total_width)
    if ws.total_height * ws.total_width > MAX_CELLS:  # safety.py saw the cells; this is the parser's own view
        raise too_many_cells(f"la hoja «{name}»", ws.total_height, ws.total_width)
    merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in ws.merged_cell_ranges or []]
    rows = ws.to_python(skip_empty_area=False)
    del ws  # calamine's own copy of the cells, as big as the Python rows
    # Empty cells to None in place: a second list of lists would double a big sheet's rows at the peak.
    # Repeated texts (marks, units, periods) become one string each: calamine makes one per cell.
    seen: dict[str, str] = {}
    for r in rows:
        for i, v in enumerate(r):
            if type(v) is str:
                if v:
                    shared = seen.get(v)
                    if shared is None:
                        shared = seen[v] = printable(v)
                    r[i] = shared or None
                else:
                    r[i] = None
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return Sheet(name, rows, merged)


def _read_openpyxl(path: Path) -> list[Sheet]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise RejectedFile(
            "no se pudo leer como libro de Excel (archivo dañado o incompleto); "
            f"ábralo en Excel y guárdelo de nuevo como .xlsx [{type(exc).__name__}]"
        ) from exc
    sheets = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                sheets.append(Sheet(ws.title, [], hidden=True))
                continue
            if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLS:
                raise _too_big(ws.title, ws.max_row, ws.max_column)
            if ws.max_row * ws.max_column > MAX_CELLS:
                raise too_many_cells(f"la hoja «{ws.title}»", ws.max_row, ws.max_column)
            rows = [[printable(v) or None if type(v) is str else v for v in r]
                    for r in ws.iter_rows(values_only=True)]
            while rows and all(v is None for v in rows[-1]):
                rows.pop()
            merged = [
                (m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges
            ]
            sheets.append(Sheet(ws.title, rows, merged))
    finally:
        wb.close()
    return sheets
