"""What every page shares: the filter bar (kept in the URL), formats, colours, empty states, export buttons."""
from __future__ import annotations

import io
import runpy

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard import queries
from dashboard.queries import Filters
from etl import catalog
from etl.normalize.money import format_money
from etl.normalize.months import MONTH_ABBR, MONTH_LABELS
from etl.store import ROOT

APP = ROOT / "app.py"

# ---- words and colours ---------------------------------------------------------------------------------

STATUS_LABELS = {"met": "Cumplida", "behind": "Atrasada", "pending": "Pendiente", "no_target": "Sin meta"}
STATUS_COLORS = {"Cumplida": "#2e7d32", "Atrasada": "#c62828", "Pendiente": "#f9a825", "Sin meta": "#9e9e9e"}
QUARTER_LABELS = {1: "T1 (ene–mar)", 2: "T2 (abr–jun)", 3: "T3 (jul–sep)", 4: "T4 (oct–dic)"}
CURRENCY_NAMES = {"DOP": "Pesos dominicanos (RD$)", "USD": "Dólares (US$)"}


COLUMN_LABELS = {
    "activity_id": "Id", "file_id": "Carga", "institution": "Institución", "year": "Año", "axis": "Eje",
    "objective": "Objetivo", "unit": "Unidad", "lead_unit": "Unidad líder", "product": "Producto",
    "code": "Código", "activity": "Actividad", "indicator": "Indicador", "target_text": "Meta (texto)",
    "annual_target": "Meta anual", "measure_unit": "Unidad de medida", "responsible": "Responsable",
    "budget_amount": "Presupuesto", "currency": "Moneda", "budget_note": "Nota de presupuesto",
    "risk": "Riesgo", "mitigation": "Mitigación", "observations": "Observaciones", "source_sheet": "Hoja",
    "source_row": "Fila", "file_name": "Archivo", "months": "Meses", "month_count": "N.º de meses",
    "quarter": "Trimestre", "target": "Meta", "actual": "Real", "execution_pct": "% ejecución",
    "status": "Estado", "item": "Partida", "amount": "Monto", "coverage_pct": "% programado",
    "activities": "Actividades", "scheduled_activities": "Programadas", "loaded_at": "Cargado",
    "layout": "Formato", "message": "Mensaje", "sha256": "SHA-256",
}


def institution_color(name: str) -> str:
    return catalog.color(name)


def institution_colors(names) -> dict[str, str]:
    return {n: institution_color(n) for n in names}


def short_name(name: str) -> str:
    """'Caja Mutual de los Empleados del Ministerio de Educación' is too long for a legend."""
    return catalog.short_name(name)


def fmt_int(n) -> str:
    return "—" if n is None or pd.isna(n) else f"{int(n):,}".replace(",", ".")


def fmt_pct(x) -> str:
    """A fraction as a percentage: 0.75 -> '75 %'."""
    return "—" if x is None or pd.isna(x) else f"{x * 100:.0f} %"


def fmt_money(amount, currency) -> str:
    return format_money(None if amount is None or pd.isna(amount) else float(amount), currency)


def month_label(m: int) -> str:
    return MONTH_LABELS[int(m) - 1]


def style(fig: go.Figure, title: str, height: int | None = None) -> go.Figure:
    fig.update_layout(title=title, separators=",.", margin=dict(l=10, r=10, t=50, b=10),
                      legend=dict(title_text="", orientation="h", yanchor="top", y=-0.18, x=0),
                      font=dict(size=13))
    # Institution names are long: the legend shows the short form, the hover the full one.
    fig.for_each_trace(lambda t: t.update(name=short_name(t.name)) if t.name else None)
    if height:
        fig.update_layout(height=height)
    return fig


def chart(fig: go.Figure, key: str | None = None) -> None:
    st.plotly_chart(fig, width="stretch", key=key, config={"displaylogo": False})


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """Column names and status codes as a user reads them."""
    out = df.copy()
    text = out.select_dtypes(include="object").columns
    out[text] = out[text].fillna("")  # an empty cell, not the word 'None'
    if "status" in out:
        out["status"] = out["status"].map(STATUS_LABELS).fillna(out["status"])
    return out.rename(columns=COLUMN_LABELS)


# ---- filter bar ---------------------------------------------------------------------------------------

# session key -> URL parameter
URL_NAMES = {"f_institution": "institucion", "f_year": "anio", "f_axis": "eje", "f_objective": "objetivo",
             "f_unit": "unidad", "f_quarter": "trimestre", "f_status": "estado", "f_text": "buscar"}


def _seed_from_url() -> None:
    """A shared link opens the same view: the URL wins once, on a session's first run."""
    params = st.query_params
    for key, name in URL_NAMES.items():
        values = params.get_all(name)
        if not values:
            continue
        if key == "f_year":
            st.session_state[key] = [int(v) for v in values if v.isdigit()]
        elif key == "f_quarter":
            st.session_state[key] = int(values[0]) if values[0] in {"1", "2", "3", "4"} else None
        elif key == "f_text":
            st.session_state[key] = values[0]
        elif key == "f_status":
            st.session_state[key] = [v for v in values if v in STATUS_LABELS]
        else:
            st.session_state[key] = values


