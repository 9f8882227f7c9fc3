"""bench/results.md: the figures of results.json as tables a person reads."""
from __future__ import annotations

from pathlib import Path


def _verdict(value, target, higher_is_better: bool) -> str:
    if value is None:
        return "sin medir / no terminó"
    met = value >= target if higher_is_better else value <= target
    if met:
        return "cumple"
    factor = target / value if higher_is_better else value / target
    return f"no cumple ({factor:.1f}× del objetivo)"


def _fmt(v) -> str:
    return f"{v:,}".replace(",", " ") if isinstance(v, (int, float)) else str(v)


def _page_max(r: dict) -> str:
    if r["page_rerun_s_max"] is not None:
        return f"{r['page_rerun_s_max']} s"
    if r.get("page_rerun_s_at_least") is not None:
        return f"más de {r['page_rerun_s_at_least']:.0f} s (alguna página no terminó en el límite)"
    return "—"


def write_markdown(r: dict, path: Path) -> None:
    t = r["targets"]
    main = r["etl"][-1]
    lines = [
        "# Resultados del benchmark" + (" (corrida corta, --quick)" if r.get("quick") else ""),
        "",
        f"Máquina: {r['machine']['cpus']} núcleos, Python {r['machine']['python']}. Duración total: {r['total_s']} s.",
        "",
        "| cifra | valor | objetivo | estado |",
        "|---|---|---|---|",
        f"| ETL, actividades por segundo ({main['workbooks']} libros, {_fmt(main['activities'])} actividades) "
        f"| {_fmt(r['etl_activities_per_s'])} | — | — |",
        f"| ETL frente a pandas/openpyxl (tiempo pandas / tiempo ETL) | {r['etl_vs_pandas_speedup']}× "
        f"| ≥ {t['etl_vs_pandas_speedup']}× | {_verdict(r['etl_vs_pandas_speedup'], t['etl_vs_pandas_speedup'], True)} |",
        f"| ETL frente a lectura pura con calamine (tiempo ETL / tiempo calamine) | {r['etl_vs_calamine_ratio']}× "
        f"| ≤ {t['etl_vs_calamine_ratio']}× | {_verdict(r['etl_vs_calamine_ratio'], t['etl_vs_calamine_ratio'], False)} |",
        f"| Memoria máxima (RSS) del ETL | {r['etl_peak_rss_mb']} MB | < {t['etl_peak_rss_mb']} MB "
        f"| {_verdict(r['etl_peak_rss_mb'], t['etl_peak_rss_mb'], False)} |",
        f"| ETL frente a pandas, {r['etl_small']['workbooks']} libros pequeños en una llamada (arranque incluido) "
        f"| {r['etl_small_vs_pandas_speedup']}× ({r['etl_small']['pandas_s']} s / {r['etl_small']['etl_s']} s) "
        f"| ≥ {t['etl_small_vs_pandas_speedup']}× "
        f"| {_verdict(r['etl_small_vs_pandas_speedup'], t['etl_small_vs_pandas_speedup'], True)} |",
        f"| Memoria máxima (RSS), un libro de {_fmt(r['etl_big_workbook']['activities'])} actividades "
        f"({r['etl_big_workbook_s']} s) | {r['etl_big_workbook_peak_rss_mb']} MB "
        f"| < {t['etl_big_workbook_peak_rss_mb']} MB "
        f"| {_verdict(r['etl_big_workbook_peak_rss_mb'], t['etl_big_workbook_peak_rss_mb'], False)} |",
        f"| Memoria de {_fmt(r['etl_many']['workbooks']) if r.get('etl_many') else '2 000'} libros frente a 200 "
        f"(--many) | {r['etl_rss_many_vs_200_ratio'] or '—'}"
        f"{'×' if r['etl_rss_many_vs_200_ratio'] else ''} | ≤ {t['etl_rss_many_vs_200_ratio']}× "
        f"| {_verdict(r['etl_rss_many_vs_200_ratio'], t['etl_rss_many_vs_200_ratio'], False)} |",
        f"| Consulta más lenta, p95, con {_fmt(r['store_activities'])} actividades | {r['query_p95_ms_max']} ms "
        f"| < {t['query_p95_ms_max']} ms | {_verdict(r['query_p95_ms_max'], t['query_p95_ms_max'], False)} |",
        f"| Página más lenta, con {_fmt(r['store_activities'])} actividades | "
        f"{_page_max(r)} | < {t['page_rerun_s_max']} s "
        f"| {_verdict(r['page_rerun_s_max'] or r.get('page_rerun_s_at_least'), t['page_rerun_s_max'], False)} |",
        f"| Primera ejecución de un proceso del tablero (importaciones y arranque de Streamlit, una vez por servidor) "
        f"| {'—' if r.get('page_cold_start_s_max') is None else str(r['page_cold_start_s_max']) + ' s'} | — | — |",
        f"| Cada libro generado carga (salida 0) y el almacén tiene las actividades escritas | "
        f"{'sí' if r['etl_counts_ok'] else 'NO'} | sí | {'cumple' if r['etl_counts_ok'] else 'no cumple'} |",
        "",
        "## ETL",
        "",
        "| libros | actividades | ETL s | act./s | RSS ETL MB | pandas s | RSS pandas MB | calamine s | recuento |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for e in r["etl"] + ([r["etl_many"]] if r.get("etl_many") else []):
        lines.append(f"| {e['workbooks']} | {_fmt(e['activities'])} | {e['etl_s']} | {_fmt(e['etl_activities_per_s'])} "
                     f"| {e['etl_peak_rss_mb']} | {e.get('pandas_s', '—')} | {e.get('pandas_peak_rss_mb', '—')} "
                     f"| {e.get('calamine_s', '—')} | {'correcto' if e['check']['ok'] else 'INCORRECTO'} |")
    if not r["queries"]:
        lines += ["", "Consultas y páginas: no medidas en esta corrida (--no-queries)."]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    lines += ["", "## Consultas de las páginas (abrir solo lectura, ejecutar, traer a pandas, cerrar)", ""]
    sizes = [q["activities"] for q in r["queries"]]
    by_key: dict = {}
    for q in r["queries"]:
        for row in q["queries"]:
            by_key.setdefault((row["query"], row["filters"]), {})[q["activities"]] = row
    lines.append("| consulta | filtros | " + " | ".join(f"p50 / p95 ms ({_fmt(s)})" for s in sizes)
                 + f" | filas ({_fmt(sizes[-1])}) |")
    lines.append("|---|---|" + "---|" * len(sizes) + "---|")
    for (name, filters), per in by_key.items():
        cells = [f"{per[s]['p50_ms']} / {per[s]['p95_ms']}" if s in per else "—" for s in sizes]
        rows = per.get(sizes[-1], {}).get("rows", "—")
        lines.append(f"| {name} | {filters} | " + " | ".join(cells) + f" | {_fmt(rows)} |")
    if r["pages"]:
        lines += ["", f"## Páginas con AppTest ({_fmt(r['store_activities'])} actividades, segundos)", "",
                  "`arranque`: la primera ejecución del proceso (importaciones, arranque de Streamlit), fuera del "
                  "objetivo; `filtrada`: después, la caché vacía, la página abierta con una institución elegida; "
                  "`nacional`: vista nacional (filtro quitado), consultas sin caché; `repetida`: la misma vista otra "
                  "vez, lecturas desde la caché de Streamlit.", "",
                  "| página | arranque | filtrada | nacional | repetida |", "|---|---|---|---|---|"]
        for p in r["pages"]:
            lines.append(f"| {p['page']} | {p.get('cold_start', '—')} | {p.get('filtered', '—')} "
                         f"| {p.get('open', '—')} | {p.get('rerun', '—')} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
