"""What the pages ask, as reads of the mart views: pick a view, apply the filters as parameters, read, cache.

Each question is a view in sql/marts/. The views hold measures that add up (counts and sums), so a
page's level (per plan, per unit, per quarter...) is their sum over the rows the filters keep (`_sums`).
Pages pass the filters and plain values, never SQL. The reads themselves, and their cache, are
dashboard/connection.py's; the statements several queries share, dashboard/statements.py's.
"""
from __future__ import annotations

import pandas as pd

from dashboard import statements
from dashboard.connection import read, read_uncached
from dashboard.filters import (ACTIVITY_COLUMNS, BUDGET_LINE_COLUMNS, LABELLED, PLANNED, SCHEDULED, WITH_MONTHS,
                               Filters, activity_where, add, and_, progress_where, where)

SHOWN = 1000  # rows a detail table shows; its download holds them all
ORDER = "institution, year, source_sheet, source_row, activity_id"  # how activities are listed
LEVELS = ("unit", "axis")  # what the schedule charts group by
BUDGET_GROUPS = ("axis", "objective", "unit")


def _sums(view: str, by: tuple[str, ...], filtered: tuple[str, list], counts: dict[str, str] = None,
          amounts: dict[str, str] = None, limit: int | None = None) -> pd.DataFrame:
    """statements.sums, read: per `by`, the sums of the view's columns over the rows the filters keep."""
    return read(*statements.sums(view, by, filtered, counts, amounts, limit))


def _first(view: str, filtered: tuple[str, list], order: str, limit: int, columns: str = "*",
           counted: bool = False) -> pd.DataFrame:
    """statements.first, read: the first `limit` rows of a view in `order`."""
    return read(*statements.first(view, filtered, order, limit, columns, counted))


# ---- filter bar and empty store --------------------------------------------------------------------------

def options(field: str, f: Filters) -> list:
    """The values the filter bar offers for `field`, under the choices made above it."""
    order = list(ACTIVITY_COLUMNS)
    if field == order[0]:
        df = read(f"SELECT DISTINCT {ACTIVITY_COLUMNS[field]} AS v FROM v_activity_index ORDER BY 1")
        return [] if df.empty else df["v"].tolist()
    # The lists below the first come from one scan, cached per institution choice: the combinations of the
    # four fields that exist, a few hundred to a few tens of thousands of rows. Narrowing them here to the
    # choices above `field` keeps what a DISTINCT under those choices gave, at a quarter of the scans.
    combos = _filter_combinations(f.institution)
    if combos.empty:
        return []
    keep = pd.Series(True, index=combos.index)
    for above in order[1:order.index(field)]:
        if chosen := getattr(f, above):
            keep &= combos[above].isin(chosen)
    return sorted(set(combos.loc[keep, field].tolist()))  # no NULLs: years are required, groupings labelled


def _filter_combinations(institution: list[str]) -> pd.DataFrame:
    sql_where, params = where(Filters(institution=list(institution)), ACTIVITY_COLUMNS)
    fields = ", ".join(f"{ACTIVITY_COLUMNS[k]} AS {k}" for k in list(ACTIVITY_COLUMNS)[1:])
    return read(f"SELECT {fields} FROM v_activity_index{sql_where} GROUP BY ALL", params)


def activity_count() -> int:
    df = read("SELECT count(*) AS n FROM v_activity_index")
    return int(df["n"].iloc[0]) if not df.empty else 0


def spread(f: Filters) -> dict:
    """How many institutions, axes and units the filters keep: it decides what a chart groups by."""
    sql_where, params = where(f, LABELLED)
    df = read("SELECT count(DISTINCT institution) AS institution, count(DISTINCT axis) AS axis, "
              f"count(DISTINCT unit) AS unit FROM v_filter_values{sql_where}", params)
    return {k: int(df[k].iloc[0]) if not df.empty else 0 for k in ("institution", "axis", "unit")}