def _write_url() -> None:
    wanted: dict[str, list[str] | str] = {}
    for key, name in URL_NAMES.items():
        value = st.session_state.get(key)
        if isinstance(value, list) and value:
            wanted[name] = [str(v) for v in value]
        elif value not in (None, "", []):
            wanted[name] = str(value)
    current = {k: (st.query_params.get_all(k) if isinstance(v, list) else st.query_params.get(k))
               for k, v in wanted.items()}
    if current != wanted or set(st.query_params.keys()) != set(wanted):
        st.query_params.from_dict(wanted)


def _multiselect(label: str, key: str, options: list, help: str | None = None) -> list:
    # Drop choices that the filters above no longer offer, instead of letting the widget fail on them.
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    return st.multiselect(label, options, key=key, placeholder="Todas", help=help)


def _clear() -> None:
    for key in URL_NAMES:
        st.session_state[key] = None if key == "f_quarter" else "" if key == "f_text" else []


def filter_bar(status_and_text: bool = False) -> Filters:
    """The sidebar filters; each list narrows the next, so only combinations that exist are offered."""
    # Re-assigning keeps a widget's value while a page that does not draw it is shown.
    for key in URL_NAMES:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    if not st.session_state.get("_url_seeded"):
        _seed_from_url()
        st.session_state["_url_seeded"] = True
    # Each list is a small DISTINCT query under the choices above it (cached), never the whole catalogue.
    with st.sidebar:
        st.header("Filtros")
        f = Filters()
        f.institution = _multiselect("Institución", "f_institution", queries.options("institution", f))
        f.year = _multiselect("Año", "f_year", [int(y) for y in queries.options("year", f)])
        f.axis = _multiselect("Eje", "f_axis", queries.options("axis", f),
                              help="Eje, perspectiva o línea de trabajo del plan")
        f.objective = _multiselect("Objetivo", "f_objective", queries.options("objective", f))
        f.unit = _multiselect("Unidad", "f_unit", queries.options("unit", f))
        if st.session_state.get("f_quarter") not in (None, 1, 2, 3, 4):
            st.session_state["f_quarter"] = None
        quarter = st.selectbox("Trimestre", [None, 1, 2, 3, 4], key="f_quarter",
                               format_func=lambda q: "Todos" if q is None else QUARTER_LABELS[q])
        status, text = [], ""
        if status_and_text:
            status = st.multiselect("Estado", list(STATUS_LABELS), key="f_status", placeholder="Todos",
                                    format_func=STATUS_LABELS.get,
                                    help="Estado de la meta en el trimestre elegido (o en alguno, si no se elige)")
            text = st.text_input("Buscar", key="f_text", placeholder="palabras de la actividad, código…")
        st.button("Quitar filtros", on_click=_clear, width="stretch")
    _write_url()
    f.quarter, f.status, f.text = quarter, status, (text or "").strip()
    return f


def current_filters() -> Filters:
    """The filters the sidebar set in this run (app.py draws it before the page).

    Call it first thing in a page. Streamlit treats a folder named pages/ as an old-style multipage app
    until st.navigation has run once in the process, so the very first request for a sub-page (a shared
    link) runs the page file alone, without app.py. Then switch that mode off and run app.py in its place
    (it draws the sidebar and this same page), keeping the click or upload that started this run.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
    return st.session_state.get("_filters") or Filters()


# ---- empty states and export --------------------------------------------------------------------------

def no_data() -> bool:
    """Say how to load data when the store is empty; True when the page should stop."""
    if queries.activity_count():
        return False
    st.info("Todavía no hay planes cargados. Suba libros .xlsx en la página **Datos**, o desde una terminal: "
            "`python -m etl load data/samples` (o `make db`).")
    st.page_link("pages/datos.py", label="Ir a Datos", icon=":material/upload_file:")
    return True


def nothing_matches(what: str = "registros") -> None:
    st.info(f"Ningún {what} coincide con los filtros. Amplíe la selección en la barra lateral "
            "o pulse «Quitar filtros».")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel shows the accents.

    CRLF line ends make the csv module quote any cell holding a carriage return: with bare '\n' ends it
    leaves 'x\r=1+1' unquoted, and Excel would start a new row, and run a formula, at the '\r'."""
    return neutralise(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def excel_bytes(df: pd.DataFrame, sheet: str = "Actividades") -> bytes:
    buf = io.BytesIO()
    neutralise(df).to_excel(buf, index=False, sheet_name=sheet, engine="openpyxl")
    return buf.getvalue()


EXCEL_MAX_ROWS = 1_048_576 - 1  # a sheet's rows, less the header


def export_buttons(rows, name: str, total: int) -> None:
    """CSV and Excel of every row `rows()` returns (a callable: built only when the user clicks)."""
    left, right = st.columns(2)
    left.download_button("Descargar CSV", lambda: csv_bytes(rows()), file_name=f"{name}.csv", mime="text/csv",
                         width="stretch", key=f"csv_{name}", on_click="ignore")
    if total > EXCEL_MAX_ROWS:
        right.warning(f"Excel admite hasta {fmt_int(EXCEL_MAX_ROWS)} filas por hoja y la selección tiene "
                      f"{fmt_int(total)}: descargue el CSV o acote los filtros para obtener un Excel.")
        return
    right.download_button("Descargar Excel", lambda: excel_bytes(rows()), file_name=f"{name}.xlsx",
                          width="stretch", key=f"xlsx_{name}", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def shown_of(shown: int, total: int, what: str = "filas") -> str:
    """'Se muestran 1.000 de 184.665 actividades; la descarga incluye todas.'-style caption start."""
    return f"Se muestran {fmt_int(shown)} de {fmt_int(total)} {what}"


__all__ = ["MONTH_ABBR", "Filters"]
