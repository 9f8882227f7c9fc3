"""Text clean-up and accent folding, for comparing headers and labels."""
from __future__ import annotations

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

    One table lookup per character (str.translate) instead of Unicode normalisation, lower() and a regular
    expression over the text: folding is character by character (see _fold_char), so each character's
    folding is worked out once and remembered in the table."""
    return " ".join(text.translate(_FOLDED).split())


def _fold_char(ch: str) -> str:
    """One character folded: accents dropped (NFKD without its combining marks: a decomposition never
    depends on the characters around it, and canonical reordering only moves the marks dropped here),
    ASCII letters lower-cased, digits and '%$#' kept, anything else a space."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return "".join(c.lower() if c.isascii() and (c.isalnum() or c in "%$#") else " " for c in plain)


class _FoldTable(dict):
    """str.translate table of _fold_char, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLDED = _FoldTable((c, _fold_char(chr(c))) for c in range(128))
