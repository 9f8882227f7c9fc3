"""Every derived model, from its declaration in sql/contract.toml: derived when files are written, deleted with
them, written again per plan, and rebuilt whole.

A derived model is a pure function of the fact tables, defined once as the macro `<name>_of` in
sql/derived/<name>.sql. Its declaration says its grain and how it is kept:
- grain "per_file", materialized "table": rows of the files written, `<name>_of(lo, hi)` over their activity ids,
  deleted with the file's rows.
- grain "per_group", materialized "table": rows only added (new groups), `<name>_of(lo, hi)`.
- grain "per_activity", materialized "columns": columns of the fact table `table`, set by `<name>_of(lo, hi)`
  through `key`; `written_with_row` ones the writer works out as the row goes in.
- grain "per_plan", materialized "table": rows of whole plans, `<name>_of(only_stale)`, written again for the
  plans stale_plans names (refresh_plans) and read meanwhile through their mart's fallback.
Models are derived in the contract's order: each reads only facts and models above it.
"""
from __future__ import annotations

from etl import contract

EVERY = (0, 2**63 - 1)  # the whole id range


def models(grain: str | None = None) -> list[tuple[str, dict]]:
    out = [(name, contract.model(name)) for name in contract.models("derived")]
    return [(n, m) for n, m in out if grain is None or m["grain"] == grain]


def derive(con, lo: int, hi: int) -> None:
    """Every model but the per-plan ones, for the files whose activities have ids lo..hi (whole files)."""
    for name, m in models():
        if m["grain"] == "per_plan" or m.get("written_with_row"):
            continue
        _fill(con, name, m, lo, hi)


def drop_files(con, file_ids: list[int]) -> None:
    """The per-file rows of these files (the columns go with their rows; groups stay)."""
    for name, _ in models("per_file"):
        _run(con, f'DELETE FROM "{name}" WHERE file_id IN (SELECT unnest(?))', [file_ids])


def refresh_plans(con) -> int:
    """Write again the per-plan rows of the plans loads have marked stale, in one transaction, a statement per model
    for all of them: after a batch of files (etl/load) and when the store is opened. Returns how many plans; a crash
    before it leaves them stale, and the marts still right."""
    stale = _run(con, "SELECT count(*) FROM stale_plans")[0][0]
    if not stale:
        return 0
    _run(con, "BEGIN TRANSACTION")
    try:
        for name, _ in models("per_plan"):
            _run(con, f'DELETE FROM "{name}" t WHERE is_stale(t.institution, t.year)')
            _run(con, f'INSERT INTO "{name}" BY NAME SELECT * FROM {name}_of(true)')
        _run(con, "DELETE FROM stale_plans")
        _run(con, "COMMIT")
    except BaseException:
        _run(con, "ROLLBACK")
        raise
    return stale


def rebuild(con) -> None:
    """Every model from the facts alone, in the caller's transaction: when sql/ changes, and after `etl names`
    rewrites names the models group by."""
    for name, m in models():
        if m["materialized"] == "table":
            _run(con, f'DELETE FROM "{name}"')
        if m["grain"] == "per_plan":
            _run(con, f'INSERT INTO "{name}" BY NAME SELECT * FROM {name}_of(false)')
        else:
            _fill(con, name, m, *EVERY)
    _run(con, "DELETE FROM stale_plans")


def _fill(con, name: str, m: dict, lo: int, hi: int) -> None:
    if m["materialized"] == "table":
        _run(con, f'INSERT INTO "{name}" BY NAME SELECT * FROM {name}_of(?, ?)', [lo, hi])
        return
    key = m["key"]
    columns = [c["name"] for c in contract.columns(name) if c["name"] not in key]
    sets = ", ".join(f'"{c}" = d."{c}"' for c in columns)
    match = " AND ".join(f't."{k}" = d."{k}"' for k in key)
    # The range on the target too, so the UPDATE scans the files written, not the table.
    _run(con, f'UPDATE "{m["table"]}" t SET {sets} FROM {name}_of(?, ?) d '
              f'WHERE {match} AND t."{key[0]}" BETWEEN ? AND ?', [lo, hi, lo, hi])


def _run(con, sql: str, params=None) -> list:
    return con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()
