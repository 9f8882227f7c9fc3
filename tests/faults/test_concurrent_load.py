"""`python -m etl load` into the store a running dashboard is reading: both keep working.

The dashboard runs as a real server; headless Chromium keeps clicking through its pages while the CLI loads
workbooks of an institution the store did not have. Every load must finish quickly and succeed, no page may
show an exception box or the 'store busy' error, and the new institution must show at the next click.
"""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.app.demo_store import ROOT, SAMPLES
from tests.app_server import running_app
from tests.browser.conftest import ARGS, CHROMIUM, wait_rendered
from tests.faults import hostile

NEW = "Instituto de Pruebas de Carga"
LOAD_LIMIT_S = 10  # per CLI run, interpreter start-up included
BUSY = "almacén está ocupado"
EXTRA = {1: 3, 2: 4, 3: 5}  # extra workbook -> activities (one plan year each)


def cli_load(db: Path, *paths: Path) -> tuple[int, float, str]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    return proc.returncode, time.monotonic() - start, proc.stdout + proc.stderr


@pytest.fixture
def running(tmp_path):
    """A store built from data/samples, and the dashboard serving it on a free loopback port."""
    if not list(SAMPLES.glob("*.xlsx")):
        pytest.skip("data/samples todavía no tiene libros")
    db = tmp_path / "poa.duckdb"
    rc, _, out = cli_load(db, SAMPLES)
    assert rc == 0, out
    log_path = tmp_path / "streamlit.log"
    with running_app(db, log_path) as url:
        yield url, db, tmp_path, log_path


def assert_healthy(pg, where: str) -> None:
    errors = pg.locator('[data-testid="stException"]')
    assert errors.count() == 0, f"{where}: {errors.first.inner_text()}"
    alerts = pg.locator('[data-testid="stAlert"]')
    for n in range(alerts.count()):
        assert BUSY not in alerts.nth(n).inner_text(), f"{where}: {alerts.nth(n).inner_text()}"


def click_page(pg, title: str) -> None:
    pg.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    wait_rendered(pg)


def explorer_count(pg) -> int:
    text = pg.locator("text=actividades con los filtros actuales").first.inner_text()
    return int(text.split()[0].replace(".", ""))


def institution_options(pg) -> list[str]:
    box = pg.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    options = pg.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    names = options.all_inner_texts()
    pg.keyboard.press("Escape")
    return names


def choose_quarter(pg, label: str) -> None:
    pg.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    pg.get_by_role("option", name=label).click()
    wait_rendered(pg)


def browse(sync_playwright, url: str, started: threading.Event, loads_done: threading.Event, out: dict) -> None:
    """Everything Chromium does, on a thread of its own: Playwright's sync API allows one instance per thread,
    and tests/browser keeps one open on the main thread for the whole session."""
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                pg = b.new_page(viewport={"width": 1400, "height": 1000})
                pg.goto(url + "/explorador")
                wait_rendered(pg)
                out["before"], out["options_before"] = explorer_count(pg), institution_options(pg)
                started.set()
                clicks = 0
                cycle = ["Resumen", "Explorador", "Datos", "Metas vs real", "Cronograma"]
                deadline = time.monotonic() + 150
                while not loads_done.is_set() and time.monotonic() < deadline:
                    title = cycle[clicks % len(cycle)]
                    click_page(pg, title)
                    assert_healthy(pg, title)
                    if title == "Explorador":
                        choose_quarter(pg, "T2 (abr–jun)" if clicks % 2 else "Todos")
                        assert_healthy(pg, "Explorador, trimestre")
                    clicks += 1
                    out["live_clicks"] = clicks
                out["clicks"] = clicks
                # The next interaction, in the same browser session and the same server, shows the new plans.
                click_page(pg, "Explorador")
                choose_quarter(pg, "Todos")
                assert_healthy(pg, "Explorador, al final")
                out["after"], out["options_after"] = explorer_count(pg), institution_options(pg)
            finally:
                b.close()
    except BaseException as exc:  # handed to the test's thread, which re-raises it
        out["error"] = exc
    finally:
        started.set()


@pytest.mark.browser
def test_loads_while_the_dashboard_is_clicked(running):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium no está instalado ({CHROMIUM}); .ci/run lo instala con apt-get")
    sync_api = pytest.importorskip("playwright.sync_api", reason="falta el paquete playwright")
    url, db, tmp, log_path = running
    extra = {n: hostile.template_workbook(tmp / f"carga_{n}.xlsx", activities=k, institution=NEW, year=2024 + n)
             for n, k in EXTRA.items()}
    # Each run is a separate CLI process; the fourth reloads a workbook, which replaces it.
    runs = [[extra[1]], [extra[2]], [extra[3]], [extra[1]], [extra[2], extra[3]]]

    started, loads_done, out = threading.Event(), threading.Event(), {}
    clicker = threading.Thread(target=browse, args=(sync_api.sync_playwright, url, started, loads_done, out))
    clicker.start()
    results: list[tuple[int, float, str]] = []
    try:
        assert started.wait(120), "the first page never rendered"
        if "error" not in out:
            assert NEW not in out["options_before"]
            for paths in runs:
                seen = out.get("live_clicks", 0)
                results.append(cli_load(db, *paths))
                # The next load starts once a page has opened since this one started: the two overlap however
                # slow the machine is, and a dashboard the loads keep waiting never gets there (30 s).
                wait_until = time.monotonic() + 30
                while out.get("live_clicks", 0) <= seen and "error" not in out and time.monotonic() < wait_until:
                    time.sleep(0.1)
    finally:
        loads_done.set()
        clicker.join(timeout=180)
    assert not clicker.is_alive(), "the browser did not finish"
    if "error" in out:
        raise out["error"]

    assert len(results) == len(runs)
    for rc, seconds, text in results:
        assert rc == 0, text
        assert seconds < LOAD_LIMIT_S, f"a load took {seconds:.1f} s:\n{text}"
    assert out["clicks"] >= len(runs), f"only {out['clicks']} pages opened while loading"
    assert out["after"] == out["before"] + sum(EXTRA.values())
    assert NEW in out["options_after"]
    assert "Traceback" not in log_path.read_text()
