"""python -m bench [--quick] [--workbooks N] [--activities N] [--store N]: the benchmark of issue 6.

Writes bench/results.json and bench/results.md. Generated workbooks and stores go to bench/work/.
"""
from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from bench import big_store, etl_bench, pages, query_bench
from bench.generate import generate
from bench.report import write_markdown

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"


def etl_at(workbooks: int, activities: int, seed: int, baselines: bool) -> dict:
    folder = WORK / f"xlsx_{activities}"
    start = time.perf_counter()
    planned = generate(folder, workbooks=workbooks, activities=activities, seed=seed)
    out = {"workbooks": workbooks, "activities": activities, "generate_s": round(time.perf_counter() - start, 1)}
    run = etl_bench.etl_load(folder, WORK / f"etl_{activities}.duckdb")
    check = etl_bench.check_counts(WORK / f"etl_{activities}.duckdb", planned)
    out.update(etl_s=round(run.seconds, 2), etl_exit=run.returncode, etl_peak_rss_mb=round(run.peak_rss_mb),
               etl_activities_per_s=round(activities / run.seconds), check=check)
    if baselines:
        for name, code in (("pandas", etl_bench.PANDAS), ("calamine", etl_bench.CALAMINE)):
            b = etl_bench.baseline(code, folder)
            out[f"{name}_s"] = round(b.seconds, 2)
            out[f"{name}_peak_rss_mb"] = round(b.peak_rss_mb)
    print(f"  ETL {activities:,} actividades: {out['etl_s']} s, {out['etl_peak_rss_mb']} MB, "
          f"recuento {'correcto' if check['ok'] else 'INCORRECTO'}", flush=True)
    return out


SMALL_LAYOUTS = ("monthly_schedule", "period_matrix", "quarterly_targets")


def etl_small(seed: int) -> dict:
    """A new user's first folder: 120 small workbooks, one `python -m etl load` call, start-up included."""
    folder = WORK / "xlsx_small"
    planned = generate(folder, workbooks=120, seed=seed, activities=0, layouts=SMALL_LAYOUTS, sizes=(10, 20))
    db = WORK / "etl_small.duckdb"
    run = etl_bench.etl_load(folder, db)
    check = etl_bench.check_counts(db, planned)
    pandas_run = etl_bench.baseline(etl_bench.PANDAS, folder)
    out = {"workbooks": len(planned), "activities": sum(p.activities for p in planned),
           "etl_s": round(run.seconds, 2), "etl_exit": run.returncode, "etl_peak_rss_mb": round(run.peak_rss_mb),
           "pandas_s": round(pandas_run.seconds, 2), "check": check}
    print(f"  120 libros pequeños: ETL {out['etl_s']} s, pandas {out['pandas_s']} s, "
          f"recuento {'correcto' if check['ok'] else 'INCORRECTO'}", flush=True)
    return out


def etl_big(seed: int, activities: int = 60_000) -> dict:
    """One workbook of 60,000 activities: the loader's peak memory must not follow the sheet's size."""
    folder = WORK / "xlsx_big"
    planned = generate(folder, workbooks=1, activities=activities, seed=seed, layouts=("period_matrix",))
    db = WORK / "etl_big.duckdb"
    run = etl_bench.etl_load(folder, db)
    check = etl_bench.check_counts(db, planned)
    out = {"workbooks": 1, "activities": activities, "etl_s": round(run.seconds, 2), "etl_exit": run.returncode,
           "etl_peak_rss_mb": round(run.peak_rss_mb), "check": check}
    print(f"  un libro de {activities:,} actividades: {out['etl_s']} s, {out['etl_peak_rss_mb']} MB, "
          f"recuento {'correcto' if check['ok'] else 'INCORRECTO'}", flush=True)
    return out


