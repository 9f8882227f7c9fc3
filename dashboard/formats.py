"""Numbers, money and months as a user writes them."""
from __future__ import annotations

import pandas as pd

from etl.normalize.money import format_money
from etl.normalize.months import MONTH_ABBR, MONTH_LABELS


def fmt_int(n) -> str:
    return "—" if n is None or pd.isna(n) else f"{int(n):,}".replace(",", ".")


def fmt_pct(x) -> str:
    """A fraction as a percentage: 0.75 -> '75 %'."""
    return "—" if x is None or pd.isna(x) else f"{x * 100:.0f} %"


def fmt_money(amount, currency) -> str:
    return format_money(None if amount is None or pd.isna(amount) else float(amount), currency)


def month_label(m: int) -> str:
    return MONTH_LABELS[int(m) - 1]


def shown_of(shown: int, total: int, what: str = "filas") -> str:
    """'Se muestran 1.000 de 184.665 actividades; la descarga incluye todas.'-style caption start."""
    return f"Se muestran {fmt_int(shown)} de {fmt_int(total)} {what}"


__all__ = ["MONTH_ABBR", "fmt_int", "fmt_money", "fmt_pct", "month_label", "shown_of"]
