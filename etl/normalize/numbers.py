"""Numbers typed in either convention: 1,600 / 2.000.000,00 / 87.540 / 176.79."""
from __future__ import annotations

import math
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

_NUMBER = re.compile(r"[-+]?\d[\d.,\s\u00a0']*")
# Dashes typed for a minus sign (Word and PDF copies write U+2212 '−'): a minus only right before a number.
_MINUS = re.compile(r"(?<!\w)[\u2212\u2012\u2013\ufe63\uff0d]\s*(?=\d)")
# Spellings of a programming language, not of a planning office: refused with a warning, never half read.
_CODE_SPELLING = re.compile(r"_\d|(?<=0)[xXbBoO][0-9a-fA-F]")
_BARE_PREFIX = re.compile(r"\s*(?:RD\s?\$|US\s?\$|U\$|\$|DOP|USD|€)?\s*", re.IGNORECASE)
# '(1,000)', 'RD$ (1,000)', '(RD$ 1,000)': an accountant's negative.
_ACCOUNTING = re.compile(r"(\s*(?:RD\s?\$|US\s?\$|U\$|\$|DOP|USD|€)?\s*)\(([^()]*\d[^()]*)\)", re.IGNORECASE)
_NOT_FINITE = re.compile(r"[-+]?(?:nan|inf|infinity|infinito)", re.IGNORECASE)
_EXPONENT = re.compile(r"[eE][-+]?\d+(?![\w.,])")

_watching: ContextVar[list | None] = ContextVar("numbers_watching", default=None)


def parse_number(value: Any) -> float | None:
    """The number a cell holds, or None when it holds none (read_number says why, when it matters).

    A lone separator followed by exactly three digits is a thousands separator
    ('87.540' -> 87540, '1,600' -> 1600) unless the integer part is 0; with both
    separators, the last one is the decimal mark ('2.000.000,00' -> 2000000).
    """
    number, problem = read_number(value)
    if problem:
        notice(value, problem)
    return number


def read_number(value: Any) -> tuple[float | None, str | None]:
    """(number, problem): the one rule every column's figures follow.

    '(1,000)' and '−5' are negative; '1.5E+3' is 1500; a cell Excel holds as infinite or not a number,
    '1e309', 'NaN', '0x10' and '1_000' are no number, with the problem said in Spanish for the load's warnings."""
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, (int, float)):
        number = float(value)
        return (number, None) if math.isfinite(number) else (None, NOT_FINITE)
    return _number_of_text(str(value))


NOT_FINITE = "no es una cifra finita (infinito o «no es un número»); se dejó vacía"
CODE_SPELLING = "no es una forma de escribir cifras que el tablero lea (escriba 1,000 o 1000); se dejó vacía"


def canonical(text: str) -> str:
    """The text with a typed minus sign as '-' and an accountant's '(1,000)' as '-1,000'."""
    text = _MINUS.sub("-", text.strip().replace("\u00a0", " "))
    m = _ACCOUNTING.fullmatch(text)
    if not m:
        return text
    inner = m.group(2).strip()
    digit = next(i for i, ch in enumerate(inner) if ch.isdigit())
    return f"{m.group(1)}{inner[:digit]}-{inner[digit:]}"


# Figures and amounts typed as text repeat ('1,600', '100%', 'RD$250,000.00'): each text worked out once.
@lru_cache(maxsize=4096)
def _number_of_text(text: str) -> tuple[float | None, str | None]:
    text = canonical(text)
    if not text:
        return None, None
    if _NOT_FINITE.fullmatch(text):
        return None, NOT_FINITE
    m = _NUMBER.search(text)
    if not m:
        return None, None
    if _CODE_SPELLING.match(text, m.end()) and _BARE_PREFIX.fullmatch(text[:m.start()]):
        return None, CODE_SPELLING  # '1_000', '0x10', 'RD$ 1_000': a figure, spelt as code
    raw = re.sub(r"[\s']", "", m.group(0)).rstrip(".,")
    sign = -1.0 if raw.startswith("-") else 1.0
    raw = raw.lstrip("+-")
    exponent = _EXPONENT.match(text, m.end()) if m.group(0) == m.group(0).rstrip() else None
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        raw = raw.replace(thousands, "").replace(decimal, ".")
    elif "," in raw or "." in raw:
        sep = "," if "," in raw else "."
        parts = raw.split(sep)
        if exponent:
            raw = raw.replace(sep, ".")  # '1,5E3': the mantissa's mark is a decimal one
        elif len(parts) > 2 and len(parts[-1]) != 3:
            # '313.112.402.00': a typo'd decimal mark after thousands groups.
            raw = "".join(parts[:-1]) + "." + parts[-1]
        elif len(parts) > 2 or (len(parts[-1]) == 3 and parts[0] not in ("", "0")):
            raw = raw.replace(sep, "")
        else:
            raw = raw.replace(sep, ".")
    if exponent:
        raw += exponent.group(0)
    try:
        number = sign * float(raw)
    except ValueError:
        return None, None
    return (number, None) if math.isfinite(number) else (None, NOT_FINITE)


def notice(value: Any, problem: str) -> None:
    """Note a cell that could not be read as a figure, for whoever is watching (the pipeline, per sheet)."""
    seen = _watching.get()
    if seen is not None:
        seen.append((value, problem))


@contextmanager
def watching():
    """The (cell value, problem) of every figure that could not be read while in this block."""
    seen: list = []
    token = _watching.set(seen)
    try:
        yield seen
    finally:
        _watching.reset(token)


def parse_percent(value: Any) -> float | None:
    """A percentage in 0-100 units: '90%' -> 90, '12.5 %' -> 12.5, 0.9 (a %-formatted cell) -> 90.

    Plain numbers written as text without a '%' are taken as already in percent units.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = parse_number(value)
        return None if number is None else number * 100 if -1.5 <= number <= 1.5 and number != 0 else number
    return parse_number(value)


def is_percent(value: Any) -> bool:
    return isinstance(value, str) and "%" in value
