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
    if type(value) is str:  # most cells: no number to format
        return " ".join(value.split()) or None
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

    Folding is character by character (see _fold_char), so each character's folding is worked out once:
    runs of non-ASCII characters ('ó', 'ñ', '–') are replaced by their folding, remembered per run, and
    the then ASCII text goes through one str.translate table (its fast path: no regular expression, no
    lower(); translating non-ASCII text character by character was slower than this)."""
    if not text.isascii():
        text = _NON_ASCII.sub(_folded_run, text)
    return " ".join(text.translate(_ASCII_FOLDED).split())


def _folded_run(m: re.Match) -> str:
    return _fold_run(m.group())


@lru_cache(maxsize=4096)
def _fold_run(run: str) -> str:
    return "".join(_FOLDED[ord(ch)] for ch in run)


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
_ASCII_FOLDED = dict(_FOLDED)  # what folding leaves is ASCII and folds to itself
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
