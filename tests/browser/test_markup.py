"""What a workbook says is shown as typed on every page: no image fetched, no link made, no markup applied,
in Streamlit's markdown and in the charts' SVG alike (docs/security.md)."""
from __future__ import annotations

import contextlib
import http.server
import threading

import pytest

from etl.load import load_files
from tests.app_server import running_app
from tests.browser.conftest import wait_charts, wait_rendered, screenshot
from tests.conftest import TEMPLATE_HEADER, template_row
from tests.workbooks import write_workbook


@contextlib.contextmanager
def tracker():
    """An HTTP server on 127.0.0.1 that counts what browsers ask of it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A store whose institution, axis and units carry markdown and HTML pointing at the tracker, for two years."""
    with tracker() as (url, hits):
        tmp = tmp_path_factory.mktemp("markup")
        names = {
            "institution": f"Instituto ![i]({url}/inst.png) <b>Negrita</b> :red[rojo] $$x^2$$",
            "unit": f'<a href="{url}/unidad">Unidad enlace</a>',
            "axis": f"Eje [enlace]({url}/eje) **fuerte**",
        }
        books = []
        for year in (2024, 2025):
            rows = [["Institución:", names["institution"]], ["Año:", year], [], TEMPLATE_HEADER]
            for n in range(3):
                rows.append(template_row(f"Actividad {n} <i>cursiva</i>", unit=names["unit"], axis=names["axis"],
                                         code=f"A.{n}", target="10", budget="RD$1,000.00", months=(1, 2, 3),
                                         quarters=[10, 10, 10, 10], actuals=[5 + n, None, None, None]))
            books.append(write_workbook(tmp / f"plan_{year}.xlsx", {"POA": rows}))
        # A name of 100,000 characters (more than Excel itself keeps in a cell) must not make a card that wide.
        long_rows = [["Institución:", "Instituto " + "muy largo " * 10_000], ["Año:", 2025], [], TEMPLATE_HEADER,
                     template_row("Actividad larga", code="L.1", months=(4,))]
        books.append(write_workbook(tmp / "plan_largo.xlsx", {"POA": long_rows}))
        db = tmp / "poa.duckdb"
        reports = load_files(books, db, open_store=True)
        assert [r.status for r in reports] == ["loaded"] * 3, [r.message for r in reports]
        with running_app(db, tmp / "streamlit.log") as app:
            yield {"app": app, "tracker": url, "hits": hits, "names": names}


PAGES = [("", 2, "resumen"), ("/metas", 3, "metas"), ("/cronograma", 3, "cronograma"),
         ("/evolucion", 1, "evolucion"), ("/presupuesto", 1, "presupuesto")]


@pytest.mark.parametrize("path, charts, name", PAGES, ids=[p[2] for p in PAGES])
def test_workbook_text_is_shown_as_typed(hostile, page, path, charts, name):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(hostile["app"] + path)
    wait_rendered(page)
    wait_charts(page, charts, timeout=30_000) if charts else None
    page.wait_for_timeout(500)
    main = page.locator('[data-testid="stMain"]')
    # No link or image pointing anywhere a workbook said, in the page or in a chart.
    links = main.evaluate("m => [...m.querySelectorAll('a[href], image, img')].map(e => "
                          "e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('xlink:href') || '')")
    assert not [h for h in links if hostile["tracker"] in h], links
    assert not [u for u in asked if u.startswith(hostile["tracker"])]
    assert hostile["hits"] == []
    # No markup applied: no bold, red or maths from the names, in the markdown or in the SVG.
    assert main.locator(".katex, [data-testid='stMarkdownColoredText']").count() == 0
    svg_text = " ".join(t or "" for t in main.locator("svg.main-svg").all_text_contents()) if charts else ""
    # Plotly draws '<b>x</b>' as a bold tspan holding x, '<i>' as an italic one, '<a>' as an SVG link.
    styled = main.evaluate("m => [...m.querySelectorAll('svg.main-svg tspan[style]')].map(t => t.textContent)")
    assert not [t for t in styled if t.strip() in ("Negrita", "cursiva", "Unidad enlace")], styled
    assert main.locator("svg.main-svg a").count() == 0
    text = main.inner_text() + " " + svg_text
    screenshot(page, f"marcado_{name}")
    shown = {"resumen": ["institution"], "metas": ["unit"], "cronograma": ["unit"], "evolucion": ["institution"],
             "presupuesto": ["axis"]}[name]
    for key in shown:
        typed = hostile["names"][key]
        assert typed in text.replace("\u2060", "") or typed[:40] in text.replace("\u2060", ""), (key, text[:2000])


def test_the_charts_name_units_as_typed(hostile, page):
    page.goto(hostile["app"] + "/metas")
    wait_rendered(page)
    wait_charts(page, 3, timeout=30_000)
    ticks = page.locator("svg.main-svg .xtick text").all_text_contents()
    assert any('<a href="' in t for t in ticks), ticks


def test_a_name_of_100000_characters_keeps_the_cards_on_the_page(hostile, page):
    page.goto(hostile["app"])
    wait_rendered(page)
    widths = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stMain\"] "
                           "[data-testid=\"stVerticalBlockBorderWrapper\"], [data-testid=\"stMain\"] "
                           "[data-testid=\"stVerticalBlock\"]')].map(e => e.getBoundingClientRect().width)")
    assert widths and max(widths) <= 1400, max(widths)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1400
    assert "muy largo muy largo" in page.locator('[data-testid="stMain"]').inner_text()
    screenshot(page, "marcado_nombre_largo")
