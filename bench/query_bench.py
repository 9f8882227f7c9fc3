"""p50/p95 of every query the pages send, recorded from the pages themselves.

Each page is opened in Streamlit's AppTest through a shared link with each set of filters, with the store's
reads recorded, so the SQL timed is the SQL the pages send today under those filters. Each timed run is what
the dashboard does on a cache miss: open the store read-only, execute, fetch into pandas, close.
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


def _link(filters) -> dict:
    """The address parameters of a shared link that opens the dashboard with these filters."""
    from dashboard.filter_bar import URL_NAMES

    link = {}
    for key, name in URL_NAMES.items():
        value = getattr(filters, key.removeprefix("f_"))
        if isinstance(value, list) and value:
            link[name] = [str(v) for v in value]
        elif value not in (None, "", []):
            link[name] = str(value)
    return link


# The choices a page offers beside the filters that send other reads (radio keys): each option is timed too.
_CHOICES = {"pages/presupuesto.py": ["budget_by"]}


def _sender() -> str:
    """The dashboard/queries.py function a read comes from, as the bench names the query."""
    import inspect

    from dashboard import queries

    names = [f.function for f in inspect.stack() if f.filename == queries.__file__]
    public = [n for n in names if not n.startswith("_") and n not in ("read", "read_uncached")]
    return public[-1] if public else names[-1]


def page_queries(db: Path, filters) -> list[tuple[str, str, tuple]]:
    """(query name, sql, params) of every read the pages send when opened through a link with these filters:
    each page run in AppTest with the store's reads recorded, in the order they were sent. So only what a page
    really asks under those filters is timed (Cronograma's level, Evolución's plan, Metas' unit, a list the page
    skips when it would be empty), and nothing it does not."""
    import logging
    import os

    from streamlit.testing.v1 import AppTest

    from bench.pages import PAGES
    from dashboard import queries

    seen = []
    # Outside a real session Streamlit warns at every cached call; the bench's own lines are what matter here.
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching"):
        logging.getLogger(name).setLevel(logging.ERROR)

    def record(sql, params=()):
        seen.append((_sender(), sql, tuple(params)))
        return queries.read_uncached(sql, params)

    real, before = queries.read, os.environ.get("POA_DB")
    queries.read = record
    os.environ["POA_DB"] = str(db)
    try:
        # A planner opening the link, then each page in turn (the filters stay as the link set them).
        at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120)
        at.query_params.update(_link(filters))
        for page in PAGES:
            (at.run() if page == PAGES[0] else at.switch_page(page).run())
            for key in _CHOICES.get(page, ()):
                for option in at.radio(key=key).options:
                    at.radio(key=key).set_value(option).run()
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].value}")
    finally:
        queries.read = real
        if before is None:
            os.environ.pop("POA_DB", None)
        else:
            os.environ["POA_DB"] = before
    return seen


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
