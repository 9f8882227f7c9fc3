"""The app as a real server on a free port over a test store, and headless Chromium to look at it."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.app.demo_store import build_test_store
from tests.app_server import running_app

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium no está instalado ({CHROMIUM}); .ci/run lo instala con apt-get")
    sync_api = pytest.importorskip("playwright.sync_api", reason="falta el paquete playwright")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def store(tmp_path_factory):
    return build_test_store(tmp_path_factory.mktemp("browser") / "poa.duckdb")


@pytest.fixture(scope="session")
def server(store, tmp_path_factory):
    """Base URL of a running app shared by the tests that do not care what it served before."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with running_app(store, log) as url:
        yield {"url": url, "db": store, "log": log}


@pytest.fixture
def fresh_server(store, tmp_path):
    """An app that has served nothing yet: for what must work on a server's very first request."""
    with running_app(store, tmp_path / "streamlit.log") as url:
        yield {"url": url, "db": store, "log": tmp_path / "streamlit.log"}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def wait_rendered(pg, timeout: float = 30_000) -> None:
    """Streamlit draws client-side: wait for the app container, then for the run to finish."""
    pg.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout)
    pg.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.match(/Running|Ejecut/)",
        timeout=timeout)
    pg.wait_for_timeout(800)


def wait_charts(pg, expected: int, timeout: float = 20_000) -> int:
    """Wait until `expected` Plotly charts have drawn (Plotly draws after Streamlit's run ends); return how
    many chart boxes the page holds, drawn or not, so that a page with more or fewer charts fails."""
    pg.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".filter(c => c.querySelector('svg.main-svg')).length === n", arg=expected, timeout=timeout)
    return pg.locator('[data-testid="stPlotlyChart"]').count()


def screenshot(pg, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    return full_page(pg, SHOTS / f"{name}.png")


def full_page(pg, path: Path) -> Path:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to fit it first."""
    height = pg.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    pg.set_viewport_size({"width": 1400, "height": min(max(int(height), 900), 6000)})
    pg.wait_for_timeout(600)
    pg.screenshot(path=str(path), full_page=True)
    return path
