"""The one module that writes the store: schema, views, and each workbook in one transaction."""
from __future__ import annotations

import functools
import hashlib
import os
import time
from pathlib import Path

import duckdb

from etl import contract, plans, turns
from etl.model import WorkbookData

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
DEFAULT_DB = ROOT / "data" / "poa.duckdb"
LAYERS = ("base", "staging", "marts")
APPEND_ROWS = 2_000


def default_db() -> Path:
    return Path(os.environ.get("POA_DB") or DEFAULT_DB)


def sql_files() -> list[Path]:
    """Schema then views, layer by layer, in name order within a layer."""
    return [p for layer in LAYERS for p in sorted((SQL_DIR / layer).glob("*.sql"))]


def connect(
    db: Path | str | None = None, read_only: bool = False, wait_s: float = 30.0, schema: bool = True
) -> duckdb.DuckDBPyConnection:
    """Open the store, creating tables and views when they are missing (`schema=False` skips that,
    for a caller that has just done it in this run).

    DuckDB lets one process write, or several read, at a time. The dashboard and the loader
    both keep connections short and wait here for the other's to close (see docs/reliability.md).
    """
    path = Path(db) if db else default_db()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    try:
        turn = turns.take(path, exclusive=not read_only, wait_s=wait_s)
    except turns.TurnTimeout:
        raise StoreBusy(path) from None
    try:
        con = _open(path, read_only, deadline)
    except BaseException:
        if turn is not None:
            turn.release()
        raise
    con = Connection(con, turn)
    if not read_only and schema:
        try:
            apply_schema(con)
            refresh_stale_plans(con)  # left stale by a load that stopped before its last batch
        except duckdb.Error as exc:  # a damaged store, a full or read-only disk: said in Spanish
            con.close()
            raise StoreUnreadable(describe(path, exc)) from exc
        except BaseException:
            con.close()
            raise
    return con


