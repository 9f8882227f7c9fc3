"""Where the store is, and getting it ready once per process: create or upgrade it, seed it from samples."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import streamlit as st

from etl import store

SAMPLES = store.ROOT / "data" / "samples"


def db_path() -> Path:
    return store.default_db()


def env_db_overridden() -> bool:
    return bool(os.environ.get("POA_DB"))


@st.cache_resource(show_spinner="Preparando el almacén…")
def prepare_store(path: str) -> str | None:
    """Create or upgrade the store once per process; build it from data/samples when it does not exist.

    Returns a message for the user when something was done or went wrong."""
    db = Path(path)
    if not db.exists():
        return _build_from_samples(db)
    try:
        store.connect(db).close()
    except duckdb.Error as exc:
        return f"No se pudo actualizar el almacén {db}: {exc}"
    return None


def _build_from_samples(db: Path) -> str:
    from etl.load import expand, load_file

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
