"""The load service: warnings kept as rows beside their workbook, a summary message, reports in Spanish."""
import duckdb
import pytest

from etl import store
from etl.store import writer
from etl.load import FileReport, expand, load_file, load_files, plural
from etl.model import LoadWarning
from etl.readers import layout_label
from tests.conftest import template_row

INSTITUTION = "Instituto de Prueba del Tablero"  # made up: generated figures never carry a real name


@pytest.fixture
def warned_book(template_book):
    """Two activities and two warnings: a negative target, an actual without a target."""
    def build(name="avisos.xlsx", negative=-3):
        return template_book(name, institution=INSTITUTION, rows=[
            template_row("Elaborar informe", target=negative, months=(1,)),
            template_row("Afiliar", actuals=[None, 7, None, None]),
        ])
    return build


def rows(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()


def test_warnings_are_rows_and_the_message_only_counts_them(store_con, warned_book):
    report = load_file(store_con, warned_book())
    assert report.status == "loaded", report.lines()
    found = rows(store_con, "SELECT sheet, row, message FROM v_load_warnings ORDER BY position")
    assert found == [
        ("POA", 6, "meta anual negativa (-3)."),
        ("POA", 7, "hay un real (7) en el trimestre 2 sin meta."),
    ]
    assert rows(store_con, "SELECT message FROM source_files") == [("2 actividades de 1 hoja; 2 avisos",)]
    assert [str(w) for w in report.warnings] == [
        "Hoja «POA», fila 6: meta anual negativa (-3).",
        "Hoja «POA», fila 7: hay un real (7) en el trimestre 2 sin meta.",
    ]


def test_a_replaced_workbook_takes_its_warnings_with_it(store_con, warned_book):
    load_file(store_con, warned_book())
    load_file(store_con, warned_book(negative=-8))  # same name, institution and year: replaces it
    assert rows(store_con, "SELECT count(*) FROM load_warnings") == [(2,)]
    assert rows(store_con, "SELECT DISTINCT file_id FROM load_warnings") == rows(
        store_con, "SELECT file_id FROM source_files WHERE status = 'loaded'")
    assert ("POA", 6, "meta anual negativa (-8).") in rows(store_con, "SELECT sheet, row, message FROM v_load_warnings")


def test_warnings_are_written_in_the_workbook_transaction(store_con, warned_book, monkeypatch):
    """A store that fails after the warnings went in keeps neither the workbook nor its warnings."""
    real = writer._append

    def fail_after_warnings(con, table, frame):
        real(con, table, frame)
        if table == "load_warnings":
            raise duckdb.IOException("disco lleno (simulado)")

    monkeypatch.setattr(writer, "_append", fail_after_warnings)
    report = load_file(store_con, warned_book())
    assert report.status == "rejected" and "disco lleno" in report.message
    assert rows(store_con, "SELECT count(*) FROM load_warnings") == [(0,)]
    assert rows(store_con, "SELECT count(*) FROM activities") == [(0,)]


def test_a_rejected_workbook_has_no_warning_rows(store_con, tmp_path):
    bad = tmp_path / "roto.xlsx"
    bad.write_bytes(b"")
    assert load_file(store_con, bad).status == "rejected"
    assert rows(store_con, "SELECT count(*) FROM load_warnings") == [(0,)]


def test_whole_workbook_warnings_have_no_sheet_or_row(store_con, template_book):
    path = template_book("dos.xlsx", institution=INSTITUTION, rows=[
        template_row("Uno", code="1.1"), template_row("Dos", code="1.1")])
    load_file(store_con, path)
    assert rows(store_con, "SELECT sheet, row, message FROM v_load_warnings") == [
        (None, None, "Código «1.1» repetido 2 veces en la unidad «Finanzas».")]


def test_report_names_the_layout_in_spanish_and_counts_agree(store_con, template_book):
    report = load_file(store_con, template_book(institution=INSTITUTION))
    assert report.lines()[:2] == [f"✓ plan.xlsx: cargado — {INSTITUTION} 2024", "    formato: plantilla"]
    assert rows(store_con, "SELECT layout, message FROM source_files") == [("template", "1 actividad de 1 hoja")]


def test_layout_labels_come_from_the_readers():
    assert layout_label("period_matrix") == "matriz de período"
    assert layout_label("quarterly_followup, budget_table") == "seguimiento trimestral, tabla de presupuesto"
    assert layout_label("un_formato_viejo") == "un_formato_viejo"
    assert layout_label(None) == "" and layout_label(float("nan")) == ""


def test_plural():
    assert [plural(n, "libro", "libros") for n in (0, 1, 2)] == ["0 libros", "1 libro", "2 libros"]


def test_load_files_writes_each_file_and_tells_as_it_goes(tmp_path, template_book):
    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    good = template_book("bueno.xlsx", institution=INSTITUTION)
    bad = tmp_path / "roto.xlsx"
    bad.write_text("no es un libro")
    seen = []
    reports = load_files([good, bad], db, on_file=lambda r: seen.append(r.name))
    assert [(r.name, r.status) for r in reports] == [("bueno.xlsx", "loaded"), ("roto.xlsx", "rejected")]
    assert seen == ["bueno.xlsx", "roto.xlsx"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert rows(con, "SELECT file_name, status FROM source_files ORDER BY file_id") == [
            ("bueno.xlsx", "loaded"), ("roto.xlsx", "rejected")]
    finally:
        con.close()


def test_load_files_rejects_only_the_file_that_found_the_store_busy(tmp_path, template_book, monkeypatch):
    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    paths = [template_book(f"plan_{n}.xlsx", institution=INSTITUTION) for n in range(2)]
    real, calls = store.connect, []

    def busy_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise store.StoreBusy(db)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "connect", busy_once)
    reports = load_files(paths, db)
    assert [r.status for r in reports] == ["rejected", "loaded"]
    assert "ocupado" in reports[0].message


def test_summary_and_rejected_report():
    report = FileReport(__import__("pathlib").Path("x.xlsx"), "rejected", message="vacío")
    assert report.lines() == ["✗ x.xlsx: RECHAZADO — vacío"]
    assert str(LoadWarning(None, 3, "algo")) == "fila 3: algo"
    assert str(LoadWarning("POA", None, "algo")) == "Hoja «POA»: algo"


def test_expand_finds_every_format_and_skips_lock_files(tmp_path):
    for name in ("a.xlsx", "b.xlsm", "c.XLS", "d.ods", "e.csv", "~$a.xlsx", ".~lock.d.ods#", "notas.txt"):
        (tmp_path / name).write_bytes(b"")
    files, missing = expand([str(tmp_path), str(tmp_path / "falta.xlsx")])
    assert [f.name for f in files] == ["a.xlsx", "b.xlsm", "c.XLS", "d.ods", "e.csv"]
    assert missing == [str(tmp_path / "falta.xlsx")]