# ---- Explorador: one row per activity --------------------------------------------------------------------

def count_activities(f: Filters) -> int:
    sql_where, params = activity_where(f)
    return int(read(f"SELECT count(*) AS n FROM v_activity_index{sql_where}", params)["n"].iloc[0])


def activities(f: Filters, limit: int | None = None) -> pd.DataFrame:
    """The first `limit` (SHOWN) activities the filters keep, every contract column (months included)."""
    sql_where, params = activity_where(f)
    # The page's ids first, then their columns and months: v_activities works out every activity's months
    # before a filter on the ids reaches it.
    return read(
        f"WITH page AS (SELECT activity_id FROM v_activity_index{sql_where} ORDER BY {ORDER} "
        f"LIMIT {int(limit or SHOWN)}) "
        "SELECT i.* EXCLUDE (month_mask, quarter_mask, status_mask, search_text, axis_label, objective_label, "
        "unit_label), "
        "month_list_text(i.month_mask) AS months, CAST(bit_count(i.month_mask) AS BIGINT) AS month_count "
        "FROM v_activity_index i JOIN page USING (activity_id) "
        f"ORDER BY {ORDER}", params)


def all_activities(f: Filters) -> pd.DataFrame:
    """Every filtered activity, for the downloads only (not cached)."""
    sql_where, params = activity_where(f)
    plain, plain_params = where(f, ACTIVITY_COLUMNS)  # repeated outside the IN so it reaches the scan
    plain = and_(plain, f"activity_id IN (SELECT activity_id FROM v_activity_index{sql_where})")
    return read_uncached(f"SELECT * FROM v_activities{plain} ORDER BY {ORDER}", plain_params + params)


# ---- Resumen and Cronograma: schedule ---------------------------------------------------------------------

def plans(f: Filters) -> pd.DataFrame:
    """One row per institution and plan year: activities and how many are scheduled (in the year)."""
    return _sums("v_coverage", ("institution", "year"), where(f, LABELLED),
                 {"activities": "activities", "scheduled": "scheduled"})


def _scheduled(f: Filters) -> dict[str, str]:
    """With a quarter chosen, "scheduled" means planned in that quarter, and months are that quarter's."""
    return {"scheduled_activities": SCHEDULED[f.quarter] if f.quarter else "scheduled",
            "with_months": WITH_MONTHS[f.quarter] if f.quarter else "with_months"}


def coverage_by(f: Filters, level: str) -> pd.DataFrame:
    """Activities, scheduled activities and those with planned months per institution and `level`."""
    return _sums("v_coverage", ("institution", LEVELS[LEVELS.index(level)]), where(f, LABELLED),
                 {"activities": "activities", **_scheduled(f)})


def coverage(f: Filters, limit: int = SHOWN) -> pd.DataFrame:
    """Coverage per institution, year, axis and unit: the first `limit` rows, `total` the row count."""
    counts = {"activities": "activities", "scheduled_activities": _scheduled(f)["scheduled_activities"]}
    return _sums("v_coverage", ("institution", "year", "axis", "unit"), where(f, LABELLED), counts, limit=limit)


def month_grid(f: Filters, level: str) -> pd.DataFrame:
    """Activities per institution, `level` (as `row`) and planned month (the chosen quarter's months only)."""
    filtered = where(f, LABELLED)
    if f.quarter:
        filtered = add(*filtered, ("quarter = ?", [f.quarter]))
    column = LEVELS[LEVELS.index(level)]
    df = _sums("v_month_grid", ("institution", column, "month"), filtered, {"activities": "activities"})
    return df.rename(columns={column: "row"})


