"""A load run writes the workbooks it holds the store for in one transaction (store.Batch): derived rows once for
all of them, each workbook still all or nothing, reports only once committed."""
import re

import duckdb
import pytest

from etl import store
from etl.store import derived as derive_models, plans
from etl.load import load_file, load_files
from tests.conftest import template_row

INSTITUTION = "Instituto de Prueba del Tablero"  # made up: generated figures never carry a real name


@pytest.fixture
def books(tmp_path, template_book):
    """Five workbooks of two plans; the last is an edited copy of the first, so it replaces it in the same run."""
    made = []
    for n in range(4):
        made.append(template_book(
            f"plan_{n}.xlsx", institution=f"{INSTITUTION} {n % 2}",
            rows=[template_row(f"Actividad {n}.{k}", unit=f"Unidad {k}", months=(n + 1, k + 3), budget=100 * k,
                               currency="DOP", quarters=[k + 1, 2, None, 4], actuals=[k, None, None, None])
                  for k in range(3)]))
    (tmp_path / "editado").mkdir()
    made.append(template_book("editado/plan_0.xlsx", institution=f"{INSTITUTION} 0",
                              rows=[template_row("Actividad 0.0", unit="Unidad 0", months=(12,), quarters=[5, 5, 5, 5],
                                                 actuals=[1, 9, None, None])]))
    return made


