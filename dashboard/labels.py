"""Words a user reads for the store's codes: status, quarter, currency and column names."""
from __future__ import annotations

import pandas as pd

# The quarter status codes v_quarter_progress writes, in the order the pages list them.
STATUSES = ("met", "behind", "pending", "no_target")
MET, BEHIND, PENDING, NO_TARGET = STATUSES
STATUS_LABELS = dict(zip(STATUSES, ("Cumplida", "Atrasada", "Pendiente", "Sin meta")))
STATUS_COLORS = {"Cumplida": "#2e7d32", "Atrasada": "#c62828", "Pendiente": "#f9a825", "Sin meta": "#9e9e9e"}
QUARTERS = (1, 2, 3, 4)
QUARTER_LABELS = {1: "T1 (ene–mar)", 2: "T2 (abr–jun)", 3: "T3 (jul–sep)", 4: "T4 (oct–dic)"}
CURRENCY_NAMES = {"DOP": "Pesos dominicanos (RD$)", "USD": "Dólares (US$)"}

COLUMN_LABELS = {
    "activity_id": "Id", "file_id": "Carga", "institution": "Institución", "year": "Año", "axis": "Eje",
    "objective": "Objetivo", "unit": "Unidad", "lead_unit": "Unidad líder", "product": "Producto",
    "code": "Código", "activity": "Actividad", "indicator": "Indicador", "target_text": "Meta (texto)",
    "annual_target": "Meta anual", "measure_unit": "Unidad de medida", "responsible": "Responsable",
    "budget_amount": "Presupuesto", "currency": "Moneda", "budget_note": "Nota de presupuesto",
    "risk": "Riesgo", "mitigation": "Mitigación", "observations": "Observaciones", "source_sheet": "Hoja",
    "source_row": "Fila", "file_name": "Archivo", "months": "Meses", "month_count": "N.º de meses",
    "quarter": "Trimestre", "target": "Meta", "actual": "Real", "execution_pct": "% ejecución",
    "status": "Estado", "item": "Partida", "amount": "Monto", "coverage_pct": "% programado",
    "activities": "Actividades", "scheduled_activities": "Programadas", "loaded_at": "Cargado",
    "layout": "Formato", "message": "Mensaje", "sha256": "SHA-256",
}


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """Column names and status codes as a user reads them."""
    out = df.copy()
    text = out.select_dtypes(include="object").columns
    out[text] = out[text].fillna("")  # an empty cell, not the word 'None'
    if "status" in out:
        out["status"] = out["status"].map(STATUS_LABELS).fillna(out["status"])
    return out.rename(columns=COLUMN_LABELS)


PCT_COLUMNS = ("% ejecución", "% programado")
WHOLE_COLUMNS = ("Año", "Fila", "Trimestre", "Id", "Carga")  # never '2,023': a year has no thousands
MONEY_COLUMNS = ("Presupuesto", "Monto")
NUMBER_COLUMNS = ("Meta", "Real", "Meta anual")


def _numbers(column: pd.Series) -> pd.Series | None:
    """The column as numbers when every non-empty cell is one (Decimal and None from the store included)."""
    if pd.api.types.is_bool_dtype(column) or not (pd.api.types.is_numeric_dtype(column) or column.dtype == object):
        return None
    numeric = pd.to_numeric(column, errors="coerce")
    filled = column.notna() & (column.astype(str).str.strip() != "")
    return numeric if numeric[filled].notna().all() and filled.any() else None


def _text_for(col: str, numeric: pd.Series):
    from dashboard import formats

    if col in PCT_COLUMNS:
        return lambda v: formats.fmt_pct(v, 1)
    if col in WHOLE_COLUMNS:
        return lambda v: formats.MISSING if formats.missing(v) else str(int(v))
    whole = col in MONEY_COLUMNS or (numeric.dropna() % 1 == 0).all()
    return lambda v: formats.fmt_number(v, 0 if whole else 2)


def for_screen(df: pd.DataFrame, renames: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """A labelled frame for st.dataframe and its column_config, written as dashboard.formats says.

    Numbers stay numbers, so that sorting works; but Streamlit draws a missing number as 'None', so a
    number column with gaps is written out as text that still sorts (formats.sortable_text), '—' in the gaps."""
    import streamlit as st

    from dashboard import formats

    out = labelled(df).rename(columns=renames or {})
    config = {}
    for col in out.columns:
        numeric = _numbers(out[col])
        if numeric is None:
            if len(out) and pd.api.types.is_float_dtype(out[col]) and out[col].isna().all():
                out[col] = formats.MISSING  # a number column with no number at all (every quarter pending)
                config[col] = st.column_config.TextColumn(alignment="right")
            continue
        if numeric.isna().any():
            out[col] = formats.sortable_text(numeric, _text_for(col, numeric))
            config[col] = st.column_config.TextColumn(alignment="right")
        elif col in PCT_COLUMNS:
            out[col] = numeric * 100
            config[col] = st.column_config.NumberColumn(format=formats.PCT_FORMAT)
        elif col in WHOLE_COLUMNS:
            # Wide enough for '2023' whole: an auto-sized year column was cut to '20…'.
            out[col] = numeric
            config[col] = st.column_config.NumberColumn(format=formats.YEAR_FORMAT, width=70 if col == "Año" else None)
        elif col in MONEY_COLUMNS + NUMBER_COLUMNS:
            out[col] = numeric
            config[col] = (st.column_config.NumberColumn(format=formats.MONEY_FORMAT, step=1)
                           if col in MONEY_COLUMNS else st.column_config.NumberColumn(format=formats.NUMBER_FORMAT))
    return out, config


def show(df: pd.DataFrame, renames: dict | None = None, **kwargs) -> None:
    """st.dataframe of a store frame, labelled and formatted the one way (see for_screen)."""
    import streamlit as st

    out, config = for_screen(df, renames)
    config.update(kwargs.pop("column_config", {}))
    st.dataframe(out, hide_index=True, width="stretch", column_config=config, **kwargs)