def timeline(f: Filters, limit: int = 60) -> pd.DataFrame:
    """The first `limit` activities with planned months (in the chosen quarter), and all their months."""
    sql_where, params = add(*where(f, LABELLED), (_scheduled(f)["with_months"], []))
    order = "institution, year, unit, code, activity_id"
    # The page first, then the months of its activities only: asked in one go, DuckDB built every activity's
    # list of months before keeping the first `limit`; read as ids and then v_activity_plan again, it scanned
    # the view twice.
    return read(f"WITH page AS (SELECT activity_id, institution, year, unit, code, activity FROM v_activity_plan"
                f"{sql_where} ORDER BY {order} LIMIT {int(limit)}) "
                "SELECT page.*, month_list(m.month_mask) AS months FROM page "
                f"JOIN v_activity_index m USING (activity_id) ORDER BY {order}", params)


def unscheduled(f: Filters, limit: int = SHOWN) -> pd.DataFrame:
    """The first `limit` activities with no schedule (in the chosen quarter); coverage_by counts them."""
    planned = PLANNED[f.quarter] if f.quarter else "scheduled"
    filtered = add(*where(f, LABELLED), (f"NOT {planned}", []))
    return _first("v_activity_plan", filtered, "institution, year, axis, unit, code, activity_id", limit,
                  "institution, year, axis, unit, code, activity")


# ---- Resumen and Metas vs real: quarter targets --------------------------------------------------------------

RESULTS = {"activities": "activities", "on_track": "met", "behind": "behind", "pct_n": "pct_n"}
ROW_ORDER = "institution, year, unit, code, quarter, activity_id"
# A listing shows every column of v_quarter_progress but the folded text its search tests.
PROGRESS_COLUMNS = "* EXCLUDE (search_text)"


def progress_by_plan(f: Filters) -> pd.DataFrame:
    """Per plan, quarter and status (whatever quarter, status or text is chosen): activities and the sum
    (pct_sum) and count (pct_n) of their execution fractions."""
    sql_where, params = where(f, LABELLED)
    # No search or status narrows it, so it adds up v_group_results, not every activity-quarter. That view counts
    # met, behind and pending (the rest have no target); only met and behind ones have an execution fraction,
    # and pct_sum_met is the met ones' part of pct_sum.
    # The split per status is SQL's (sql/macros/status.sql, chosen_*), applied to the plan-quarter's sums.
    split = "s.status = 'met', s.status = 'behind'"
    return read(
        "SELECT institution, year, quarter, status, activities, pct_n, pct_sum,"
        " mean_execution(sum(pct_sum) OVER w, sum(pct_n) OVER w) AS quarter_execution_pct FROM ("
        " SELECT institution, year, quarter, s.status,"
        f"  CAST(chosen_activities({split}, s.status = 'pending', s.status = 'no_target', n, met, behind, pending)"
        "   AS BIGINT) AS activities,"
        f"  CAST(chosen_pct_n({split}, pct_n, met) AS BIGINT) AS pct_n,"
        f"  chosen_pct_sum({split}, pct_sum, pct_sum_met) AS pct_sum"
        " FROM (SELECT institution, year, quarter, sum(activities) AS n, sum(met) AS met, sum(behind) AS behind,"
        "        sum(pending) AS pending, sum(pct_n) AS pct_n, sum(pct_sum) AS pct_sum, sum(pct_sum_met) AS pct_sum_met"
        f"       FROM v_group_results{sql_where} GROUP BY institution, year, quarter) g,"
        " (VALUES ('behind'), ('met'), ('no_target'), ('pending')) s(status))"
        " WHERE activities > 0 WINDOW w AS (PARTITION BY institution, year, quarter)"
        " ORDER BY institution, year, quarter, status", params)


def _results_view(f: Filters) -> str:
    """v_group_results holds v_quarter_results' counts pre-summed per group and quarter (~1/4 of the rows), per
    status; only a search needs each activity-quarter."""
    return "v_quarter_results" if f.text.strip() else "v_group_results"


