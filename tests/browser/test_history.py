"""Evolución in headless Chromium: over the samples (one follow-up per plan, Caja Mutual in two years) and over
two follow-ups of a made-up institution's plan, the page draws its charts with no exception."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.app_server import running_app
from tests.browser.conftest import screenshot, wait_charts, wait_rendered
from tests.conftest import cli_load
from tests.store.followup_books import followup_book
from tests.store.test_followups import FIRST, SECOND


def no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def test_samples_say_one_followup_and_compare_years(server, page):
    page.goto(f"{server['url']}/evolucion")
    wait_rendered(page)
    no_exception(page)
    assert page.locator("h1", has_text="Evolución de los planes").count() == 1
    assert page.get_by_text("Solo hay un seguimiento cargado de este plan").count() == 1
    assert wait_charts(page, 1) == 1  # Caja Mutual 2019 beside 2023; no empty follow-up chart
    screenshot(page, "evolucion")


@pytest.fixture
def followups(tmp_path):
    db = tmp_path / "poa.duckdb"
    for book in (followup_book(tmp_path / "POA 2023 1er seguimiento.xlsx", 1, FIRST),
                 followup_book(tmp_path / "POA 2023 2do seguimiento.xlsx", 2, SECOND, reported=2)):
        run = cli_load(db, book)
        assert run.returncode == 0, run.stdout + run.stderr
    return db


def test_two_followups_draw_the_history(followups, page, tmp_path):
    with running_app(followups, tmp_path / "streamlit.log") as url:
        page.goto(f"{url}/evolucion")
        wait_rendered(page)
        no_exception(page)
        assert wait_charts(page, 1) == 1  # execution per unit across the two follow-ups
        assert page.get_by_text("Reales corregidos en un seguimiento posterior").count() == 1
        # The per-follow-up table and the restated actuals (tables draw on a canvas: count them, not their text).
        # They draw after the chart: wait for them rather than count at once.
        expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(2, timeout=20_000)
        screenshot(page, "evolucion_seguimientos")
