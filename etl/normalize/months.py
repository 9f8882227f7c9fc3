"""Spanish month names (with abbreviations and typos), periods, quarters, and X marks."""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

from etl.normalize.text import fold

MONTHS_ES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
]
MONTH_LABELS = [m.capitalize() for m in MONTHS_ES]
MONTH_ABBR = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]

_ALIASES = {
    "ene": 1, "en": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7,
    "ago": 8, "sep": 9, "sept": 9, "set": 9, "setiembre": 9, "oct": 10, "nov": 11, "dic": 12,
}


# Header words that sit close to a month name but are not one.
_NOT_MONTHS = {"nombre", "nombres", "mayor", "mayores", "junto", "juntos"}


def parse_month(value: Any) -> int | None:
    """Month number 1-12 from 'Marzo', 'mar.', 'Setiembre', 'Encero' or 3; None when it is no month."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() and 1 <= value <= 12 else None
    return _month_of_text(fold(value))


# A workbook repeats the same dozen month spellings in every row, and difflib is slow: remember them.
@lru_cache(maxsize=4096)
def _month_of_text(folded: str) -> int | None:
    word = folded.replace(" ", "")
    if not word:
        return None
    if word.isdigit():
        n = int(word)
        return n if 1 <= n <= 12 else None
    if word in _ALIASES:
        return _ALIASES[word]
    if word in MONTHS_ES:
        return MONTHS_ES.index(word) + 1
    if word in _NOT_MONTHS:
        return None
    # Typos keep a month's first letters and length ('Encero', 'Dicienbre'); without that check,
    # 'Nombre' reads as noviembre and 'Marzo - Noviembre' as one long misspelt month.
    close = [
        m for m in difflib.get_close_matches(word, MONTHS_ES, n=3, cutoff=0.75)
        if m[:2] == word[:2] and abs(len(m) - len(word)) <= 2
    ]
    return MONTHS_ES.index(close[0]) + 1 if close else None


def parse_period(value: Any) -> tuple[int, int] | None:
    """(start, end) months from 'Marzo - Noviembre', 'Marzo a Noviembre', 'Ene-Dic' or one month."""
    if value is None:
        return None
    return _period_of_text(fold(value))


@lru_cache(maxsize=4096)
def _period_of_text(folded: str) -> tuple[int, int] | None:
    # fold() has already turned '-', '–' and '/' into spaces, so the words are the parts;
    # connectors and a year ('Enero-Diciembre 2024') say nothing about the months.
    parts = [w for w in folded.split() if w not in _CONNECTORS and not re.fullmatch(r"(19|20)\d\d", w)]
    months = [_month_of_text(p) for p in parts]
    if not months or len(months) > 2 or any(m is None for m in months):
        return None
    return months[0], months[-1]


_CONNECTORS = {"a", "al", "hasta", "de", "del", "y"}


def months_between(start: int | None, end: int | None) -> list[int]:
    """Months from start to end inclusive; a missing end means the start month alone.

    An end before the start wraps across the year end ('Noviembre - Febrero'
    covers 11, 12, 1, 2), which is what planners mean when they write it.
    """
    if start is None and end is None:
        return []
    start = start or end
    end = end or start
    if end >= start:
        return list(range(start, end + 1))
    return list(range(start, 13)) + list(range(1, end + 1))


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def quarter_months(quarter: int) -> list[int]:
    return [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]


_QUARTER_LABELS = {
    "en mar": 1, "ene mar": 1, "abr jun": 2, "jul sep": 3, "oct dic": 4,
    "1er trimestre": 1, "2do trimestre": 2, "3er trimestre": 3, "4to trimestre": 4,
    "t1": 1, "t2": 2, "t3": 3, "t4": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4,
    "i trimestre": 1, "ii trimestre": 2, "iii trimestre": 3, "iv trimestre": 4,
}


def parse_quarter(value: Any) -> int | None:
    """Quarter 1-4 from a column header such as 'EN-MAR', 'ABR-JUN', 'T3' or '4to. Trimestre'."""
    return _quarter_of_text(fold(value))


@lru_cache(maxsize=4096)
def _quarter_of_text(text: str) -> int | None:
    if not text:
        return None
    if text in _QUARTER_LABELS:
        return _QUARTER_LABELS[text]
    m = re.match(r"^([1-4])\s*(?:er|do|to|ro)?\s*(?:trim|trimestre)\b", text)
    if m:
        return int(m.group(1))
    period = _period_of_text(text)
    if period and period[0] in (1, 4, 7, 10) and period[1] == period[0] + 2:
        return quarter_of(period[0])
    return None


def is_mark(value: Any) -> bool:
    """A schedule cell that says 'planned': X, x, ✓, 100%, 1 or any non-zero number."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, float)):
        return value != 0
    return _is_mark_text(str(value))


_MARK_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*%?")


@lru_cache(maxsize=4096)
def _is_mark_text(value: str) -> bool:
    text = value.strip().lower()
    if not text:
        return False
    if text in {"x", "xx", "✓", "✔", "si", "sí", "*", "•"}:
        return True
    return bool(_MARK_NUMBER.fullmatch(text)) and any(c in "123456789" for c in text)
