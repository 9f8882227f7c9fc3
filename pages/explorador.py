"""Explorador: every contract column of the filtered activities, and exactly those rows to CSV or Excel."""
import streamlit as st

from dashboard import queries, widgets as w

f = w.current_filters()
st.title("Explorador de actividades")
if w.no_data():
    st.stop()

rows = queries.activities(f)
if rows.empty:
    w.nothing_matches("actividad")
    st.stop()

# What a planner reads first comes first; the store's ids go last.
first = ["institution", "year", "axis", "objective", "unit", "code", "activity"]
ids = ["activity_id", "file_id"]
rows = rows[first + [c for c in rows.columns if c not in first + ids] + ids]
table = w.labelled(rows)
st.caption(f"{w.fmt_int(len(rows))} actividades con los filtros actuales. La descarga contiene exactamente estas filas.")
w.export_buttons(table, "actividades_poa")
st.dataframe(table, hide_index=True, width="stretch", height=560,
             column_config={"Presupuesto": st.column_config.NumberColumn(format="localized"),
                            "Meta anual": st.column_config.NumberColumn(format="localized"),
                            "Año": st.column_config.NumberColumn(format="%d"),
                            "Fila": st.column_config.NumberColumn(format="%d")})
