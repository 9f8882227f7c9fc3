"""Explorador: every contract column of the filtered activities, and exactly those rows to CSV or Excel."""
import streamlit as st

from dashboard import queries, widgets as w

f = w.current_filters()
st.title("Explorador de actividades")
if w.no_data():
    st.stop()

total = queries.count_activities(f)
if not total:
    w.nothing_matches("actividad")
    st.stop()

# What a planner reads first comes first; the store's ids go last.
FIRST = ["institution", "year", "axis", "objective", "unit", "code", "activity"]
IDS = ["activity_id", "file_id"]


def readable(rows):
    return w.labelled(rows[FIRST + [c for c in rows.columns if c not in FIRST + IDS] + IDS])


table = readable(queries.activities(f))
note = f"{w.fmt_int(total)} actividades con los filtros actuales."
if total > len(table):
    note += f" {w.shown_of(len(table), total, 'actividades')} (las primeras por institución, año, hoja y fila);"
    note += " la descarga incluye todas."
else:
    note += " La descarga contiene exactamente estas filas."
st.caption(note)
w.export_buttons(lambda: readable(queries.all_activities(f)), "actividades_poa", total)
st.dataframe(table, hide_index=True, width="stretch", height=560,
             column_config={"Presupuesto": st.column_config.NumberColumn(format="localized"),
                            "Meta anual": st.column_config.NumberColumn(format="localized"),
                            "Año": st.column_config.NumberColumn(format="%d"),
                            "Fila": st.column_config.NumberColumn(format="%d")})
