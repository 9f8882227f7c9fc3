"""Writing workbooks into the store: each one all or nothing, several in one transaction (Batch)."""
from __future__ import annotations

import duckdb

from etl import contract
from etl.model import WorkbookData
from etl.store import derived, plans

APPEND_ROWS = 2_000
# Called with the batch's file names just before it commits (the crash tests stop a loader there); empty in use.
before_commit: list = []


class LoadedFiles:
    """The store's loaded files by content and by plan, read once per batch and kept in step with its writes:
    asking the store for each workbook was a noticeable part of a small workbook's load."""

    def __init__(self, con):
        self.by_id: dict[int, tuple[str, str, str, int]] = {}
        self.by_sha: dict[str, set[int]] = {}
        self.by_plan: dict[tuple[str, int], set[int]] = {}
        for row in _run(con, "SELECT file_id, sha256, file_name, institution, year FROM source_files "
                             "WHERE status = 'loaded'"):
            self.add(*row)

    def add(self, file_id: int, sha256: str, file_name: str, institution: str, year: int) -> None:
        self.by_id[file_id] = (sha256, file_name, institution, year)
        self.by_sha.setdefault(sha256, set()).add(file_id)
        self.by_plan.setdefault((institution, year), set()).add(file_id)

    def drop(self, file_id: int) -> None:
        sha256, _, institution, year = self.by_id.pop(file_id)
        self.by_sha[sha256].discard(file_id)
        self.by_plan[(institution, year)].discard(file_id)

    def matching(self, data: WorkbookData) -> list[tuple[int, bool, bool]]:
        """(file_id, same bytes, same name) of the loaded files with its bytes or of its plan, by file_id."""
        ids = self.by_sha.get(data.sha256, set()) | self.by_plan.get((data.institution, data.year), set())
        return [(f, self.by_id[f][0] == data.sha256, self.by_id[f][1] == data.file_name) for f in sorted(ids)]


def _previous_loads(con, data: WorkbookData, rows: list[tuple[int, bool, bool]]) -> tuple[list[int], list[int]]:
    """(loads this one replaces, the plan's other loaded files), from LoadedFiles.matching.

    A load replaces the same bytes, or an edited copy of the same plan. A name alone is not enough:
    every institution calls its file 'POA 2024.xlsx', and one must not replace another.
    Nor is a name and a plan: a unit that sends 'POA Compras.xlsx' every quarter sends follow-ups,
    whose earlier ones are kept as history (etl/store/plans.py), so they are among the plan's other files."""
    named = [f for f, same, name in rows if name and not same]
    # Asked only when a file of the plan has this name: each statement weighs on a small workbook's load.
    followups = {r[0] for r in _run(
        con, "SELECT DISTINCT file_id FROM plan_versions WHERE file_id IN (SELECT unnest(?)) "
             "AND followup IS DISTINCT FROM ?", [named, data.followup])} if named else set()
    old = [f for f, same, name in rows if same or (name and f not in followups)]
    return old, [f for f, *_ in rows if f not in old]


def write_workbook(con: duckdb.DuckDBPyConnection, data: WorkbookData, message: str | None = None,
                   loaded_by: str | None = None) -> int:
    """Write one workbook, replacing an earlier load of the same file; all or nothing. Returns file_id.

    Within its plan, the workbook's units supersede older copies of them, or are kept as history when
    they are older (etl/store/plans.py); what it did goes to `data.plan_changes` and the load's message.
    `loaded_by` is who asked for the load (an e-mail, 'cli:<os user>'), kept for the audit."""
    batch = Batch(con)
    try:
        file_id = batch.write(data, message, loaded_by)
        batch.commit()
    except BaseException:
        batch.rollback()
        raise
    return file_id