def _status_sums(f: Filters) -> tuple[dict[str, str], dict[str, str], tuple[str, list]]:
    """(counts, amounts, filters) for _sums over v_group_results giving what v_quarter_results gives under the same
    filters, status included: each count is the chosen statuses' part (sql/macros/status.sql, chosen_*), and a
    rollup row none of whose activity-quarters has a chosen status is left out (v_quarter_results has no row for it)."""
    filtered = progress_where(f, with_status=False)
    if not f.status:
        return {**RESULTS, "pending": "pending"}, {"pct_sum": "pct_sum"}, filtered
    # Which statuses are chosen, as SQL booleans: the names are ours, never the user's text.
    m, b, p, n = (str(s in f.status).lower() for s in ("met", "behind", "pending", "no_target"))
    activities = f"chosen_activities({m}, {b}, {p}, {n}, activities, met, behind, pending)"
    counts = {"activities": activities,
              "on_track": f"CASE WHEN {m} THEN met ELSE 0 END",
              "behind": f"CASE WHEN {b} THEN behind ELSE 0 END",
              "pct_n": f"chosen_pct_n({m}, {b}, pct_n, met)",
              "pending": f"CASE WHEN {p} THEN pending ELSE 0 END"}
    amounts = {"pct_sum": f"chosen_pct_sum({m}, {b}, pct_sum, pct_sum_met)"}
    return counts, amounts, add(*filtered, (f"{activities} > 0", []))


def progress_summary(f: Filters) -> pd.DataFrame:
    """Per unit and quarter: activities, met (on_track), behind, pending, pct_sum / pct_n and their mean
    (execution_pct, sql/macros/status.sql)."""
    if _results_view(f) == "v_group_results":
        counts, amounts, filtered = _status_sums(f)
        sql, params = statements.sums("v_group_results", ("unit", "quarter"), filtered, counts, amounts)
    else:
        sql, params = statements.sums("v_quarter_results", ("unit", "quarter"), progress_where(f),
                                      {**RESULTS, "pending": "CAST(status = 'pending' AS INTEGER)"},
                                      {"pct_sum": "pct_sum"})
    return read(f"SELECT *, mean_execution(pct_sum, pct_n) AS execution_pct FROM ({sql}) ORDER BY unit, quarter",
                params)


def progress_bins(f: Filters) -> pd.DataFrame:
    """Activities per status and 10 % bin of execution (capped at 200 %), for the histogram."""
    if _results_view(f) == "v_group_results":  # the histogram counted per group and status at load (v_group_bins)
        return _sums("v_group_bins", ("status", "bin"), progress_where(f), {"activities": "activities"})
    filtered = add(*progress_where(f), ("bin IS NOT NULL", []))
    return _sums("v_quarter_results", ("status", "bin"), filtered, {"activities": "activities"})


def progress_status(f: Filters) -> pd.DataFrame:
    """Activities per status (those with none are left out), in the order of their codes: progress_summary's
    counts added up (read once for the page's chart and table, not scanned again); an activity-quarter that is
    not met, behind or pending has no target."""
    units = progress_summary(f)
    counts = {"met": units["on_track"].sum(), "behind": units["behind"].sum(), "pending": units["pending"].sum()}
    counts["no_target"] = units["activities"].sum() - sum(counts.values())
    return pd.DataFrame([(s, int(n)) for s, n in sorted(counts.items()) if n > 0], columns=["status", "activities"])


def _leading(keys: tuple[str, ...], measure: str, filtered: tuple[str, list], limit: int) -> tuple[str, list]:
    """A clause keeping the groups (`keys`, the first columns of a listing's order) that hold the first `limit`
    activity-quarters of a listing, found from v_group_results' `measure` (a count that adds up to the
    listing's rows) instead of scanning every activity-quarter.

    The clause keeps every group in order up to the one where the count reaches `limit` (as `k IN (...)`
    per key: any other combination it lets through sorts after those groups or has no rows), so the listing's
    ORDER BY ... LIMIT over it gives the same rows. With no such group it keeps nothing."""
    sql_where, params = filtered
    k = ", ".join(keys)
    groups = read(f"WITH g AS (SELECT {k}, sum({measure}) AS n FROM v_group_results{sql_where} GROUP BY ALL "
                  f"HAVING sum({measure}) > 0) SELECT {k} FROM (SELECT *, sum(n) OVER (ORDER BY {k} ROWS UNBOUNDED "
                  "PRECEDING) - n AS before FROM g) WHERE before < ? ORDER BY ALL", params + [int(limit)])
    if groups.empty:
        return "false", []
    parts, values = [], []
    for key in keys:
        chosen = sorted(set(groups[key].tolist()))
        parts.append(f"{key} IN ({', '.join('?' * len(chosen))})")
        values.extend(chosen)
    return " AND ".join(parts), values


