"""A CSV export read as one sheet of text cells: what a spreadsheet's «Guardar como CSV» writes.

The separator is found from the first lines (`;`, `,` or a tab; a first line `sep=;` as Excel writes it says so
itself); the text is UTF-8 (with or without BOM), UTF-16 with BOM (Excel's «Texto Unicode»), or else Windows'
cp1252 / Latin-1. Cells stay text as typed ('10,000.00 ', '75 %', 'RD$ 1,500'): the readers' normalisers read
them as they read typed cells of a workbook; an empty cell is None. The same limits as a workbook's sheet
(rows, columns, cells) are applied while reading, so an oversized file is refused before it is held.
"""
from __future__ import annotations

import codecs
import csv
from collections import Counter
from pathlib import Path
from typing import Any

from etl.model import RejectedFile
from etl.safety import MAX_CELLS, MAX_COLS, MAX_ROWS, check_size, count, too_many_cells

SEPARATORS = (";", ",", "\t")
_SAMPLE = 64 * 1024
_NAMES = {";": "punto y coma", ",": "coma", "\t": "tabulador"}


def encoding_of(path: Path) -> str:
    """The codec the file's bytes decode with: its BOM's, UTF-8 if every byte decodes so, else cp1252
    (Latin-1 for the five bytes cp1252 leaves undefined)."""
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def separator_of(sample: str) -> str:
    """The separator that splits the sample's lines into the same number of fields most often (and into more
    fields, on a tie): a ';' file whose amounts are written '1,600' still splits best on ';'."""
    lines = sample.splitlines()[:200]
    if len(lines) > 1 and len(sample) >= _SAMPLE:
        lines = lines[:-1]  # the last line of a cut sample may be cut too
    best, best_score = SEPARATORS[0], (0, 0)
    for sep in SEPARATORS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=sep) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not widths:
            continue
        width, _ = Counter(widths).most_common(1)[0]
        score = (sum(w == width for w in widths) if width > 1 else 0, width)
        if score > best_score:
            best, best_score = sep, score
    return best


def read_csv(path: Path) -> tuple[list[list[Any]], str]:
    """(rows, separator): the file's cells row by row, trailing empty rows dropped; RejectedFile in Spanish."""
    check_size(path)
    encoding = encoding_of(path)
    with open(path, encoding=encoding, errors="strict", newline="") as f:
        sample = f.read(_SAMPLE)
    if "\x00" in sample:
        raise RejectedFile("no es un archivo de texto CSV (tiene contenido binario); "
                           "si es un libro de Excel, cárguelo con su extensión (.xlsx, .xls)")
    first = sample.split("\n", 1)[0].strip().lower()
    declared = first[4:5] if first.startswith("sep=") and len(first) == 5 else None
    sep = declared or separator_of(sample)
    rows: list[list[Any]] = []
    width = blank = 0
    seen: dict[str, str] = {}
    from etl.workbook import printable

    try:
        with open(path, encoding=encoding, errors="strict", newline="") as f:
            reader = csv.reader(f, delimiter=sep)
            if declared:
                next(reader, None)
            for fields in reader:
                if len(fields) > MAX_COLS:
                    raise _too_wide(path, reader.line_num, len(fields))
                row: list[Any] = []
                for v in fields:
                    shared = seen.get(v)
                    if shared is None:  # repeated texts (marks, units) become one string each
                        shared = seen[v] = (printable(v) if v.strip() else "")
                    row.append(shared or None)
                if all(v is None for v in row):
                    blank += 1  # kept only if a row with something follows: trailing blank lines do not count
                    continue
                if blank:
                    rows.extend([] for _ in range(blank))
                    blank = 0
                rows.append(row)
                width = max(width, len(row))
                if len(rows) > MAX_ROWS:
                    raise RejectedFile(
                        f"el archivo tiene más de {count(MAX_ROWS, 'fila', 'filas')} con datos (máximo {MAX_ROWS:,}); "
                        "borre lo que no sea del plan o divídalo en varios archivos")
                if len(rows) * width > MAX_CELLS:
                    raise too_many_cells("el archivo", len(rows), width)
    except csv.Error as exc:
        raise RejectedFile(f"no se pudo leer como CSV (separado por {_NAMES[sep]}): {exc}; "
                           "guárdelo de nuevo desde la hoja de cálculo") from None
    except UnicodeDecodeError:
        raise RejectedFile("el texto del archivo no está en UTF-8 ni en Latin-1; guárdelo de nuevo como "
                           "«CSV UTF-8» desde la hoja de cálculo") from None
    return rows, sep


def _too_wide(path: Path, line: int, fields: int) -> RejectedFile:
    return RejectedFile(f"la línea {line:,} del archivo tiene {count(fields, 'columna', 'columnas')} "
                        f"(máximo {MAX_COLS:,}); borre lo que no sea del plan o divida el archivo")
