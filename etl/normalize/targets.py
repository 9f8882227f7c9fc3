"""Targets as typed: '90%', '611,000', '12,000 h/h', '$ 25,000.00', 'Un informe'."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from etl.normalize.money import currency_symbol, strip_marks
from etl.normalize.numbers import canonical, notice, read_number
from etl.normalize.text import clean


class Target(NamedTuple):
    text: str | None
    number: float | None
    measure_unit: str | None


def parse_target(value: Any, currency: str | None = None) -> Target:
    """The annual target as printed, as a number when it is one, and its unit.

    '90%' -> 90 with unit '%'; '611,000' -> 611000; '12,000 h/h' -> 12000 with unit 'h/h';
    '$ 25,000.00' -> 25000 with unit the currency code. Prose keeps its text and no number.
    """
    text = clean(value)
    if text is None:
        return Target(None, None, None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number, problem = read_number(value)
    else:
        (text, number, unit), problem = _target_of_text(text, currency)
        if problem is None:
            return Target(text, number, unit)
    if problem:
        notice(value, problem)
    return Target(text, number, None)


# A plan repeats its targets ('100%', '1 informe', '12') over thousands of rows: each text worked out once.
@lru_cache(maxsize=4096)
def _target_of_text(text: str, currency: str | None) -> tuple[Target, str | None]:
    is_money, code = currency_symbol(text)
    stripped = canonical(strip_marks(text) if is_money else text)
    # 'al menos', '≥ 90%', '>= 85 %': the comparator says "at least", the number is the target.
    stripped = re.sub(r"^(?:[≥≤><=]+|al menos|minimo|mínimo|hasta)\s*", "", stripped, flags=re.I)
    number, problem = read_number(stripped)
    if problem:
        return Target(text, None, None), problem
    m = re.fullmatch(r"([-+]?\d[\d.,\s]*(?:[eE][-+]?\d+)?)\s*(%|[^\d\s].{0,30})?", stripped)
    if not m or number is None:
        return Target(text, None, None), None
    number, _ = read_number(m.group(1))
    if number is None:
        return Target(text, None, None), None
    unit = (m.group(2) or "").strip() or None
    if is_money:
        unit = code or currency or "$"
    return Target(text, number, unit), None