def views(db, ids: bool = True) -> dict[str, list]:
    """Every row of every view; with `ids=False`, without the numbers the store hands out (file and activity ids,
    and the load numbers messages quote), which a rolled-back transaction has used up."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = "
                                           "'VIEW' AND table_name LIKE 'v\\_%' ESCAPE '\\'").fetchall()]
        out = {}
        for name in names:
            columns = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()
                       if r[0] != "loaded_at" and (ids or not r[0].endswith("_id"))]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {name} ORDER BY ALL").fetchall()
            if not ids:
                rows = sorted((tuple(re.sub(r"n\.º \d+", "n.º ?", v) if isinstance(v, str) else v for v in row)
                              for row in rows), key=repr)
            out[name] = rows
        return out
    finally:
        con.close()


def test_a_batch_writes_what_one_workbook_at_a_time_writes(tmp_path, books, monkeypatch):
    derived = []
    real = derive_models.derive
    monkeypatch.setattr(derive_models, "derive", lambda con, lo, hi: (derived.append((lo, hi)), real(con, lo, hi)))
    batched = tmp_path / "junto.duckdb"
    store.connect(batched).close()
    reports = load_files(books, batched, workers=1)
    assert [r.status for r in reports] == ["loaded"] * 5
    # One derivation for the five workbooks.
    assert len(derived) == 1

    single = tmp_path / "uno_a_uno.duckdb"
    con = store.connect(single)
    try:
        for path in books:
            assert load_file(con, path).status == "loaded"
    finally:
        con.close()
    assert len(derived) == 1 + 5
    together, apart = views(batched), views(single)
    assert together["v_activities"] and together["v_target_vs_real"]
    assert together == apart


def test_a_workbook_that_cannot_be_written_leaves_out_only_itself(tmp_path, books, monkeypatch):
    """The batch is rolled back and written again one workbook per transaction: the others are loaded."""
    real = plans.record

    def record(con, file_id, data, *args, **kwargs):
        if data.file_name == "plan_2.xlsx":
            raise duckdb.ConstraintException("fila repetida")
        return real(con, file_id, data, *args, **kwargs)

    monkeypatch.setattr(plans, "record", record)
    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    reports = load_files(books, db, workers=1)
    assert [(r.name, r.status) for r in reports] == [
        ("plan_0.xlsx", "loaded"), ("plan_1.xlsx", "loaded"), ("plan_2.xlsx", "rejected"),
        ("plan_3.xlsx", "loaded"), ("plan_0.xlsx", "loaded")]
    assert "no se pudo guardar en el almacén" in reports[2].message
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT file_name, status FROM source_files ORDER BY file_id").fetchall() == [
            ("plan_0.xlsx", "replaced"), ("plan_1.xlsx", "loaded"), ("plan_2.xlsx", "rejected"),
            ("plan_3.xlsx", "loaded"), ("plan_0.xlsx", "loaded")]
        assert con.execute("SELECT count(*) FROM activities WHERE activity LIKE 'Actividad 2.%'").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM activities").fetchone() == (3 + 3 + 1,)
        # Every loaded activity has its derived rows, though the batch that first wrote them was rolled back.
        assert con.execute("SELECT count(*) FROM activities WHERE quarter_mask IS NOT NULL").fetchone() == (7,)
    finally:
        con.close()


def test_a_batch_that_fails_to_commit_is_written_again_one_workbook_at_a_time(tmp_path, books, monkeypatch):
    real, failed = derive_models.derive, []

    def derive(con, lo, hi):
        if not failed:
            failed.append(1)
            raise duckdb.OutOfMemoryException("sin memoria")
        return real(con, lo, hi)

    monkeypatch.setattr(derive_models, "derive", derive)
    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    assert [r.status for r in load_files(books, db, workers=1)] == ["loaded"] * 5
    assert failed
    reference = tmp_path / "referencia.duckdb"
    monkeypatch.setattr(derive_models, "derive", real)
    store.connect(reference).close()
    load_files(books, reference, workers=1)
    assert views(db, ids=False) == views(reference, ids=False)


def test_reports_are_handed_out_once_their_workbooks_are_committed(tmp_path, books, monkeypatch):
    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    seen = []

    def on_file(report):
        # The loader's connection is this process's: a cursor of it sees only what is committed.
        con = duckdb.connect(str(db))
        try:
            seen.append(con.execute("SELECT count(*) FROM source_files WHERE file_name = ? AND status = 'loaded'",
                                    [report.name]).fetchone()[0])
        finally:
            con.close()

    load_files(books[:4], db, workers=1, on_file=on_file)
    assert seen == [1, 1, 1, 1]


def test_a_load_stopped_inside_a_batch_keeps_none_of_it(tmp_path, books, monkeypatch):
    """Ctrl-C while a workbook is half written: the open batch is rolled back, not committed."""
    real = plans.record

    def record(con, file_id, data, *args, **kwargs):
        if data.file_name == "plan_2.xlsx":
            raise KeyboardInterrupt
        return real(con, file_id, data, *args)

    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    monkeypatch.setattr(plans, "record", record)
    with pytest.raises(KeyboardInterrupt):
        load_files(books, db, workers=1)
    con = store.connect(db)  # opens for writing again
    try:
        assert con.execute("SELECT count(*) FROM source_files").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM activities").fetchone() == (0,)
    finally:
        con.close()


def test_a_refresh_that_fails_leaves_the_plans_stale_and_the_load_done(tmp_path, books, monkeypatch):
    """Writing the per-plan rows is only a head start for the views: out of memory there, the load goes on."""
    def refresh(con):
        raise duckdb.OutOfMemoryException("sin memoria")

    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    monkeypatch.setattr(store, "refresh_stale_plans", refresh)
    assert [r.status for r in load_files(books, db, workers=1)] == ["loaded"] * 5
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM stale_plans").fetchone() == (2,)
    finally:
        con.close()
    stale = views(db)
    monkeypatch.undo()
    con = store.connect(db)  # a writer's open writes them
    try:
        assert con.execute("SELECT count(*) FROM stale_plans").fetchone() == (0,)
    finally:
        con.close()
    assert views(db) == stale


def test_copies_of_one_plan_in_one_batch_each_replace_the_one_before(tmp_path, template_book):
    """The batch keeps the store's loaded files in step with its own writes: a third copy replaces the second, and
    the first, replaced already, keeps the message that says by which."""
    made = []
    for n in range(3):
        (tmp_path / f"v{n}").mkdir()
        made.append(template_book(f"v{n}/plan.xlsx", institution=INSTITUTION,
                                  rows=[template_row(f"Actividad {n}", unit="Unidad", months=(n + 1,))]))
    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    assert [r.status for r in load_files(made, db, workers=1)] == ["loaded"] * 3
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT file_id, status, message FROM source_files ORDER BY file_id").fetchall()[:2] == [
            (1, "replaced", "Reemplazado por la carga n.º 2"), (2, "replaced", "Reemplazado por la carga n.º 3")]
        assert con.execute("SELECT activity FROM activities").fetchall() == [("Actividad 2",)]
    finally:
        con.close()
