"""Every page in headless Chromium: no exception box, its charts drawn, a screenshot to look at."""
from __future__ import annotations

import csv
import io
import os
import shutil
from urllib.parse import quote

import duckdb

import pytest

from tests.browser.conftest import SHOTS, screenshot, wait_rendered


def w_short(name: str) -> str:
    """The multiselect chip may cut a long name: look for its start."""
    return name[:20]

PAGES = [  # url path, title shown, charts expected
    ("", "Resumen de los planes operativos", 2),
    ("cronograma", "Cronograma", 3),
    ("metas", "Metas vs real", 2),
    ("presupuesto", "Presupuesto", 1),
    ("explorador", "Explorador de actividades", 0),
    ("datos", "Datos cargados", 0),
]


def test_a_shared_link_narrows_and_the_csv_holds_its_rows(server, page):
    """Kept first in this file: a deep link as the server's very first request must still get the filter bar."""
    con = duckdb.connect(str(server["db"]), read_only=True)
    try:
        institution, total = con.execute(
            "SELECT institution, (SELECT count(*) FROM v_activities) FROM v_activities "
            "GROUP BY institution ORDER BY count(*) LIMIT 1").fetchone()
    finally:
        con.close()
    page.goto(f"{server['url']}/explorador?institucion={quote(institution)}")
    wait_rendered(page)
    screenshot(page, "enlace_explorador")
    assert page.locator('[data-testid="stSidebar"]').get_by_text("Filtros", exact=True).count() == 1
    narrowed = _count(page)
    assert 0 < narrowed < total
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar CSV").click()
    rows = _csv_rows(download.value.path())
    assert len(rows) == narrowed
    assert {r["Institución"] for r in rows} == {institution}

    # Clicking through to another page keeps the filter, in the sidebar and in the address.
    page.goto(f"{server['url']}/?institucion={quote(institution)}")
    wait_rendered(page)
    page.locator('[data-testid="stMain"]').get_by_role("link", name="Cronograma").click()
    page.wait_for_url("**/cronograma**")
    wait_rendered(page)
    assert "institucion=" in page.url
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text(w_short(institution)).count() >= 1
    screenshot(page, "enlace_cronograma")


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
    readme_img = SHOTS.parents[2] / "docs" / "img" / "resumen.png"
    # The README's picture changes only on request, so a test run leaves the work tree clean.
    if not path and server["kind"] == "samples" and (os.environ.get("UPDATE_DOCS_IMG") or not readme_img.exists()):
        shutil.copy(shot, readme_img)


def _count(page) -> int:
    text = page.locator("text=actividades con los filtros actuales").first.inner_text()
    return int(text.split()[0].replace(".", ""))


def _csv_rows(path) -> list[dict]:
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "el CSV debe llevar BOM para que Excel muestre los acentos"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
