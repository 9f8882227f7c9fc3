"""The upload box never writes the user's file name as a path and always cleans up; exports never carry formulas;
the app listens on this machine only."""
from __future__ import annotations

import csv
import io
import tempfile
import tomllib
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from dashboard import exports
from etl.load import service as cli  # the load service moved from etl.cli to etl.load, then etl.load.service
from etl.safety import MAX_FILE_MB
from tests.app.demo_store import ROOT, build_demo_store
from tests.app.test_pages import open_page
from tests.conftest import shown as as_shown
from tests.faults import hostile

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def upload_env(tmp_path, monkeypatch):
    """A demo store, and a private temporary folder so that anything left behind shows."""
    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setenv("POA_DB", str(db))
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    seen = []
    real = cli.load_file_at

    def spy(db, path, *args, **kwargs):
        seen.append((Path(path), list(Path(path).parent.iterdir())))
        return real(db, path, *args, **kwargs)

    monkeypatch.setattr(cli, "load_file_at", spy)
    return db, temp, seen


def upload(files):
    at = open_page("pages/datos.py")
    at.file_uploader(key="uploads").set_value(files).run()
    at.button(key="load_uploads").click().run()
    return at


def file_names(db: Path) -> list[tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT file_name, status FROM source_files ORDER BY file_id").fetchall()
    finally:
        con.close()


def test_user_file_name_is_never_a_path_and_temp_files_go(tmp_path, upload_env):
    db, temp, seen = upload_env
    good = hostile.template_workbook(tmp_path / "g.xlsx")
    macro = hostile.xlsm_with_macro(tmp_path / "m.xlsm")
    at = upload([("../../evil/../poa.xlsx", good.read_bytes(), MIME),
                 ("C:\\Users\\ana\\con macros.xlsm", macro.read_bytes(), MIME),
                 ("roto.xlsx", b"no es un libro", MIME)])
    assert not at.exception, [e.value for e in at.exception]
    # Each file was read from a generated name inside a private folder, and that folder is gone.
    assert [p.name for p, _ in seen] == ["upload_1.xlsx", "upload_2.xlsm", "upload_3.xlsx"]
    assert all(p.parent.parent == temp and p.parent.name.startswith("poa_upload_") for p, _ in seen)
    assert all(f.name.startswith("upload_") for _, listing in seen for f in listing)
    assert list(temp.iterdir()) == []
    assert not (tmp_path.parent / "evil").exists() and not (ROOT / "poa.xlsx").exists()
    # The user's name, without its folders, is what the report and source_files say.
    assert [as_shown(s.value).split(":")[0] for s in at.success] == ["✓ poa.xlsx", "✓ con macros.xlsm"]
    assert [as_shown(e.value).startswith("✗ roto.xlsx: RECHAZADO") for e in at.error] == [True]  # one error, this one
    assert file_names(db)[-3:] == [("poa.xlsx", "loaded"), ("con macros.xlsm", "loaded"),
                                   ("roto.xlsx", "rejected")]


def test_temp_files_go_even_when_the_load_fails(tmp_path, upload_env, monkeypatch):
    db, temp, seen = upload_env

    def boom(*args, **kwargs):
        raise RuntimeError("fallo simulado")

    monkeypatch.setattr(cli, "load_file_at", boom)
    good = hostile.template_workbook(tmp_path / "g.xlsx")
    at = upload([("plan.xlsx", good.read_bytes(), MIME)])
    assert at.exception  # the failure shows...
    assert list(temp.iterdir()) == []  # ...and leaves nothing on disk


def test_warnings_are_shown_after_upload_and_on_the_datos_page(tmp_path, upload_env):
    db, temp, seen = upload_env
    path = hostile.template_workbook(tmp_path / "avisos.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.cell(5, 5).value = -3            # Meta anual
    ws.cell(5, 19).value = None         # Meta T1 ...
    ws.cell(5, 23).value = 7            # ... with a Real T1
    wb.save(path)
    at = upload([("avisos.xlsx", path.read_bytes(), MIME)])
    assert [as_shown(s.value).split(":")[0] for s in at.success] == ["✓ avisos.xlsx"]
    shown = " ".join(w.value for w in at.warning)
    assert "meta anual negativa" in shown and "sin meta" in shown and "fila 5" in shown
    # The same warnings stay on the page for whoever opens it later.
    later = open_page("pages/datos.py")
    listed = " ".join(m.value for m in later.markdown)
    assert "meta anual negativa" in listed and "sin meta" in listed


def test_the_page_states_the_size_limit_and_config_matches():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_FILE_MB == 50
    assert config["server"]["address"] == "127.0.0.1"
    at = open_page("pages/datos.py")
    assert f"máximo {MAX_FILE_MB} MB" in at.file_uploader(key="uploads").label
    assert any(f"{MAX_FILE_MB} MB" in c.value for c in at.caption)


# ---- exports ---------------------------------------------------------------------------------------------

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "Gestión", "a=b"]


def test_csv_export_neutralises_every_formula_start():
    df = pd.DataFrame({"Actividad": HOSTILE, "Meta": [-5, -1.5, 0, 1, 2, 3, 4, 5]})
    rows = list(csv.reader(io.StringIO(exports.csv_bytes(df).decode("utf-8-sig"), newline="")))
    cells = [r[0] for r in rows[1:]]
    assert cells[:6] == ["'" + v for v in HOSTILE[:6]]
    assert cells[6:] == ["Gestión", "a=b"]
    assert [r[1] for r in rows[1:3]] == ["-5.0", "-1.5"], "negative numbers stay numbers"


def test_csv_export_never_breaks_a_row_inside_a_cell():
    """A carriage return inside a cell must not start a new row that begins with a formula."""
    df = pd.DataFrame({"Actividad": ["Revisar\r=1+1", "Otra\n@SUM(A1)"], "Meta": [1, 2]})
    data = exports.csv_bytes(df)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["Actividad", "Meta"], ["Revisar\r=1+1", "1"], ["Otra\n@SUM(A1)", "2"]]
    assert data.count(b"\r\n") == 3


