"""Metas vs real: quarter targets against what was done, from unit down to activity."""
import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import charts, empty_states, filter_bar, formats, labels, queries

f = filter_bar.current_filters()
st.title("Metas vs real")
if empty_states.no_data():
    st.stop()

summary = queries.target_vs_real(f)
if summary.empty:
    st.info("Los planes filtrados no tienen metas trimestrales. Las metas por trimestre vienen de los planes "
            "de seguimiento trimestral, con metas y reales por trimestre.")
    st.stop()

by_unit = queries.progress_summary(f)
by_unit["trimestre"] = by_unit["quarter"].map(lambda q: f"T{q}")
reported = by_unit.dropna(subset=["execution_pct"])
reported = reported.assign(ejecucion=reported["execution_pct"].map(lambda p: formats.fmt_pct(p, 1)))
if reported.empty:
    st.info("Ningún trimestre filtrado tiene avance reportado todavía; las metas figuran como «Pendiente».")
else:
    fig = px.bar(reported, x="unit", y="execution_pct", color="trimestre", barmode="group",
                 labels={"unit": "Unidad", "execution_pct": "% de ejecución", "trimestre": "Trimestre",
                         "ejecucion": "Ejecución", "activities": "Actividades", "behind": "Atrasadas"},
                 hover_data={"activities": True, "behind": True, "execution_pct": False, "ejecucion": True},
                 category_orders={"trimestre": ["T1", "T2", "T3", "T4"]})
    fig.add_hline(y=1, line_dash="dot", line_color=labels.STATUS_COLORS["Cumplida"])
    formats.pct_axis(fig, top=max(1.0, float(reported["execution_pct"].max())), step=0.5)
    charts.chart(charts.style(fig, "Ejecución por unidad y trimestre (real / meta, promedio de actividades)"),
                 key="units")

st.subheader("Por unidad y objetivo")
total = int(summary["total"].iloc[0])
if total > len(summary):
    st.caption(f"{formats.shown_of(len(summary), total)}, por institución, año, unidad y objetivo; "
               "elija una institución o una unidad en la barra lateral para acotar.")
# Honest totals: a row whose activities are measured in different units has no target or actual sum (the
# view leaves them empty); it says so and shows the spread of its activities' execution instead.
summary = summary.assign(
    measure_unit=[f"unidades distintas ({formats.fmt_int(n)})" if mixed else unit
                  for mixed, n, unit in zip(summary["mixed_units"], summary["units_of_measure"],
                                            summary["measure_unit"])],
    spread=[f"{formats.fmt_pct(lo)} – {formats.fmt_pct(hi)}" if pd.notna(lo) else ""
            for lo, hi in zip(summary["execution_min"], summary["execution_max"])])
if summary["mixed_units"].any():
    st.caption("Donde las actividades se miden en unidades distintas (US$, personas, informes…), la meta y el "
               "real no se suman: la fila queda sin ellos y muestra el % de ejecución y su rango.")
table = summary[["institution", "year", "unit", "objective", "quarter", "measure_unit", "target", "actual",
                 "execution_pct", "spread", "activities", "on_track", "behind"]]
labels.show(table, {"on_track": "Cumplidas", "behind": "Atrasadas", "spread": "Rango de ejecución"},
            column_config={"Objetivo": st.column_config.TextColumn(width="medium")})

left, right = st.columns(2)
with left:
    bins = queries.progress_bins(f)
    if bins.empty:
        st.info("Sin actividades con avance reportado para los filtros elegidos.")
    else:
        bins = bins.assign(estado=bins["status"].map(labels.STATUS_LABELS), centro=bins["bin"] + 0.05)
        fig = px.bar(bins, x="centro", y="activities", color="estado", color_discrete_map=labels.STATUS_COLORS,
                     labels={"centro": "% de ejecución (real / meta, tope 200 %)", "estado": "Estado",
                             "activities": "Actividades"})
        fig.update_traces(width=0.1)
        fig.update_layout(bargap=0)
        formats.pct_axis(fig, top=2.0, axis="x", step=0.5)
        fig.update_yaxes(title="Actividades")
        charts.chart(charts.style(fig, "Distribución de la ejecución"), key="histogram")
with right:
    counts = queries.progress_status(f)
    counts = counts.assign(estado=counts["status"].map(labels.STATUS_LABELS)).set_index("estado")["activities"]
    counts = counts.reindex(list(labels.STATUS_COLORS)).dropna().reset_index(name="actividades")
    if not counts.empty:
        fig = px.pie(counts, names="estado", values="actividades", color="estado",
                     color_discrete_map=labels.STATUS_COLORS, hole=0.5)
        share = counts["actividades"] / counts["actividades"].sum()
        fig.update_traces(text=[formats.fmt_pct(s, 1) for s in share], textinfo="text",
                          customdata=[formats.fmt_int(n) for n in counts["actividades"]],
                          hovertemplate="%{label}: %{customdata} actividades (%{text})<extra></extra>")
        charts.chart(charts.style(fig, "Metas trimestrales por estado"), key="status")

st.subheader("Actividades atrasadas")
n = int(by_unit["behind"].sum())
behind = queries.behind_rows(f) if n else None
if not n:
    st.success("Ninguna actividad filtrada está atrasada.")
else:
    if n > len(behind):
        st.caption(f"{formats.shown_of(len(behind), n, 'metas atrasadas')}; el Explorador (Estado: Atrasada) "
                   "las lista y descarga todas.")
    labels.show(behind[["institution", "unit", "code", "activity", "quarter", "target", "actual", "measure_unit",
                        "execution_pct"]])

st.subheader("Detalle de una unidad")
units = by_unit["unit"].drop_duplicates().tolist()  # the filtered units, as progress_summary orders them
if units:
    unit = st.selectbox("Unidad", units, key="drill_unit", placeholder="Elija una unidad…")
    detail = queries.unit_rows(f, unit)
    n = int(by_unit.loc[by_unit["unit"] == unit, "activities"].sum())
    if n > len(detail):
        st.caption(f"{formats.shown_of(len(detail), n)}.")
    columns = ["code", "activity", "quarter", "target", "actual", "measure_unit", "execution_pct", "status"]
    labels.show(detail[columns])
