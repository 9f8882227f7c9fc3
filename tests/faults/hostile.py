"""Builders of broken and hostile workbooks, made at test time."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

from tests.workbooks import write_workbook

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
INSTITUTION = "Instituto de Pruebas Hostiles"  # made up: the figures below are invented


def template_workbook(path: Path, activities: int = 2, institution: str = INSTITUTION, year: int = 2025) -> Path:
    """A small valid workbook in the canonical template layout."""
    months = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
    header = (["Eje", "Unidad", "Código", "Actividad", "Meta anual", "Presupuesto"] + months
              + [f"Meta T{q}" for q in range(1, 5)] + [f"Real T{q}" for q in range(1, 5)])
    rows = [["Institución:", institution], ["Año:", year], [], header]
    for n in range(activities):
        rows.append(["Procesos", f"Unidad {n % 7}", f"A.{n}", f"Actividad {n}", "90%", "RD$1,000.00"]
                    + ["X" if m % 3 == n % 3 else None for m in range(12)] + [1, 1, 1, 1, 1, None, None, None])
    return write_workbook(path, {"POA": rows})


def zip_bomb(path: Path, megabytes: int = 400) -> Path:
    """A valid-looking xlsx whose sheet expands from a few hundred KB to `megabytes` MB."""
    base = template_workbook(path.with_suffix(".base.xlsx"))
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with out.open(item.filename, "w", force_zip64=True) as f:
                    f.write(src.read(item.filename).replace(b"</worksheet>", b""))
                    for _ in range(megabytes):
                        f.write(chunk)
                    f.write(b"</worksheet>")
            else:
                out.writestr(item, src.read(item.filename))
    base.unlink()
    return path


def entity_bomb(path: Path) -> Path:
    """Billion laughs: a DTD in the sheet whose entities expand to 10^9 'lol's."""
    base = template_workbook(path.with_suffix(".base.xlsx"))
    dtd = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
           + "]>")
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<?xml version="1.0"?>' + dtd.encode() + data.replace(
                    b"<sheetData>", b'<sheetData><row r="1"><c r="Z1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', 1)
            out.writestr(item, data)
    base.unlink()
    return path


def oversized(path: Path, megabytes: int = 51) -> Path:
    with open(path, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(megabytes * 1024 * 1024)
    return path


def absurd_dimensions(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Actividad"
    ws["XFD1048576"] = "x"
    wb.save(path)
    return path


def far_corners(path: Path, dimension: bool = True) -> Path:
    """Two cells at opposite corners of a 199.000 x 1.000 grid: within the row and column caps, a 5 KB file,
    and 199 million cells once read as a grid. Without `dimension` the sheet does not declare its size."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Actividad"
    wb.active.cell(199_000, 1_000).value = "x"
    wb.save(path)
    if not dimension:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for item in src.infolist():
                part = src.read(item.filename)
                if item.filename.startswith("xl/worksheets/"):
                    part = re.sub(rb"<dimension [^>]*/>", b"", part)
                out.writestr(item, part)
    return path


def ole2(path: Path, encrypted: bool) -> Path:
    """An OLE2 compound file: what Excel writes for a password-protected workbook, or an old .xls."""
    stream = "EncryptionInfo" if encrypted else "Workbook"
    header = OLE2 + b"\x00" * 504
    directory = stream.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
    path.write_bytes(header + directory + b"\x00" * 4096)
    return path


def csv_renamed(path: Path) -> Path:
    path.write_text("Unidad;Actividad;Meta\nRRHH;Capacitar;90%\n", encoding="utf-8")
    return path


def truncated(path: Path) -> Path:
    full = template_workbook(path.with_suffix(".full.xlsx"), activities=20)
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    full.unlink()
    return path


def no_header(path: Path) -> Path:
    return write_workbook(path, {"Hoja1": [["Informe de gastos"], ["Concepto", "Monto"], ["Papel", 100]]})


def xlsm_with_macro(path: Path) -> Path:
    """A macro-enabled workbook: its vbaProject.bin is never run, its table loads."""
    base = template_workbook(path.with_suffix(".base.xlsx"))
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        out.writestr("xl/vbaProject.bin", b"Attribute VB_Name = \"Module1\"\nSub Auto_Open()\nShell \"calc\"\nEnd Sub\n")
    base.unlink()
    return path


