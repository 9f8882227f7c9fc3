"""Institution and plan year from the title rows above a table: the one way every reader does it.

Titles come as 'PLAN OPERATIVO ANUAL 2024' over 'TESORERÍA DE LA SEGURIDAD SOCIAL', split over
several rows ('CAJA MUTUAL DE' / 'LOS EMPLEADOS'), or as labelled cells ('Institución: | ARS SEMMA',
'Año: | 2024'). A labelled value is the workbook saying it outright, so it wins over a title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl.institutions import find_institution, find_year
from etl.normalize.numbers import parse_number
from etl.normalize.text import clean, fold
from etl.model import SheetData
from etl.workbook import Sheet

TITLE_ROWS = 15  # where a workbook's cover titles live when no table says where they end
_LABELS = {"institution": ("institucion",), "year": ("ano", "ano del plan")}
_BARE_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_PLAN_TITLE = re.compile(r"\b(plan operativo anual|poa)\b")


@dataclass
class Titles:
    institution: str | None = None
    year: int | None = None


def title_rows(sheet: Sheet, until: int | None = None) -> list[list[str]]:
    """The filled cells of each row above row `until` (the table's header), top first."""
    last = min(sheet.max_row + 1, until or TITLE_ROWS + 1)
    rows = ([t for t in sheet.row_texts(r) if t] for r in range(1, last))
    return [r for r in rows if r]


def read_titles(sheet: Sheet, until: int | None = None) -> Titles:
    """What the rows above `until` (the table's first header row) say about whose plan this is and
    for which year."""
    return _from_rows(title_rows(sheet, until), bare_year=True)


def sheet_data(layout: str, sheet: Sheet, header_row: int | None) -> SheetData:
    """What a reader starts from: an empty SheetData of its layout, with the institution and year the rows
    above its table (starting at `header_row`) say; none when the sheet has no table."""
    out = SheetData(layout)
    if header_row is not None:
        titles = read_titles(sheet, header_row)
        out.institution, out.year = titles.institution, titles.year
    return out


def workbook_titles(sheets: list[Sheet]) -> Titles:
    """What the first rows of all sheets together say, for a workbook whose tables do not.

    Those rows may hold table cells, so a number such as 2021 alone is not taken for the year here."""
    return _from_rows([row for sheet in sheets for row in title_rows(sheet)], bare_year=False)


def is_title(text: str) -> bool:
    """A title row printed again inside a table (at a page break): it names an institution or a plan,
    so a reader skips it instead of warning that it is not an activity."""
    return bool(_PLAN_TITLE.search(fold(text)) or find_institution(text) or find_year(text))


def _from_rows(rows: list[list[str]], bare_year: bool) -> Titles:
    # Cells stay apart (' \n '): an institution we do not know is recognised by how its own cell starts.
    text = " \n ".join(cell for row in rows for cell in row)
    institution = _labelled(rows, "institution") or find_institution(text)
    year = _year(_labelled(rows, "year")) or _plan_year(rows, bare_year)
    return Titles(institution, year)


def _labelled(rows: list[list[str]], field: str) -> str | None:
    """'Institución: X' in one cell, or 'Institución:' with X in the next one."""
    for cells in rows:
        for i, cell in enumerate(cells):
            label, colon, rest = cell.partition(":")
            if fold(label) not in _LABELS[field]:
                continue
            if colon and clean(rest):
                return clean(rest)
            if i + 1 < len(cells) and (colon or len(cells) == 2):
                return cells[i + 1]
    return None


def _year(text: str | None) -> int | None:
    number = parse_number(text) if text else None
    if number is not None and 1990 <= number <= 2100 and float(number).is_integer():
        return int(number)
    return find_year(f"año {text}") if text else None


def _plan_year(rows: list[list[str]], bare_year: bool) -> int | None:
    """The row that names the plan first, so a 'DE FECHA 28/AGOSTO/2020' line above it is not the
    plan year; then any title; then a short title such as 'PROYECTOS 2021'."""
    lines = [" ".join(cells) for cells in rows]
    year = next((y for line in lines if "plan" in fold(line) and (y := find_year(line))), None)
    year = year or find_year(" \n ".join(lines))
    if year is None and bare_year:
        m = next((m for line in lines if len(line.split()) <= 6 and (m := _BARE_YEAR.search(line))), None)
        year = int(m.group(1)) if m else None
    return year
