"""Every page through Streamlit's AppTest: renders, narrows with the filters, exports exactly what it shows."""
from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"

PAGES = {  # page file -> title
    "pages/resumen.py": "Resumen de los planes operativos",
    "pages/cronograma.py": "Cronograma",
    "pages/metas.py": "Metas vs real",
    "pages/presupuesto.py": "Presupuesto",
    "pages/explorador.py": "Explorador de actividades",
    "pages/evolucion.py": "Evolución de los planes",
    "pages/datos.py": "Datos cargados",
}


def open_page(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query)
    at.run()
    if page != "pages/resumen.py":
        at.switch_page(page).run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def shown(at: AppTest):
    """What a user reads: metric values, table sizes and chart data."""
    return ([m.value for m in at.metric], [len(d.value) for d in at.dataframe],
            [c.proto.spec for c in at.get("plotly_chart")])


@pytest.mark.parametrize("page", PAGES)
def test_page_renders(page):
    at = open_page(page)
    assert_clean(at)
    assert [t.value for t in at.title] == [PAGES[page]]


def digits(text: str) -> int:
    """A figure as the page prints it ('1.430.500', 'RD$ 359,539,144') read back as a number."""
    return int("".join(ch for ch in text if ch.isdigit()))


def column(at: AppTest, name: str) -> list:
    """One column of the first table on the page that has it."""
    return next(list(d.value[name]) for d in at.dataframe if name in d.value.columns)


# Per page: the view its unit comes from, what the page shows (read off the page), and what the views say it
# must show for that unit.
# The unit is the one with the most activities in the view the page draws from.
UNIT_VIEWS = {
    "pages/resumen.py": (
        "SELECT unit FROM v_activity_schedule",
        lambda at: [sum(digits(m.value) for m in at.metric if m.label == "Actividades")],
        "SELECT count(*) FROM v_activities WHERE coalesce(unit, '(sin unidad)') = ?"),
    "pages/cronograma.py": (
        "SELECT unit FROM v_activity_months",
        lambda at: [sum(column(at, "Actividades"))],
        "SELECT count(*) FROM v_activities WHERE coalesce(unit, '(sin unidad)') = ?"),
    "pages/metas.py": (
        "SELECT unit FROM v_quarter_progress",
        lambda at: sorted(set(column(at, "Unidad"))),
        "SELECT DISTINCT unit FROM v_target_vs_real WHERE unit = ?"),
    "pages/presupuesto.py": (
        "SELECT unit FROM v_budget_totals WHERE source = 'activities'",
        lambda at: sorted(digits(m.value) for m in at.metric if m.label == "Total"),
        "SELECT round(sum(amount))::BIGINT FROM v_budget_totals WHERE unit = ? GROUP BY currency ORDER BY 1"),
    "pages/explorador.py": (
        "SELECT coalesce(unit, '(sin unidad)') FROM v_activities",
        lambda at: [len(at.dataframe[0].value)],
        "SELECT count(*) FROM v_activities WHERE coalesce(unit, '(sin unidad)') = ?"),
}


@pytest.mark.parametrize("page", UNIT_VIEWS)
def test_a_unit_filter_shows_that_unit_s_figures(page, sql):
    source, read, truth = UNIT_VIEWS[page]
    unit = sql(source + " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")[0][0]
    at = open_page(page)
    everything = read(at)
    at.sidebar.multiselect(key="f_unit").set_value([unit]).run()
    assert_clean(at)
    narrowed = read(at)
    assert narrowed == [r[0] for r in sql(truth, [unit])], f"{page} con la unidad {unit!r}"
    assert narrowed != everything, "el filtro no cambió lo que muestra la página"


def test_data_page_filters_the_load_history(sql):
    institution = sql("SELECT institution FROM v_activities GROUP BY 1 ORDER BY 1 LIMIT 1")[0][0]
    files = sql("SELECT count(*) FROM v_load_history WHERE status = 'loaded' AND institution = ?", [institution])[0][0]
    at = open_page("pages/datos.py")
    at.sidebar.multiselect(key="f_institution").set_value([institution]).run()
    assert_clean(at)
    assert at.metric[0].label == "Libros cargados"
    assert at.metric[0].value == str(files)


