"""CSV and Excel downloads that a spreadsheet opens safely: no cell runs as a formula."""
from __future__ import annotations

import io
import re

import pandas as pd
import streamlit as st

from dashboard.formats import fmt_int

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS = 1_048_576 - 1  # a sheet's rows, less the header


# What an .xlsx cannot hold (openpyxl raises on it, and the download would silently not come).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _safe(v):
    if not isinstance(v, str):
        return v
    if _ILLEGAL.search(v):
        v = _ILLEGAL.sub("", v)
    return "'" + v if v.startswith(FORMULA_STARTS) else v


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe; control characters,
    which no spreadsheet shows and an .xlsx cannot hold, are dropped."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_safe)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel shows the accents.

    CRLF line ends make the csv module quote any cell holding a carriage return: with bare '\n' ends it
    leaves 'x\r=1+1' unquoted, and Excel would start a new row, and run a formula, at the '\r'."""
    return neutralise(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def excel_bytes(df: pd.DataFrame, sheet: str = "Actividades") -> bytes:
    buf = io.BytesIO()
    neutralise(df).to_excel(buf, index=False, sheet_name=sheet, engine="openpyxl")
    return buf.getvalue()


def export_buttons(rows, name: str, total: int) -> None:
    """CSV and Excel of every row `rows()` returns (a callable: built only when the user clicks)."""
    left, right = st.columns(2)
    left.download_button("Descargar CSV", lambda: csv_bytes(rows()), file_name=f"{name}.csv", mime="text/csv",
                         width="stretch", key=f"csv_{name}", on_click="ignore")
    if total > EXCEL_MAX_ROWS:
        right.warning(f"Excel admite hasta {fmt_int(EXCEL_MAX_ROWS)} filas por hoja y la selección tiene "
                      f"{fmt_int(total)}: descargue el CSV o acote los filtros para obtener un Excel.")
        return
    right.download_button("Descargar Excel", lambda: excel_bytes(rows()), file_name=f"{name}.xlsx",
                          width="stretch", key=f"xlsx_{name}", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
