"""Formats other than .xlsx (#24): .xls and .ods through calamine, .csv exports; each file written here."""
import datetime as dt

import pytest

from etl.model import RejectedFile
from etl.workbook import EXTENSIONS, read_sheets
from tests.conftest import TEMPLATE_HEADER, cli_load, query, template_row
from tests.sheetfiles import write_csv, write_ods, write_xls

# A plan-like table: a title over four columns, a header, two activities with typed amounts and percents;
# “ ” and ñ are where cp1252, Latin-1 and UTF-8 differ.
PLAN = [
    ["PLAN OPERATIVO ANUAL 2025", None, None, None],
    ["Unidad", "Actividad", "Meta", "Presupuesto"],
    ["Compras", "Licitación de insumos", "75 %", "RD$ 1,500.00"],
    ["Finanzas", "Informe “trimestral” ñandú", "4", "10,000.00 "],
]
TEXTS = [[None if v is None else str(v) for v in row] for row in PLAN]


@pytest.mark.parametrize("write", [write_xls, write_ods], ids=["xls", "ods"])
def test_xls_and_ods_read_as_the_same_cells_with_merges_and_hidden_sheets(tmp_path, write):
    rows = PLAN + [[dt.date(2025, 3, 1), 1600, 0.9, None]]
    path = write(tmp_path / f"plan{EXT[write]}", {"POA": rows, "Notas": [["oculta"]]},
                 merges={"POA": [(1, 1, 1, 4)]}, hidden=("Notas",))
    poa, notas = read_sheets(path)
    assert poa.name == "POA" and not poa.hidden
    assert poa.rows[:4] == PLAN
    assert poa.value(5, 1) in (dt.date(2025, 3, 1), dt.datetime(2025, 3, 1))
    assert (poa.value(5, 2), poa.value(5, 3)) == (1600, 0.9)
    assert poa.merged == [(1, 1, 1, 4)]
    assert poa.merged_value(1, 4) == "PLAN OPERATIVO ANUAL 2025"
    assert (notas.name, notas.hidden, notas.rows) == ("Notas", True, [])


EXT = {write_xls: ".xls", write_ods: ".ods"}


def test_ods_spans_as_merged_ranges_under_repeated_rows(tmp_path):
    raw = ('<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2"/>'
           '</table:table-row><table:table-row><table:table-cell/>'
           '<table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="3" office:value-type="string">'
           '<text:p>Eje 2</text:p></table:table-cell></table:table-row>')
    path = write_ods(tmp_path / "s.ods", {"POA": [["a"]]}, raw_rows={"POA": raw})
    (poa,) = read_sheets(path)
    assert poa.value(5, 2) == "Eje 2"
    assert poa.merged == [(5, 2, 6, 4)]


def test_ods_repeated_cells_over_the_limit_refused_before_parsing(tmp_path):
    # A 1 KB file whose one row stands for 100,000 rows of 1,000 filled cells: calamine would make 100 million.
    raw = ('<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" '
           'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')
    path = write_ods(tmp_path / "bomba.ods", {"B": [["a"]]}, raw_rows={"B": raw})
    assert path.stat().st_size < 2000
    with pytest.raises(RejectedFile, match=r"100,001 filas por 1,000 columnas \(100,001,000 celdas; máximo 2,000,000\)"):
        read_sheets(path)


def test_ods_trailing_empty_rows_as_libreoffice_writes_them_are_not_counted(tmp_path):
    raw = ('<table:table-row table:number-rows-repeated="1048571"><table:table-cell '
           'table:number-columns-repeated="1024"/></table:table-row>')
    (poa,) = read_sheets(write_ods(tmp_path / "lo.ods", {"POA": PLAN}, raw_rows={"POA": raw}))
    assert poa.rows == PLAN


def test_ods_zip_bomb_refused(tmp_path):
    import zipfile

    path = write_ods(tmp_path / "bomba.ods", {"POA": PLAN})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Thumbnails/relleno.xml", b"<a>" + b" " * (320 * 1024 * 1024) + b"</a>")
    with pytest.raises(RejectedFile, match=r"descomprimido ocupa 320 MB \(máximo 300 MB\).*bomba zip"):
        read_sheets(path)


