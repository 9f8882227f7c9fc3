"""The store built from data/samples/ against sql/contract.toml: every model, column, type and check."""
import ast
import re
from pathlib import Path

import duckdb
import pytest

from etl import contract
from tests.conftest import cli_load
from tools import contract_doc

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "data" / "samples").glob("*.xlsx"))


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("contract") / "poa.duckdb"
    run = cli_load(db, *SAMPLES)
    assert run.returncode == 0, run.stdout + run.stderr
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_the_samples_fill_every_model(samples_store):
    # Checks on empty models would prove nothing: a model the samples cannot fill names the test that does.
    empty = [m for m in contract.models() if samples_store.execute(f"SELECT count(*) FROM {contract.relation(m)}").fetchone()[0] == 0
             and "checked_by" not in contract.model(m)]
    assert empty == []


def sql_of_test(node_id: str) -> str:
    """The string literals of the test function a node id ('tests/x/test_y.py::test_z') names, its docstring left
    out: the SQL it runs. Fails when the file has no such test function at its top level."""
    path, _, name = node_id.partition("::")
    file = Path(contract.CONTRACT).parents[1] / path
    assert name.startswith("test_") and file.is_file(), f"checked_by no es el id de una prueba: {node_id}"
    tree = ast.parse(file.read_text(encoding="utf-8"))
    func = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name), None)
    assert func is not None, f"{path} no tiene la prueba {name}"
    body = func.body[1:] if ast.get_docstring(func) else func.body
    assert any(isinstance(n, ast.Assert) for stmt in body for n in ast.walk(stmt)), f"{node_id} no comprueba nada"
    return "\n".join(n.value for stmt in body for n in ast.walk(stmt)
                     if isinstance(n, ast.Constant) and isinstance(n.value, str))


@pytest.mark.parametrize("model", [m for m in contract.models() if "checked_by" in contract.model(m)])
def test_a_model_the_samples_leave_empty_is_checked_elsewhere(model):
    # The test it names must exist, and its own queries (not the file's other tests) must read the model.
    node_id = contract.model(model)["checked_by"]
    assert re.search(rf"\b(FROM|JOIN)\s+{model}\b", sql_of_test(node_id), flags=re.IGNORECASE), \
        f"{node_id} no consulta {model}"


def test_the_store_has_exactly_the_contract_models(samples_store):
    got = {r[0] for r in samples_store.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    assert got == {m for m in contract.models() if contract.stored(m)}


@pytest.mark.parametrize("model", contract.models())
def test_columns_and_types(samples_store, model):
    got = [(r[0], r[1]) for r in samples_store.execute(f"DESCRIBE SELECT * FROM {contract.relation(model)}").fetchall()]
    assert got == [(c["name"], c["type"]) for c in contract.columns(model)]


@pytest.mark.parametrize("model", contract.models())
def test_checks(samples_store, model):
    broken = {label: n for label, sql, params in contract.checks(model)
              if (n := samples_store.execute(sql, params).fetchone()[0])}
    assert broken == {}


def fake(con, model, rows):
    """A table standing in for a model, with the contract's columns and the given rows."""
    cols = ", ".join(f"{c['name']} {c['type']}" for c in contract.columns(model))
    con.execute(f"CREATE TABLE {model} ({cols})")
    marks = ", ".join("?" for _ in contract.columns(model))
    for row in rows:
        con.execute(f"INSERT INTO {model} VALUES ({marks})", row)


def failing(con, model):
    return sorted(label for label, sql, params in contract.checks(model) if con.execute(sql, params).fetchone()[0])


def test_each_kind_of_check_catches_a_bad_row():
    con = duckdb.connect()
    fake(con, "activities", [])
    con.execute("INSERT INTO activities (activity_id) VALUES (1)")
    row = [1, "Instituto Inventado", 2024, "Eje", "OE", "TI", "1.1.", "a", 1, 10.0, 5.0, 0.5, "behind", None, "a"]
    fake(con, "v_quarter_progress", [row])
    assert failing(con, "v_quarter_progress") == []
    con.execute("INSERT INTO v_quarter_progress VALUES (1, NULL, 2024, 'Eje', 'OE', 'TI', '1.1.', 'a', 1, "
                "10.0, 5.0, 0.5, 'lost', NULL, 'a'), (99, 'X', 2024, 'Eje', 'OE', 'TI', NULL, 'b', 2, NULL, NULL, NULL, 'pending', "
                "NULL, 'b')")
    assert failing(con, "v_quarter_progress") == [
        "v_quarter_progress expect no execution before the quarter is reported or without a target",
        "v_quarter_progress unique (activity_id, quarter)",
        "v_quarter_progress.activity_id relationship activities.activity_id",
        "v_quarter_progress.institution not_null",
        "v_quarter_progress.status accepted_values",
    ]
    fake(con, "v_activity_calendar", [[1, "X", 2024, "E", "O", "U", None, "a", 0, 0, False]] * 2)
    assert failing(con, "v_activity_calendar") == ["v_activity_calendar.activity_id unique"]


def test_doc_is_generated_from_the_contract():
    assert contract_doc.DOC.read_text(encoding="utf-8") == contract_doc.render(), \
        "docs/data-contract.md is stale: run python -m tools.contract_doc"


@pytest.mark.parametrize("path", sorted((Path(contract.CONTRACT).parent / "marts").glob("*.sql")), ids=lambda p: p.name)
def test_marts_never_read_a_table(path):
    # Staging decides which rows count (loaded files) and how empty groups are named; a mart reading a
    # table directly would skip both.
    sql = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
    read = set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", sql, flags=re.IGNORECASE))
    assert read & set(contract.models("base")) == set()


def test_empty_group_labels_are_written_once():
    sql_dir = Path(contract.CONTRACT).parent
    spelled = sorted(p.relative_to(sql_dir).as_posix() for p in sql_dir.rglob("*.sql")
                     if re.search(r"'\(sin (eje|objetivo|unidad)\)'", p.read_text(encoding="utf-8")))
    assert spelled == ["macros/labels.sql"]
