"""Numbers, money and months as both countries' planning offices write them: `1,430,500.00`.

One rule for every screen (cards, tables, chart axes, hovers and captions):
- thousands with a comma, decimals with a point, in pesos and dollars alike (as the plans are written);
- money: symbol, a space and whole units, `RD$ 359,539,144`; rounded half away from zero (Decimal
  ROUND_HALF_UP, never Python's round(), which rounds 0.5 to even);
- chart axes shorten money in words, never `M`/`k` (in Spanish finance `M` reads as *miles*):
  `RD$ 50 mil`, `US$ 5.8 millones`;
- percentages with a space before the sign: no decimals on cards and axes (`75 %`), one decimal in
  tables and donuts (`75.4 %`);
- a missing value is "—" (text) or an empty cell (tables), never "None" or "nan".
Exports (CSV/Excel) take the plain numbers, not these texts.
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal

import pandas as pd

from etl.normalize.months import MONTH_ABBR, MONTH_LABELS

MISSING = "—"
SYMBOL = {"DOP": "RD$", "USD": "US$", "EUR": "€"}
# Plotly's `separators`: decimal mark first, then the thousands mark.
PLOTLY_SEPARATORS = ".,"


def missing(x) -> bool:
    try:
        return x is None or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


# Enough digits for any double (10^308 and two decimals): Decimal's default 28 raised on 10^28.
_CONTEXT = Context(prec=400, rounding=ROUND_HALF_UP)
OUT_OF_RANGE = "cifra fuera de rango"
# Past this no plan has a figure (the load warned, data/catalog/limits.toml): written short, so a card stays a card.
HUGE = 1e15


def _round(x, decimals: int = 0) -> Decimal:
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_CONTEXT)


def _finite(x) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError, OverflowError):
        return False


def fmt_number(x, decimals: int = 2) -> str:
    """1430500.5 -> '1,430,500.50'. Never raises: a value no cell can hold (infinite, not a number) says so."""
    if missing(x):
        return MISSING
    if not _finite(x):
        return OUT_OF_RANGE
    if abs(float(x)) >= HUGE:
        return _huge(x)
    return f"{_round(x, decimals):,.{decimals}f}"


def _huge(x) -> str:
    return f"{float(x):.3g}".replace("e+", " × 10^") if _finite(x) else OUT_OF_RANGE


def fmt_int(n) -> str:
    """184665 -> '184,665' (counts); a year is not a count: write it as str(year)."""
    return fmt_number(n, 0)


def fmt_pct(x, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.75 -> '75 %'; tables and donuts pass decimals=1."""
    if missing(x):
        return MISSING
    if not _finite(x):
        return OUT_OF_RANGE
    if abs(float(x)) * 100 >= HUGE:
        return _huge(float(x) * 100) + (" %" if _finite(float(x) * 100) else "")
    return f"{_round(Decimal(str(x)) * 100, decimals):,.{decimals}f} %"


def symbol(currency) -> str:
    return SYMBOL.get(currency or "", currency or "")


def fmt_money(amount, currency, decimals: int = 0) -> str:
    """'RD$ 359,539,144'; 1,850,500.50 pesos -> 'RD$ 1,850,501' (half away from zero)."""
    if missing(amount):
        return MISSING
    if not _finite(amount):
        return OUT_OF_RANGE
    return f"{symbol(currency)} {fmt_number(amount, decimals)}".strip()


