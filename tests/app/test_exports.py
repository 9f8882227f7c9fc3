"""Downloads that are safe to open: a cell that looks like a formula is written as text, accents kept."""
import pandas as pd

from dashboard import exports


def test_csv_neutralises_formulas_and_keeps_accents():
    df = pd.DataFrame({"Actividad": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "Gestión", None],
                       "Meta": [-5, 1, 2, 3, 4, 5]})
    data = exports.csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig").splitlines()
    assert text[1].startswith("\"'=HYPERLINK")
    assert [line.split(",")[0] for line in text[2:5]] == ["'+1", "'-2", "'@SUM(A1)"]
    assert text[5] == "Gestión,4"
    assert text[1].endswith(",-5"), "a negative number is a number, not a formula"


def test_excel_export_writes_formulas_as_text():
    import io

    import openpyxl

    data = exports.excel_bytes(pd.DataFrame({"Actividad": ["=1+1", "Auditoría"]}))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "Auditoría"
