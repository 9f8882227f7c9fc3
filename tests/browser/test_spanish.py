"""Every word on screen in Spanish, Streamlit's own widgets included, and no 'None'/'nan' anywhere."""
from __future__ import annotations

import re

import pytest

from dashboard import spanish
from tests.browser.conftest import SHOTS, screenshot, wait_rendered

PAGES = ["", "cronograma", "metas", "presupuesto", "explorador", "evolucion", "datos"]
# What Streamlit (1.67) writes in English on its own widgets, and what pandas writes for a missing value.
ENGLISH = ["Upload", "Browse files", "Drag and drop", "per file", "Select all", "Choose an option", "No options",
           "No results", "Download", "Press Enter", "Showing page", "Clear all", "Running", "None", "nan", "NaT"]
FOREIGN = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")


def visible_text(page) -> str:
    """What a user reads: rendered text, and the placeholders of empty inputs."""
    return page.evaluate("""() => document.body.innerText + '\\n' +
        [...document.querySelectorAll('input')].filter(i => !i.value && i.placeholder)
            .map(i => i.placeholder).join('\\n')""")


def english_in(text: str) -> list[str]:
    return sorted({m.group(0) for m in FOREIGN.finditer(text)})


def test_the_word_list_catches_what_it_should():
    assert english_in("Upload · 50MB per file • XLSX") == ["Upload", "per file"]
    assert english_in("Meta None, Real nan") == ["None", "nan"]
    assert english_in("Ninguna actividad; Nanay; Todos") == []


@pytest.mark.parametrize("path", PAGES, ids=[p or "resumen" for p in PAGES])
def test_every_page_reads_in_spanish(server, page, path):
    page.goto(f"{server['url']}/{path}")
    wait_rendered(page)
    page.wait_for_timeout(1000)
    assert english_in(visible_text(page)) == []
    # A list open in the sidebar: its options and whatever Streamlit adds to them.
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').first.click()
    page.wait_for_selector('[role="listbox"]')
    assert english_in(visible_text(page)) == []
    page.keyboard.press("Escape")
    screenshot(page, f"espanol_{path or 'resumen'}")


def after_content(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("e => getComputedStyle(e, '::after').content")


def test_the_upload_box_speaks_spanish(server, page):
    page.goto(f"{server['url']}/datos")
    wait_rendered(page)
    box = page.locator('[data-testid="stFileUploaderDropzone"]')
    box.scroll_into_view_if_needed()
    assert english_in(box.inner_text()) == []
    # The Spanish is drawn by CSS: a renamed Streamlit hook would leave the box without words.
    assert spanish.UPLOAD_BUTTON in after_content(page, spanish._BUTTON_TEXT)
    assert spanish.UPLOAD_HINT in after_content(page, spanish._HINT)
    assert box.locator('[data-testid="stBaseButton-secondary"]').is_visible()
    SHOTS.mkdir(exist_ok=True)
    box.screenshot(path=str(SHOTS / "espanol_caja_carga.png"))


def quarter_value(page) -> str:
    return page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"] input[aria-label="Trimestre"]') \
        .input_value()


def go_to(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    page.wait_for_function("t => [...document.querySelectorAll('[data-testid=\"stMain\"] h1')]"
                           ".some(h => h.innerText.startsWith(t))", arg=title[:8])
    wait_rendered(page)


def test_the_quarter_reads_todos_across_pages_and_a_chosen_one_stays(server, page):
    page.goto(server["url"])
    wait_rendered(page)
    assert quarter_value(page) == "Todos"
    go_to(page, "Cronograma")
    assert quarter_value(page) == "Todos"
    go_to(page, "Resumen")
    assert quarter_value(page) == "Todos"
    page.locator('[data-testid="stSidebar"] input[aria-label="Trimestre"]').click()
    page.get_by_role("option", name="T2 (abr–jun)").click()
    wait_rendered(page)
    go_to(page, "Cronograma")
    assert quarter_value(page) == "T2 (abr–jun)"
    assert "trimestre=2" in page.url


def test_table_and_chart_toolbars_speak_spanish(server, page):
    page.goto(f"{server['url']}/cronograma")
    wait_rendered(page)
    page.locator('[data-testid="stDataFrame"]').first.hover()
    buttons = page.locator('[data-testid="stElementToolbar"]').first.locator("button")
    assert not page.locator('button[aria-label="Download as CSV"]').first.is_visible()
    seen = 0
    for i in range(buttons.count()):
        if not buttons.nth(i).is_visible():
            continue
        buttons.nth(i).hover()
        page.wait_for_selector('[data-testid="stTooltipContent"]')
        page.wait_for_timeout(300)
        tip = page.locator('[data-testid="stTooltipContent"] [data-testid="stMarkdownContainer"]').first
        assert tip.inner_text().strip() == ""  # the English is hidden …
        assert after_content(page, '[data-testid="stTooltipContent"] [data-testid="stMarkdownContainer"]') \
            .strip('"') in spanish.TOOLBAR.values()  # … and the Spanish drawn
        seen += 1
    assert seen >= 3
    page.locator('[data-testid="stPlotlyChart"]').first.hover()
    titles = page.evaluate("""() => [...document.querySelectorAll('.modebar-btn')]
        .map(e => getComputedStyle(e, '::after').content.replace(/^"|"$/g, ''))""")
    assert titles and set(titles) <= set(spanish.PLOTLY.values()), titles


def test_the_search_box_hint_speaks_spanish(server, page):
    page.goto(f"{server['url']}/explorador")
    wait_rendered(page)
    page.locator('[data-testid="stSidebar"] input[aria-label="Buscar"]').fill("plan")
    page.wait_for_selector('[data-testid="InputInstructions"]')
    assert english_in(visible_text(page)) == []
    assert spanish.ENTER_HINT in after_content(page, '[data-testid="InputInstructions"]')