@pytest.fixture
def downloads(monkeypatch):
    """What each download button hands over, by file name: its bytes, or, for a button that builds the file
    when clicked, the bytes its callable returns (called here, as a click would)."""
    class Files(dict):
        def __getitem__(self, name):
            value = super().__getitem__(name)
            return value() if callable(value) else value

    files = Files()
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    deferred = MediaFileManager.add_deferred

    def capture_deferred(self, data, mimetype, coordinates, file_name=None, **kw):
        if file_name:
            files[file_name] = data
        return deferred(self, data, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    monkeypatch.setattr(MediaFileManager, "add_deferred", capture_deferred)
    return files


def _csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV sin BOM: Excel no mostraría los acentos"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_export_holds_exactly_the_filtered_rows(downloads, sql):
    institution, year = sql("SELECT institution, year FROM v_activities GROUP BY ALL ORDER BY count(*) DESC LIMIT 1")[0]
    expected = sql("SELECT source_sheet, source_row FROM v_activities WHERE institution = ? AND year = ?",
                   [institution, year])
    total = sql("SELECT count(*) FROM v_activities")[0][0]
    at = open_page("pages/explorador.py", institucion=institution, anio=str(year))
    assert_clean(at)
    assert len(at.dataframe[0].value) == len(expected) < total
    rows = _csv(downloads["actividades_poa.csv"])
    assert sorted((r["Hoja"], int(r["Fila"])) for r in rows) == sorted(expected)
    assert {r["Institución"] for r in rows} == {institution}
    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(downloads["actividades_poa.xlsx"])).active
    assert sheet.max_row - 1 == len(expected)


def plain(text) -> str:
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()


def test_status_narrows_the_explorer_to_the_activities_behind(sql):
    behind = sql("SELECT count(DISTINCT activity_id) FROM v_quarter_progress WHERE status = 'behind'")[0][0]
    assert behind > 0
    at = open_page("pages/explorador.py", estado="behind")
    assert_clean(at)
    assert len(at.dataframe[0].value) == behind


def test_text_search_finds_exactly_the_activities_with_that_word(sql):
    """A word typed in capitals and without its accents finds every activity that has it, and no other."""
    columns = [r[0] for r in sql("DESCRIBE v_activities")]
    rows = [dict(zip(columns, r)) for r in sql("SELECT * FROM v_activities")]

    def holding(word, names):
        return {(r["institution"], r["year"], r["source_sheet"], r["source_row"]) for r in rows
                if any(isinstance(r[c], str) and word in plain(r[c]) for c in names)}

    # A word of the activity names found in no other column of any row, and in a few rows only: then the
    # rows a search must return are known without knowing which columns the search looks at. One of them
    # writes it with an accent, which the search must see through.
    texts = [c for c in columns if any(isinstance(r[c], str) for r in rows)]
    words = dict.fromkeys(w for r in rows[:50] for w in plain(r["activity"]).split() if len(w) >= 7 and w.isalpha())
    word = next(w for w in words if 1 < len(holding(w, ["activity"])) < 50
                and holding(w, ["activity"]) == holding(w, texts)
                and any(w in plain(r["activity"]) and w not in r["activity"].lower() for r in rows))
    at = open_page("pages/explorador.py", buscar=word.upper())
    assert_clean(at)
    found = at.dataframe[0].value
    assert set(zip(found["Institución"], found["Año"], found["Hoja"], found["Fila"])) == holding(word, texts)
    assert len(found) == len(holding(word, texts))