class Connection:
    """A DuckDB connection that holds its turn at the store (etl/turns.py) until it is closed."""

    __slots__ = ("_con", "_turn")

    def __init__(self, con: duckdb.DuckDBPyConnection, turn: turns.Turn | None):
        self._con, self._turn = con, turn

    def __getattr__(self, name):
        return getattr(self._con, name)

    def close(self) -> None:
        try:
            self._con.close()
        finally:
            if self._turn is not None:
                self._turn.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _open(path: Path, read_only: bool, deadline: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, waiting for a process that does not take turns (an older loader, another tool)."""
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not is_busy(exc):
                raise StoreUnreadable(describe(path, exc)) from exc
            if time.monotonic() >= deadline:
                raise StoreBusy(path) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.25)
        except duckdb.Error as exc:  # a damaged file can fail as it is opened, with any kind of error
            raise StoreUnreadable(describe(path, exc)) from exc
    return con


class StoreError(Exception):
    """The store could not be used; the message says why, in Spanish, and what to do."""


class StoreUnreadable(StoreError):
    """The file is not a store, is damaged, or cannot be written (a read-only disk, a full one)."""


def is_busy(exc: BaseException) -> bool:
    """IOException 'Could not set lock': another process holds the file. ConnectionException: this process
    (the dashboard, another session) has it open with another configuration for a moment."""
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


# DuckDB's words for what went wrong with a file, and what the user is told (the path is put in front).
_PROBLEMS = (
    ("not a valid DuckDB database file", "no es un almacén del tablero (está vacío, dañado o es otro tipo de "
     "archivo); no se tocó. Si es una copia dañada, restáurela desde la copia de seguridad; si es otro archivo, "
     "indique el almacén con --db o POA_DB"),
    ("checksum", "está dañado (una suma de verificación no coincide: el archivo cambió en el disco); no se escribió "
     "nada. Restáurelo desde la copia de seguridad, o cree uno nuevo y vuelva a cargar los libros"),
    ("corrupt", "está dañado; no se escribió nada. Restáurelo desde la copia de seguridad, o cree uno nuevo y "
     "vuelva a cargar los libros"),
    ("no space left", "no se pudo escribir: el disco está lleno; el almacén quedó como estaba. Libere espacio y "
     "vuelva a cargar"),
    ("read-only file system", "no se puede escribir: el disco es de solo lectura; el almacén quedó como estaba. "
     "Use un almacén en una carpeta donde se pueda escribir"),
    ("permission denied", "no se puede abrir o escribir: falta permiso sobre el archivo o su carpeta; el almacén "
     "quedó como estaba"),
    ("is a directory", "es una carpeta, no un archivo; indique el archivo del almacén con --db o POA_DB"),
    ("not a directory", "no está en una carpeta válida; indique otro almacén con --db o POA_DB"),
    ("invalidated", "dejó de responder tras un error de escritura (disco lleno o dañado); el almacén quedó como "
     "estaba en su último guardado. Revise el disco y vuelva a cargar"),
)


def problem(exc: BaseException) -> str | None:
    """What went wrong with the store's file (damaged, disk full, read-only…) in Spanish, if DuckDB's error says."""
    text = str(exc).lower()
    return next((spanish for words, spanish in _PROBLEMS if words.lower() in text), None)


def describe(path: Path | str, exc: BaseException) -> str:
    """What went wrong with the store, in Spanish, from DuckDB's (English) error."""
    said = problem(exc)
    if said is None:
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        said = f"no se pudo usar ({first}); el almacén quedó como estaba en su último guardado"
    return f"el almacén {path} {said}"


class StoreBusy(StoreError):
    """Another process held the store for longer than we were willing to wait."""

    def __init__(self, path: Path):
        super().__init__(
            f"el almacén {path} está ocupado por otro proceso (otra carga en curso); inténtelo de nuevo en unos segundos"
        )


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the store up to the schema in sql/, unless it was last brought up to this very one
    (sql/base/14_schema_applied.sql). The fingerprint is written last: a store left halfway gets it all again."""
    fingerprint, texts = _schema()
    if _applied(con) == fingerprint:
        return
    for text in texts:
        _run(con, text)
    _run(con, "INSERT INTO schema_applied VALUES (?, now()::TIMESTAMP)", [fingerprint])


@functools.lru_cache(maxsize=1)
def _schema() -> tuple[str, tuple[str, ...]]:
    """The SQL files' texts, and a fingerprint of them and of DuckDB's version; read once per process."""
    paths = sql_files()
    texts = tuple(path.read_text(encoding="utf-8") for path in paths)
    digest = hashlib.sha256(duckdb.__version__.encode())
    for path, text in zip(paths, texts):
        digest.update(f"\0{path.relative_to(SQL_DIR).as_posix()}\0{text}".encode())
    return digest.hexdigest(), texts


def _applied(con) -> str | None:
    try:
        rows = _run(con, "SELECT fingerprint FROM schema_applied")
    except duckdb.CatalogException:  # a new store, or one written before the table
        return None
    return rows[0][0] if len(rows) == 1 else None


def _run(con, sql: str, params=None) -> list:
    """Execute and read the result to the end: DuckDB 2 refuses other work while a result is unread."""
    return con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()


class LoadedFiles:
    """The store's loaded files by content and by plan, read once per batch and kept in step with its writes:
    asking the store for each workbook cost a small workbook's load two milliseconds."""

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
    whose earlier ones are kept as history (etl/plans.py), so they are among the plan's other files."""
    named = [f for f, same, name in rows if name and not same]
    # Asked only when a file of the plan has this name: each statement costs a small workbook's load a millisecond.
    followups = {r[0] for r in _run(
        con, "SELECT DISTINCT file_id FROM plan_versions WHERE file_id IN (SELECT unnest(?)) "
             "AND followup IS DISTINCT FROM ?", [named, data.followup])} if named else set()
    old = [f for f, same, name in rows if same or (name and f not in followups)]
    return old, [f for f, *_ in rows if f not in old]


def write_workbook(con: duckdb.DuckDBPyConnection, data: WorkbookData, message: str | None = None,
                   loaded_by: str | None = None) -> int:
    """Write one workbook, replacing an earlier load of the same file; all or nothing. Returns file_id.

    Within its plan, the workbook's units supersede older copies of them, or are kept as history when
    they are older (etl/plans.py); what it did goes to `data.plan_changes` and the load's message.
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

    What is derived from their rows (sql/base/09_* to 12_*) is written once for all of them at `commit`, one
    statement per table: per workbook those statements cost about 40 ms whatever its size, most of a small
    workbook's load. Each workbook stays all or nothing: if one fails, the caller rolls the batch back and
    writes its workbooks again one per batch (etl/load.py), so the failing one alone is left out."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con, self.names, self.touched = con, [], []
        self.first_id: int | None = None  # the batch's activities have consecutive ids from here on
        self.next_id: int | None = None
        self.reports = False
        self.loaded: LoadedFiles | None = None
        # The workbooks' rows, written together when the batch commits or a workbook needs to see them: an
        # INSERT costs about a millisecond whatever its size, and a small workbook fills five tables.
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
        # No actual anywhere in the workbook: it reports no quarter, and that statement is saved.
        self.reports = self.reports or any(r is not None for a in data.activities for _, r in a.quarters.values())
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
                _derive(con, None, span=(self.first_id, last),
                        without=() if self.reports else ("reported_quarters", "quarter_bins"))
        if self.touched:
            # Their per-plan rows are written again after this batch (etl/load.py); until then the views work
            # them out (sql/staging/14_*).
            _run(con, "INSERT INTO stale_plans SELECT DISTINCT institution, year FROM source_files f "
                      "WHERE file_id IN (SELECT unnest(?)) AND year IS NOT NULL "
                      "AND NOT is_stale(f.institution, f.year)", [self.touched])
        if os.environ.get("POA_TEST_TX_SIGNAL") and self.names:  # crash tests kill us here: rows written, not committed
            with open(os.environ["POA_TEST_TX_SIGNAL"], "a") as f:
                f.write("".join(name + "\n" for name in self.names))
            release, until = os.environ["POA_TEST_TX_SIGNAL"] + ".release", time.monotonic() + 30
            while not os.path.exists(release) and time.monotonic() < until:
                time.sleep(0.05)
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
    for file_id in file_ids:  # derived rows first, while the activities still say which are the file's
        _derive(con, file_id, drop=True)
    ids = "SELECT activity_id FROM activities WHERE file_id IN (SELECT unnest(?))"
    for sql in (f"DELETE FROM activity_months WHERE activity_id IN ({ids})",
                f"DELETE FROM activity_quarters WHERE activity_id IN ({ids})",
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


def _derive(con, file_id: int | None, drop: bool = False, span: tuple[int, int] | None = None,
            without: tuple[str, ...] = ()) -> None:
    """What the dashboard would otherwise recompute at every query, from the file's rows: its activities' schedule
    masks, its reported quarters, its Metas vs real sums and histogram with their group keys and its activities
    summed per group, schedule and currency (sql/base/10_* to 12_*; sql/staging/12_*, 13_*), one statement each;
    then, on the rows themselves, whether each activity-quarter's file reported it (activity_quarters.reported)
    and each activity's masks. (The search texts go in with the row: WORKED_OUT.) With `drop`, delete them instead
    (before the file's activities go). `span`: the file's first and last activity id when the caller knows
    them (it has just written them); with no `file_id`, every file's activities in `span` (a Batch's);
    `without`: tables the caller knows would get no row."""
    ids = "SELECT activity_id FROM activities WHERE file_id = ?"
    if drop:
        _run(con, f"DELETE FROM activity_masks WHERE activity_id IN ({ids})", [file_id])
        for table in ("reported_quarters", "quarter_rollup", "quarter_bins", "group_rollup"):  # group_keys stay
            _run(con, f"DELETE FROM {table} WHERE file_id = ?", [file_id])
        return
    lo, hi = span or _run(con, "SELECT min(activity_id), max(activity_id) FROM activities WHERE file_id = ?",
                          [file_id])[0]
    if lo is None:
        return
    # In this order: the masks' statuses read the reported quarters; the rollups read the masks, reported quarters
    # and group keys. BY NAME: a column added to a table later (quarter_rollup.pending, .pct_sum_met,
    # activity_masks.status_mask) may not be where its macro's column is.
    for table in ("reported_quarters", "activity_masks", "group_keys", "quarter_rollup",
                  "quarter_bins", "group_rollup"):
        if table not in without:
            _run(con, f"INSERT INTO {table} BY NAME SELECT * FROM {table}_of(?, ?, ?)", [file_id, lo, hi])
    _run(con, "UPDATE activity_quarters q SET reported = r.reported FROM quarters_reported_of(?, ?) r "
              "WHERE q.activity_id = r.activity_id AND q.quarter = r.quarter", [lo, hi])
    _run(con, "UPDATE activities a SET month_mask = m.month_mask, quarter_mask = m.quarter_mask, "
              "status_mask = m.status_mask FROM masks_copied_of(?, ?) m "
              "WHERE a.activity_id = m.activity_id AND a.activity_id BETWEEN ? AND ?", [lo, hi, lo, hi])



# Views answered per plan whose rows are written after a batch of files (sql/base/13_plan_rows.sql): each
# table's rule is the macro named after it (target_vs_real_rows <- target_vs_real_of).
PLAN_ROWS = ("target_vs_real_rows", "execution_history_rows", "plan_comparison_rows", "budget_totals_rows",
             "coverage_rows")


def refresh_stale_plans(con) -> int:
    """Write again the per-plan rows of the plans loads have marked stale, in one transaction, a statement per
    table for all of them: after a batch of files (etl/load.py) and when the store is opened. Returns how many
    plans; a crash before it leaves them stale, and the views still right."""
    stale = _run(con, "SELECT count(*) FROM stale_plans")[0][0]
    if not stale:
        return 0
    _run(con, "BEGIN TRANSACTION")
    try:
        for table in PLAN_ROWS:
            _run(con, f"DELETE FROM {table} t WHERE is_stale(t.institution, t.year)")
            _run(con, f"INSERT INTO {table} BY NAME SELECT * FROM {table.removesuffix('_rows')}_of(true)")
        _run(con, "DELETE FROM stale_plans")
        _run(con, "COMMIT")
    except BaseException:
        _run(con, "ROLLBACK")
        raise
    return stale


# Columns the store works out from the row's others as it goes in (the rules: sql/base/09_activity_search.sql).
# Written with the row, not by an UPDATE afterwards: a workbook is one transaction, and DuckDB holds every updated
# string of it in memory (a 60,000-activity workbook overran the loader's 64 MB).
WORKED_OUT = {"activities": {
    "search_text": "search_text_of(activity, code, indicator, product, responsible, target_text, observations, "
                   "budget_note, unit, objective, axis)",
    "progress_search_text": "progress_search_text_of(activity, code, unit, objective)"}}


# The activities' columns no workbook gives: the masks (_derive copies them) and the search texts (WORKED_OUT).
FILLED_BY_STORE = ("month_mask", "quarter_mask", "status_mask", *WORKED_OUT["activities"])


def _append(con, table: str, columns: dict[str, list]) -> None:
    """INSERT the columns (name -> values, all of one length) into `table` in one statement.

    Each column goes as one list parameter, unnested side by side, and DuckDB casts to the table's types:
    no per-row statements, and neither pandas nor pyarrow to import (their import alone costs a small load
    a fifth of a second)."""
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
