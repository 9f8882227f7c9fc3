"""Evolución: how a plan's execution moved from one follow-up to the next, and one institution's plans of
different years side by side."""
import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import charts, empty_states, filter_bar, formats, labels, queries
from etl.followup import label as followup_label

LATEST = "Último trimestre de cada seguimiento"
MAX_INSTITUTIONS = 6  # institutions drawn in "Comparar años"; the table below them lists every plan


def version_name(followup, file_name: str) -> str:
    """'2do seguimiento', or the file's name when the workbook states no follow-up number."""
    return followup_label(int(followup)) if pd.notna(followup) else file_name


def figure(x) -> str:
    """An actual as the workbook wrote it: whole numbers through formats, the rare fraction with two decimals."""
    if pd.isna(x) or float(x).is_integer():
        return formats.fmt_int(x)
    return formats.fmt_number(x, 2)


f = filter_bar.current_filters()
st.title("Evolución de los planes")
if empty_states.no_data():
    st.stop()

# ---- one plan across its follow-ups ------------------------------------------------------------------------
st.header("Ejecución por seguimiento")
plan_list = queries.history_plans(f)
if plan_list.empty:
    empty_states.nothing_matches("plan")
else:
    plan_list = plan_list.assign(plan=plan_list["institution"] + " · " + plan_list["year"].astype(str))
    # The plan shown first is one whose evolution there is to see (history_plans' order); only the chosen
    # plan's history is read.
    plans = plan_list["plan"].tolist()
    plan = st.selectbox("Plan", plans, key="history_plan") if len(plans) > 1 else plans[0]
    chosen = plan_list[plan_list["plan"] == plan].iloc[0]
    rows = queries.execution_history(f, chosen["institution"], chosen["year"])
    rows = rows.assign(version=[version_name(n, name) for n, name in zip(rows["followup"], rows["file_name"])])
    order = (rows.assign(n=rows["followup"].fillna(0)).sort_values(["n", "cutoff"])["version"]
             .drop_duplicates().tolist())
    if len(order) < 2:
        files = " · ".join(sorted(rows["file_name"].unique()))
        which = order[0] if order[0] == files else f"{order[0]} ({files})"
        st.info(f"Solo hay un seguimiento cargado de este plan: {formats.as_typed(which, None)}. La evolución aparece cuando se cargue "
                "el siguiente seguimiento en la página Datos.")
    else:
        reported = rows.dropna(subset=["execution_pct"])
        quarters = sorted(reported["quarter"].unique())
        choice = st.selectbox("Trimestre mostrado", [LATEST] + [labels.QUARTER_LABELS[q] for q in quarters],
                              key="history_quarter",
                              help="Cada seguimiento informa los trimestres vencidos a su fecha de corte")
        if choice == LATEST:
            last = reported.groupby(["unit", "version"])["quarter"].transform("max")
            shown = reported[reported["quarter"] == last]
        else:
            shown = reported[reported["quarter"].map(labels.QUARTER_LABELS) == choice]
        shown = shown.assign(trimestre=shown["quarter"].map(lambda q: f"T{q}"))
        if shown.empty:
            st.info("Ningún seguimiento de este plan reporta avance en ese trimestre.")
        else:
            fig = px.line(shown, x="version", y="execution_pct", color="unit", markers=True,
                          category_orders={"version": order},
                          hover_data={"trimestre": True, "activities": True},
                          labels={"version": "Seguimiento", "execution_pct": "% de ejecución", "unit": "Unidad",
                                  "trimestre": "Trimestre", "activities": "Actividades"})
            fig.add_hline(y=1, line_dash="dot", line_color=labels.STATUS_COLORS["Cumplida"])
            formats.pct_axis(fig, top=max(1.0, float(shown["execution_pct"].max())), step=0.25)
            charts.chart(charts.style(fig, "Ejecución por unidad en cada seguimiento (real / meta, promedio de "
                                           "actividades)"), key="history")
            table = shown.assign(version=pd.Categorical(shown["version"], order)).sort_values(["unit", "version"])
            labels.show(table[["unit", "version", "quarter", "activities", "execution_pct"]],
                        {"version": "Seguimiento"})

    st.subheader("Reales corregidos en un seguimiento posterior")
    restated = queries.restated_actuals(f, chosen["institution"], chosen["year"])
    if restated.empty:
        st.caption("Ningún seguimiento de este plan corrige un real informado antes.")
    else:
        restated = restated.assign(
            change=[f"{figure(a)} → {figure(b)}"
                    for a, b in zip(restated["previous_actual"], restated["actual"])],
            versions=[f"{version_name(a, '')} → {version_name(b, '')}"
                      for a, b in zip(restated["previous_followup"], restated["followup"])])
        labels.show(restated[["unit", "code", "activity", "quarter", "change", "versions"]],
                    {"change": "Real antes → después", "versions": "Seguimientos"})

