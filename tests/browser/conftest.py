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
def server(tmp_path_factory):
    """Base URL of a running app; its output goes to a log that a failing test can show."""
    tmp = tmp_path_factory.mktemp("browser")
    db = build_test_store(tmp / "poa.duckdb")
    with running_app(db, tmp / "streamlit.log") as url:
        yield {"url": url, "db": db, "log": tmp / "streamlit.log"}


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


def screenshot(pg, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to fit it first."""
    height = pg.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    pg.set_viewport_size({"width": 1400, "height": min(max(int(height), 900), 6000)})
    pg.wait_for_timeout(600)
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