class Batch:
    """Workbooks written one after another in one transaction, committed together.

    What is derived from their rows (etl/store/derived.py) is written once for all of them at `commit`, one
    statement per model: per workbook those statements would cost more than a small workbook's own rows. Each workbook stays all or nothing: if one fails, the caller rolls the batch back and
    writes its workbooks again one per batch (etl/load/), so the failing one alone is left out."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con, self.names, self.touched = con, [], []
        self.first_id: int | None = None  # the batch's activities have consecutive ids from here on
        self.next_id: int | None = None
        self.loaded: LoadedFiles | None = None
        # The workbooks' rows, written together when the batch commits or a workbook needs to see them: an
        # INSERT costs about the same whatever its size, and a small workbook fills five tables.
        self.rows: dict[str, dict[str, list]] = {}
        self.held: set[int] = set()  # the files whose rows these are
        _run(con, "BEGIN TRANSACTION")

    def write(self, data: WorkbookData, message: str | None = None, loaded_by: str | None = None) -> int:
        """Write one workbook's rows, replacing an earlier load of it (see write_workbook). Returns file_id."""
        con = self.con
        if self.loaded is None:
            self.loaded = LoadedFiles(con)
        matching = self.loaded.matching(data)
        if self.held.intersection(f for f, *_ in matching):  # it replaces or compares with a workbook of this batch
            self.flush()
        old, others = _previous_loads(con, data, matching)
        if self.next_id is None:
            self.next_id = _run(con, "SELECT coalesce(max(activity_id), 0) + 1 FROM activities")[0][0]
        first_id = self.next_id
        # Its row waits with the others (flush); the id is taken now, as the INSERT's default would.
        file_id = _run(con, "SELECT nextval('seq_file_id')")[0][0]
        # Units the replaced loads covered are not new to the plan.
        reloaded = {r[0] for r in _run(
            con, "SELECT unit_key FROM plan_versions WHERE file_id IN (SELECT unnest(?))", [old])} if old else set()
        if old:
            _delete_file_rows(con, old)
            _run(con, "UPDATE source_files SET status = 'replaced', message = ? "
                      "WHERE file_id IN (SELECT unnest(?))", [f"Reemplazado por la carga n.º {file_id}", old])
            # Older copies it had superseded are history of the copy that is current now.
            _run(con, "UPDATE plan_versions SET superseded_by = ? WHERE superseded_by IN (SELECT unnest(?))",
                 [file_id, old])
        for file in old:
            self.loaded.drop(file)
        self.loaded.add(file_id, data.sha256, data.file_name, data.institution, data.year)
        self._hold(_rows(file_id, data, first_id))
        self.held.add(file_id)
        self.next_id = first_id + len(data.activities)  # above every id in the store, as max + 1 was
        if data.activities and self.first_id is None:
            self.first_id = first_id
        data.plan_changes = plans.record(con, file_id, data, lambda columns: self._hold({"plan_versions": columns}),
                                         reloaded, others)
        if data.plan_changes:
            text = "; ".join(data.plan_changes)
            message = f"{text} — {message}" if message else text
        self._hold({"source_files": {
            "file_id": [file_id], "file_name": [data.file_name], "sha256": [data.sha256], "layout": [data.layout],
            "institution": [data.institution], "year": [data.year], "activities": [len(data.activities)],
            "status": ["loaded"], "message": [message], "loaded_by": [loaded_by]}})
        # The plans it touches: its own, and a replaced load's if that was another.
        self.touched += [file_id, *old]
        self.names.append(data.file_name)
        if len(data.activities) >= APPEND_ROWS:  # a big workbook gains nothing by waiting, and its lists weigh
            self.flush()
        return file_id

    def _hold(self, tables: dict[str, dict[str, list]]) -> None:
        for table, columns in tables.items():
            held = self.rows.setdefault(table, {c: [] for c in columns})
            for c, values in columns.items():
                held[c] += values

    def reject(self, file_name: str, sha256: str, message: str, loaded_by: str | None = None) -> int:
        return record_rejection(self.con, file_name, sha256, message, loaded_by=loaded_by)

    def flush(self) -> None:
        rows, self.rows, self.held = self.rows, {}, set()
        for table, columns in rows.items():
            _append(self.con, table, columns)

    def commit(self) -> None:
        con = self.con
        self.flush()
        if self.first_id is not None:
            last = _run(con, "SELECT max(activity_id) FROM activities")[0][0]
            if last is not None and last >= self.first_id:
                derived.derive(con, self.first_id, last)
        if self.touched:
            # Their per-plan rows are written again after this batch (derived.refresh_plans); until then the marts
            # work them out.
            _run(con, "INSERT INTO stale_plans SELECT DISTINCT institution, year FROM source_files f "
                      "WHERE file_id IN (SELECT unnest(?)) AND year IS NOT NULL "
                      "AND NOT is_stale(f.institution, f.year)", [self.touched])
        for hook in before_commit:
            hook(self.names)
        _run(con, "COMMIT")

    def rollback(self) -> None:
        try:
            _run(self.con, "ROLLBACK")
        except duckdb.TransactionException:
            pass  # a COMMIT that failed (disk full) has already ended the transaction: nothing to undo


