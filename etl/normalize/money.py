"""Money as typed: RD$250,000.00 / $ 1,430,500.00 / US$ 4.5 -> (amount, ISO 4217 currency)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from etl.normalize.numbers import notice, parse_number, read_number

# Longest first: 'US$' must win over '$'.
_SYMBOLS = [
    ("RD$", "DOP"), ("RD $", "DOP"), ("DOP", "DOP"), ("PESOS", "DOP"),
    ("US$", "USD"), ("USD", "USD"), ("U$", "USD"), ("DOLARES", "USD"), ("DÓLARES", "USD"),
    ("€", "EUR"), ("EUR", "EUR"),
]

COUNTRY_CURRENCY = {"DO": "DOP", "SV": "USD"}



class Money(NamedTuple):
    amount: float
    currency: str | None  # None: a bare '$', to be read as the institution's currency


def currency_symbol(text: str) -> tuple[bool, str | None]:
    """(has a money mark, ISO code when the mark says which)."""
    upper = text.upper()
    for mark, code in _SYMBOLS:
        if mark in upper:
            return True, code
    return ("$" in upper), None


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