def behind_rows(f: Filters, limit: int = SHOWN) -> pd.DataFrame:
    """The first `limit` activity-quarters behind target; progress_summary counts them."""
    filtered = add(*progress_where(f), ("status = ?", ["behind"]))
    if _results_view(f) == "v_group_results":  # no search: the rollup knows where they are
        measure = "behind" if not f.status or "behind" in f.status else "0"
        filtered = add(*filtered, _leading(("institution", "year", "unit"), measure,
                                           progress_where(f, with_status=False), limit))
    return _first("v_quarter_progress", filtered, ROW_ORDER, limit, PROGRESS_COLUMNS)


def unit_rows(f: Filters, unit: str, limit: int = SHOWN) -> pd.DataFrame:
    """The first `limit` activity-quarters of one unit; progress_summary counts them."""
    filtered = add(*progress_where(f), ("unit = ?", [unit]))
    if _results_view(f) == "v_group_results":
        counts, _, in_groups = _status_sums(f)
        filtered = add(*filtered, _leading(("institution", "year"), counts["activities"],
                                           add(*in_groups, ("unit = ?", [unit])), limit))
    return _first("v_quarter_progress", filtered, ROW_ORDER, limit, PROGRESS_COLUMNS)


def target_vs_real(f: Filters, limit: int = SHOWN) -> pd.DataFrame:
    """The first `limit` rows of v_target_vs_real; `total` holds the row count."""
    filtered = where(f, LABELLED)
    if f.quarter:
        filtered = add(*filtered, ("quarter = ?", [f.quarter]))
    # The view's rows are written per plan at load (target_vs_real_rows): a national table is one scan of them,
    # where it used to add up every plan's rollup (345,632 groups at 1M) to show the first 1,000.
    return _first("v_target_vs_real", filtered, "institution, year, unit, objective, quarter, axis", limit,
                  counted=True)


# ---- Presupuesto ----------------------------------------------------------------------------------------------

def budget_by_plan(f: Filters) -> pd.DataFrame:
    return _sums("v_budget_totals", ("institution", "year", "currency"), where(f, LABELLED),
                 amounts={"amount": "amount"})


def budget_currencies(f: Filters) -> pd.DataFrame:
    return _sums("v_budget_totals", ("currency",), where(f, LABELLED), amounts={"amount": "amount"})


def budget_by(f: Filters, group: str) -> pd.DataFrame:
    """Amounts per currency, institution and `group` (axis, objective or unit), as `grp`."""
    column = BUDGET_GROUPS[BUDGET_GROUPS.index(group)]
    df = _sums("v_budget_totals", ("currency", "institution", column), where(f, LABELLED), amounts={"amount": "amount"})
    return df.rename(columns={column: "grp"})


def budget_lines(f: Filters, limit: int = SHOWN) -> pd.DataFrame:
    # Budget lines belong to no axis or objective: a filter on either leaves none.
    if f.axis or f.objective:
        return read("SELECT *, 0 AS total FROM v_budget_lines WHERE false")
    return _first("v_budget_lines", where(f, BUDGET_LINE_COLUMNS), "institution, year, unit, item", limit,
                  counted=True)