def _delete_file_rows(con, file_ids: list[int]) -> None:
    """Every row of these loads, one statement per table whatever their number."""
    if not file_ids:
        return
    derived.drop_files(con, file_ids)
    ids = "SELECT activity_id FROM activities WHERE file_id IN (SELECT unnest(?))"
    for sql in (f"DELETE FROM activity_months WHERE activity_id IN ({ids})",
                f"DELETE FROM activity_quarters WHERE activity_id IN ({ids})",
                f"DELETE FROM activity_budget_lines WHERE activity_id IN ({ids})",
                f"DELETE FROM activity_details WHERE activity_id IN ({ids})",
                "DELETE FROM activities WHERE file_id IN (SELECT unnest(?))",
                "DELETE FROM budget_lines WHERE file_id IN (SELECT unnest(?))",
                "DELETE FROM load_warnings WHERE file_id IN (SELECT unnest(?))",
                "DELETE FROM plan_versions WHERE file_id IN (SELECT unnest(?))"):
        _run(con, sql, [file_ids])


def _rows(file_id: int, data: WorkbookData, first_id: int) -> dict[str, dict[str, list]]:
    """Each table's rows of the workbook, as columns; the activities get ids from `first_id` on."""
    acts = data.activities
    n = len(acts)
    ids = range(first_id, first_id + n)
    fixed = {"activity_id": list(ids), "file_id": [file_id] * n,
             "institution": [data.institution] * n, "year": [data.year] * n}
    out = {"activities": {c: fixed[c] if c in fixed else [getattr(a, c, None) for a in acts]
                          for c in contract.column_names("activities") if c not in FILLED_BY_STORE}}
    month_ids, month_nos = [], []
    q_ids, q_nos, q_targets, q_actuals = [], [], [], []
    for aid, a in zip(ids, acts):
        for m in sorted(a.months):
            month_ids.append(aid)
            month_nos.append(m)
        for q, (t, r) in sorted(a.quarters.items()):
            if t is not None or r is not None:
                q_ids.append(aid)
                q_nos.append(q)
                q_targets.append(t)
                q_actuals.append(r)
    out["activity_months"] = {"activity_id": month_ids, "month": month_nos}
    out["activity_budget_lines"] = _budget_line_rows(ids, acts)
    d_ids, d_names, d_values = [], [], []
    for aid, a in zip(ids, acts):
        for name, value in (a.details or {}).items():
            d_ids.append(aid)
            d_names.append(name)
            d_values.append(value)
    out["activity_details"] = {"activity_id": d_ids, "detail": d_names, "value": d_values}
    out["activity_quarters"] = {"activity_id": q_ids, "quarter": q_nos, "target": q_targets, "actual": q_actuals}
    lines = data.budget_lines
    k = len(lines)
    out["budget_lines"] = {
        "file_id": [file_id] * k, "institution": [data.institution] * k, "year": [data.year] * k,
        **{c: [getattr(b, c) for b in lines]
           for c in ("unit", "item", "amount", "currency", "source_sheet", "source_row")}}
    w = data.warnings
    out["load_warnings"] = {
        "file_id": [file_id] * len(w), "position": list(range(1, len(w) + 1)),
        "sheet": [x.sheet for x in w], "row": [x.row for x in w], "message": [x.message for x in w]}
    return out


