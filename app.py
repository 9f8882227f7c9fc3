"""Tablero POA: the entry point draws the shared filter bar, then the page the user chose."""
import sys

import duckdb
import streamlit as st

from dashboard import access, connection, formats, queries, spanish
from dashboard.filter_bar import filter_bar
from dashboard.store_setup import db_path, prepare_store, welcome
from etl.store import StoreBusy, StoreError, describe

st.set_page_config(page_title="Tablero POA", page_icon=":material/monitoring:", layout="wide")
spanish.inject()  # Streamlit's own English texts, also on the sign-in page
access.gate()  # before anything else: someone without access sees the sign-in page and nothing more

pages = [
    st.Page("pages/resumen.py", title="Resumen", icon=":material/dashboard:", default=True),
    st.Page("pages/cronograma.py", title="Cronograma", icon=":material/calendar_month:"),
    st.Page("pages/metas.py", title="Metas vs real", icon=":material/track_changes:"),
    st.Page("pages/evolucion.py", title="Evolución", icon=":material/timeline:"),
    st.Page("pages/presupuesto.py", title="Presupuesto", icon=":material/payments:"),
    st.Page("pages/explorador.py", title="Explorador", icon=":material/table_view:"),
    st.Page("pages/datos.py", title="Datos", icon=":material/upload_file:"),
]
page = st.navigation(pages)


def sentence(text: str) -> str:
    return formats.as_typed(text[:1].upper() + text[1:] + ".", None)


try:
    notice = prepare_store(str(db_path()))
    if notice and not st.session_state.get("_notice_shown"):
        st.session_state["_notice_shown"] = True
        st.info(notice)
    if not queries.activity_count():
        welcome()
    st.session_state["_filters"] = filter_bar(status_and_text=page.title in ("Metas vs real", "Explorador"))
    page.run()
except StoreBusy:
    # A load held the store for longer than a read waits (dashboard.connection): say so, lose nothing.
    st.error("El almacén está ocupado por una carga de datos. Espere unos segundos y recargue la página.")
except StoreError as exc:  # not a store, damaged, unreadable: what happened and what to do, in Spanish
    st.error(sentence(str(exc)))
except duckdb.Error as exc:
    # A damaged block shows only when a query reads it (a checksum error), in DuckDB's English.
    print(f"Tablero POA: error del almacén: {exc!r}", file=sys.stderr)
    st.error(sentence(describe(db_path(), exc)))
finally:
    connection.release()  # the run's reads are done: a load may take the store
