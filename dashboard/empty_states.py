"""What a page says instead of an empty chart."""
from __future__ import annotations

import streamlit as st

from dashboard import queries


def no_data() -> bool:
    """Say how to load data when the store is empty; True when the page should stop."""
    if queries.activity_count():
        return False
    st.info("Todavía no hay planes cargados. Suba los libros (.xlsx, .xlsm, .xls, .ods o .csv) de sus planes en la página **Datos**.")
    st.page_link("pages/datos.py", label="Ir a Datos", icon=":material/upload_file:")
    return True


def nothing_matches(what: str = "registros") -> None:
    st.info(f"Ningún {what} coincide con los filtros. Amplíe la selección en la barra lateral "
            "o pulse «Quitar filtros».")
