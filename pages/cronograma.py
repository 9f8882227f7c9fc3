"""Cronograma: how much of the plan has a schedule, when activities happen, and what has no schedule."""
from datetime import date

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard import queries, widgets as w

f = w.current_filters()
st.title("Cronograma")
if w.no_data():
    st.stop()

schedule = queries.schedule(f)
if schedule.empty:
    w.nothing_matches("plan")
    st.stop()

# With a quarter chosen, "scheduled" means planned in that quarter.
if f.quarter:
    schedule["scheduled"] = schedule["quarters"].map(lambda qs: f.quarter in list(qs))
coverage = (schedule.groupby(["institution", "year", "axis", "unit"])
            .agg(activities=("activity_id", "count"), scheduled_activities=("scheduled", "sum")).reset_index())
coverage["coverage_pct"] = coverage["scheduled_activities"] / coverage["activities"]

# Many units at once make an unreadable chart: above this many, the charts group by axis instead.
MAX_ROWS = 30
several = schedule["institution"].nunique() > 1


def row_label(df, level):
    if not several:
        return df[level]
    return [f"{w.short_name(i)} · {v}" for i, v in zip(df["institution"], df[level])]


st.subheader("Cobertura del cronograma por eje y unidad")
if f.quarter:
    st.caption(f"Actividades programadas en {w.QUARTER_LABELS[f.quarter]}.")
level = "unit" if schedule["unit"].nunique() <= MAX_ROWS else "axis"
if level == "axis":
    st.caption("Hay demasiadas unidades para un gráfico: se muestran los ejes. Elija una institución o un eje "
               "en la barra lateral para ver las unidades; la tabla las detalla todas.")
per_row = (schedule.groupby(["institution", level])
           .agg(activities=("activity_id", "count"), scheduled_activities=("scheduled", "sum")).reset_index())
per_row["coverage_pct"] = per_row["scheduled_activities"] / per_row["activities"]
per_row["row"] = row_label(per_row, level)
name = {"unit": "Unidad", "axis": "Eje"}[level]
fig = px.bar(per_row.sort_values("coverage_pct"), y="row", x="coverage_pct", color="institution",
             color_discrete_map=w.institution_colors(per_row["institution"]), orientation="h",
             hover_data={"activities": True, "scheduled_activities": True, "row": False},
             labels={"row": name, "coverage_pct": "% de actividades programadas", "institution": "Institución",
                     "activities": "Actividades", "scheduled_activities": "Programadas"})
fig.update_xaxes(tickformat=".0%", range=[0, 1.05])
w.chart(w.style(fig, f"Actividades con cronograma, por {name.lower()}", height=max(320, 24 * len(per_row) + 160)),
        key="coverage")
st.dataframe(w.labelled(coverage), hide_index=True, width="stretch", height=min(400, 35 * len(coverage) + 40),
             column_config={"% programado": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)})

months = queries.schedule_months(f)
st.subheader("Actividades planificadas por mes")
if months.empty:
    st.info("Las actividades filtradas no tienen meses asignados (los planes trimestrales indican solo trimestres).")
else:
    level = "unit" if months["unit"].nunique() <= MAX_ROWS else "axis"
    months["row"] = row_label(months, level)
    grid = months.groupby(["row", "month"]).size().unstack(fill_value=0)
    grid = grid.reindex(columns=range(1, 13), fill_value=0)
    heat = go.Figure(go.Heatmap(z=grid.values, x=w.MONTH_ABBR, y=list(grid.index), colorscale="Blues",
                                hovertemplate="%{y}<br>%{x}: %{z} actividades<extra></extra>",
                                colorbar=dict(title="Actividades")))
    heat.update_xaxes(title="Mes")
    heat.update_yaxes(title={"unit": "Unidad", "axis": "Eje"}[level], autorange="reversed")
    w.chart(w.style(heat, f"Actividades planificadas: {'unidad' if level == 'unit' else 'eje'} × mes", height=max(300, 26 * len(grid) + 140)),
            key="heatmap")

    # One bar per run of consecutive months; the year is a stand-in so plans of different years share one axis.
    bars = []
    for (aid, inst, year, unit, code, act), g in months.groupby(
            ["activity_id", "institution", "year", "unit", "code", "activity"], dropna=False):
        ms = sorted(g["month"])
        start = prev = ms[0]
        for m in ms[1:] + [None]:
            if m is not None and m == prev + 1:
                prev = m
                continue
            end = date(2001, 1, 1) if prev == 12 else date(2000, prev + 1, 1)
            label = f"{code} {act}" if pd.notna(code) else act
            bars.append({"Actividad": label[:70], "Institución": inst, "Unidad": unit, "Año": year,
                         "Inicio": date(2000, start, 1), "Fin": end,
                         "Meses": f"{w.month_label(start)} – {w.month_label(prev)}"})
            if m is not None:
                start = prev = m
    timeline = pd.DataFrame(bars)
    limit = 60
    shown = timeline[timeline["Actividad"].isin(timeline["Actividad"].drop_duplicates().head(limit))]
    gantt = px.timeline(shown, x_start="Inicio", x_end="Fin", y="Actividad", color="Institución",
                        color_discrete_map=w.institution_colors(shown["Institución"]),
                        hover_data={"Inicio": False, "Fin": False, "Meses": True, "Unidad": True, "Año": True})
    gantt.update_yaxes(autorange="reversed", title="")
    gantt.update_xaxes(tickvals=[date(2000, m, 1) for m in range(1, 13)], ticktext=w.MONTH_ABBR,
                       range=[date(2000, 1, 1), date(2001, 1, 1)], title="Mes")
    w.chart(w.style(gantt, "Línea de tiempo de las actividades",
                    height=max(320, 22 * shown["Actividad"].nunique() + 140)), key="timeline")
    n = timeline["Actividad"].nunique()
    if n > limit:
        st.caption(f"Se muestran {limit} de {n} actividades; use los filtros para ver las demás.")

st.subheader("Actividades sin cronograma")
unscheduled = schedule[~schedule["scheduled"]]
if unscheduled.empty:
    st.success("Todas las actividades filtradas tienen cronograma.")
else:
    st.caption(f"{w.fmt_int(len(unscheduled))} actividades sin meses ni trimestres asignados"
               + (f" en {w.QUARTER_LABELS[f.quarter]}" if f.quarter else "") + ".")
    st.dataframe(w.labelled(unscheduled[["institution", "year", "axis", "unit", "code", "activity"]]),
                 hide_index=True, width="stretch")
