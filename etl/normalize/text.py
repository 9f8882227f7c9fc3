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
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NOT_WORD.sub(" ", text.lower())
    return " ".join(text.split())


_NOT_WORD = re.compile(r"[^0-9a-zA-Z%$#]+")
