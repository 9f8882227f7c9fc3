"""Bringing a store up to the schema in sql/: the fact tables, then every view and derived model.

Derived models are pure functions of the fact tables, so a store whose sql/ fingerprint differs is not patched:
every derived table, view and macro is dropped and made again, and the derived models are rebuilt from the facts
(derived.rebuild). The fact tables are created when missing and otherwise must already have their final shape.
"""
from __future__ import annotations

import functools
import hashlib

import duckdb

from etl import contract, paths
from etl.store import derived
from etl.store.errors import StoreUnreadable


def sql_files() -> list:
    """Every file of sql/ in the order it is applied: facts and macros in name order, then each model's file in the
    contract's order, the per-plan derived models after the staging views they read."""
    sql = paths.SQL_DIR
    by_layer = {layer: [] for layer in ("derived", "staging", "late", "marts", "dashboard")}
    for name in contract.models():
        m = contract.model(name)
        layer = m["layer"]
        if layer == "derived" and m.get("materialized") == "columns":
            path = sql / "derived" / f"{name}.sql"
        elif layer in ("derived", "staging", "marts", "dashboard"):
            path = sql / ("derived" if layer == "derived" else layer) / f"{m.get('file', name)}.sql"
        else:
            continue
        key = "late" if layer == "derived" and m["grain"] == "per_plan" else layer
        if path not in by_layer[key]:
            by_layer[key].append(path)
    order = [*sorted((sql / "facts").glob("*.sql")), *sorted((sql / "macros").glob("*.sql"))]
    for layer in ("derived", "staging", "late", "marts", "dashboard"):
        order += by_layer[layer]
    return order


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the store up to sql/, unless it was last brought up to this very one. All in one transaction, and the
    fingerprint written last: a store left halfway gets it all again."""
    fingerprint, texts = _schema()
    if _applied(con) == fingerprint:
        return
    _run(con, "SET enable_progress_bar = false")  # a rebuild of a big store would draw DuckDB's bar on the CLI
    _run(con, "BEGIN TRANSACTION")
    try:
        _drop_derived(con)
        checked = False
        for path, text in texts:
            if not checked and path.parent.name != "facts":
                _check_facts(con)
                checked = True
            _run(con, text)
        derived.rebuild(con)
        _run(con, "INSERT INTO schema_applied VALUES (?, now()::TIMESTAMP)", [fingerprint])
        _run(con, "COMMIT")
    except BaseException:
        _run(con, "ROLLBACK")
        raise


@functools.lru_cache(maxsize=1)
def _schema() -> tuple[str, tuple]:
    """The SQL files and their texts, and a fingerprint of them, of the contract and of DuckDB's version."""
    files = sql_files()
    texts = tuple((path, path.read_text(encoding="utf-8")) for path in files)
    digest = hashlib.sha256(duckdb.__version__.encode())
    digest.update(contract.CONTRACT.read_bytes())
    for path, text in texts:
        digest.update(f"\0{path.relative_to(paths.SQL_DIR).as_posix()}\0{text}".encode())
    return digest.hexdigest(), texts


def _applied(con) -> str | None:
    try:
        rows = _run(con, "SELECT fingerprint FROM schema_applied")
    except duckdb.CatalogException:  # a new store
        return None
    return rows[0][0] if len(rows) == 1 else None


def _drop_derived(con) -> None:
    """Every view, macro and table but the fact tables: what sql/ makes again, from the facts."""
    facts = set(contract.models("facts"))
    for (name,) in _run(con, "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"):
        _run(con, f'DROP VIEW IF EXISTS "{name}"')
    for name, kind in _run(con, "SELECT DISTINCT function_name, function_type FROM duckdb_functions() "
                                "WHERE NOT internal AND schema_name = 'main' AND function_type IN ('macro', 'table_macro')"):
        _run(con, f'DROP {"MACRO TABLE" if kind == "table_macro" else "MACRO"} IF EXISTS "{name}"')
    for (name,) in _run(con, "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main'"):
        if name not in facts:
            _run(con, f'DROP TABLE IF EXISTS "{name}"')


def _check_facts(con) -> None:
    """A store written by an earlier version of the tablero, whose fact tables have another shape, is not patched:
    there has been no release to carry stores forward (sql/migrations/README.md)."""
    for name in contract.models("facts"):
        have = [(r[0], r[1]) for r in _run(con, f'DESCRIBE "{name}"')]
        want = [(c["name"], c["type"]) for c in contract.columns(name)]
        if have != want:
            raise StoreUnreadable(
                f"el almacén fue escrito por una versión anterior del tablero (la tabla {name} tiene otra forma); "
                "no se tocó. Cree un almacén nuevo y vuelva a cargar los libros (python -m etl load)")


def _run(con, sql: str, params=None) -> list:
    """Execute and read the result to the end: DuckDB refuses other work while a result is unread."""
    return con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()