def budget_notes(f: Filters, limit: int = SHOWN) -> tuple[pd.DataFrame, int]:
    """Activities whose budget is only words, such as 'Contemplado Gestión Operativa', and how many."""
    rows = _first("v_budget_notes", where(f, LABELLED), "institution, year, unit, code, activity_id", limit,
                  "institution, year, unit, code, activity, budget_note, source_sheet, source_row", counted=True)
    total = int(rows["total"].iloc[0]) if not rows.empty else 0
    return rows.drop(columns="total", errors="ignore"), total


# ---- Datos ----------------------------------------------------------------------------------------------------

def load_history() -> pd.DataFrame:
    return read("SELECT * FROM v_load_history")


def current_activities() -> int:
    """Activities in the store now, each once: a follow-up's superseded copies are history, not counted."""
    df = read("SELECT count(*) AS n FROM v_activity_index")
    return 0 if df.empty else int(df["n"].iloc[0])


def load_warnings() -> pd.DataFrame:
    """The warnings of the workbooks now loaded, one row each, in the order the load found them."""
    return read("SELECT file_id, file_name, sheet, row, message FROM v_load_warnings")


# ---- Evolución: follow-ups of a plan and plans of different years ---------------------------------------------

# The history and year-over-year views are per plan (and unit): the axis and objective filters do not apply.
HISTORY_COLUMNS = {"institution": "institution", "year": "year", "unit": "unit"}
PLAN_COLUMNS = {"institution": "institution", "year": "year"}


def history_plans(f: Filters) -> pd.DataFrame:
    """The plans v_execution_history holds under the filters, and how many versions each (a follow-up, or a
    file that states none) — what the page offers before it reads one plan's history. The plans with an
    evolution to see come first: the page shows the first one."""
    sql_where, params = where(f, HISTORY_COLUMNS)
    return read("SELECT institution, year, count(DISTINCT CASE WHEN followup IS NOT NULL THEN 'n' || followup "
                f"ELSE 'f' || file_name END) AS versions FROM v_execution_history{sql_where} "
                "GROUP BY institution, year ORDER BY versions < 2, institution, year", params)


def _of_plan(f: Filters, institution: str | None, year: int | None) -> tuple[str, list]:
    filtered = where(f, HISTORY_COLUMNS)
    if institution is not None:
        filtered = add(*filtered, ("institution = ? AND year = ?", [institution, int(year)]))
    return filtered


def execution_history(f: Filters, institution: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Per plan, unit, follow-up and quarter, the figures as that follow-up reported them (of one plan when
    `institution` and `year` are given)."""
    sql_where, params = _of_plan(f, institution, year)
    return read(f"SELECT * FROM v_execution_history{sql_where} "
                "ORDER BY institution, year, unit, followup NULLS FIRST, quarter", params)


def restated_actuals(f: Filters, institution: str | None = None, year: int | None = None,
                     limit: int = SHOWN) -> pd.DataFrame:
    """The first `limit` actuals a later follow-up reports differently (of one plan when `institution` and
    `year` are given); `total` holds how many there are."""
    return _first("v_restated_actuals", _of_plan(f, institution, year),
                  "institution, year, unit, code, quarter, followup", limit, counted=True)


def plan_comparison(f: Filters) -> pd.DataFrame:
    """One row per plan: activities, % scheduled, execution of its latest reported quarter, behind."""
    sql_where, params = where(f, PLAN_COLUMNS)
    return read(f"SELECT * FROM v_plan_comparison{sql_where} ORDER BY institution, year", params)


def plan_budget(f: Filters) -> pd.DataFrame:
    """Each plan's budget, one row per currency."""
    sql_where, params = where(f, PLAN_COLUMNS)
    return read(f"SELECT * FROM v_plan_budget{sql_where} ORDER BY institution, year, currency NULLS LAST", params)


def plan_changes() -> pd.DataFrame:
    """Per loaded file: what it did in its plan, and which later loads replaced its units."""
    return read("SELECT * FROM v_plan_changes")