# ---- one institution's plans of different years ------------------------------------------------------------
st.header("Comparar años")
plans = queries.plan_comparison(f)
years = plans.groupby("institution")["year"].transform("nunique") if not plans.empty else pd.Series(dtype=int)
plans = plans[years > 1]
if plans.empty:
    st.info("Ninguna institución filtrada tiene planes de más de un año cargados.")
else:
    if f.axis or f.objective or f.unit:
        st.caption("La comparación es de planes completos: los filtros de eje, objetivo y unidad no se aplican.")
    budget = queries.plan_budget(f)
    # Each currency apart: two currencies are never added.
    money = [formats.fmt_money(a, c) for a, c in zip(budget["amount"], budget["currency"])]
    money_per_plan = (budget.assign(monto=money).groupby(["institution", "year"])["monto"].agg(" · ".join)
                      .rename("budget").reset_index())
    plans = plans.merge(money_per_plan, on=["institution", "year"], how="left")
    plans = plans.assign(budget=plans["budget"].fillna("sin montos"),
                         latest=[f"T{int(q)}" if pd.notna(q) else "—" for q in plans["latest_quarter"]])
    institutions = sorted(plans["institution"].unique())
    # A chart and a table per institution read well for a few; the national view (hundreds) draws the first
    # ones and lists every plan in one table, as Resumen does with its cards.
    drawn = institutions[:MAX_INSTITUTIONS]
    if len(institutions) > MAX_INSTITUTIONS:
        st.caption(f"{formats.shown_of(MAX_INSTITUTIONS, len(institutions), 'instituciones')} con gráfico; la tabla "
                   "de abajo incluye todos los planes. Elija instituciones en la barra lateral para ver sus gráficos.")
    for institution, rows in plans[plans["institution"].isin(drawn)].groupby("institution", sort=True):
        st.subheader(formats.as_typed(institution))
        long = rows.melt(id_vars=["year"], value_vars=["coverage_pct", "execution_pct"], var_name="measure")
        long = long.assign(year=long["year"].astype(str),
                           measure=long["measure"].map({"coverage_pct": "% programado",
                                                        "execution_pct": "% ejecución (último trimestre)"}))
        fig = px.bar(long.dropna(subset=["value"]), x="measure", y="value", color="year", barmode="group",
                     text=long.dropna(subset=["value"])["value"].map(formats.fmt_pct),
                     labels={"measure": "", "value": "", "year": "Año"})
        formats.pct_axis(fig, top=max(1.0, float(long["value"].max())), step=0.25)
        charts.chart(charts.style(fig, f"{charts.short_name(institution)}: un plan por año"),
                     key=f"years_{institution}")
        table = rows[["year", "activities", "scheduled_activities", "coverage_pct", "latest", "execution_pct",
                      "behind", "budget"]]
        labels.show(table, {"latest": "Último trimestre reportado", "behind": "Atrasadas", "budget": "Presupuesto"})
    if len(institutions) > MAX_INSTITUTIONS:
        st.subheader("Todos los planes comparados")
        table = plans[["institution", "year", "activities", "scheduled_activities", "coverage_pct", "latest",
                       "execution_pct", "behind", "budget"]]
        labels.show(table, {"latest": "Último trimestre reportado", "behind": "Atrasadas", "budget": "Presupuesto"},
                    height=min(400, 35 * len(table) + 40))
