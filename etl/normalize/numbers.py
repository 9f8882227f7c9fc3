"""Numbers typed in either convention: 1,600 / 2.000.000,00 / 87.540 / 176.79."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_NUMBER = re.compile(r"[-+]?\d[\d.,\s\u00a0']*")


def parse_number(value: Any) -> float | None:
    """The number a cell holds, or None when it holds none.

    A lone separator followed by exactly three digits is a thousands separator
    ('87.540' -> 87540, '1,600' -> 1600) unless the integer part is 0; with both
    separators, the last one is the decimal mark ('2.000.000,00' -> 2000000).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return _number_of_text(str(value))


# Figures and amounts typed as text repeat ('1,600', '100%', 'RD$250,000.00'): each text worked out once.
@lru_cache(maxsize=4096)
def _number_of_text(text: str) -> float | None:
    text = text.strip().replace("\u00a0", " ")
    if not text:
        return None
    negative = text.startswith("(") and text.endswith(")")
    m = _NUMBER.search(text)
    if not m:
        return None
    raw = re.sub(r"[\s']", "", m.group(0)).rstrip(".,")
    sign = -1.0 if raw.startswith("-") or negative else 1.0
    raw = raw.lstrip("+-")
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        raw = raw.replace(thousands, "").replace(decimal, ".")
    elif "," in raw or "." in raw:
        sep = "," if "," in raw else "."
        parts = raw.split(sep)
        if len(parts) > 2 and len(parts[-1]) != 3:
            # '313.112.402.00': a typo'd decimal mark after thousands groups.
            raw = "".join(parts[:-1]) + "." + parts[-1]
        elif len(parts) > 2 or (len(parts[-1]) == 3 and parts[0] not in ("", "0")):
            raw = raw.replace(sep, "")
        else:
            raw = raw.replace(sep, ".")
    try:
        return sign * float(raw)
    except ValueError:
        return None


def parse_percent(value: Any) -> float | None:
    """A percentage in 0-100 units: '90%' -> 90, '12.5 %' -> 12.5, 0.9 (a %-formatted cell) -> 90.

    Plain numbers written as text without a '%' are taken as already in percent units.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) * 100 if -1.5 <= value <= 1.5 and value != 0 else float(value)
    number = parse_number(value)
    return number


def is_percent(value: Any) -> bool:
    return isinstance(value, str) and "%" in value
