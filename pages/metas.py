"""Metas vs real: quarter targets against what was done, from unit down to activity."""
import plotly.express as px
import streamlit as st

from dashboard import queries, widgets as w

f = w.current_filters()
st.title("Metas vs real")
if w.no_data():
    st.stop()

summary = queries.target_vs_real(f)
if summary.empty:
    st.info("Los planes filtrados no tienen metas trimestrales. Las metas por trimestre vienen de los planes "
            "de seguimiento trimestral (p. ej. Caja Mutual).")
    st.stop()

by_unit = (summary.groupby(["institution", "year", "unit", "quarter"])
           .agg(execution_pct=("execution_pct", "mean"), activities=("activities", "sum"),
                behind=("behind", "sum"), on_track=("on_track", "sum")).reset_index())
by_unit["trimestre"] = by_unit["quarter"].map(lambda q: f"T{q}")
reported = by_unit.dropna(subset=["execution_pct"])
if reported.empty:
    st.info("Ningún trimestre filtrado tiene avance reportado todavía; las metas figuran como «Pendiente».")
else:
    fig = px.bar(reported, x="unit", y="execution_pct", color="trimestre", barmode="group",
                 labels={"unit": "Unidad", "execution_pct": "% de ejecución", "trimestre": "Trimestre"},
                 hover_data={"activities": True, "behind": True},
                 category_orders={"trimestre": ["T1", "T2", "T3", "T4"]})
    fig.add_hline(y=1, line_dash="dot", line_color=w.STATUS_COLORS["Cumplida"])
    fig.update_yaxes(tickformat=".0%")
    w.chart(w.style(fig, "Ejecución por unidad y trimestre (real / meta, promedio de actividades)"), key="units")

st.subheader("Por unidad y objetivo")
table = summary[["institution", "year", "unit", "objective", "quarter", "target", "actual", "execution_pct",
                 "activities", "on_track", "behind"]]
st.dataframe(w.labelled(table).rename(columns={"on_track": "Cumplidas", "behind": "Atrasadas"}),
             hide_index=True, width="stretch",
             column_config={"% ejecución": st.column_config.NumberColumn(format="percent")})

progress = queries.quarter_progress(f)
left, right = st.columns(2)
with left:
    done = progress.dropna(subset=["execution_pct"])
    if done.empty:
        st.info("Sin actividades con avance reportado para los filtros elegidos.")
    else:
        done = done.assign(estado=done["status"].map(w.STATUS_LABELS),
                           ejecucion=done["execution_pct"].clip(upper=2))
        fig = px.histogram(done, x="ejecucion", color="estado", nbins=20,
                           color_discrete_map=w.STATUS_COLORS,
                           labels={"ejecucion": "% de ejecución (real / meta, tope 200 %)", "estado": "Estado"})
        fig.update_xaxes(tickformat=".0%")
        fig.update_yaxes(title="Actividades")
        w.chart(w.style(fig, "Distribución de la ejecución"), key="histogram")
with right:
    counts = progress.assign(estado=progress["status"].map(w.STATUS_LABELS)).groupby("estado").size()
    counts = counts.reindex(list(w.STATUS_COLORS)).dropna().reset_index(name="actividades")
    if not counts.empty:
        fig = px.pie(counts, names="estado", values="actividades", color="estado",
                     color_discrete_map=w.STATUS_COLORS, hole=0.5)
        w.chart(w.style(fig, "Metas trimestrales por estado"), key="status")

st.subheader("Actividades atrasadas")
behind = progress[progress["status"] == "behind"]
if behind.empty:
    st.success("Ninguna actividad filtrada está atrasada.")
else:
    st.dataframe(w.labelled(behind[["institution", "unit", "code", "activity", "quarter", "target", "actual",
                                    "execution_pct"]]),
                 hide_index=True, width="stretch",
                 column_config={"% ejecución": st.column_config.NumberColumn(format="percent")})

st.subheader("Detalle de una unidad")
units = sorted(progress["unit"].unique())
if units:
    unit = st.selectbox("Unidad", units, key="drill_unit")
    detail = progress[progress["unit"] == unit]
    st.dataframe(w.labelled(detail[["code", "activity", "quarter", "target", "actual", "execution_pct", "status"]]),
                 hide_index=True, width="stretch",
                 column_config={"% ejecución": st.column_config.NumberColumn(format="percent")})
