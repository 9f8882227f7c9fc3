"""Refresh the README's picture, docs/img/resumen.png: the Resumen page over the five samples.

    python -m tools.screenshot            (or: make screenshot)

Only this command writes into docs/; the browser tests keep their screenshots in tests/browser/screenshots/.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.app.demo_store import build_test_store
from tests.app_server import running_app
from tests.browser.conftest import ARGS, CHROMIUM, full_page, wait_charts, wait_rendered

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img" / "resumen.png"
CHARTS = 2  # the Resumen page's two charts: without them the picture would show empty boxes


def take(out: Path) -> Path:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = build_test_store(Path(tmp) / "poa.duckdb")
        with running_app(db, Path(tmp) / "streamlit.log") as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url)
                wait_rendered(page)
                if wait_charts(page, CHARTS) != CHARTS:
                    raise SystemExit("la página Resumen no dibujó sus dos gráficos")
                out.parent.mkdir(parents=True, exist_ok=True)
                full_page(page, out)
            finally:
                browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"dónde guardar la imagen (por omisión {OUT})")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"chromium no está instalado ({CHROMIUM})", file=sys.stderr)
        return 1
    print(take(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
