"""Presupuesto: totals by axis, objective and unit, one currency at a time; cost centres; budgets that are only a note."""
import streamlit as st

from dashboard import charts, empty_states, filter_bar, formats, labels, queries

f = filter_bar.current_filters()
st.title("Presupuesto")
if empty_states.no_data():
    st.stop()

currencies = queries.budget_currencies(f)
GROUPS = {"Eje": "axis", "Objetivo": "objective", "Unidad": "unit"}
by = st.radio("Agrupar por", list(GROUPS), horizontal=True, key="budget_by")

if currencies.empty:
    st.info("Las actividades filtradas no tienen montos de presupuesto.")
# The largest amounts per currency; a national view has thousands of institution x group rows.
LARGEST = 40
grouped_all = queries.budget_by(f, GROUPS[by])
for currency, amount in zip(currencies["currency"], currencies["amount"]):
    # Never add two currencies: each gets its own total and chart.
    name = labels.CURRENCY_NAMES.get(currency, currency or "Moneda desconocida")
    st.subheader(name)
    st.metric("Total", formats.fmt_money(amount, currency))
    grouped = grouped_all[grouped_all["currency"].isna() if currency is None else
                          grouped_all["currency"] == currency]
    total = len(grouped)
    grouped = (grouped.sort_values(["amount", "institution", "grp"], ascending=[False, True, True])
               .head(LARGEST).sort_values("amount", kind="stable"))
    if total > len(grouped):
        st.caption(f"El gráfico muestra los {len(grouped)} montos mayores de {formats.fmt_int(total)} "
                   f"(institución × {by.lower()}).")
    grouped["monto"] = grouped["amount"].map(lambda a: formats.fmt_money(a, currency))
    fig = charts.bars_by(grouped, "institution", charts.institution_colors(grouped["institution"]),
                         x="amount", y="grp", orientation="h", text="monto",
                         hover_data={"amount": False, "monto": True},
                         labels={"amount": f"Monto ({currency})", "grp": by, "institution": "Institución",
                                 "monto": "Monto"})
    formats.money_axis(fig, currency, float(grouped["amount"].max()) if total else 0)
    charts.style(fig, f"Presupuesto por {by.lower()} — {name}", height=max(300, 30 * len(grouped) + 130))
    charts.chart(fig, key=f"budget_{currency}")

st.subheader("Centros de costo y rubros")
lines = queries.budget_lines(f)
if lines.empty:
    st.caption("No hay líneas de presupuesto para los filtros elegidos"
               + (" (no tienen eje ni objetivo)." if f.axis or f.objective else "."))
else:
    total = int(lines["total"].iloc[0])
    if total > len(lines):
        st.caption(f"{formats.shown_of(len(lines), total, 'líneas')}.")
    shown = lines.drop(columns="total").assign(
        amount=[formats.fmt_money(a, c) for a, c in zip(lines["amount"], lines["currency"])])
    labels.show(shown)

st.subheader("Actividades con presupuesto solo como nota")
notes, n = queries.budget_notes(f)
if not n:
    st.caption("Ninguna actividad filtrada tiene el presupuesto escrito solo como texto.")
else:
    st.caption("Su costo no figura como monto, p. ej. «Contemplado Gestión Operativa»."
               + (f" {formats.shown_of(len(notes), n, 'actividades')}." if n > len(notes) else ""))
    labels.show(notes)