def queries_at(activities: int, budget_s: float) -> dict:
    db = WORK / f"store_{activities}.duckdb"
    start = time.perf_counter()
    big_store.build(db, activities)
    built = round(time.perf_counter() - start, 1)
    rebuilt = big_store.rebuild_s(db)
    print(f"  almacén de {activities:,} actividades: reconstrucción de los modelos derivados {rebuilt} s", flush=True)
    rows = query_bench.bench(db, budget_s=budget_s)
    slow = max(rows, key=lambda r: r["p95_ms"])
    print(f"  consultas con {activities:,} actividades: p95 máx. {slow['p95_ms']} ms ({slow['query']}, "
          f"{slow['filters']})", flush=True)
    return {"activities": activities, "build_s": built, "rebuild_s": rebuilt, "counts": big_store.counts(db),
            "connect_ms": query_bench.connect_ms(db), "queries": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="corrida corta: 20 libros, almacén de 100.000")
    parser.add_argument("--workbooks", type=int, default=None)
    parser.add_argument("--activities", type=int, default=None)
    parser.add_argument("--store", type=int, default=None, help="actividades del almacén grande (1.000.000)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-pages", action="store_true", help="sin AppTest de las páginas")
    parser.add_argument("--no-queries", action="store_true", help="solo el ETL: sin consultas ni páginas")
    parser.add_argument("--many", action="store_true",
                        help="además, 2.000 libros en una carga: ¿la memoria sigue plana frente a 200?")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    workbooks = args.workbooks or (20 if args.quick else 200)
    activities = args.activities or (10_000 if args.quick else 100_000)
    store_size = args.store or (100_000 if args.quick else 1_000_000)
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    print(f"ETL: {workbooks} libros, {activities:,} actividades", flush=True)
    etl_runs = []
    if not args.quick:  # the same mix at a tenth of the size: does memory stay flat?
        etl_runs.append(etl_at(max(4, workbooks // 10), activities // 10, args.seed, baselines=False))
    etl_runs.append(etl_at(workbooks, activities, args.seed, baselines=True))
    main_run = etl_runs[-1]
    many = etl_at(workbooks * 10, activities * 10, args.seed, baselines=False) if args.many else None
    small = etl_small(args.seed)
    big_wb = etl_big(args.seed)

    query_runs = []
    if not args.no_queries:
        print("Consultas del tablero", flush=True)
        sizes = sorted({s for s in (10_000, 100_000, store_size) if s <= store_size})
        query_runs = [queries_at(n, budget_s=1.0) for n in sizes]

    page_runs = []
    if not args.no_pages and not args.no_queries:
        print(f"Páginas con {store_size:,} actividades (AppTest)", flush=True)
        page_runs = pages.run_all(WORK / f"store_{store_size}.duckdb")
        for p in page_runs:
            print(f"  {p}", flush=True)

    big = query_runs[-1]["queries"] if query_runs else []
    results = {
        "etl_activities_per_s": main_run["etl_activities_per_s"],
        "etl_vs_pandas_speedup": round(main_run["pandas_s"] / main_run["etl_s"], 2),
        "etl_vs_calamine_ratio": round(main_run["etl_s"] / main_run["calamine_s"], 2),
        "etl_peak_rss_mb": main_run["etl_peak_rss_mb"],
        "etl_small_vs_pandas_speedup": round(small["pandas_s"] / small["etl_s"], 2),
        "etl_big_workbook_peak_rss_mb": big_wb["etl_peak_rss_mb"],
        "etl_big_workbook_s": big_wb["etl_s"],
        # Peak RSS of 2,000 workbooks over that of 200 (--many only); flat means <= 1.2.
        "etl_rss_many_vs_200_ratio": (round(many["etl_peak_rss_mb"] / main_run["etl_peak_rss_mb"], 2)
                                      if many else None),
        "query_p95_ms_max": max(r["p95_ms"] for r in big) if big else None,
        "page_rerun_s_max": pages.slowest(page_runs) if page_runs else None,
        # When a page was stopped at the time limit, the slowest page took at least this long.
        "page_rerun_s_at_least": pages.at_least(page_runs) if page_runs else None,
        # A page process's first run (imports, Streamlit's start-up): once per server, not a page's time.
        "page_cold_start_s_max": pages.cold_start(page_runs) if page_runs else None,
        "etl_counts_ok": all(r["check"]["ok"] and r["etl_exit"] == 0
                             for r in [*etl_runs, small, big_wb, *([many] if many else [])]),
        "store_activities": store_size,
        "targets": {"etl_vs_pandas_speedup": 3.0, "etl_small_vs_pandas_speedup": 1.5,
                    "etl_vs_calamine_ratio": 4.0, "etl_peak_rss_mb": 500, "etl_big_workbook_peak_rss_mb": 300,
                    "etl_rss_many_vs_200_ratio": 1.2, "query_p95_ms_max": 150, "page_rerun_s_max": 1.0},
        "etl": etl_runs,
        "etl_many": many,
        "etl_small": small,
        "etl_big_workbook": big_wb,
        "queries": query_runs,
        "pages": page_runs,
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                    "platform": platform.platform()},
        "quick": args.quick,
        "total_s": round(time.perf_counter() - started, 1),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    write_markdown(results, args.out / "results.md")
    print(f"Escrito {args.out / 'results.json'} y results.md en {results['total_s']} s", flush=True)
    return 0 if results["etl_counts_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
