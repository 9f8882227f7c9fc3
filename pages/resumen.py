"""Resumen: one card per institution and plan year, and charts that compare them."""
import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import charts, empty_states, filter_bar, formats, labels, queries

f = filter_bar.current_filters()
st.title("Resumen de los planes operativos")
if empty_states.no_data():
    st.stop()

plans = queries.plans(f)
if plans.empty:
    empty_states.nothing_matches("plan")
    st.stop()
plans["coverage_pct"] = plans["scheduled"] / plans["activities"]

# Per plan, quarter and status, aggregated in SQL (a few rows per plan, never one per activity).
progress = queries.progress_by_plan(f)
keys = ["institution", "year"]
# The quarter shown: the one chosen, else the latest one each plan has reported.
if f.quarter:
    chosen = pd.DataFrame({"institution": plans["institution"], "year": plans["year"], "quarter": f.quarter})
else:
    # A plan with nothing reported yet shows its first quarter, all pending.
    first = progress.groupby(keys)["quarter"].min()
    latest = progress[progress["status"].isin([labels.MET, labels.BEHIND])].groupby(keys)["quarter"].max()
    chosen = latest.combine_first(first).rename("quarter").reset_index()
plans = plans.merge(chosen, on=keys, how="left")
in_quarter = progress.merge(chosen, on=keys + ["quarter"])
numbers = in_quarter.groupby(keys)["quarter_execution_pct"].first().rename("execution_pct").reset_index()
behind = in_quarter[in_quarter["status"] == labels.BEHIND].groupby(keys)["activities"].sum().rename("behind")
plans = plans.merge(numbers[keys + ["execution_pct"]], on=keys, how="left").merge(
    behind.reset_index(), on=keys, how="left")
plans["behind"] = plans["behind"].fillna(0).astype(int)
budget = queries.budget_by_plan(f)

# A card per plan reads well for a dozen; the national view gets the first ones and a table of all.
MAX_CARDS = 12
cards = plans.head(MAX_CARDS)
cols = st.columns(min(len(cards), 3))
for n, plan in enumerate(cards.itertuples(index=False)):
    with cols[n % len(cols)].container(border=True):
        st.markdown(f"**{formats.as_typed(plan.institution)}** · {plan.year}")
        a, b = st.columns(2)
        a.metric("Actividades", formats.fmt_int(plan.activities))
        b.metric("Programadas", formats.fmt_pct(plan.coverage_pct),
                 help="Actividades con meses o trimestres asignados en el cronograma")
        q = f"T{int(plan.quarter)}" if pd.notna(plan.quarter) else ""
        a.metric(f"Ejecución {q}", formats.fmt_pct(plan.execution_pct),
                 help="Promedio de la ejecución (real / meta) de las actividades del trimestre; "
                      "— cuando el plan no tiene metas trimestrales o aún no reporta avance")
        b.metric(f"Atrasadas {q}", formats.fmt_int(plan.behind))
        money = budget[(budget["institution"] == plan.institution) & (budget["year"] == plan.year)]
        lines = [formats.fmt_money(r.amount, r.currency) for r in money.itertuples()] or ["sin montos"]
        st.caption("Presupuesto: " + " · ".join(lines))

if len(plans) > MAX_CARDS:
    st.caption(f"{formats.shown_of(MAX_CARDS, len(plans), 'planes')} en tarjetas; la tabla los incluye todos. "
               "Elija instituciones o años en la barra lateral para ver sus tarjetas.")
    money = (budget.assign(monto=[formats.fmt_money(a, c) for a, c in zip(budget["amount"], budget["currency"])])
             .groupby(keys)["monto"].agg(" · ".join).reset_index())
    table = plans.merge(money, on=keys, how="left")
    table = table[keys + ["activities", "scheduled", "coverage_pct", "quarter", "execution_pct", "behind", "monto"]]
    labels.show(table, {"scheduled": "Programadas", "behind": "Atrasadas", "monto": "Presupuesto"},
                height=min(400, 35 * len(table) + 40))

# Past a few dozen bars a chart stops being read: the charts keep the plans with the lowest coverage.
MAX_BARS = 30
charted = plans.nsmallest(MAX_BARS, "coverage_pct").sort_values(keys) if len(plans) > MAX_BARS else plans
charted = charted.assign(plan=[f"{i} {y}" for i, y in zip(charts.short_names(charted["institution"]), charted["year"])])
colors = charts.institution_colors(charted["institution"])
if len(plans) > MAX_BARS:
    st.caption(f"Los gráficos muestran los {MAX_BARS} planes con menor cobertura de {formats.fmt_int(len(plans))}.")
left, right = st.columns(2)
with left:
    fig = charts.bars_by(charted.assign(programado=charted["coverage_pct"].map(formats.fmt_pct)), "institution",
                         colors, x="plan", y="coverage_pct", text="programado",
                         labels={"plan": "Plan", "coverage_pct": "% programado", "institution": "Institución"})
    formats.pct_axis(fig)
    fig.update_yaxes(range=[0, 1.12])
    # Above the bar, so that a plan with nothing scheduled still reads '0 %' instead of nothing.
    fig.update_traces(hovertemplate="%{x}: %{text}<extra></extra>", textposition="outside", cliponaxis=False)
    fig.update_layout(barmode="stack", showlegend=False)
    charts.chart(charts.style(fig, "Actividades con cronograma"), key="coverage")
with right:
    # Its own plans: those with quarter targets, the first ones when there are many.
    with_targets = in_quarter[keys].drop_duplicates().head(MAX_BARS)
    status = in_quarter.merge(with_targets, on=keys)
    status = status.assign(plan=[f"{i} {y}" for i, y in zip(charts.short_names(status["institution"]), status["year"])])
    if status.empty:
        st.info("Ningún plan filtrado tiene metas trimestrales reportadas.")
    else:
        counts = (status.assign(estado=status["status"].map(labels.STATUS_LABELS))
                  .groupby(["plan", "estado"])["activities"].sum().reset_index(name="actividades"))
        fig = px.bar(counts, x="plan", y="actividades", color="estado", color_discrete_map=labels.STATUS_COLORS,
                     category_orders={"estado": list(labels.STATUS_COLORS)},
                     labels={"plan": "Plan", "actividades": "Actividades", "estado": "Estado"})
        charts.chart(charts.style(fig, "Estado de las metas del trimestre"), key="status")

st.markdown("**Ver el detalle** (con los mismos filtros)")
links = st.columns(4)
links[0].page_link("pages/cronograma.py", label="Cronograma", icon=":material/calendar_month:")
links[1].page_link("pages/metas.py", label="Metas vs real", icon=":material/track_changes:")
links[2].page_link("pages/presupuesto.py", label="Presupuesto", icon=":material/payments:")
links[3].page_link("pages/explorador.py", label="Explorador", icon=":material/table_view:")
