"""Streamlit's own words in Spanish, and the page spacing, from one style sheet injected once per run.

Streamlit 1.67 has no option for the upload box's texts ("Upload", "50MB per file • XLSX, XLSM"): the
English is hidden (display: none, so it is not even in the page's text) and the Spanish drawn with
::after on Streamlit's stable data-testid hooks. tests/browser/test_spanish.py fails if a Streamlit
upgrade renames them and the English shows again.
"""
from __future__ import annotations

import streamlit as st

from etl.safety import MAX_FILE_MB

UPLOAD_BUTTON = "Elegir libros"
UPLOAD_HINT = f"Arrastre los libros aquí · hasta {MAX_FILE_MB} MB cada uno · .xlsx, .xlsm, .xls, .ods o .csv"

ENTER_HINT = "Pulse Intro para aplicar"

_DROPZONE = '[data-testid="stFileUploaderDropzone"]'
_BUTTON_TEXT = f'{_DROPZONE} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"]'
_HINT = f'{_DROPZONE} [data-testid="stFileUploaderDropzoneInstructions"] > div'

CSS = f"""
{_BUTTON_TEXT} > p {{ display: none; }}
{_BUTTON_TEXT}::after {{ content: "{UPLOAD_BUTTON}"; }}
{_HINT} > span {{ display: none; }}
{_HINT}::after {{ content: "{UPLOAD_HINT}"; font-size: 0.875rem; opacity: 0.75; }}
[data-testid="InputInstructions"] > span {{ display: none; }}
[data-testid="InputInstructions"]::after {{ content: "{ENTER_HINT}"; }}
/* Streamlit leaves ~6rem above every title; a page starts with its title. */
[data-testid="stMainBlockContainer"] {{ padding-top: 2.5rem; }}
/* A long institution name in a filter's list ends in '…' instead of being cut mid-word. */
[role="listbox"] [role="option"] {{ min-width: 0; overflow: hidden; }}
[role="listbox"] [role="option"] > [data-item-hl] {{ display: block; min-width: 0; max-width: 100%;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }}
"""


# Streamlit's table and chart toolbars: button (aria-label) -> its tooltip in Spanish.
TOOLBAR = {"Show/hide columns": "Mostrar u ocultar columnas", "Search": "Buscar", "Fullscreen": "Pantalla completa",
           "Close fullscreen": "Salir de pantalla completa"}
# Plotly's mode bar draws its tooltips from data-title with ::after: the buttons charts.chart keeps.
PLOTLY = {"Download plot as a PNG": "Descargar como imagen PNG", "Fullscreen": "Pantalla completa", "Zoom": "Acercar un área", "Pan": "Desplazar",
          "Zoom in": "Acercar", "Zoom out": "Alejar", "Autoscale": "Ajustar la escala",
          "Reset axes": "Restablecer los ejes"}


def _tooltip_css() -> str:
    rules = [
        # A table's own CSV would hold the screen's text ('75.4 %'); the pages' download buttons give numbers.
        '[data-testid="stElementToolbarButton"]:has(button[aria-label="Download as CSV"]) { display: none; }']
    tip = '[data-testid="stTooltipContent"] [data-testid="stMarkdownContainer"]'
    for english, spanish in TOOLBAR.items():
        hovered = f'body:has(button[aria-label="{english}"]:hover)'
        rules.append(f"{hovered} {tip} > p {{ display: none; }}")
        rules.append(f'{hovered} {tip}::after {{ content: "{spanish}"; }}')
    for english, spanish in PLOTLY.items():
        rules.append(f'.js-plotly-plot .plotly .modebar-btn[data-title="{english}"]::after '
                     f'{{ content: "{spanish}"; }}')
    return "\n".join(rules)


def inject() -> None:
    """The style sheet, once per run (app.py calls it before any page draws)."""
    st.html(f"<style>{CSS}\n{_tooltip_css()}</style>")
