"""In CI (CI=true) a browser test that skips is a failure: a run without Chromium must not pass as green.

On a developer's machine the same tests skip, with the reason, so the rest of the suite still runs.
Browser tests are those under tests/browser/ and those marked @pytest.mark.browser.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

BROWSER_DIR = Path(__file__).resolve().parent / "browser"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs headless Chromium and playwright; may not skip in CI")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci() and item.get_closest_marker("browser"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI=true: una prueba de navegador no puede omitirse ({reason})"
