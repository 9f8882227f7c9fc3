"""Every page in headless Chromium: no exception box, the charts it should draw drawn, a screenshot to look at.

Each test loads its own page; none relies on what another did before it. Screenshots go to
tests/browser/screenshots/ (git-ignored); the README's picture is made by `python -m tools.screenshot`.
"""
from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, quote, urlparse

import duckdb
import pytest

from tests.browser.conftest import screenshot, wait_charts, wait_rendered


def ask(db, query: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


# url path, title shown, charts drawn over the five samples (the views decide the budget page's: one per currency)
PAGES = [
    ("", "Resumen de los planes operativos", 2),            # coverage per plan, quarter status per plan
    ("cronograma", "Cronograma", 3),                        # coverage by unit, month heatmap, timeline
    ("metas", "Metas vs real", 3),                          # execution by unit, distribution, status donut
    ("presupuesto", "Presupuesto", "SELECT count(DISTINCT currency) FROM v_budget_totals"),
    ("explorador", "Explorador de actividades", 0),
    ("evolucion", "Evolución de los planes", 1),            # years side by side (the samples have one follow-up each)
    ("datos", "Datos cargados", 0),
]


@pytest.mark.parametrize("path,title,charts", PAGES, ids=[p[0] or "resumen" for p in PAGES])
def test_page_renders(server, page, path, title, charts):
    expected = ask(server["db"], charts)[0][0] if isinstance(charts, str) else charts
    page.goto(f"{server['url']}/{path}")
    wait_rendered(page)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()
    assert page.locator("h1", has_text=title).count() == 1
    assert wait_charts(page, expected) == expected
    screenshot(page, path or "resumen")


def smallest_institution(db) -> tuple[str, int, int]:
    return ask(db, "SELECT institution, count(*), (SELECT count(*) FROM v_activities) FROM v_activities "
                   "GROUP BY institution ORDER BY count(*), institution LIMIT 1")[0]


def test_a_shared_link_as_the_first_request_narrows_and_the_csv_holds_its_rows(fresh_server, page):
    """Opening a sub-page's link before anyone has opened the app still draws the filter bar and filters."""
    institution, narrowed, total = smallest_institution(fresh_server["db"])
    assert narrowed < total
    page.goto(f"{fresh_server['url']}/explorador?institucion={quote(institution)}")
    wait_rendered(page)
    screenshot(page, "enlace_explorador")
    assert page.locator('[data-testid="stSidebar"]').get_by_text("Filtros", exact=True).count() == 1
    assert chosen(page) == [institution]
    assert shown_count(page) == narrowed
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar CSV").click()
    rows = csv_rows(download.value.path())
    assert len(rows) == narrowed
    assert {r["Institución"] for r in rows} == {institution}


def test_clicking_through_keeps_the_filter(server, page):
    institution, narrowed, _ = smallest_institution(server["db"])
    page.goto(f"{server['url']}/?institucion={quote(institution)}")
    wait_rendered(page)
    page.locator('[data-testid="stMain"]').get_by_role("link", name="Explorador").click()
    page.wait_for_url("**/explorador**")
    wait_rendered(page)
    assert parse_qs(urlparse(page.url).query).get("institucion") == [institution]
    assert chosen(page) == [institution]
    assert shown_count(page) == narrowed
    screenshot(page, "enlace_explorador_clic")


def chosen(page) -> list[str]:
    """The values picked in the sidebar's multiselects, as their chips name them."""
    chips = page.locator('[data-testid="stSidebar"] .react-aria-ComboBox span[data-tag]')
    return [chips.nth(i).get_attribute("aria-label") for i in range(chips.count())]


def shown_count(page) -> int:
    text = page.locator("text=actividades con los filtros actuales").first.inner_text()
    return int(text.split()[0].replace(".", "").replace(",", ""))


def csv_rows(path) -> list[dict]:
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "el CSV debe llevar BOM para que Excel muestre los acentos"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
