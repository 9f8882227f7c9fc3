"""Datos: what is loaded, what was rejected and why, and an upload box that runs the ETL (dashboard/uploads.py)."""
import pandas as pd
import streamlit as st

from dashboard import access, filter_bar, formats, labels, mapping, queries
from dashboard.store_setup import db_path, env_db_overridden
from dashboard.uploads import load_uploads, report_entries
from etl.load.report import layout_label, plural  # layout_label cached: each call lists the readers
from etl.model import warning_text
from etl.safety import MAX_FILE_MB


def known(value):
    """A cell of a store frame, with pandas' NaN for a missing sheet or row turned back into None."""
    if pd.isna(value):
        return None
    return int(value) if isinstance(value, float) else value


f = filter_bar.current_filters()
st.title("Datos cargados")
st.caption(f"Almacén: `{db_path()}`"
           + (" (definido por POA_DB)" if env_db_overridden() else ""))

history = queries.load_history().rename(columns={"loaded_by": "Cargado por"})
if f.institution:
    history = history[history["institution"].isin(f.institution) | history["institution"].isna()]
if f.year:
    history = history[history["year"].isin(f.year) | history["year"].isna()]

STATUS = {"loaded": "Cargado", "rejected": "Rechazado", "replaced": "Reemplazado"}
if history.empty:
    st.info("No se ha cargado ningún libro. Súbalos en «Cargar libros», abajo.")
else:
    history = history.assign(layout=history["layout"].map(layout_label))  # codes stay in the store
    loaded = history[history["status"] == "loaded"]
    a, b, c = st.columns(3)
    a.metric("Libros cargados", formats.fmt_int(len(loaded)))
    # A follow-up's superseded copies stay loaded as history: count each activity once, as the other pages do.
    b.metric("Actividades", formats.fmt_int(queries.current_activities()))
    c.metric("Rechazados", formats.fmt_int((history["status"] == "rejected").sum()))
    st.subheader("Libros cargados")
    # What each file did in its plan (v_plan_changes): a follow-up that replaced an earlier one says so beside
    # the file's name, and the earlier one says which load replaced it.
    changes = queries.plan_changes().set_index("file_id")
    ids = loaded["file_id"]
    replaced_by = ids.map(changes["replaced_by"]).fillna("")
    status = [("reemplazado por " + by if not now else f"{formats.fmt_int(now)} de {formats.fmt_int(n)} unidades "
               f"vigentes; el resto, reemplazado por {by}") if by else ""
              for by, now, n in zip(replaced_by, ids.map(changes["current_units"]), ids.map(changes["units"]))]
    loaded = loaded.assign(plan_change=ids.map(changes["plan_change"]).fillna(""), replaced=status,
                           message=loaded["message"].fillna("").str.split(" — ").str[-1])
    said = [f"- {formats.as_typed(name, None)}: {formats.as_typed('; '.join(x for x in (change, gone) if x), None)}"
            for name, change, gone in zip(loaded["file_name"], loaded["plan_change"], loaded["replaced"])
            if change or gone]
    if said:
        st.markdown("**Cambios en los planes**\n\n" + "\n".join(said))
    shown = loaded.drop(columns=["sha256", "status"])
    shown.insert(2, "plan_change", shown.pop("plan_change"))  # beside the file's name, where it is read
    shown.insert(3, "replaced", shown.pop("replaced"))
    labels.show(shown, {"plan_change": "En el plan", "replaced": "Vigencia"})
    found = queries.load_warnings()
    found = found[found["file_id"].isin(loaded["file_id"])] if not found.empty else found
    if not found.empty:
        with st.expander(f"Avisos de validación de los libros cargados ({formats.fmt_int(len(found))})"):
            for (_, name), rows in found.groupby(["file_id", "file_name"], sort=False):
                st.markdown(f"**{formats.as_typed(name, None)}**\n\n" + "\n".join(
                    f"- {formats.as_typed(warning_text(known(r.sheet), known(r.row), r.message), None)}"
                    for r in rows.itertuples()))
    rejected = history[history["status"] == "rejected"]
    st.subheader("Libros rechazados")
    if rejected.empty:
        st.caption("Ninguno.")
    else:
        labels.show(rejected[["file_name", "loaded_at", "Cargado por", "message"]])
    with st.expander("Historial completo de cargas"):
        labels.show(history.assign(status=history["status"].map(STATUS)))

st.subheader("Cargar libros")
allowed = access.current()
if not allowed.can_load:  # the upload box is the last thing on the page
    st.info(allowed.message)
    st.stop()
st.caption(f"Libros Excel (**.xlsx**, **.xlsm**, **.xls**), LibreOffice (**.ods**) o **.csv**, de hasta "
           f"**{MAX_FILE_MB} MB** cada uno; las macros nunca se ejecutan. Cada libro se lee antes de tocar el almacén, "
           "y uno rechazado lo deja como estaba.")
uploads = st.file_uploader(f"Libros POA (.xlsx, .xlsm, .xls, .ods o .csv, máximo {MAX_FILE_MB} MB)", type=["xlsx", "xlsm", "xls", "ods", "csv"],
                           accept_multiple_files=True, key="uploads")
if uploads and st.button("Cargar en el almacén", type="primary", key="load_uploads"):
    files = [(up.name, up.getvalue()) for up in uploads]
    with st.spinner("Leyendo los libros…"):
        reports = load_uploads(files, access.loaded_by(allowed))
    # The warnings are drawn apart from the other report lines, where they stand out.
    st.session_state["upload_report"] = report_entries(reports)
    mapping.offer(reports, files)  # a workbook the reader was unsure of may have its columns mapped below
    st.rerun()
for first, details, warnings in st.session_state.get("upload_report", []):
    (st.success if first.startswith("✓") else st.error)(formats.as_typed(first, None))
    if details:
        st.text("\n".join(details))
    if warnings:
        st.warning(f"**{plural(len(warnings), 'aviso', 'avisos')}** (el libro se cargó; revise estas filas):\n\n"
                   + "\n".join(f"- {formats.as_typed(x, None)}" for x in warnings))
mapping.render(allowed)
