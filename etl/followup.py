"""Which follow-up of a plan a workbook is: '1er SEGUIMIENTO', 'segundo seguimiento', 'al 30 de junio de 2023'.

A follow-up is numbered by the quarter it reports up to (1-4); a formulated plan is none. The title cells
decide, then the file name; a cut-off date counts only where they speak of a follow-up, because a
formulated plan may well be 'aprobado al 15 de diciembre'.
"""
from __future__ import annotations

import re
from datetime import date

from etl.normalize.months import MONTHS_ES
from etl.normalize.text import fold
from etl.workbook import Sheet

_WORDS = {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
          "i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINAL = (r"(?:[1-4](?:\s*(?:er|ero|era|do|da|ro|to|ta|o|a))?"
            r"|primer|primero|segundo|tercer|tercero|cuarto|i|ii|iii|iv)")
_NUMBERED = [
    re.compile(rf"\b({_ORDINAL})\s*seguimiento\b"),                                   # 2do seguimiento
    re.compile(rf"\bseguimiento\s+(?:(?:al|del|de)\s+)?({_ORDINAL})\s+trimestre\b"),  # seguimiento al 2do trimestre
    re.compile(r"\bseguimiento\s+(?:n|no|num|numero|t|trimestre)?\s*([1-4])\b(?!\s*(?:de|del)\s)"),  # seguimiento 2, T2
]
_MONTH = "|".join(MONTHS_ES + ["setiembre"])
_CUTOFF = re.compile(rf"\bal\s+(\d{{1,2}})\s+(?:de\s+)?({_MONTH})(?:\s+(?:de|del)?\s*((?:19|20)\d\d))?\b")
_ABOUT_FOLLOWUP = re.compile(r"\b(seguimiento|avance|avances|corte|ejecucion|monitoreo|informe)\b")

_LABELS = {1: "1er", 2: "2do", 3: "3er", 4: "4to"}


def _number(word: str) -> int:
    word = word.replace(" ", "")
    return int(word[0]) if word[0].isdigit() else _WORDS[word]


def _stated_number(text: str) -> int | None:
    found = [_number(m.group(1)) for pattern in _NUMBERED for m in pattern.finditer(text)]
    # A second follow-up may keep a sheet or a note of the first: the workbook is as new as its newest part.
    return max(found) if found else None


def _cutoff(text: str, year: int | None) -> tuple[int, date | None] | None:
    """(month, date or None when the year is unknown) of 'al 30 de junio de 2023'."""
    for m in _CUTOFF.finditer(text):
        month = MONTHS_ES.index(m.group(2)) + 1 if m.group(2) in MONTHS_ES else 9
        stated = int(m.group(3)) if m.group(3) else None
        if year and stated and stated != year:
            continue  # a date of another year: when the plan was approved, not how far it reports
        try:
            return month, date(stated or year, month, int(m.group(1))) if (stated or year) else None
        except ValueError:  # '31 de junio': the month still says which quarter
            return month, None
    return None


def title_lines(sheets: list[Sheet], rows: int = 15) -> list[str]:
    """The title cells of each sheet: the texts of the rows above its first table row (four texts or more).

    A table's rows are left out: an action 'Seguimiento de resultados' or a group row 'Acciones proyectadas en
    el 1er seguimiento al PQD' says nothing of which follow-up the workbook is. A banner merged across a row
    is one text."""
    lines = []
    for sheet in sheets:
        for r in range(1, min(rows, sheet.max_row) + 1):
            texts = list(dict.fromkeys(t for t in sheet.row_texts(r) if t))
            if len(texts) >= 4:
                break
            lines.extend(texts)
    return lines


def find_followup(titles: list[str], file_name: str = "", year: int | None = None) -> tuple[int | None, date | None]:
    """(follow-up number 1-4 or None, cut-off date or None) from the title cells, else the file name.

    Each cell is read on its own, so numbers in one cell never join words in the next."""
    for cells in ([fold(t) for t in titles], [fold(re.sub(r"\.\w+$", "", file_name))]):
        numbers = [n for cell in cells if (n := _stated_number(cell))]
        about = any(_ABOUT_FOLLOWUP.search(cell) for cell in cells)
        cutoff = next((c for cell in cells if about and (c := _cutoff(cell, year))), None)
        if numbers or cutoff:
            return max(numbers) if numbers else (cutoff[0] + 2) // 3, cutoff[1] if cutoff else None
    return None, None


def label(number: int) -> str:
    """'2do seguimiento'."""
    return f"{_LABELS[number]} seguimiento"
