"""Text clean-up and accent folding, for comparing headers and labels."""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from typing import Any


def clean(value: Any) -> str | None:
    """Whitespace collapsed, None for empty cells; numbers that are whole print without '.0'."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


def fold(value: Any) -> str:
    """Lower case, accents dropped, punctuation as spaces: 'Período de Ejecución' -> 'periodo de ejecucion'."""
    return _fold(value if isinstance(value, str) else (clean(value) or ""))


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    # Readers fold the same header words and labels over and over: remember them.
    return fold_uncached(text)


def fold_uncached(text: str) -> str:
    """fold() of a string, without remembering it: for text seen once, such as a whole row joined.

    Accents are dropped only from the runs of non-ASCII characters (combining marks are never ASCII),
    and ASCII text skips Unicode normalisation altogether (it is already normal)."""
    if not text.isascii():
        # Accented Latin letters by table first (most Spanish text is ASCII after it); what is left
        # goes the long way. The table holds what the long way gives, so the result is the same.
        text = text.translate(_LATIN)
        if not text.isascii():
            text = _NON_ASCII.sub(_strip_marks, unicodedata.normalize("NFKD", text))
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def _strip_marks(m: re.Match) -> str:
    return "".join(ch for ch in m.group() if not unicodedata.combining(ch))


def _latin_table() -> dict[int, str]:
    table = {}
    for code in range(0x80, 0x250):
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(ch))
        if plain.isascii() and plain != chr(code):
            table[code] = plain
    return table


_LATIN = _latin_table()


_NOT_WORD = re.compile(r"[^0-9a-zA-Z%$#]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