def test_excel_export_neutralises_every_formula_start_and_keeps_numbers():
    df = pd.DataFrame({"Actividad": HOSTILE, "Meta": [-5, -1.5, 0, 1, 2, 3, 4, 5],
                       "Mixta": [-7, "=1", None, 1, "x", "-y", 2.5, "@z"]})
    sheet = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes(df))).active
    for row, value in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row, 1)
        assert cell.data_type == "s", cell.value
        # XML turns a stored carriage return into a line feed; what matters is the leading apostrophe.
        assert cell.value.replace("\n", "\r") == (("'" + value) if row <= 7 else value).replace("\n", "\r")
    assert sheet["B2"].value == -5 and sheet["B2"].data_type == "n"
    assert sheet["B3"].value == -1.5
    assert sheet["C2"].value == -7 and sheet["C2"].data_type == "n"
    assert [sheet.cell(r, 3).value for r in (3, 7, 9)] == ["'=1", "'-y", "'@z"]
    # No cell of the workbook is a formula.
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_hostile_uploads_are_rejected_and_the_page_lives_on(upload_env, tmp_path):
    """The 1.6 KB file that aborted the server, its other spellings and a good workbook, uploaded together: the
    hostile ones are refused with the reason, the good one loads, the page shows no exception (each upload is
    read in a reader process of its own, etl/load/sandbox.py)."""
    from tests.conftest import shown

    db, _, _ = upload_env
    files = [(f"{k}.xlsx", hostile.far_cell(tmp_path / f"{k}.xlsx", k).read_bytes(), MIME)
             for k in ("atributo_segundo", "prefijo", "dos_referencias")]
    good = hostile.template_workbook(tmp_path / "bueno.xlsx", activities=3, year=2031)
    at = upload(files + [("bueno.xlsx", good.read_bytes(), MIME)])
    assert not at.exception, [e.value for e in at.exception]
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 3 and all("RECHAZADO" in e and "celdas" in e for e in errors), errors
    assert [shown(s.value).split(":")[0] for s in at.success] == ["✓ bueno.xlsx"]
    assert ("bueno.xlsx", "loaded") in file_names(db)