def _budget_line_rows(ids, acts) -> dict[str, list]:
    cols = {c: [] for c in ("activity_id", "line", "item", "stage", "amount", "currency", "quantity", "unit_cost",
                            "source_sheet", "source_row")}
    for aid, a in zip(ids, acts):
        for n, b in enumerate(a.budget_items or (), 1):
            for stage, amount in b.amounts.items():
                for c, v in (("activity_id", aid), ("line", n), ("item", b.item), ("stage", stage),
                             ("amount", amount), ("currency", b.currency or a.currency), ("quantity", b.quantity),
                             ("unit_cost", b.unit_cost), ("source_sheet", a.source_sheet),
                             ("source_row", b.source_row)):
                    cols[c].append(v)
    return cols


# Columns the store works out from the row's others as it goes in (the derived model activity_search).
# Written with the row, not by an UPDATE afterwards: a workbook is one transaction, and DuckDB holds every updated
# string of it in memory (a big workbook overran the loader's memory limit).
WORKED_OUT = {"activities": {
    "search_text": "search_text_of(activity, code, indicator, product, responsible, target_text, observations, "
                   "budget_note, unit, objective, axis)",
    "progress_search_text": "progress_search_text_of(activity, code, unit, objective)"}}


# The activities' columns no workbook gives: the derived models' (sql/contract.toml, materialized "columns").
FILLED_BY_STORE = tuple(c["name"] for name, m in derived.models("per_activity") if m["table"] == "activities"
                        for c in contract.columns(name) if c["name"] not in m["key"])


def _append(con, table: str, columns: dict[str, list]) -> None:
    """INSERT the columns (name -> values, all of one length) into `table` in one statement.

    Each column goes as one list parameter, unnested side by side, and DuckDB casts to the table's types:
    no per-row statements, and neither pandas nor pyarrow to import (their import alone would outweigh a
    small load)."""
    n = len(next(iter(columns.values())))
    cols = ", ".join(columns)
    worked_out = WORKED_OUT.get(table, {})
    # A rule may read a column the caller leaves out (NULL, as the INSERT would leave it).
    missing = [c for c in contract.column_names(table) if worked_out and c not in columns and c not in worked_out]
    values = ", ".join([*(f"unnest(?) AS {c}" for c in columns), *(f"NULL AS {c}" for c in missing)])
    into = ", ".join([cols, *missing, *worked_out])
    select = ", ".join(["*", *(f"{rule} AS {c}" for c, rule in worked_out.items())])
    # In slices: DuckDB holds each list parameter as one value, several times the size of the rows.
    for start in range(0, n, APPEND_ROWS):
        _run(con, f"INSERT INTO {table} ({into}) SELECT {select} FROM (SELECT {values})",
             [v[start:start + APPEND_ROWS] for v in columns.values()])


def record_rejection(con, file_name: str, sha256: str, message: str,
                     institution: str | None = None, year: int | None = None,
                     layout: str | None = None, loaded_by: str | None = None) -> int:
    return _run(
        con,
        "INSERT INTO source_files (file_name, sha256, layout, institution, year, activities, status, message, "
        "loaded_by) VALUES (?, ?, ?, ?, ?, 0, 'rejected', ?, ?) RETURNING file_id",
        [file_name, sha256, layout, institution, year, message, loaded_by],
    )[0][0]


def _run(con, sql: str, params=None) -> list:
    """Execute and read the result to the end: DuckDB refuses other work while a result is unread."""
    return con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()
