"""Monthly schedule (ARS SEMMA): blocks of a header block (Nombre, Fecha, Área, Eje o perspectiva,
Objetivo estratégico de referencia, Meta operativa anual) followed by a table
Entregables | Indicadores | Actividades | Cronograma (12 month cells marked X) | Responsables.

A sheet may hold several blocks; each block's header block sets the context of the rows below it.
"""
from __future__ import annotations

import re

from etl import institutions
from etl.model import Activity, SheetData
from etl.normalize.months import is_mark, parse_month, parse_quarter
from etl.normalize.targets import parse_target
from etl.normalize.text import clean, fold, fold_uncached
from etl.readers.headers import Header, locate, row_words
from etl.titles import is_title, read_titles
from etl.workbook import Sheet

LAYOUT = "monthly_schedule"
LABEL = "cronograma mensual"

SPEC = {
    "product": ("entregables", "entregable"),
    "indicator": ("indicadores", "indicador"),
    "activity": ("actividades", "actividad"),
    "schedule": ("cronograma",),
    "responsible": ("responsables", "responsable", "responsable s"),
}
REQUIRED = ("product", "activity", "schedule")

# Labels of the header block, longest first so 'objetivo estrategico de referencia' wins over 'objetivo'.
# Multi-word labels are distinctive enough to be recognised without a colon.
CONTEXT_LABELS = [
    ("objective", "objetivo estrategico de referencia"),
    ("axis", "eje o perspectiva"),
    ("target", "meta operativa anual"),
    ("objective", "objetivo estrategico"),
    ("target", "meta anual"),
    ("name", "nombre"),
    ("date", "fecha"),
    ("unit", "area"),
    ("axis", "perspectiva"),
    ("axis", "eje"),
    ("objective", "objetivo"),
]
# A new unit or axis starts a new context: what hangs below it no longer applies.
_CLEARS = {"unit": ("axis", "objective", "target"), "name": ("axis", "objective", "target"),
           "axis": ("objective", "target"), "objective": ("target",)}
_CODE = re.compile(r"^(\d+(?:\.\d+)*\.?)(?=\s|$)")
def _headers(sheet: Sheet, first_only: bool = False, last: int | None = None) -> list[Header]:
    """Every table header in the sheet (one per block, plus page-break repeats), down to row `last`."""
    found, row = [], 1
    while row <= min(sheet.max_row, last or sheet.max_row):
        if not _names_activity(sheet, row):
            row += 1
            continue
        header = locate(sheet, SPEC, REQUIRED, start=row, max_scan=1)
        if header is None:
            row += 1
            continue
        found.append(header)
        if first_only:
            break
        row = header.last_row + 1
    return found


def _names_activity(sheet: Sheet, row: int) -> bool:
    """'actividad' in the row's folded cells (in 'actividades' too): the rows where a header may start."""
    if not sheet.merged_on(row):
        # A row no merged range reaches shows its own values: its words are the ones header detection folds
        # for every row anyway. 'actividad' holds no space, so it is in the text exactly when in a word.
        return any("actividad" in w for w in row_words(sheet, row))
    return "actividad" in _row_text(sheet, row)


def _row_text(sheet: Sheet, row: int) -> str:
    # detect() and read() both walk every row looking for headers: fold each row once.
    memo = sheet.memo.setdefault("monthly_row_text", {})
    if row not in memo:
        # The row's cells folded at once: 'actividad' holds no space, so it is in this text exactly when it
        # is in one cell's folded text.
        texts = (v if isinstance(v, str) else clean(v) for v in sheet.rows[row - 1] if v is not None)
        memo[row] = fold_uncached(" ".join(t for t in texts if t))
    return memo[row]


def _month_columns(sheet: Sheet, header: Header) -> tuple[dict[int, int], int]:
    """Column of each month, and the last header row (the row of 1..12 when there is one)."""
    skip = {c for f, c in header.columns.items() if f != "schedule"}
    for r in range(header.first_row, min(header.first_row + 3, sheet.max_row) + 1):
        cols = {}
        for c in range(1, sheet.max_col + 1):
            if c in skip or sheet.value(r, c) in (None, ""):
                continue
            month = parse_month(sheet.value(r, c))
            if month and month not in cols.values():
                cols[c] = month
        if len(cols) >= 6 and list(cols.values()) == sorted(cols.values()):
            return {m: c for c, m in cols.items()}, r
    # No row of month numbers: the 'Cronograma' cell spans the twelve months in order.
    start = header.columns["schedule"]
    for r1, c1, r2, c2 in sheet.merged:
        if r1 <= header.first_row <= r2 and c1 == start and c2 - c1 == 11:
            last = header.first_row
            while last < header.first_row + 2 and any(
                parse_quarter(sheet.value(last + 1, c)) for c in range(c1, c2 + 1)
            ):
                last += 1
            return {m: c1 + m - 1 for m in range(1, 13)}, last
    return {}, header.last_row


def detect(sheet: Sheet) -> int:
    headers = _headers(sheet, first_only=True, last=80)
    if not headers:
        return 0
    months, _ = _month_columns(sheet, headers[0])
    if len(months) < 6:
        return 0
    return 30 + len(headers[0].columns)


def _context_label(text: str) -> tuple[str, str] | None:
    """(field, value) when a cell is a header-block label such as 'Área:' or 'Eje o perspectiva: Clientes'."""
    folded = fold(text)
    for name, label in CONTEXT_LABELS:
        if folded != label and not folded.startswith(label + " "):
            continue
        # One-word labels need their colon, or a cell of their own, to tell them from prose.
        if " " not in label and folded != label and not re.match(r"^\s*\S+\s*:", text):
            continue
        rest = " ".join(text.split()[len(label.split()):]).lstrip(":").strip()
        return name, rest
    return None


