"""Where the store is, and getting it ready once per process: create or upgrade it.

A store is its user's own: only the demo store (data/poa.duckdb, what `make run` opens) is filled from
data/samples. Any other POA_DB path starts empty, with a welcome that says how to load a plan; to seed one
with the samples on purpose: `make demo DB=path` or `python -m etl load --db path data/samples`.
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from etl import paths, store
from etl.paths import SAMPLES, TEMPLATE


def db_path() -> Path:
    return paths.default_db()


def env_db_overridden() -> bool:
    return bool(os.environ.get("POA_DB"))


@st.cache_resource(show_spinner="Preparando el almacén (tras una actualización del tablero puede tardar unos segundos)…")
def prepare_store(path: str) -> str | None:
    """Create or upgrade the store once per process; only the demo store is built from data/samples.

    Returns a message for the user when something was done; a store that cannot be opened raises
    store.StoreError (nothing is remembered, so the next run tries again)."""
    db = Path(path)
    if not db.exists() and is_demo(db):
        return _build_from_samples(db)
    store.connect(db).close()
    return None


def is_demo(db: Path) -> bool:
    return db.resolve() == paths.DEFAULT_DB.resolve()


def welcome() -> None:
    """What a new, empty store shows above every page: what the tablero is and how to fill it."""
    with st.container(border=True):
        st.markdown("### Bienvenido al Tablero POA\n"
                    "Este tablero reúne los planes operativos anuales (POA) de su institución: cronograma, "
                    "metas trimestrales frente a lo realizado y presupuesto, con filtros por institución, año, "
                    "eje, objetivo y unidad.\n\n"
                    "Su almacén está vacío. Para empezar, vaya a **Datos** y suba los libros (.xlsx, .xlsm, .xls, .ods o .csv) "
                    "de sus planes. Si su plan aún no tiene un formato conocido, use la plantilla POA: "
                    "una hoja por plan, con las columnas explicadas en `docs/template.md`.")
        left, right = st.columns(2)
        left.page_link("pages/datos.py", label="Ir a Datos para cargar libros", icon=":material/upload_file:")
        if TEMPLATE.exists():
            right.download_button("Descargar la plantilla POA (.xlsx)", TEMPLATE.read_bytes(),
                                  file_name="plantilla_poa.xlsx", key="welcome_template", on_click="ignore",
                                  mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _build_from_samples(db: Path) -> str:
    from etl.load.files import expand
    from etl.load.service import load_file

    con = store.connect(db)
    try:
        files, _ = expand([str(SAMPLES)])
        reports = [load_file(con, f) for f in files]
    finally:
        con.close()
    if not files:
        return (f"No existía el almacén {db}; se creó vacío porque data/samples no tiene libros. "
                "Cargue libros en la página Datos.")
    loaded = sum(r.status == "loaded" for r in reports)
    return (f"No existía el almacén {db}; se creó a partir de data/samples: "
            f"{loaded} de {len(files)} libros cargados.")