def uncached_formula(path: Path) -> Path:
    template_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb.active["F5"] = "=1000*2"
    wb.save(path)
    return path


def copy(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst


def with_sheet_data(path: Path, rows_xml: bytes, dimension: bytes | None = None) -> Path:
    """A valid template workbook whose first sheet's cells are replaced by `rows_xml` (and its <dimension> by
    `dimension`, or removed): valid XML that Excel would never write, parsed as calamine parses any XML."""
    base = template_workbook(path.with_suffix(".base.xlsx"))
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*/>", dimension or b"", data)
                data = re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData>" + rows_xml + b"</sheetData>", data,
                              flags=re.S)
            out.writestr(item, data)
    base.unlink()
    return path


# The last cell Excel has, spelt as XML allows and Excel never writes: each makes the grid 17 billion cells.
FAR_CELL_SPELLINGS = {
    "atributo_segundo": b'<row r="1048576"><c t="n" r="XFD1048576"><v>1</v></c></row>',
    "comillas_simples": b"<row r='1048576'><c r='XFD1048576' t='n'><v>1</v></c></row>",
    "espacios": b'<row r="1048576"><c  r = "XFD1048576" t="n"><v>1</v></c></row>',
    "prefijo": b'<x:row r="1048576"><x:c r="XFD1048576" t="n"><x:v>1</x:v></x:c></x:row>',
    "dos_referencias": b'<row r="1"><c r="A1" r="XFD1048576" t="n"><v>1</v></c></row>',
    "minusculas": b'<row r="1048576"><c r="xfd1048576" t="n"><v>1</v></c></row>',
    "mayor_en_atributo": b'<row r="1"><c s=">" r="XFD1048576" t="n"><v>1</v></c></row>',
    "con_a1": b'<row r="1"><c r="A1" t="n"><v>1</v></c></row>'
              b'<row r="1048576"><c t="n" r="XFD1048576"><v>1</v></c></row>',
}


def far_cell(path: Path, spelling: str) -> Path:
    return with_sheet_data(path, FAR_CELL_SPELLINGS[spelling], b'<dimension ref="A1"/>')


def cells_without_reference(path: Path, rows: int, cols: int) -> Path:
    """`rows` rows of `cols` cells that do not say where they are: calamine places each right of the one before."""
    row = b"<row>" + b'<c t="n"><v>1</v></c>' * cols + b"</row>"
    return with_sheet_data(path, row * rows)


def within_caps_grid(path: Path) -> Path:
    """Corners A1 and KN100000 (100,000 x 300), in a form the old scan did not see: refused, not parsed."""
    return with_sheet_data(path, b'<row r="1"><c r="A1" t="n"><v>1</v></c></row>'
                                 b'<row r="100000"><c t="n" r="KN100000"><v>1</v></c></row>')


def bad_inflate(path: Path) -> Path:
    """A workbook whose workbook.xml no longer inflates (zlib: 'invalid distance too far back' and the like)."""
    template_workbook(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + info.compress_size - 5):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def unique_strings(path: Path, rows: int, cols: int) -> Path:
    """A full grid of distinct short texts: the most memory a grid of this size can cost a reader."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("POA")
    for r in range(rows):
        ws.write_row(r, 0, [f"{r * cols + c:x}" for c in range(cols)])
    wb.close()
    return path


def control_characters(path: Path) -> Path:
    """The template with an activity whose text holds `_x0001_` and `_x001F_`: Excel's spelling of control
    characters, which the parsers hand over as such."""
    template_workbook(path, activities=2)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b">Actividad 0<", b">Actividad_x0001_ 0_x001F_ fin<", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def hidden_sheets(path: Path) -> Path:
    """The template's table, plus the same table in a hidden and in a very hidden sheet."""
    template_workbook(path, activities=2)
    wb = openpyxl.load_workbook(path)
    for state in ("hidden", "veryHidden"):
        copy_ = wb.copy_worksheet(wb["POA"])
        copy_.title = f"Oculta {state}"
        copy_.sheet_state = state
    wb.save(path)
    return path


def year_as_date_serial(path: Path) -> Path:
    """«Año:» holding 60 in a date-formatted cell: Excel shows 29/02/1900."""
    template_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb.active["B2"] = 60
    wb.active["B2"].number_format = "dd/mm/yyyy"
    wb.save(path)
    return path