def _context_row(sheet: Sheet, row: int) -> dict[str, str] | None:
    """The header-block fields a row states, or None when it is no header-block row.

    Labels sit in the first columns ('Generales | Nombre: | ...'); their value is in the same
    cell after the label or in the next filled cells.
    """
    cells = [(c, clean(sheet.value(row, c))) for c in range(1, sheet.max_col + 1)]
    cells = [(c, t) for c, t in cells if t]
    if cells and fold(cells[0][1]) == "generales":
        cells = cells[1:]
    if not cells or cells[0][0] > 2:
        return None
    hit = _context_label(cells[0][1])
    if hit is None:
        return None
    name, value = hit
    if not value:
        value = " ".join(t for _, t in cells[1:])
    return {name: value}


def read(sheet: Sheet) -> SheetData:
    out = SheetData(LAYOUT)
    headers = _headers(sheet)
    if not headers:
        return out
    titles = read_titles(sheet, headers[0].first_row)
    out.institution, out.year = titles.institution, titles.year

    header_rows: dict[int, tuple[Header, dict[int, int], int]] = {}
    for h in headers:
        months, last = _month_columns(sheet, h)
        header_rows[h.first_row] = (h, months, last)

    context: dict[str, str] = {}
    header: Header | None = None
    cols: dict[str, int] = {}
    months: dict[int, int] = {}
    in_table = False
    block_fields: set[str] = set()  # fields the current header block has stated
    product = indicator = None
    row = 1
    while row <= sheet.max_row:
        if row in header_rows:
            h, new_months, last = header_rows[row]
            header, cols, months, in_table = h, h.columns, new_months, True
            if not months:
                out.warn(row, "no se encontraron las columnas de los meses del cronograma.")
            row = last + 1
            continue
        if sheet.is_blank_row(row):
            row += 1
            continue
        marked = _marks(sheet, row, months)
        found = None if marked else _context_row(sheet, row)
        if found:
            name, value = next(iter(found.items()))
            if in_table:
                block_fields, in_table = set(), False
                product = indicator = None
            for cleared in _CLEARS.get(name, ()):
                if cleared not in block_fields:
                    context.pop(cleared, None)
            block_fields.add(name)
            context[name] = value
            if name == "date" and not out.year:
                out.year = institutions.find_year(f"Fecha: {value}")
            if name == "name" and not out.year:
                out.year = institutions.find_year(value)
            row += 1
            continue
        if header is None:
            row += 1
            continue
        in_table = True
        line = " ".join(t for t in sheet.row_texts(row) if t)
        activity_text = clean(sheet.value(row, cols["activity"]))
        if not activity_text and not marked and _is_title(line):
            row += 1  # a title repeated at a page break
            continue
        own_product = clean(sheet.value(row, cols["product"]))
        own_indicator = clean(sheet.value(row, cols["indicator"])) if "indicator" in cols else None
        if own_product:
            product, indicator = own_product, None
        if own_indicator:
            indicator = own_indicator
        if not activity_text:
            if marked:
                out.warn(row, "tiene meses marcados pero no dice la actividad; se omitió.")
            elif not own_product and not own_indicator:
                out.warn(row, f"sin actividad («{line[:60]}»); se omitió.")
            row += 1
            continue
        out.activities.append(_activity(sheet, row, header, months, marked, context, product, indicator, out))
        row += 1
    return out


def _is_title(line: str) -> bool:
    """'PLAN OPERATIVO ANUAL 2023' or the institution's name; a numbered Entregable naming ARS SEMMA is no title."""
    if _CODE.match(line):
        return False
    return is_title(line)


def _marks(sheet: Sheet, row: int, months: dict[int, int]) -> set[int]:
    cells = _cells(sheet, row)
    return {m for m, c in months.items() if is_mark(cells[c - 1])}


def _cells(sheet: Sheet, row: int) -> list:
    """The row's values, padded to the sheet's width: looked up by column without a call per cell."""
    cells = sheet.rows[row - 1]
    return cells if len(cells) >= sheet.max_col else cells + [None] * (sheet.max_col - len(cells))


def _activity(sheet, row, header, months, marked, context, product, indicator, out) -> Activity:
    cols = header.columns
    text = clean(sheet.value(row, cols["activity"]))
    a = Activity(activity=text, source_sheet=sheet.name, source_row=row)
    m = _CODE.match(text)
    a.code = m.group(1) if m else None
    a.unit = context.get("unit")
    a.axis = context.get("axis")
    a.objective = context.get("objective")
    a.product = product
    a.indicator = indicator
    if "responsible" in cols:
        a.responsible = clean(sheet.merged_value(row, cols["responsible"]))
    target = parse_target(context.get("target"))
    a.target_text = target.text
    if target.number is not None and target.measure_unit in (None, "%"):
        a.annual_target, a.measure_unit = target.number, target.measure_unit
    cells = _cells(sheet, row)
    a.months = marked
    for month, col in months.items():
        v = cells[col - 1]
        if v is None:
            continue
        value = clean(v)
        if value and not is_mark(v):
            out.warn(row, f"«{value}» en el mes {month} no es una marca; se ignoró.")
    notes = []
    if context.get("name"):
        notes.append(f"Nombre: {context['name']}")
    known = set(cols.values()) | set(months.values())
    for c, v in enumerate(cells, start=1):
        if v is None or c in known or not (text := clean(v)):
            continue
        label = clean(sheet.merged_value(header.first_row, c))
        if label:
            notes.append(f"{label}: {text}")
    a.observations = "; ".join(notes) or None
    return a

