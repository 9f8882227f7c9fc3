"""Explorador: every contract column of the filtered activities, and exactly those rows to CSV or Excel."""
import streamlit as st

from dashboard import empty_states, exports, filter_bar, formats, labels, queries

f = filter_bar.current_filters()
st.title("Explorador de actividades")
if empty_states.no_data():
    st.stop()

total = queries.count_activities(f)
if not total:
    empty_states.nothing_matches("actividad")
    st.stop()

# What a planner reads first comes first; the store's ids go last.
FIRST = ["institution", "year", "axis", "objective", "unit", "code", "activity"]
IDS = ["activity_id", "file_id"]


def readable(rows):
    return labels.labelled(rows[FIRST + [c for c in rows.columns if c not in FIRST + IDS] + IDS])


table = readable(queries.activities(f))
note = f"{formats.fmt_int(total)} actividades con los filtros actuales."
if total > len(table):
    note += f" {formats.shown_of(len(table), total, 'actividades')} (las primeras por institución, año, hoja y fila);"
    note += " la descarga incluye todas."
else:
    note += " La descarga contiene exactamente estas filas."
st.caption(note)
exports.export_buttons(lambda: readable(queries.all_activities(f)), "actividades_poa", total)
labels.show(table, height=560)  # already labelled: show() only formats it