def test_filters_live_in_the_url_and_follow_the_user_across_pages(sql):
    institution = sql("SELECT institution FROM v_activities GROUP BY 1 ORDER BY 1 LIMIT 1")[0][0]
    at = open_page("pages/resumen.py")
    at.sidebar.multiselect(key="f_institution").set_value([institution]).run()
    assert at.query_params.get("institucion") in (institution, [institution])
    at.sidebar.selectbox(key="f_quarter").set_value(1).run()
    assert at.query_params.get("trimestre") in ("1", ["1"])
    at.switch_page("pages/explorador.py").run()
    assert_clean(at)
    assert at.sidebar.multiselect(key="f_institution").value == [institution]
    assert set(at.dataframe[0].value["Institución"]) == {institution}


def test_a_shared_link_opens_the_same_view(sql):
    institution, year = sql("SELECT institution, year FROM v_activities GROUP BY ALL ORDER BY 1, 2 LIMIT 1")[0]
    at = open_page("pages/resumen.py", institucion=institution, anio=str(year), trimestre="1")
    assert_clean(at)
    assert at.sidebar.multiselect(key="f_institution").value == [institution]
    assert at.sidebar.multiselect(key="f_year").value == [year]
    assert at.sidebar.selectbox(key="f_quarter").value == 1
    activities = sql("SELECT count(*) FROM v_activities WHERE institution = ? AND year = ?", [institution, year])
    assert [digits(m.value) for m in at.metric if m.label == "Actividades"] == [activities[0][0]]


def test_a_filter_value_that_no_longer_exists_is_dropped(sql):
    at = open_page("pages/explorador.py", institucion="Institución que no existe", unidad="Nadie")
    assert_clean(at)
    assert at.sidebar.multiselect(key="f_institution").value == []
    assert at.sidebar.multiselect(key="f_unit").value == []
    # Both are dropped, not applied: the page lists every activity.
    total = sql("SELECT count(*) FROM v_activities")[0][0]
    note = next(c.value for c in at.caption if "actividades con los filtros actuales" in c.value)
    assert digits(note.split(" actividades")[0]) == total

ODD_VIEWS = [dict(trimestre="2"), dict(trimestre="1", estado="behind"), dict(buscar="zzzz-nada"),
             dict(unidad="(sin unidad)"), dict(trimestre="4", estado="pending", buscar="a")]


@pytest.mark.slow  # every page under every odd view, ~12 s: test_page_renders opens each page in the fast loop
@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_narrow_and_empty_selections(page):
    for query in ODD_VIEWS:
        at = open_page(page, **query)
        assert_clean(at)
        assert [t.value for t in at.title] == [PAGES[page]], query


def test_a_long_table_shows_its_first_rows_and_the_download_holds_them_all(downloads, sql, monkeypatch):
    from dashboard import formats, queries

    total = sql("SELECT count(*) FROM v_activities")[0][0]
    assert total > 3
    monkeypatch.setattr(queries, "SHOWN", 3)
    at = open_page("pages/explorador.py")
    assert_clean(at)
    assert len(at.dataframe[0].value) == 3
    caption = " ".join(c.value for c in at.caption)
    assert f"Se muestran 3 de {formats.fmt_int(total)} actividades" in caption
    assert "la descarga incluye todas" in caption
    rows = _csv(downloads["actividades_poa.csv"])
    expected = sql("SELECT source_sheet, source_row FROM v_activities")
    assert sorted((r["Hoja"], int(r["Fila"])) for r in rows) == sorted(expected)
    # The rows shown are the first ones of the download, in the same order.
    assert [int(r["Fila"]) for r in rows[:3]] == list(at.dataframe[0].value["Fila"])


def test_excel_beyond_its_row_limit_says_so_instead_of_failing(downloads, sql, monkeypatch):
    from dashboard import exports

    monkeypatch.setattr(exports, "EXCEL_MAX_ROWS", 2)
    at = open_page("pages/explorador.py")
    assert_clean(at)
    assert any("Excel admite hasta 2 filas" in x.value for x in at.warning)
    assert "actividades_poa.xlsx" not in downloads
    assert len(_csv(downloads["actividades_poa.csv"])) == sql("SELECT count(*) FROM v_activities")[0][0]
