"""Resumen: one card per institution and plan year, and charts that compare them."""
import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import queries, widgets as w

f = w.current_filters()
st.title("Resumen de los planes operativos")
if w.no_data():
    st.stop()

schedule = queries.schedule(f)
if schedule.empty:
    w.nothing_matches("plan")
    st.stop()

plans = (schedule.groupby(["institution", "year"])
         .agg(activities=("activity_id", "count"), scheduled=("scheduled", "sum")).reset_index())
plans["coverage_pct"] = plans["scheduled"] / plans["activities"]

# The quarter shown: the one chosen, else the latest one each plan has reported.
progress = queries.quarter_progress(queries.Filters(**{**f.__dict__, "quarter": None, "status": [], "text": ""}))
reported = progress[progress["status"].isin(["met", "behind"])]
if f.quarter:
    chosen = {(i, y): f.quarter for i, y in plans[["institution", "year"]].itertuples(index=False)}
else:
    # A plan with nothing reported yet shows its first quarter, all pending.
    chosen = {**progress.groupby(["institution", "year"])["quarter"].min().to_dict(),
              **reported.groupby(["institution", "year"])["quarter"].max().to_dict()}
plans["quarter"] = [chosen.get((i, y)) for i, y in plans[["institution", "year"]].itertuples(index=False)]


def quarter_numbers(row) -> pd.Series:
    rows = progress[(progress["institution"] == row.institution) & (progress["year"] == row.year)
                    & (progress["quarter"] == row.quarter)]
    return pd.Series({"execution_pct": rows["execution_pct"].mean() if not rows.empty else None,
                      "behind": int((rows["status"] == "behind").sum())})


plans = plans.join(plans.apply(quarter_numbers, axis=1))
budget = queries.budget_totals(f).groupby(["institution", "year", "currency"])["amount"].sum().reset_index()

cols = st.columns(min(len(plans), 3))
for n, plan in enumerate(plans.itertuples(index=False)):
    with cols[n % len(cols)].container(border=True):
        st.markdown(f"**{plan.institution}** · {plan.year}")
        a, b = st.columns(2)
        a.metric("Actividades", w.fmt_int(plan.activities))
        b.metric("Programadas", w.fmt_pct(plan.coverage_pct),
                 help="Actividades con meses o trimestres asignados en el cronograma")
        q = f"T{int(plan.quarter)}" if pd.notna(plan.quarter) else ""
        a.metric(f"Ejecución {q}", w.fmt_pct(plan.execution_pct),
                 help="Promedio de la ejecución (real / meta) de las actividades del trimestre; "
                      "— cuando el plan no tiene metas trimestrales o aún no reporta avance")
        b.metric(f"Atrasadas {q}", w.fmt_int(plan.behind))
        money = budget[(budget["institution"] == plan.institution) & (budget["year"] == plan.year)]
        lines = [w.fmt_money(r.amount, r.currency) for r in money.itertuples()] or ["sin montos"]
        st.caption("Presupuesto: " + " · ".join(lines))

plans["plan"] = [f"{w.short_name(i)} {y}" for i, y in zip(plans["institution"], plans["year"])]
colors = w.institution_colors(plans["institution"])
left, right = st.columns(2)
with left:
    fig = px.bar(plans, x="plan", y="coverage_pct", color="institution", color_discrete_map=colors,
                 labels={"plan": "Plan", "coverage_pct": "% programado", "institution": "Institución"},
                 text=plans["coverage_pct"].map(w.fmt_pct))
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    fig.update_layout(barmode="stack", showlegend=False)
    w.chart(w.style(fig, "Actividades con cronograma"), key="coverage")
with right:
    status = (progress[progress.apply(lambda r: r["quarter"] == chosen.get((r["institution"], r["year"])), axis=1)]
              if not progress.empty else progress)
    if status.empty:
        st.info("Ningún plan filtrado tiene metas trimestrales reportadas.")
    else:
        counts = status.assign(estado=status["status"].map(w.STATUS_LABELS),
                               plan=[f"{w.short_name(i)} {y}" for i, y in zip(status["institution"], status["year"])])
        counts = counts.groupby(["plan", "estado"]).size().reset_index(name="actividades")
        fig = px.bar(counts, x="plan", y="actividades", color="estado", color_discrete_map=w.STATUS_COLORS,
                     category_orders={"estado": list(w.STATUS_COLORS)},
                     labels={"plan": "Plan", "actividades": "Actividades", "estado": "Estado"})
        w.chart(w.style(fig, "Estado de las metas del trimestre"), key="status")

st.markdown("**Ver el detalle** (con los mismos filtros)")
links = st.columns(4)
links[0].page_link("pages/cronograma.py", label="Cronograma", icon=":material/calendar_month:")
links[1].page_link("pages/metas.py", label="Metas vs real", icon=":material/track_changes:")
links[2].page_link("pages/presupuesto.py", label="Presupuesto", icon=":material/payments:")
links[3].page_link("pages/explorador.py", label="Explorador", icon=":material/table_view:")
