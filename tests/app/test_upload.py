"""The Datos page's upload box: the chosen workbooks go through the ETL into the store and are reported."""
import pytest

from tests.app.demo_store import SAMPLES, build_demo_store
from tests.app.test_pages import open_page
from tests.conftest import shown


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
    import streamlit as st

    st.cache_data.clear()  # so the click's run reads the store first and holds a connection (queries.release)
    at.button(key="load_uploads").click().run()
    assert not at.exception
    assert any(shown(s.value).startswith(f"✓ {sample.name}") for s in at.success)
    assert any("roto.xlsx" in shown(e.value) and "RECHAZADO" in e.value for e in at.error)
    assert int(at.metric[0].value) == int(loaded_before) + 1