def fmt_short(x, prefix: str = "") -> str:
    """An axis tick in words: 50000 -> '50 mil', 5830085 -> '5.8 millones', with an optional 'RD$ '."""
    if missing(x):
        return MISSING
    if not _finite(x):
        return OUT_OF_RANGE
    value = float(x)
    if abs(value) >= HUGE:
        return f"{prefix}{_huge(value)}"
    for size, word in ((1e9, "mil millones"), (1e6, "millones"), (1e3, "mil")):
        if abs(value) >= size:
            scaled = _round(value / size, 1)
            text = f"{scaled:,.1f}".removesuffix(".0")
            if word == "millones" and scaled == 1:
                word = "millón"
            return f"{prefix}{text} {word}"
    return f"{prefix}{fmt_number(value, 0)}"


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top` (1, 2, 2.5 or 5 times a power of ten apart)."""
    if missing(top) or not _finite(top) or top <= 0:
        return [0.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(math.ceil(top / step - 1e-9)) + 1)]


def money_axis(fig, currency, top: float, axis: str = "x") -> None:
    """Ticks 'RD$ 50 mil', 'US$ 5.8 millones' on a money axis (Plotly would write '50M')."""
    values = nice_ticks(top)
    text = [fmt_short(v, symbol(currency) + " ") if v else "0" for v in values]
    getattr(fig, f"update_{axis}axes")(tickvals=values, ticktext=text)


def pct_axis(fig, top: float = 1.0, axis: str = "y", step: float = 0.25) -> None:
    """Ticks '0 %', '25 %', …, '100 %' on an axis of fractions (Plotly's '.0%' writes '100%')."""
    values = [i * step for i in range(int(round(top / step)) + 1)]
    getattr(fig, f"update_{axis}axes")(tickvals=values, ticktext=[fmt_pct(v) for v in values])


def pct_for_table(df: pd.DataFrame, columns) -> pd.DataFrame:
    """Fractions as percentages (0.754 -> 75.4) for the PCT_COLUMN format; sorting stays numeric."""
    out = df.copy()
    for c in columns:
        if c in out:
            out[c] = pd.to_numeric(out[c], errors="coerce") * 100
    return out


PAD = " "  # sorts before every digit, by code point and in the browser's localeCompare alike


def sortable_text(values, fmt) -> list[str]:
    """Numbers with gaps as text a table sorts right: Streamlit draws a missing number as 'None', so a
    column with gaps is written out ('—' for the gaps), left-padded with spaces to one width, so that
    sorting the text (the table right-aligns it) sorts the non-negative numbers."""
    texts = [fmt(v) for v in values]
    width = max((len(t) for t in texts), default=0)
    return [t.rjust(width, PAD) for t in texts]


# st.column_config formats (Streamlit's 'accounting' always writes 1,430,500.00, whatever the browser's locale).
PCT_FORMAT = "%.1f %%"
MONEY_FORMAT = "accounting"  # with step=1 in the column: whole units, as on the cards
NUMBER_FORMAT = "accounting"  # targets and actuals: 1,430,500.00
YEAR_FORMAT = "%d"


def month_label(m: int) -> str:
    return MONTH_LABELS[int(m) - 1]


def shown_of(shown: int, total: int, what: str = "filas") -> str:
    """'Se muestran 1,000 de 184,665 actividades; la descarga incluye todas.'-style caption start."""
    return f"Se muestran {fmt_int(shown)} de {fmt_int(total)} {what}"


# ASCII punctuation: CommonMark lets a backslash make any of it literal.
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
WORD_JOINER = "\u2060"
# A ':' right before a letter, a digit or '/' (escaped): where ':red[', ':material/', ':smile:' and 'http://' start.
_BEFORE_WORD = re.compile(r":(?=\\?[\w/])")
MAX_SHOWN = 200  # characters of a name in a heading or a card; the tables keep it whole


def as_typed(value, limit: int | None = MAX_SHOWN) -> str:
    """A value from a workbook (a name, a file name, a warning quoting a cell) for a markdown element, shown as
    typed: '![i](http://…)', '[x](…)', ':red[…]', '$$…$$', '**' stay text, no image is fetched and no link made.

    Every ASCII punctuation mark is escaped; a ':' before a word also gets an invisible word joiner, since Streamlit turns
    ':material/…:' and ':smile:' into icons after the escapes are undone, and 'http://' into a link. A name of
    100,000 characters is cut (with '…') so that a card stays a card."""
    text = "" if value is None else " ".join(str(value).split())
    if limit and len(text) > limit:
        text = text[:limit - 1] + "…"
    return _BEFORE_WORD.sub(":" + WORD_JOINER, _MD_SPECIAL.sub(r"\\\1", text))


__all__ = ["as_typed", "MONTH_ABBR", "MISSING", "fmt_int", "fmt_money", "fmt_number", "fmt_pct", "fmt_short", "money_axis",
           "month_label", "nice_ticks", "pct_axis", "pct_for_table", "shown_of", "symbol"]
