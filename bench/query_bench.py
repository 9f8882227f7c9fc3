"""p50/p95 of every query the pages run, taken from dashboard/queries.py itself.

Each query function is called with its `read` swapped for a recorder, so the SQL timed is the SQL the
pages send today. Each run is what the dashboard does on a cache miss: open the store read-only,
execute, fetch into pandas, close.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import duckdb


def _open(db: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db), read_only=True)
    con.execute("SET enable_progress_bar = false")  # it would print over the bench's own lines
    return con


def _capture(db: Path, fn, *args) -> list[tuple[str, tuple]]:
    """The SQL a query function sends, run for real on `db` so the function gets the frames it expects."""
    import os

    from dashboard import queries

    seen = []

    def record(sql, params=()):
        seen.append((sql, tuple(params)))
        return queries.read_uncached(sql, params)

    real, before = queries.read, os.environ.get("POA_DB")
    queries.read = record
    os.environ["POA_DB"] = str(db)
    try:
        fn(*args)
    finally:
        queries.read = real
        if before is None:
            os.environ.pop("POA_DB", None)
        else:
            os.environ["POA_DB"] = before
    return seen


def filter_sets(db: Path) -> dict:
    """No filter, and the filters a planner would set, with values that exist in the store."""
    from dashboard.filters import Filters

    con = _open(db)
    try:
        inst, year, unit = con.execute(
            "SELECT institution, year, coalesce(unit, '(sin unidad)') FROM activities "
            "GROUP BY ALL ORDER BY count(*) DESC, 1, 2, 3 LIMIT 1").fetchone()
        axis, objective = con.execute(
            "SELECT coalesce(axis, '(sin eje)'), coalesce(objective, '(sin objetivo)') FROM activities "
            "WHERE institution = ? GROUP BY ALL ORDER BY count(*) DESC, 1, 2 LIMIT 1", [inst]).fetchone()
    finally:
        con.close()
    return {
        "sin filtros": Filters(),
        "institución": Filters(institution=[inst]),
        "institución+año+unidad": Filters(institution=[inst], year=[year], unit=[unit]),
        "eje+objetivo": Filters(axis=[axis], objective=[objective]),
        "trimestre 2": Filters(quarter=2),
        "estado atrasada": Filters(status=["behind"]),
        "texto «auditoria»": Filters(text="auditoria"),
    }


# Arguments the pages pass beside the filters (pages/*.py), per query function.
_EXTRA_ARGS = {
    "options": [("institution",), ("year",), ("axis",), ("objective",), ("unit",)],
    "coverage_by": [("axis",), ("unit",)],
    "month_grid": [("axis",), ("unit",)],
    "budget_by": [("axis",), ("objective",), ("unit",)],
    "unit_rows": [("unit",)],  # placeholder: the busiest unit of the store (_unit_of)
}


# Cronograma groups these by unit or by axis, never both (charts.schedule_level).
_SCHEDULE_LEVEL = {"coverage_by", "month_grid"}


def _schedule_level(db: Path, filters) -> str:
    from dashboard import charts, queries

    spread = {}
    _capture(db, lambda: spread.update(queries.spread(filters)))
    return charts.schedule_level(spread)


# Evolución reads these for the one plan it shows (the first of history_plans, or the one picked).
_OF_ONE_PLAN = {"execution_history", "restated_actuals"}


def _plan_shown(db: Path, filters) -> tuple | None:
    from dashboard import queries

    plans = []
    _capture(db, lambda: plans.append(queries.history_plans(filters)))
    first = plans[0].head(1)
    return None if first.empty else (first["institution"].iloc[0], int(first["year"].iloc[0]))


# The export (every row, built only when a user clicks).
_NOT_PAGE_QUERIES = {"all_activities"}


def _unit_of(db: Path) -> str:
    """The unit with the most activity-quarters: what a planner would drill into on Metas vs real."""
    con = _open(db)
    try:
        return con.execute("SELECT unit FROM v_quarter_progress GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
                           ).fetchone()[0]
    finally:
        con.close()


def page_queries(db: Path, filters) -> list[tuple[str, str, tuple]]:
    """(query name, sql, params) for every query function of dashboard/queries.py that takes the filters."""
    import inspect

    from dashboard import queries

    calls = [("activity_count", queries.activity_count, ()), ("load_history", queries.load_history, ())]
    for name, fn in inspect.getmembers(queries, inspect.isfunction):
        if fn.__module__ != queries.__name__ or name.startswith("_") or name in _NOT_PAGE_QUERIES:
            continue
        params = list(inspect.signature(fn).parameters)
        if "f" not in params[:2]:
            continue
        for extra in _EXTRA_ARGS.get(name, [()]):
            if name == "unit_rows":
                extra = (_unit_of(db),)
            if name in _OF_ONE_PLAN:
                extra = _plan_shown(db, filters)
                if extra is None:
                    continue  # no plan under these filters: the page says so and reads no history
            if name in _SCHEDULE_LEVEL and extra[0] != _schedule_level(db, filters):
                continue  # Cronograma asks by unit or by axis, as the filters leave few units or many
            args = (extra[0], filters) if name == "options" else (filters, *extra)
            calls.append((name, fn, args))
    out = []
    for name, fn, args in calls:
        out.extend((name, sql, params) for sql, params in _capture(db, fn, *args))
    return out


def time_query(db: Path, sql: str, params: tuple, budget_s: float, min_runs: int = 3,
               max_runs: int = 20) -> dict:
    samples, rows = [], 0
    spent = 0.0
    while len(samples) < max_runs and (len(samples) < min_runs or spent < budget_s):
        start = time.perf_counter()
        con = _open(db)
        try:
            rows = len(con.execute(sql, list(params)).df())
        finally:
            con.close()
        samples.append((time.perf_counter() - start) * 1000)
        spent += samples[-1] / 1000
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(p95, 1), "runs": len(samples),
            "rows": rows}


def bench(db: Path, budget_s: float = 1.5) -> list[dict]:
    results, seen = [], set()
    for label, filters in filter_sets(db).items():
        for name, sql, params in page_queries(db, filters):
            if (sql, repr(params)) in seen:
                continue  # a filter this query ignores gives the same SQL as no filter
            seen.add((sql, repr(params)))
            results.append({"query": name, "filters": label, **time_query(db, sql, params, budget_s)})
    return results


def connect_ms(db: Path, runs: int = 20) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        duckdb.connect(str(db), read_only=True).close()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 1)


def main(argv: list[str] | None = None) -> int:
    """python -m bench.query_bench [--store N] [--no-pages]: the dashboard half of the bench on its own.

    Builds the store of N activities, times every page query and (unless --no-pages) every page, and writes
    the figures into bench/results.json under `dashboard` (and the lines between the DASHBOARD markers of
    results.md), leaving the ETL figures as they are."""
    import argparse
    import json
    import os

    from bench import big_store, pages

    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(prog="python -m bench.query_bench")
    parser.add_argument("--store", type=int, default=1_000_000, help="actividades del almacén (1.000.000)")
    parser.add_argument("--no-pages", action="store_true", help="sin AppTest de las páginas")
    parser.add_argument("--budget", type=float, default=1.0, help="segundos por consulta (mín. 3 corridas)")
    parser.add_argument("--out", type=Path, default=here)
    args = parser.parse_args(argv)
    db = here / "work" / f"store_{args.store}.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    big_store.build(db, args.store)
    built = round(time.perf_counter() - start, 1)
    load_before = os.getloadavg()[0]
    rows = bench(db, budget_s=args.budget)
    page_runs = [] if args.no_pages else pages.run_all(db)
    out = {
        "store_activities": args.store, "build_s": built, "connect_ms": connect_ms(db),
        "query_p95_ms_max": max(r["p95_ms"] for r in rows),
        "queries_over_150_ms": sum(r["p95_ms"] >= 150 for r in rows), "queries_timed": len(rows),
        "page_s_max": pages.slowest(page_runs) if page_runs else None,
        # Other work on the machine inflates every figure: the 1-minute load average before and after.
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "queries": rows, "pages": page_runs,
    }
    path = args.out / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results["dashboard"] = out
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    _write_markdown(out, args.out / "results.md")
    print(f"consultas: p95 máx. {out['query_p95_ms_max']} ms, {out['queries_over_150_ms']} de {len(rows)} ≥ 150 ms; "
          f"página más lenta {out['page_s_max']} s; carga {out['load_average']}", flush=True)
    return 0


BEGIN, END = "<!-- DASHBOARD (python -m bench.query_bench) -->", "<!-- /DASHBOARD -->"


def _write_markdown(d: dict, path: Path) -> None:
    """The dashboard section of results.md, replaced between its markers; the rest of the file is kept."""
    lines = [BEGIN, "", f"## Tablero con {d['store_activities']:,} actividades (`python -m bench.query_bench`)", "",
             f"Consulta más lenta p95: **{d['query_p95_ms_max']} ms**; {d['queries_over_150_ms']} de "
             f"{d['queries_timed']} consultas ≥ 150 ms; página más lenta: **{d['page_s_max']} s**. "
             f"Carga media de la máquina (1 min) antes / después: {d['load_average'][0]} / {d['load_average'][1]} "
             "(2 núcleos).", "",
             "| consulta | filtros | p50 ms | p95 ms | filas |", "|---|---|---|---|---|"]
    lines += [f"| {r['query']} | {r['filters']} | {r['p50_ms']} | {r['p95_ms']} | {r['rows']} |" for r in d["queries"]]
    if d["pages"]:
        lines += ["", "| página | filtrada s | nacional s | repetida s |", "|---|---|---|---|"]
        lines += [f"| {p['page']} | {p.get('filtered', '—')} | {p.get('open', '—')} | {p.get('rerun', '—')} |"
                  for p in d["pages"]]
    section = "\n".join(lines + ["", END])
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
