"""Text clean-up and accent folding, for comparing headers and labels."""
from __future__ import annotations

import re
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
    text = clean(value) or ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^0-9a-zA-Z%$#]+", " ", text.lower())
    return " ".join(text.split())
