"""Cronograma: how much of the plan has a schedule, when activities happen, and what has no schedule."""
from datetime import date

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, empty_states, filter_bar, formats, labels, queries

f = filter_bar.current_filters()
st.title("Cronograma")
if empty_states.no_data():
    st.stop()

spread = queries.spread(f)
if not spread["institution"]:
    empty_states.nothing_matches("plan")
    st.stop()

MAX_ROWS = charts.MAX_ROWS
several = spread["institution"] > 1
level = charts.schedule_level(spread)
name = {"unit": "Unidad", "axis": "Eje"}[level]


def with_code(code, activity: str) -> str:
    """'1.1. Elaborar …' once: many plans already start the activity's text with its code."""
    if pd.isna(code) or str(activity).startswith(str(code).strip()):
        return activity
    return f"{code} {activity}"


def row_label(df, column):
    if not several:
        return df[column]
    return [f"{i} · {v}" for i, v in zip(charts.short_names(df["institution"]), df[column].tolist())]


st.subheader("Cobertura del cronograma por eje y unidad")
if f.quarter:
    st.caption(f"Actividades programadas en {labels.QUARTER_LABELS[f.quarter]}.")
if level == "axis":
    st.caption("Hay demasiadas unidades para un gráfico: se muestran los ejes. Elija una institución o un eje "
               "en la barra lateral para ver las unidades; la tabla las detalla todas.")
per_row = queries.coverage_by(f, level)
per_row["coverage_pct"] = per_row["scheduled_activities"] / per_row["activities"]
per_row["row"] = row_label(per_row, level)
if len(per_row) > MAX_ROWS:
    st.caption(f"El gráfico muestra las {MAX_ROWS} filas con menor cobertura de {formats.fmt_int(len(per_row))}.")
bars = per_row.sort_values(["coverage_pct", "row"]).head(MAX_ROWS)
bars = bars.assign(programado=bars["coverage_pct"].map(lambda p: formats.fmt_pct(p, 1)))
fig = charts.bars_by(bars.sort_values("coverage_pct"), "institution", charts.institution_colors(bars["institution"]),
                     y="row", x="coverage_pct", orientation="h",
                     hover_data={"activities": ":,", "scheduled_activities": ":,", "row": False,
                                 "coverage_pct": False, "programado": True},
                     labels={"row": name, "coverage_pct": "% de actividades programadas", "institution": "Institución",
                             "activities": "Actividades", "scheduled_activities": "Programadas",
                             "programado": "% programado"})
formats.pct_axis(fig, axis="x")
fig.update_xaxes(range=[0, 1.05])
charts.chart(charts.style(fig, f"Actividades con cronograma, por {name.lower()}",
                          height=max(320, 24 * len(bars) + 160)), key="coverage")
coverage = queries.coverage(f)
coverage_total = int(coverage["total"].iloc[0]) if not coverage.empty else 0
coverage = coverage.drop(columns="total")
coverage["coverage_pct"] = coverage["scheduled_activities"] / coverage["activities"]
if coverage_total > len(coverage):
    st.caption(f"{formats.shown_of(len(coverage), coverage_total)} (por institución, año, eje y unidad).")
labels.show(coverage, height=min(400, 35 * len(coverage) + 40))

st.subheader("Actividades planificadas por mes")
grid_rows = queries.month_grid(f, level)
if grid_rows.empty:
    st.info("Las actividades filtradas no tienen meses asignados (los planes trimestrales indican solo trimestres).")
else:
    grid_rows["label"] = row_label(grid_rows, "row")
    grid = grid_rows.pivot_table(index="label", columns="month", values="activities", aggfunc="sum", fill_value=0)
    grid = grid.reindex(columns=range(1, 13), fill_value=0)
    if len(grid) > MAX_ROWS:
        st.caption(f"El mapa muestra las {MAX_ROWS} filas con más actividades de {formats.fmt_int(len(grid))}.")
        grid = grid.loc[grid.sum(axis=1).sort_values(ascending=False, kind="stable").index[:MAX_ROWS]].sort_index()
    heat = go.Figure(go.Heatmap(z=grid.values, x=formats.MONTH_ABBR, y=list(grid.index), colorscale="Blues",
                                hovertemplate="%{y}<br>%{x}: %{z} actividades<extra></extra>",
                                colorbar=dict(title="Actividades")))
    heat.update_xaxes(title="Mes")
    heat.update_yaxes(title=name, autorange="reversed")
    charts.chart(charts.style(heat, f"Actividades planificadas: {name.lower()} × mes",
                              height=max(300, 26 * len(grid) + 140)), key="heatmap")

    # One bar per run of consecutive months; the year is a stand-in so plans of different years share one axis.
    limit = 60
    first, n = queries.timeline(f, limit), int(per_row["with_months"].sum())
    bars = []
    for act in first.itertuples(index=False):
        ms = [int(m) for m in act.months if not f.quarter or (m - 1) // 3 + 1 == f.quarter]
        label = with_code(act.code, act.activity)
        start = prev = ms[0]
        for m in ms[1:] + [None]:
            if m is not None and m == prev + 1:
                prev = m
                continue
            end = date(2001, 1, 1) if prev == 12 else date(2000, prev + 1, 1)
            bars.append({"Actividad": label[:70], "Institución": act.institution, "Unidad": act.unit,
                         "Año": act.year, "Inicio": date(2000, start, 1), "Fin": end,
                         "Meses": f"{formats.month_label(start)} – {formats.month_label(prev)}"})
            if m is not None:
                start = prev = m
    shown = pd.DataFrame(bars)
    gantt = px.timeline(shown, x_start="Inicio", x_end="Fin", y="Actividad", color="Institución",
                        color_discrete_map=charts.institution_colors(shown["Institución"]),
                        hover_data={"Inicio": False, "Fin": False, "Meses": True, "Unidad": True, "Año": True})
    gantt.update_yaxes(autorange="reversed", title="")
    gantt.update_xaxes(tickvals=[date(2000, m, 1) for m in range(1, 13)], ticktext=formats.MONTH_ABBR,
                       range=[date(2000, 1, 1), date(2001, 1, 1)], title="Mes")
    charts.chart(charts.style(gantt, "Línea de tiempo de las actividades",
                    height=max(320, 22 * shown["Actividad"].nunique() + 140)), key="timeline")
    if n > len(first):
        st.caption(f"{formats.shown_of(len(first), n, 'actividades')}; use los filtros para ver las demás.")

st.subheader("Actividades sin cronograma")
n = int((per_row["activities"] - per_row["scheduled_activities"]).sum())
unscheduled = queries.unscheduled(f) if n else None
if not n:
    st.success("Todas las actividades filtradas tienen cronograma.")
else:
    st.caption(f"{formats.fmt_int(n)} actividades sin meses ni trimestres asignados"
               + (f" en {labels.QUARTER_LABELS[f.quarter]}" if f.quarter else "") + "."
               + (f" {formats.shown_of(len(unscheduled), n, 'actividades')}; use los filtros para ver las demás."
                  if n > len(unscheduled) else ""))
    labels.show(unscheduled)
