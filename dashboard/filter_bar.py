"""The sidebar filters, kept in the page address so that a shared link opens the same view."""
from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.direct_page import run_app_instead
from dashboard.filters import Filters
from dashboard.labels import QUARTER_LABELS, QUARTERS, STATUS_LABELS, STATUSES

# session key -> URL parameter
# The Trimestre select's "Todos": a real option, not None, which Streamlit shows as its placeholder
# ("Choose an option") once the widget's state has been carried across a page change.
ALL_QUARTERS = 0
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
            st.session_state[key] = int(values[0]) if values[0] in {str(q) for q in QUARTERS} else ALL_QUARTERS
        elif key == "f_text":
            st.session_state[key] = values[0]
        elif key == "f_status":
            st.session_state[key] = [v for v in values if v in STATUSES]
        else:
            st.session_state[key] = values


def _write_url() -> None:
    wanted: dict[str, list[str] | str] = {}
    for key, name in URL_NAMES.items():
        value = st.session_state.get(key)
        if isinstance(value, list) and value:
            wanted[name] = [str(v) for v in value]
        elif value not in (None, "", [], ALL_QUARTERS):
            wanted[name] = str(value)
    current = {k: (st.query_params.get_all(k) if isinstance(v, list) else st.query_params.get(k))
               for k, v in wanted.items()}
    if current != wanted or set(st.query_params.keys()) != set(wanted):
        st.query_params.from_dict(wanted)


def _multiselect(label: str, key: str, options: list, help: str | None = None) -> list:
    # Drop choices that the filters above no longer offer, instead of letting the widget fail on them.
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    return st.multiselect(label, options, key=key, placeholder="Todas", help=help, select_all=False)


def _clear() -> None:
    for key in URL_NAMES:
        st.session_state[key] = ALL_QUARTERS if key == "f_quarter" else "" if key == "f_text" else []


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
        if st.session_state.get("f_quarter") not in (ALL_QUARTERS, *QUARTERS):
            st.session_state["f_quarter"] = ALL_QUARTERS
        quarter = st.selectbox("Trimestre", [ALL_QUARTERS, *QUARTERS], key="f_quarter",
                               format_func=lambda q: QUARTER_LABELS.get(q, "Todos"), placeholder="Todos")
        status, text = [], ""
        if status_and_text:
            status = st.multiselect("Estado", list(STATUSES), key="f_status", placeholder="Todos", select_all=False,
                                    format_func=STATUS_LABELS.get,
                                    help="Estado de la meta en el trimestre elegido (o en alguno, si no se elige)")
            text = st.text_input("Buscar", key="f_text", placeholder="palabras de la actividad, código…")
        st.button("Quitar filtros", on_click=_clear, width="stretch")
    _write_url()
    f.quarter, f.status, f.text = quarter or None, status, (text or "").strip()
    return f


def current_filters() -> Filters:
    """The filters the sidebar set in this run (app.py draws it before the page). Call it first in a page."""
    run_app_instead()
    return st.session_state.get("_filters") or Filters()
