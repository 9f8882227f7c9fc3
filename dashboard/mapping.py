"""The Datos page's mapping step (issue 24, «Map once, reused»): an uploaded workbook rejected because it could not
be read with certainty, or has no table the reader knows, gets its columns assigned by hand.

The loader sees each column's header and its first values, picks a role for each (the catalog's guess
preselected), asks for a preview (what would load), and saves the mapping as a profile (data/profiles/): the
workbook is then loaded through the normal upload path, and the next workbook with the same headers (the plan's
next follow-up) loads without asking. The user's file is only ever opened in a reader process
(etl/load/mapping.py, sandbox.py); this module holds its bytes and shows what comes back.
"""
from __future__ import annotations

import hashlib
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import access, formats
from dashboard.uploads import load_uploads, report_entries, upload_suffix
from etl import profiles
from etl.load import mapping
from etl.load.report import plural
from etl.readers.columns import HEADER_SCAN
from etl.roles import COLUMN_ROLES, PERIOD_KINDS, Period

# The rejections the mapping step can help with: the reader was unsure, or found no activity column.
MAPPABLE = ("lectura dudosa", "no se encontró ninguna tabla POA reconocible")
BOOKS = "mapping_books"  # session: the rejected uploads that may be mapped, {'name', 'content', 'token', 'reason'}
SURVEYS = "mapping_surveys"  # session: (token, sheet, row, depth) -> what the reader process saw
DONE = "mapping_done"  # session: what the last «Guardar perfil y cargar» saved, said once after its rerun

# Which kinds each span's period columns can hold (etl/roles.py Period).
SPANS = (("q", 4, ("target", "actual", "percent")), ("h", 2, ("target", "actual", "percent")),
         ("m", 12, ("mark", "target", "actual", "money")))


def role_choices() -> dict[str, str]:
    """Every role a column can be given, code -> Spanish: «sin usar» first, the roles, then the periods."""
    out = {"ignore": COLUMN_ROLES["ignore"]}
    out.update({code: name for code, name in COLUMN_ROLES.items() if code != "ignore"})
    for span, count, kinds in SPANS:
        for n in range(1, count + 1):
            for kind in kinds:
                assert kind in PERIOD_KINDS
                p = Period(kind, span, n)
                out[p.code] = str(p)
    return out


def mappable(message: str) -> bool:
    return message.startswith(MAPPABLE)


def offer(reports, files: list[tuple[str, bytes]]) -> None:
    """After an upload: keep the rejected workbooks the mapping step can help with (reports are in files' order)."""
    st.session_state[BOOKS] = [
        {"name": report.name, "content": content, "reason": report.message,
         "token": hashlib.sha256(content).hexdigest()[:12]}
        for report, (_, content) in zip(reports, files)
        if report.status == "rejected" and mappable(report.message)]
    st.session_state[SURVEYS] = {}


