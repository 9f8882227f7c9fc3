"""Checks on a workbook's bytes before any parser sees them.

A workbook is a zip of XML files: a small file can expand to gigabytes (zip bomb) or define
entities that expand exponentially (billion laughs). Both are refused here, before openpyxl runs.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from etl.model import RejectedFile

MAX_FILE_MB = 50
MAX_UNCOMPRESSED_MB = 300
MAX_RATIO = 200  # uncompressed / compressed for one part above 1 MB
MAX_PARTS = 2000
MAX_ROWS = 200_000
MAX_COLS = 1_000
# Rows x columns: a sheet is read as a dense grid, so two far corners would cost gigabytes; and a full grid of
# distinct texts at this size keeps a reader within its memory (etl/load/sandbox.py, docs/reliability.md).
MAX_CELLS = 2_000_000
MAX_TAG = 4 * 1024 * 1024  # bytes of one XML tag: Excel's are a few dozen

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:([A-Z]+)(\d+)"')
# The cell grid a sheet spans (see _check_extent). Excel, LibreOffice and the Python writers all start a cell with
# `<c r="B7"`: a sheet written so is measured by its references alone. XML allows more (any attribute order, single
# quotes, spaces around '=', a namespace prefix, a second reference, none at all) and calamine reads all of them.
_ODD_CELL = re.compile(rb'<(?:[A-Za-z_][\w.\-]*:)?c(?! r="[A-Z]{1,3}\d{1,7}")[\s/>]')
# Also matches an attribute whose name ends in 'r' (none in a sheet holds a cell reference): it can only count more.
_REF = re.compile(rb"""r\s*=\s*["']\s*\$?([A-Za-z]{1,9})\$?(\d{1,12})""")
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c)((?:\s+[^\s=>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>")
_R_VALUE = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF_PARTS = re.compile(rb"\s*\$?([A-Za-z]*)\$?(\d*)\s*")


def check_file(path: Path) -> dict[str, bool]:
    """RejectedFile, with what to do, when the bytes are not a workbook we can safely open.

    Returns, for each worksheet part it read whole, whether its XML has a formula tag ('<f'): whoever looks
    for formulas need not decompress the others again."""
    size = check_size(path)
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
    except DAMAGED:
        raise damaged() from None


def check_size(path: Path) -> int:
    """The file's size in bytes; RejectedFile when it is empty or over MAX_FILE_MB (every format)."""
    size = path.stat().st_size
    if size == 0:
        raise RejectedFile("el archivo está vacío (0 bytes); vuelva a guardarlo desde Excel o cópielo de nuevo")
    if size > MAX_FILE_MB * 1024 * 1024:
        raise RejectedFile(
            f"el archivo pesa {size / 1024 / 1024:.0f} MB y el máximo es {MAX_FILE_MB} MB; "
            "divídalo en varios libros o quite hojas que no sean del plan"
        )
    return size


def file_kind(path: Path) -> str:
    """'xlsx', 'xls' or 'ods' by the file's first bytes, whatever its extension among the spreadsheet ones:
    an old .xls renamed .xlsx is read as what it is. Bytes that are none of them go to check_file ('xlsx'),
    which says what they are."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except DAMAGED:
            raise damaged() from None
        if "content.xml" in names and not any(n.startswith("xl/") for n in names):
            return "ods"
    return "xlsx"


def check_xls(path: Path) -> None:
    """An old-Excel (BIFF) file: its size, and that it is not encrypted. calamine reads it whole; the grid a
    sheet spans is measured on calamine's range before any Python row is made (workbook._calamine_sheet), and a
    sheet asking for more memory than a reader has stops that reader only (etl/load/sandbox.py)."""
    size = check_size(path)
    with open(path, "rb") as f:
        head = f.read(min(size, 4 * 1024 * 1024))
    if not head.startswith(_OLE2):
        raise RejectedFile("no es un libro de Excel antiguo (.xls) válido (archivo dañado o de otro formato); "
                           "ábralo en Excel y guárdelo como .xlsx")
    if _ENCRYPTED in head:
        raise RejectedFile(
            "el libro está protegido con contraseña; quite la contraseña en Excel "
            "(Archivo › Información › Proteger libro) y vuelva a cargarlo"
        )


ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# The tags of an ODS sheet that place cells: a table starts a sheet, a row may stand for N equal rows, a cell for
# N equal cells (LibreOffice writes the empty rest of a sheet as one row repeated a million times).
_ODS_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(table|table-row|table-cell|covered-table-cell)"
                      rb"((?:\s+[^\s=>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ODS_ATTR = re.compile(rb"""([\w.\-]+:)?([\w.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def check_ods(path: Path) -> list[list[tuple[int, int, int, int]]]:
    """RejectedFile when an OpenDocument spreadsheet is not one we can safely open: the zip checks of an
    .xlsx (size, parts, ratio, DTD), and the grid each sheet of content.xml spans, repeated rows and cells
    counted as the parser expands them.

    Returns each sheet's merged ranges, in sheet order (calamine gives none for .ods): (min_row, min_col,
    max_row, max_col), 1-based."""
    size = check_size(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            mime = zf.read("mimetype").strip() if "mimetype" in names else b""
            if "content.xml" not in names or (mime and mime != ODS_MIME):
                raise RejectedFile("es un archivo .zip pero no una hoja de cálculo OpenDocument (.ods); "
                                   "guárdelo como .ods o .xlsx desde LibreOffice o Excel")
            _check_parts(zf, infos, size)
            return _ods_extent(zf, zf.getinfo("content.xml"))
    except DAMAGED:
        raise damaged() from None


def _ods_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[list[tuple[int, int, int, int]]]:
    sheets: list[list[tuple[int, int, int, int]]] = []
    rows = cols = 0  # the grid of the current sheet: the last row and column with something in them
    row = 0          # rows placed so far in the current sheet
    row_span = 1     # how many rows the current row tag stands for
    col = 0
    filled = False   # whether the current row has a cell with content
    with zf.open(info) as part:
        for data in _whole_tags(part, "LibreOffice"):
            for m in _ODS_TAG.finditer(data):
                closing, tag, attrs, empty = m.groups()
                if tag == b"table":
                    if not closing:
                        sheets.append([])
                        rows = cols = row = 0
                    continue
                if tag == b"table-row":
                    if closing:
                        if filled:
                            rows = max(rows, row + row_span)
                        row += row_span
                        continue
                    row_span, col, filled = _ods_number(attrs, b"number-rows-repeated"), 0, False
                    if empty:  # <table:table-row/>: rows with nothing in them
                        row += row_span
                    continue
                if closing:
                    continue
                repeat = _ods_number(attrs, b"number-columns-repeated")
                if not empty or b"value-type" in attrs:
                    filled = True
                    cols = max(cols, col + repeat)
                    rows = max(rows, row + row_span)
                    if tag == b"table-cell" and sheets:
                        spans = (_ods_number(attrs, b"number-rows-spanned"),
                                 _ods_number(attrs, b"number-columns-spanned"))
                        if spans != (1, 1):
                            sheets[-1].append((row + 1, col + 1, row + spans[0], col + spans[1]))
                col += repeat
                if rows > MAX_ROWS or cols > MAX_COLS or rows * cols > MAX_CELLS:
                    raise too_many_cells("una hoja", rows, cols)
    return sheets


def _ods_number(attrs: bytes, name: bytes) -> int:
    for _, key, a, b in _ODS_ATTR.findall(attrs):
        if key == name:
            value = (a or b).strip()
            return max(1, int(value)) if value.isdigit() and len(value) < 10 else (10 ** 9 if value.isdigit() else 1)
    return 1


# What zipfile raises on a damaged archive: a bad directory, a part whose inflate fails or whose checksum is wrong,
# a part cut short, a compression method nobody writes.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)


def damaged() -> RejectedFile:
    return RejectedFile(
        "el libro está dañado o incompleto (se cortó al copiarlo o descargarlo); vuelva a guardarlo desde Excel")


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
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise RejectedFile("es un archivo .zip pero no un libro de Excel (.xlsx); guárdelo como .xlsx desde Excel")
    _check_parts(zf, infos, size)
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith((".xml", ".rels", ".vml")):
            with zf.open(info) as part:
                start = part.read(2048)
            _check_dimension(info.filename, start)
            formulas[info.filename] = _check_extent(zf, info)
    return formulas


def _check_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], size: int) -> None:
    """What every zipped workbook (.xlsx, .xlsm, .ods) must pass: its declared uncompressed size, each part's
    ratio, and no XML part declaring entities."""
    if len(infos) > MAX_PARTS:
        raise RejectedFile(f"el libro tiene {len(infos)} partes internas; no parece un libro de Excel normal")
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


def _check_dimension(name: str, start: bytes) -> None:
    m = _DIMENSION.search(start)
    if not m:
        return
    col, row = _col_number(m.group(1)), int(m.group(2))
    if row > MAX_ROWS or col > MAX_COLS:
        raise RejectedFile(
            f"una hoja declara {count(row, 'fila', 'filas')} y {count(col, 'columna', 'columnas')} (máximo {MAX_ROWS:,} filas y {MAX_COLS:,} columnas); "
            "borre las filas y columnas vacías del final o divida el libro"
        )
    if row * col > MAX_CELLS:
        raise too_many_cells("una hoja", row, col)


def _col_number(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col


def _whole_tags(part, program: str):
    """A sheet part in pieces of about a megabyte, each cut before the last tag's start: every tag is looked at
    once, whole, in one piece. A tag longer than MAX_TAG is no sheet `program` writes."""
    carry = b""
    while True:
        chunk = part.read(1 << 20)
        data = carry + chunk
        if not chunk:
            yield data
            return
        cut = data.rfind(b"<")
        if cut == 0 and len(data) > MAX_TAG:
            raise RejectedFile(f"una hoja tiene una etiqueta XML de más de 4 MB, algo que {program} nunca escribe; "
                               "el libro está manipulado y no se abrirá")
        data, carry = (data, b"") if cut < 0 else (data[:cut], data[cut:])
        yield data


def _check_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """The grid the cells really span: a sheet may omit its <dimension> or understate it, and the parser
    allocates rows x columns whatever the file's size. Returns whether the part has a formula tag."""
    rows = cols = 0
    formula = False
    row = col = 0  # where the last cell was, for cells that do not say (see _walk)
    with zf.open(info) as part:
        for data in _whole_tags(part, "Excel"):
            formula = formula or b"<f" in data
            if data:
                if _ODD_CELL.search(data) is None:
                    # Every cell says where it is: each distinct reference counted once, a second one in a tag too.
                    refs = _REF.findall(data)
                    if refs:
                        letters, numbers = zip(*refs)
                        cols = max(cols, max(map(_col_number, {x.upper() for x in letters})))
                        rows = max(rows, max(map(int, set(numbers))))
                        row, col = int(numbers[-1]), _col_number(letters[-1].upper())
                else:
                    row, col, rows, cols = _walk(data, row, col, rows, cols)
                if rows > MAX_ROWS or cols > MAX_COLS or rows * cols > MAX_CELLS:
                    break  # no need to read the rest
    if rows > MAX_ROWS or cols > MAX_COLS or rows * cols > MAX_CELLS:
        raise too_many_cells("una hoja", rows, cols)
    return formula


def _walk(data: bytes, row: int, col: int, rows: int, cols: int) -> tuple[int, int, int, int]:
    """The cells of `data` one by one, placed as calamine places them: a cell without a reference goes right of
    the one before it, a row without a number below the one before it; a tag with two references counts at its
    farthest. Returns (row, column) of the last cell and the rows and columns spanned so far."""
    for m in _TAG.finditer(data):
        refs = [a or b for a, b in _R_VALUE.findall(m.group(2))]
        if m.group(1) == b"row":
            numbers = [int(r) for r in refs if r.strip().isdigit()]
            row, col = (max(numbers) if numbers else row + 1), 0
            rows = max(rows, row)
            continue
        placed = []
        for ref in refs:
            parts = _REF_PARTS.fullmatch(ref)
            letters, number = parts.groups() if parts else (b"", b"")
            placed.append((int(number) if number else row, _col_number(letters.upper()) if letters else col + 1))
        if placed:
            row, col = max(r for r, _ in placed), max(c for _, c in placed)
        else:
            col += 1
        rows, cols = max(rows, row), max(cols, col)
    return row, col, rows, cols


def count(n: int, one: str, many: str) -> str:
    """'1 fila', '1,048,576 filas': Spanish counts agree with their noun."""
    return f"{n:,} {one if n == 1 else many}"


def too_many_cells(sheet: str, rows: int, cols: int) -> RejectedFile:
    return RejectedFile(
        f"{sheet} abarca {count(rows, 'fila', 'filas')} por {count(cols, 'columna', 'columnas')} "
        f"({count(rows * cols, 'celda', 'celdas')}; máximo {MAX_CELLS:,}); "
        "borre las celdas sueltas lejos de la tabla (Ctrl+Fin muestra la última) o divida el libro"
    )