def test_ods_entities_refused(tmp_path):
    path = write_ods(tmp_path / "dtd.ods", {"POA": PLAN})
    import zipfile
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("styles.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "lol">]><x>&a;</x>')
    with pytest.raises(RejectedFile, match="«styles.xml» declara entidades XML"):
        read_sheets(path)


@pytest.mark.parametrize("sep", [";", ",", "\t"], ids=["punto_y_coma", "coma", "tabulador"])
@pytest.mark.parametrize("encoding, bom", [("utf-8", False), ("utf-8", True), ("cp1252", False), ("utf-16", False)],
                         ids=["utf8", "utf8_bom", "cp1252", "utf16"])
def test_csv_read_as_the_same_text_cells(tmp_path, sep, encoding, bom):
    path = write_csv(tmp_path / "poa_compras.csv", PLAN + [[], [None, None]], sep=sep, encoding=encoding, bom=bom)
    (sheet,) = read_sheets(path)
    assert sheet.name == "poa_compras"
    assert sheet.rows == TEXTS  # text as typed, empty cells None, trailing blank lines dropped
    assert (sheet.merged, sheet.hidden, sheet.uncached_formulas) == ([], False, [])


def test_csv_with_excel_sep_line_and_quoted_separators(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes('sep=,\r\nUnidad,Actividad,Presupuesto\r\nCompras,"Comprar; almacenar","1,500.00"\r\n'.encode())
    (sheet,) = read_sheets(path)
    assert sheet.rows == [["Unidad", "Actividad", "Presupuesto"], ["Compras", "Comprar; almacenar", "1,500.00"]]


def test_csv_blank_rows_inside_the_table_keep_row_numbers(tmp_path):
    (sheet,) = read_sheets(write_csv(tmp_path / "p.csv", [["a", "b"], [], ["c", "d"]]))
    assert sheet.max_row == 3 and sheet.value(3, 2) == "d" and sheet.is_blank_row(2)


def test_oversized_csv_refused_in_spanish(tmp_path, monkeypatch):
    wide = write_csv(tmp_path / "ancho.csv", [["x"] * 1001])
    with pytest.raises(RejectedFile, match=r"la línea 1 del archivo tiene 1,001 columnas \(máximo 1,000\)"):
        read_sheets(wide)
    cells = write_csv(tmp_path / "celdas.csv", [["x"] * 1000] * 2001)
    with pytest.raises(RejectedFile, match=r"el archivo abarca 2,001 filas por 1,000 columnas \(2,001,000 celdas; "
                                           r"máximo 2,000,000\)"):
        read_sheets(cells)
    import etl.csvsheet
    monkeypatch.setattr(etl.csvsheet, "MAX_ROWS", 5)
    with pytest.raises(RejectedFile, match="más de 5 filas con datos"):
        read_sheets(write_csv(tmp_path / "filas.csv", [["x"]] * 6))


def test_csv_over_the_byte_cap_refused_before_reading(tmp_path):
    path = tmp_path / "enorme.csv"
    with open(path, "wb") as f:
        f.truncate(51 * 1024 * 1024)
    with pytest.raises(RejectedFile, match="el archivo pesa 51 MB y el máximo es 50 MB"):
        read_sheets(path)


def test_csv_that_is_not_text(tmp_path):
    path = tmp_path / "binario.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)) * 4)
    with pytest.raises(RejectedFile, match="no es un archivo de texto CSV"):
        read_sheets(path)


def test_unknown_extension_lists_every_accepted_one(tmp_path):
    path = tmp_path / "plan.numbers"
    path.write_bytes(b"x")
    with pytest.raises(RejectedFile) as exc:
        read_sheets(path)
    assert "la extensión «.numbers»" in str(exc.value)
    assert "se aceptan archivos .xlsx, .xlsm, .xls, .ods y .csv" in str(exc.value)
    assert EXTENSIONS == (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def test_old_excel_renamed_xlsx_is_read_as_what_it_is(tmp_path):
    xls = write_xls(tmp_path / "plan.xls", {"POA": PLAN})
    renamed = tmp_path / "plan.xlsx"
    renamed.write_bytes(xls.read_bytes())
    assert read_sheets(renamed)[0].rows == PLAN


def test_damaged_xls_and_ods_refused_in_spanish(tmp_path):
    xls = tmp_path / "viejo.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(RejectedFile, match=r"no se pudo leer como libro de Excel antiguo \(\.xls\)"):
        read_sheets(xls)
    ods = write_ods(tmp_path / "cortado.ods", {"POA": PLAN})
    ods.write_bytes(ods.read_bytes()[:300])
    with pytest.raises(RejectedFile, match="dañado o incompleto"):
        read_sheets(ods)


def test_template_csv_loads_end_to_end(tmp_path):
    rows = [TEMPLATE_HEADER,
            template_row("Elaborar informe", target="90 %", budget="RD$ 250,000.00", months=(1, 2, 3),
                         quarters=[10, 10, None, None]),
            template_row("Afiliar", target="611,000", months=(4,), quarters=[None, 611000, None, None])]
    path = write_csv(tmp_path / "plan_2025.csv", rows, sep=";", encoding="cp1252")
    db = tmp_path / "tmp.duckdb"
    proc = cli_load(db, "--institution", "X", "--year", "2025", path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "✓ plan_2025.csv: cargado — X 2025" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    assert query(db, "SELECT activity, annual_target, budget_amount, currency, source_sheet, source_row "
                     "FROM activities ORDER BY source_row") == [
        ("Elaborar informe", 90.0, 250000.0, "DOP", "plan_2025", 2), ("Afiliar", 611000.0, None, None, "plan_2025", 3)]
