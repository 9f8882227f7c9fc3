from pathlib import Path

import pytest

from etl import store
from tests import ci
from tests.ci import pytest_configure, pytest_runtest_makereport  # noqa: F401

pytest_plugins = ["pytester"]

# Every test under these is slow (a real server, Chromium, killed loads, hostile files): `make test-fast`
# (-m "not slow") leaves them out, new files there included. A slow test elsewhere says so itself.
SLOW_DIRS = tuple(Path(__file__).resolve().parent / d for d in ("browser", "faults"))


def pytest_collection_modifyitems(config, items):
    ci.pytest_collection_modifyitems(config, items)
    for item in items:
        if any(d in Path(str(item.path)).parents for d in SLOW_DIRS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def _scratch_store_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("default_store")


@pytest.fixture(autouse=True)
def _never_the_real_store(_scratch_store_dir, monkeypatch):
    """A test that forgets to name its store gets a scratch one, never the developer's data/poa.duckdb.

    The dashboard the tests open (AppTest, and the servers of tests/app_server.py) is the planner's on
    127.0.0.1 started with `make run LOCAL_UPLOADS=1`; tests of the read-only default say otherwise."""
    monkeypatch.setenv("POA_DB", str(_scratch_store_dir / "poa.duckdb"))
    monkeypatch.setenv("POA_LOCAL_UPLOADS", "1")


@pytest.fixture(autouse=True)
def _never_the_real_profiles(tmp_path, monkeypatch):
    """Profiles a test saves (etl/profiles.py) go to a folder of its own, never data/profiles/; and a profile the
    developer saved there cannot change what a test reads."""
    monkeypatch.setenv("POA_PROFILES", str(tmp_path / "perfiles"))


@pytest.fixture(scope="session")
def _empty_store_file(tmp_path_factory):
    """A store with schema and views and nothing else, made once per session: applying sql/ to a new file is
    most of a small test's time, and a copy of that file is the same store."""
    path = tmp_path_factory.mktemp("empty_store") / "poa.duckdb"
    store.connect(path).close()
    return path


@pytest.fixture
def store_con(tmp_path, _empty_store_file):
    """A fresh store with schema and views, in its own temp file (a copy of the session's empty one)."""
    import shutil

    db = tmp_path / "poa.duckdb"
    shutil.copyfile(_empty_store_file, db)
    con = store.connect(db)
    yield con
    con.close()


MONTHS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
TEMPLATE_HEADER = (
    ["Eje", "Objetivo", "Unidad", "Código", "Actividad", "Indicador", "Meta anual", "Responsable",
     "Presupuesto", "Moneda", *MONTHS]
    + [f"T{q} meta" for q in range(1, 5)] + [f"T{q} real" for q in range(1, 5)] + ["Observaciones"]
)


def template_row(activity, unit="Finanzas", axis="Eje 1", objective="OE1", code=None, target=None,
                 budget=None, currency=None, months=(), marks="X", quarters=None, actuals=None):
    """One activity row of the canonical template; months are 1-12, quarters lists of 4."""
    cells = [axis, objective, unit, code, activity, "Informe", target, "Director", budget, currency]
    cells += [marks if m in months else None for m in range(1, 13)]
    cells += list(quarters or [None] * 4) + list(actuals or [None] * 4) + [None]
    return cells


@pytest.fixture
def template_book(tmp_path):
    """Factory: an .xlsx in the canonical template layout, with title rows above the table."""
    def build(name="plan.xlsx", rows=None, institution="Tesorería de la Seguridad Social", year=2024,
              extra_sheets=None):
        from tests.workbooks import write_workbook

        top = [["PLAN OPERATIVO ANUAL"]]
        if institution:
            top.append(["Institución:", institution])
        if year:
            top.append(["Año:", year])
        top.append([])
        sheet = top + [TEMPLATE_HEADER] + (rows if rows is not None else [
            template_row("Elaborar informe", code="AO.1.1.", target="90%", months=(1, 2, 3),
                         quarters=[10, 10, None, None], actuals=[12, None, None, None]),
        ])
        return write_workbook(tmp_path / name, {"POA": sheet, **(extra_sheets or {})})
    return build


def cli_load(db, *paths, **kwargs):
    """`python -m etl load --db DB PATH...` as a user runs it; returns the finished process."""
    import subprocess
    import sys
    from pathlib import Path

    return subprocess.run([sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, paths)],
                          cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True,
                          timeout=kwargs.pop("timeout", 300), **kwargs)


def query(db, sql, params=()):
    """The rows a query returns from a store file, opened read-only and closed again."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def as_written_before(con) -> None:
    """Leave a store as if sql/ had changed since it was written: whoever opens it next applies sql/ again and
    rebuilds every derived model from the facts (etl/store/schema.py)."""
    con.execute("DELETE FROM schema_applied")


def shown(markdown: str) -> str:
    """What a markdown element written through formats.as_typed shows: the escapes and word joiners undone."""
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")
