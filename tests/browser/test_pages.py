"""Every page in headless Chromium: no exception box, its charts drawn, a screenshot to look at."""
from __future__ import annotations

import csv
import io
import shutil

import pytest

from tests.browser.conftest import SHOTS, screenshot, wait_rendered

PAGES = [  # url path, title shown, charts expected
    ("", "Resumen de los planes operativos", 2),
    ("cronograma", "Cronograma", 3),
    ("metas", "Metas vs real", 2),
    ("presupuesto", "Presupuesto", 1),
    ("explorador", "Explorador de actividades", 0),
    ("datos", "Datos cargados", 0),
]


@pytest.mark.parametrize("path,title,charts", PAGES, ids=[p[0] or "resumen" for p in PAGES])
def test_page_renders(server, page, path, title, charts):
    page.goto(f"{server['url']}/{path}")
    wait_rendered(page)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
    assert page.locator("h1", has_text=title).count() == 1
    # Plotly draws after Streamlit has finished: each chart gets its own svg.
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] svg.main-svg').length >= n",
        arg=charts, timeout=20_000)
    shot = screenshot(page, path or "resumen")
    if not path:
        shutil.copy(shot, SHOTS.parent.parent.parent / "docs" / "img" / "resumen.png")


def test_filter_in_url_narrows_and_csv_holds_the_rows(server, page):
    """A shared link opens the same view, and the CSV download has exactly the rows shown."""
    page.goto(f"{server['url']}/explorador")
    wait_rendered(page)
    everything = _count(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar CSV").click()
    rows = _csv_rows(download.value.path())
    assert len(rows) == everything

    institution = rows[0]["Institución"]
    page.goto(f"{server['url']}/explorador?institucion={institution}")
    wait_rendered(page)
    narrowed = _count(page)
    assert 0 < narrowed < everything
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar CSV").click()
    rows = _csv_rows(download.value.path())
    assert len(rows) == narrowed
    assert {r["Institución"] for r in rows} == {institution}
    # The page keeps the filter in its address after rendering, so the link can be shared as it is.
    assert "institucion=" in page.url


def _count(page) -> int:
    text = page.locator("text=actividades con los filtros actuales").first.inner_text()
    return int(text.split()[0].replace(".", ""))


def _csv_rows(path) -> list[dict]:
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "el CSV debe llevar BOM para que Excel muestre los acentos"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
