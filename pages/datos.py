"""Datos: what is loaded, what was rejected and why, and an upload box that runs the ETL."""
import tempfile
from pathlib import Path

import streamlit as st

from dashboard import queries, widgets as w
from etl.cli import load_file

f = w.current_filters()
st.title("Datos cargados")
st.caption(f"Almacén: `{queries.db_path()}`"
           + (" (definido por POA_DB)" if queries.env_db_overridden() else ""))

history = queries.load_history()
if f.institution:
    history = history[history["institution"].isin(f.institution) | history["institution"].isna()]
if f.year:
    history = history[history["year"].isin(f.year) | history["year"].isna()]

STATUS = {"loaded": "Cargado", "rejected": "Rechazado", "replaced": "Reemplazado"}
if history.empty:
    st.info("No se ha cargado ningún libro. Súbalos abajo o ejecute `python -m etl load data/samples`.")
else:
    loaded = history[history["status"] == "loaded"]
    a, b, c = st.columns(3)
    a.metric("Libros cargados", w.fmt_int(len(loaded)))
    b.metric("Actividades", w.fmt_int(loaded["activities"].sum()))
    c.metric("Rechazados", w.fmt_int((history["status"] == "rejected").sum()))
    st.subheader("Libros cargados")
    st.dataframe(w.labelled(loaded.drop(columns=["sha256", "status"])), hide_index=True, width="stretch")
    rejected = history[history["status"] == "rejected"]
    st.subheader("Libros rechazados")
    if rejected.empty:
        st.caption("Ninguno.")
    else:
        st.dataframe(w.labelled(rejected[["file_name", "loaded_at", "message"]]), hide_index=True, width="stretch")
    with st.expander("Historial completo de cargas"):
        st.dataframe(w.labelled(history.assign(status=history["status"].map(STATUS))),
                     hide_index=True, width="stretch")

st.subheader("Cargar libros")
uploads = st.file_uploader("Libros POA (.xlsx)", type=["xlsx"], accept_multiple_files=True, key="uploads")
if uploads and st.button("Cargar en el almacén", type="primary", key="load_uploads"):
    reports = []
    with tempfile.TemporaryDirectory() as tmp, st.spinner("Leyendo los libros…"):
        paths = []
        for up in uploads:
            path = Path(tmp) / Path(up.name).name  # the name only: an upload never picks where it is written
            path.write_bytes(up.getvalue())
            paths.append(path)
        try:
            con = queries.write_connection()
        except Exception as exc:
            st.error(f"No se pudo abrir el almacén para escribir ({exc}). ¿Hay otra carga en curso?")
            st.stop()
        try:
            reports = [load_file(con, p) for p in paths]
        finally:
            con.close()
    st.session_state["upload_report"] = [r.lines() for r in reports]
    st.rerun()
for first, *details in st.session_state.get("upload_report", []):
    (st.success if first.startswith("✓") else st.error)(first)
    if details:
        st.text("\n".join(line.strip() for line in details))
