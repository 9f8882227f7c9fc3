"""Dates as typed (day first, as in both countries), Excel dates, and PERMANENTE."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from etl.normalize.months import months_between, parse_month
from etl.normalize.text import fold

PERMANENT = "PERMANENTE"
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: Any) -> dt.date | str | None:
    """A date from '03/01/2021' (3 January), '3-1-21', '3 de enero de 2021', an Excel date or serial.

    'PERMANENTE' (or 'Continuo') comes back as the string PERMANENT: it runs all year.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        return _EXCEL_EPOCH + dt.timedelta(days=int(value)) if 20000 < value < 80000 else None
    text = fold(value)
    if not text:
        return None
    if text.startswith("permanente") or text.startswith("continu"):
        return PERMANENT
    m = re.fullmatch(r"(\d{1,2}) (\d{1,2}) (\d{2,4})(?: 00 00(?: 00)?)?", text)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        return _safe_date(_full_year(y), mo, d)
    m = re.fullmatch(r"(\d{4}) (\d{1,2}) (\d{1,2})(?: 00 00(?: 00)?)?", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return _safe_date(y, mo, d)
    m = re.fullmatch(r"(\d{1,2})? ?(?:de )?([a-z]+)\.? (?:de |del )?(\d{4})", text)
    if m and parse_month(m.group(2)):
        return _safe_date(int(m.group(3)), parse_month(m.group(2)), int(m.group(1) or 1))
    return None


def _full_year(y: int) -> int:
    return y + 2000 if y < 100 else y


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def months_in_year(start: Any, end: Any, year: int) -> list[int]:
    """Months of `year` touched by a start-end span of dates; PERMANENTE covers the whole year."""
    a, b = parse_date(start), parse_date(end)
    if a == PERMANENT or b == PERMANENT:
        if isinstance(a, dt.date) and a.year > year:
            return []
        if isinstance(a, dt.date) and a.year == year:
            return months_between(a.month, 12)
        return list(range(1, 13))
    if not isinstance(a, dt.date) and not isinstance(b, dt.date):
        return []
    a = a if isinstance(a, dt.date) else b
    b = b if isinstance(b, dt.date) else a
    if b < a or a.year > year or b.year < year:
        return []
    first = a.month if a.year == year else 1
    last = b.month if b.year == year else 12
    return list(range(first, last + 1))
