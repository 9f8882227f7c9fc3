"""Money as typed: RD$250,000.00 / $ 1,430,500.00 / US$ 4.5 / Bs. 350.000 / S/ 2,500.00 -> (amount, ISO 4217
currency). The marks of each currency are data: data/catalog/currencies.csv."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from etl import catalog
from etl.normalize.numbers import notice, parse_number, read_number


def _mark_pattern(mark: str) -> str:
    """A mark as a regular expression: not inside a word ('BS' is not in 'BOLIVIANOS'); a one-letter mark
    ('Q', 'L') only right before an amount of two digits or more, so that 'Q1' (a quarter) and '10 L' are none."""
    body = re.escape(mark).replace(r"\ ", r"\s*")
    if mark[0].isalpha():
        body = r"(?<![^\W\d_])" + body
    if len(mark.rstrip(".")) == 1 and mark[0].isalpha():
        return body + r"\.?\s*(?=[-+(\u2212]?\d[\d.,]*\d)"
    if mark[-1].isalpha() or mark[-1] == "/":  # 'S/' is not in 'S/N' (sin número)
        body += r"(?![^\W\d_])"
    return body


@lru_cache(maxsize=4)
def _marks_regex(marks: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict[str, str]]:
    # Longest first: at one place in the text 'US$' wins over '$', 'Bs.' over 'Bs'.
    pattern = "|".join(f"(?P<m{i}>{_mark_pattern(mark)})" for i, (mark, _) in enumerate(marks))
    return re.compile(pattern or r"(?!)"), {f"m{i}": code for i, (_, code) in enumerate(marks)}


def _marks() -> tuple[re.Pattern, dict[str, str]]:
    return _marks_regex(catalog.currency_marks())


def find_mark(text: str) -> re.Match | None:
    """The first currency mark in the text (data/catalog/currencies.csv), as a match on the text in capitals."""
    regex, _ = _marks()
    return regex.search(text.upper())


def strip_marks(text: str) -> str:
    """The text without its currency marks: 'Bs. 1.200,50' -> ' 1.200,50'."""
    regex, _ = _marks()
    upper = text.upper()
    if len(upper) != len(text):  # a capital that is longer than its letter ('ß'): no marks are that odd
        return text
    out, last = [], 0
    for m in regex.finditer(upper):
        out.append(text[last:m.start()])
        last = m.end()
    return "".join(out) + text[last:]


class Money(NamedTuple):
    amount: float
    currency: str | None  # None: a bare '$', to be read as the institution's currency


def currency_symbol(text: str) -> tuple[bool, str | None]:
    """(has a money mark, ISO code when the mark says which): 'Bs. 350.000' -> (True, 'BOB'); '$ 5' and
    '5 pesos' -> (True, None), which the institution's country resolves."""
    regex, codes = _marks()
    m = regex.search(text.upper())
    if m:
        return True, codes[m.lastgroup] or None
    return False, None


def parse_money(value: Any) -> Money | None:
    """Amount and currency of a cell, or None when it holds no amount (e.g. 'Contemplado Gestión Operativa')."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        amount = parse_number(value)
        return None if amount is None else Money(amount, None)
    money, problem = _money_of_text(str(value))
    if problem:
        notice(value, problem)
    return money


@lru_cache(maxsize=4096)  # budgets repeat their amounts and notes over a plan's rows
def _money_of_text(text: str) -> tuple[Money | None, str | None]:
    text = text.strip()
    if not re.search(r"\d", text):
        return None, None
    # A sentence that merely mentions a number is a note, not an amount.
    words = re.findall(r"[A-Za-zÁÉÍÓÚáéíóúÑñ]{4,}", text)
    if len(words) > 1:
        return None, None
    amount, problem = read_number(text)
    if amount is None:
        return None, problem
    _, code = currency_symbol(text)
    if "MILLON" in text.upper():
        amount *= 1_000_000
    return Money(amount, code), None