@contextmanager
def _on_disk(book: dict):
    """The upload's bytes in a file of their own under a generated name, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="poa_mapping_") as tmp:
        path = Path(tmp) / f"libro{upload_suffix(book['name'])}"
        path.write_bytes(book["content"])
        yield path


def _survey(book: dict, sheet: str | None, row: int | None, depth: int | None) -> dict:
    surveys = st.session_state.setdefault(SURVEYS, {})
    key = (book["token"], sheet, row, depth)
    if key not in surveys:
        with _on_disk(book) as path:
            surveys[key] = mapping.run(mapping.survey, path, sheet, row, depth)
    return surveys[key]


def render(allowed) -> None:
    """The mapping step, below the upload report, for a session that may load."""
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(formats.as_typed(done, None))
    books = st.session_state.get(BOOKS) or []
    if not books or not allowed.can_load:
        return
    st.subheader("Asignar las columnas de un libro rechazado")
    st.caption("El lector no pudo leer con certeza "
               + ("este libro" if len(books) == 1 else "estos libros")
               + ". Diga qué guarda cada columna: se guarda como perfil, y el próximo libro con los mismos "
                 "encabezados (el siguiente seguimiento del plan) se carga sin preguntar.")
    if len(books) > 1:
        pick = st.selectbox("Libro", range(len(books)), format_func=lambda i: books[i]["name"], key="map_book")
    else:
        pick = 0
    book = books[pick]
    token = book["token"]
    first = _survey(book, None, None, None)
    if "error" in first:
        st.error(formats.as_typed(f"No se pudo leer {book['name']}: {first['error']}", None))
        return
    left, mid, right = st.columns([2, 1, 1])
    sheet = left.selectbox("Hoja", first["sheets"], index=first["sheets"].index(first["sheet"]),
                           key=f"map_sheet_{token}")
    found_row, found_depth = first["found"][sheet]
    row = mid.number_input("Fila del encabezado", min_value=1, max_value=HEADER_SCAN, value=found_row, step=1,
                           key=f"map_row_{token}_{sheet}")
    depth = right.number_input("Filas que ocupa", min_value=1, max_value=mapping.MAX_DEPTH, value=found_depth,
                               step=1, key=f"map_depth_{token}_{sheet}",
                               help="1 a 3: cuántas filas ocupa el encabezado (celdas combinadas incluidas)")
    seen = _survey(book, sheet, int(row), int(depth))
    if "error" in seen:
        st.error(formats.as_typed(f"No se pudo leer la hoja «{sheet}»: {seen['error']}", None))
        return
    cols = seen["columns"]
    if not cols:
        st.warning(f"La fila {seen['row']} de la hoja «{sheet}» no tiene encabezados: elija otra fila.")
        return
    st.caption(f"Hoja «{sheet}», encabezado en "
               + (f"la fila {seen['row']}" if seen["depth"] == 1
                  else f"las filas {seen['row']}–{seen['row'] + seen['depth'] - 1}")
               + f"; debajo, las primeras filas del libro ({plural(len(cols), 'columna', 'columnas')}).")
    names = [f"{c['letter']} · {c['header']}" for c in cols]
    sample = pd.DataFrame(seen["rows"], columns=names,
                          index=pd.Index([f"fila {n}" for n in seen["row_numbers"]], name="Fila"))
    st.dataframe(sample, width="stretch")
    choices = role_choices()
    codes = list(choices)
    roles: dict[int, str] = {}
    per_line = 3  # four are cramped at 800 px
    for start in range(0, len(cols), per_line):
        for slot, c in zip(st.columns(per_line), cols[start:start + per_line]):
            label = f"{c['letter']} · {c['header']}"
            roles[c["col"]] = slot.selectbox(
                label if len(label) <= 60 else label[:59] + "…", codes,
                index=codes.index(c["role"]) if c["role"] in codes else 0, format_func=choices.get,
                key=f"map_role_{token}_{sheet}_{seen['row']}_{seen['depth']}_{c['col']}",
                help=("Encabezado: " + c["header"]) if len(label) > 60 else None)
    chosen = {c["label"]: roles[c["col"]] for c in cols if roles[c["col"]] != "ignore"}
    asked = (token, sheet, seen["row"], seen["depth"], tuple(sorted(chosen.items())))
    if "activity" not in chosen.values():
        st.info("Elija la columna que guarda la **actividad**: sin ella no hay nada que cargar.")
        return
    if st.button("Vista previa", key=f"map_preview_{token}"):
        with st.spinner("Leyendo el libro con esta asignación…"), _on_disk(book) as path:
            st.session_state[f"map_result_{token}"] = (asked, mapping.run(mapping.preview, path, chosen, None, None,
                                                                          book["name"]))
    kept = st.session_state.get(f"map_result_{token}")
    if kept is None:
        return
    if kept[0] != asked:
        st.caption("La asignación cambió: pida la vista previa de nuevo.")
        return
    result = kept[1]
    if "error" in result:
        st.error(formats.as_typed(f"Con esta asignación el libro no se puede cargar: {result['error']}", None))
        return
    _show_preview(result)
    stem = Path(book["name"]).stem
    name = st.text_input("Nombre del perfil", value=profiles.slug(f"{result['institution']} {stem}"),
                         key=f"map_name_{token}", max_chars=60,
                         help="Se guarda como data/profiles/<nombre>.toml; el personal de planificación puede "
                              "leerlo, corregirlo o borrarlo.")
    if st.button("Guardar perfil y cargar", type="primary", key=f"map_save_{token}"):
        _save_and_load(allowed, book, chosen, name or stem, result, sheet)


def _show_preview(result: dict) -> None:
    count = result["count"]
    st.success(formats.as_typed(
        f"Se cargarían {plural(count, 'actividad', 'actividades')} de {result['institution']} {result['year']}"
        f" (hojas: {', '.join(result['sheets_read'])})"
        + (f"; se muestran las primeras {len(result['activities'])}" if count > len(result["activities"]) else "")
        + ".", None))
    table = pd.DataFrame(result["activities"])
    if not table.empty:
        if table["Hoja"].nunique() == 1:
            table = table.drop(columns=["Hoja"])  # said above
        table = table.drop(columns=[c for c in ("T1", "T2", "T3", "T4", "Meses", "Meta anual", "Presupuesto")
                                    if c in table and not table[c].fillna("").astype(str).str.strip().any()])
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={"Presupuesto": st.column_config.NumberColumn(format="%.2f")})
    st.markdown("**Lo que se entendió**\n\n" + "\n".join(f"- {formats.as_typed(u, None)}"
                                                         for u in result["understood"]))
    if result["warnings"]:
        with st.expander(f"{plural(len(result['warnings']), 'aviso', 'avisos')} de la lectura"):
            st.markdown("\n".join(f"- {formats.as_typed(w, None)}" for w in result["warnings"][:50]))


def _save_and_load(allowed, book: dict, chosen: dict[str, str], name: str, result: dict, sheet: str) -> None:
    try:
        saved = profiles.save(name, chosen, label=f"{book['name']} (hoja «{sheet}»)",
                              institution=result["institution"], saved_by=allowed.email or None)
    except (profiles.ProfileError, OSError) as exc:
        st.error(formats.as_typed(f"No se pudo guardar el perfil: {exc}", None))
        return
    with st.spinner("Cargando el libro con el perfil…"):
        reports = load_uploads([(book["name"], book["content"])], access.loaded_by(allowed), profile=saved.name)
    st.session_state["upload_report"] = report_entries(reports)
    if reports and reports[0].status == "loaded":
        st.session_state[BOOKS] = [b for b in st.session_state.get(BOOKS, []) if b["token"] != book["token"]]
        st.session_state[DONE] = (f"Perfil «{saved.name}» guardado ({saved.path.name}): el próximo libro con estos "
                                  "encabezados se carga sin preguntar.")
    st.rerun()
