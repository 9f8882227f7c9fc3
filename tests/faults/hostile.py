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
