"""Checks on a workbook's bytes before any parser sees them.

A workbook is a zip of XML files: a small file can expand to gigabytes (zip bomb) or define
entities that expand exponentially (billion laughs). Both are refused here, before openpyxl runs.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from etl.model import RejectedFile

MAX_FILE_MB = 50
MAX_UNCOMPRESSED_MB = 300
MAX_RATIO = 200  # uncompressed / compressed for one part above 1 MB
MAX_PARTS = 2000
MAX_ROWS = 200_000
MAX_COLS = 1_000
# Rows x columns: a sheet is read as a dense grid, so two far corners would cost gigabytes.
MAX_CELLS = 5_000_000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:([A-Z]+)(\d+)"')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')


def check_file(path: Path) -> dict[str, bool]:
    """RejectedFile, with what to do, when the bytes are not a workbook we can safely open.

    Returns, for each worksheet part it read whole, whether its XML has a formula tag ('<f'): whoever looks
    for formulas need not decompress the others again."""
    size = path.stat().st_size
    if size == 0:
        raise RejectedFile("el archivo está vacío (0 bytes); vuelva a guardarlo desde Excel o cópielo de nuevo")
    if size > MAX_FILE_MB * 1024 * 1024:
        raise RejectedFile(
            f"el archivo pesa {size / 1024 / 1024:.0f} MB y el máximo es {MAX_FILE_MB} MB; "
            "divídalo en varios libros o quite hojas que no sean del plan"
        )
    with open(path, "rb") as f:
        head = f.read(min(size, 4 * 1024 * 1024))
    if head.startswith(_OLE2):
        if _ENCRYPTED in head:
            raise RejectedFile(
                "el libro está protegido con contraseña; quite la contraseña en Excel "
                "(Archivo › Información › Proteger libro) y vuelva a cargarlo"
            )
        raise RejectedFile("es un libro de Excel antiguo (.xls); ábralo en Excel y guárdelo como .xlsx")
    if not head.startswith(b"PK"):
        if _looks_like_text(head):
            raise RejectedFile(
                "es un archivo de texto (CSV u otro) con extensión de Excel; ábralo en Excel y "
                "guárdelo como libro .xlsx"
            )
        raise RejectedFile(
            "no es un libro .xlsx válido (archivo dañado o de otro formato); ábralo en Excel y guárdelo como .xlsx"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            return _check_zip(zf, size)
    except zipfile.BadZipFile:
        raise RejectedFile(
            "el libro está dañado o incompleto (se cortó al copiarlo o descargarlo); vuelva a guardarlo desde Excel"
        ) from None


def _looks_like_text(head: bytes) -> bool:
    sample = head[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            sample.decode("latin-1")
        except UnicodeDecodeError:
            return False
    return True


def _check_zip(zf: zipfile.ZipFile, size: int) -> dict[str, bool]:
    infos = zf.infolist()
    formulas: dict[str, bool] = {}
    if len(infos) > MAX_PARTS:
        raise RejectedFile(f"el libro tiene {len(infos)} partes internas; no parece un libro de Excel normal")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise RejectedFile("es un archivo .zip pero no un libro de Excel (.xlsx); guárdelo como .xlsx desde Excel")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_MB * 1024 * 1024:
        raise RejectedFile(
            f"el contenido descomprimido ocupa {total / 1024 / 1024:.0f} MB (máximo {MAX_UNCOMPRESSED_MB} MB); "
            "es demasiado grande o está manipulado (posible «bomba zip»)"
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise RejectedFile(
                f"la parte «{info.filename}» se descomprime {info.file_size // max(info.compress_size, 1)} veces "
                "su tamaño; el libro está manipulado (posible «bomba zip») y no se abrirá"
            )
        if info.filename.endswith((".xml", ".rels", ".vml")):
            with zf.open(info) as part:
                start = part.read(2048)
            if _DTD.search(start):
                raise RejectedFile(
                    f"la parte «{info.filename}» declara entidades XML (DTD), algo que Excel nunca escribe; "
                    "el libro está manipulado y no se abrirá"
                )
            if info.filename.startswith("xl/worksheets/"):
                _check_dimension(info.filename, start)
                formulas[info.filename] = _check_extent(zf, info)
    return formulas


def _check_dimension(name: str, start: bytes) -> None:
    m = _DIMENSION.search(start)
    if not m:
        return
    col, row = _col_number(m.group(1)), int(m.group(2))
    if row > MAX_ROWS or col > MAX_COLS:
        raise RejectedFile(
            f"una hoja declara {row:,} filas y {col:,} columnas (máximo {MAX_ROWS:,} filas y {MAX_COLS:,} columnas); "
            "borre las filas y columnas vacías del final o divida el libro"
        )
    if row * col > MAX_CELLS:
        raise too_many_cells("una hoja", row, col)


def _col_number(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col


def _check_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """The grid the cells really span: a sheet may omit its <dimension> or understate it, and the parser
    allocates rows x columns whatever the file's size. Returns whether the part has a formula tag."""
    rows = cols = 0
    formula = False
    tail = b""
    with zf.open(info) as part:
        while chunk := part.read(1 << 20):
            data = tail + chunk
            formula = formula or b"<f" in data  # a tag cut by the chunk boundary is whole in tail + chunk
            refs = _CELL_REF.findall(data)
            if refs:
                # Each distinct column and row once: a sheet names the same few columns on every row.
                letters, numbers = zip(*refs)
                cols = max(cols, max(map(_col_number, set(letters))))
                rows = max(rows, max(map(int, set(numbers))))
            tail = data[-64:]  # a reference cut in two by the chunk boundary is found whole in the next one
    if rows > MAX_ROWS or cols > MAX_COLS or rows * cols > MAX_CELLS:
        raise too_many_cells("una hoja", rows, cols)
    return formula


def too_many_cells(sheet: str, rows: int, cols: int) -> RejectedFile:
    return RejectedFile(
        f"{sheet} abarca {rows:,} filas por {cols:,} columnas ({rows * cols:,} celdas; máximo {MAX_CELLS:,}); "
        "borre las celdas sueltas lejos de la tabla (Ctrl+Fin muestra la última) o divida el libro"
    )
