"""Export safety, cache invalidation, first start without a store, and the upload box."""
from __future__ import annotations


import pandas as pd
import pytest

from dashboard import widgets
from etl import store
from tests.app.demo_store import SAMPLES, build_demo_store, pesos_plan as _tss
from tests.app.test_pages import assert_clean, open_page


def test_csv_neutralises_formulas_and_keeps_accents():
    df = pd.DataFrame({"Actividad": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "Gestión", None],
                       "Meta": [-5, 1, 2, 3, 4, 5]})
    data = widgets.csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig").splitlines()
    assert text[1].startswith("\"'=HYPERLINK")
    assert [line.split(",")[0] for line in text[2:5]] == ["'+1", "'-2", "'@SUM(A1)"]
    assert text[5] == "Gestión,4"
    assert text[1].endswith(",-5"), "a negative number is a number, not a formula"


def test_excel_export_writes_formulas_as_text():
    import io

    import openpyxl

    data = widgets.excel_bytes(pd.DataFrame({"Actividad": ["=1+1", "Auditoría"]}))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "Auditoría"


def test_money_and_percent_formats():
    assert widgets.fmt_money(1_430_500, "DOP") == "RD$ 1.430.500"
    assert widgets.fmt_money(4_996_685, "USD") == "US$ 4,996,685"
    assert widgets.fmt_money(None, "USD") == "—"
    assert widgets.fmt_pct(0.755) == "76 %"
    assert widgets.institution_color("ARS SEMMA") != widgets.institution_color("Tesorería de la Seguridad Social")


def test_cache_follows_the_store(tmp_path, monkeypatch):
    """A load into the store shows on the next rerun, without restarting the app."""
    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setenv("POA_DB", str(db))
    at = open_page("pages/explorador.py")
    before = len(at.dataframe[0].value)
    extra = _tss()
    extra.file_name, extra.sha256 = "otro.xlsx", "d" * 64
    extra.year = 2025  # another plan: the same plan's copy under another name would replace its units
    con = store.connect(db)
    try:
        store.write_workbook(con, extra)
    finally:
        con.close()
    at.run()
    assert len(at.dataframe[0].value) == before + len(extra.activities)


def test_empty_store_says_how_to_load(tmp_path, monkeypatch):
    db = tmp_path / "vacio.duckdb"
    store.connect(db).close()
    monkeypatch.setenv("POA_DB", str(db))
    for page in ("pages/resumen.py", "pages/explorador.py"):
        at = open_page(page)
        assert_clean(at)
        assert any("python -m etl load" in i.value for i in at.info)


@pytest.mark.skipif(not list(SAMPLES.glob("*.xlsx")), reason="data/samples todavía no tiene libros")
def test_fresh_start_builds_the_store_from_the_samples(tmp_path, monkeypatch):
    db = tmp_path / "nuevo" / "poa.duckdb"
    monkeypatch.setenv("POA_DB", str(db))
    at = open_page("pages/resumen.py")
    assert_clean(at)
    assert db.exists()
    assert any("se creó a partir de data/samples" in i.value for i in at.info)
    assert at.metric, "el resumen debería mostrar los planes recién cargados"


@pytest.mark.skipif(not list(SAMPLES.glob("*.xlsx")), reason="data/samples todavía no tiene libros")
def test_upload_runs_the_etl_and_reports(tmp_path, monkeypatch):
    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setenv("POA_DB", str(db))
    sample = sorted(SAMPLES.glob("*.xlsx"))[0]
    broken = tmp_path / "roto.xlsx"
    broken.write_bytes(b"no es un libro")
    at = open_page("pages/datos.py")
    loaded_before = at.metric[0].value
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="uploads").set_value([(sample.name, sample.read_bytes(), mime),
                                               ("roto.xlsx", broken.read_bytes(), mime)]).run()
    at.button(key="load_uploads").click().run()
    assert not at.exception
    assert any(s.value.startswith(f"✓ {sample.name}") for s in at.success)
    assert any("roto.xlsx" in e.value and "RECHAZADO" in e.value for e in at.error)
    assert int(at.metric[0].value) == int(loaded_before) + 1
