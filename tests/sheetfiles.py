"""Small .ods, .xls and .csv files written by the tests themselves (tests/read/test_formats.py).

.ods is written by hand (a zip of a few XML parts: the format is small), so that a test can also write what
LibreOffice would never write (a cell repeated a million times); .xls through xlwt (requirements-dev.txt)."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2"')
_MANIFEST = (f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
             f'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
             f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIME}"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')


def ods_cell(value, span: tuple[int, int] | None = None, repeat: int = 1) -> str:
    attrs = ""
    if span:
        attrs += f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if repeat > 1:
        attrs += f' table:number-columns-repeated="{repeat}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, bool):
        raise TypeError("no booleans in these tests")
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{attrs}>'
                f"<text:p>{value}</text:p></table:table-cell>")
    if isinstance(value, dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"{attrs}>'
                f"<text:p>{value.isoformat()}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"{attrs}><text:p>{escape(str(value))}</text:p></table:table-cell>'


def write_ods(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
              hidden: tuple[str, ...] = (), raw_rows: dict[str, str] | None = None) -> Path:
    """sheets: name -> rows of values; merges: name -> (row, col, rows, cols) spans, 1-based, on the top-left
    cell (the cells it covers stay as written); raw_rows: name -> XML of table rows put as is after the others."""
    styles, tables = [], []
    for name, rows in sheets.items():
        style = ""
        if name in hidden:
            style = ' table:style-name="oculta"'
            styles.append('<style:style style:name="oculta" style:family="table">'
                          '<style:table-properties table:display="false"/></style:style>')
        spans = {(r, c): (nr, nc) for r, c, nr, nc in (merges or {}).get(name, [])}
        xml_rows = []
        for r, row in enumerate(rows, 1):
            cells = "".join(ods_cell(v, spans.get((r, c))) for c, v in enumerate(row, 1))
            xml_rows.append(f"<table:table-row>{cells or '<table:table-cell/>'}</table:table-row>")
        xml_rows.append((raw_rows or {}).get(name, ""))
        tables.append(f"<table:table table:name={quoteattr(name)}{style}>{''.join(xml_rows)}</table:table>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}>'
               f"<office:automatic-styles>{''.join(dict.fromkeys(styles))}</office:automatic-styles>"
               f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
               "</office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), ODS_MIME)  # stored, first, as the format asks
        zf.writestr("META-INF/manifest.xml", _MANIFEST)
        zf.writestr("content.xml", content)
    return path


def write_xls(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
              hidden: tuple[str, ...] = ()) -> Path:
    """An old-Excel (BIFF8) workbook; merges are (min_row, min_col, max_row, max_col), 1-based."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        covered = set()
        for r1, c1, r2, c2 in (merges or {}).get(name, []):
            ws.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, rows[r1 - 1][c1 - 1])
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row, 1):
                if v is None or (r, c) in covered:
                    continue
                if isinstance(v, dt.date):
                    ws.write(r - 1, c - 1, v, dates)
                else:
                    ws.write(r - 1, c - 1, v)
        if name in hidden:
            ws.visibility = 1
    wb.save(str(path))
    return path


def write_csv(path: Path, rows: list[list], sep: str = ";", encoding: str = "utf-8", bom: bool = False) -> Path:
    """Rows as a spreadsheet's 'save as CSV' writes them: quoted where needed, CRLF line ends."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in row] for row in rows])
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path
