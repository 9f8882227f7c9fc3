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
        # Splitting at ASCII characters changes nothing (they start a character of their own in NFKD),
        # and the same few runs ('ó', 'ñ', '–') recur: each is worked out once.
        text = _NON_ASCII.sub(_plain_match, text)
    # One table lookup per character rather than lower() and a regular expression over the text (1.5x
    # faster on whole rows): lower case, and every character that is no ASCII letter, digit, '%', '$' or
    # '#' a space. A non-ASCII character still there once accents are gone is none of those in either case.
    return " ".join(text.translate(_WORD_CHARS).split())


def _plain_match(m: re.Match) -> str:
    return _plain_run(m.group())


@lru_cache(maxsize=4096)
def _plain_run(run: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", run) if not unicodedata.combining(ch))


class _SpaceUnlessWord(dict):
    """str.translate table: ASCII letters lower-cased, digits and '%$#' kept, anything else a space."""

    def __missing__(self, code: int) -> str:
        self[code] = " "  # remembered: translate asks again for every occurrence
        return " "


_WORD_CHARS = _SpaceUnlessWord(
    (c, chr(c).lower() if chr(c).isalnum() or chr(c) in "%$#" else " ") for c in range(128))
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
