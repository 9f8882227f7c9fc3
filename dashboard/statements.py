"""The SELECT statements the per-page queries share: a view's columns summed per group, a view's first rows.

Each gives (sql, params) for dashboard.queries to read; the filters come in as a clause and its parameters
(dashboard/filters.py).
"""
from __future__ import annotations


def sums(view: str, by: tuple[str, ...], filtered: tuple[str, list], counts: dict[str, str] = None,
         amounts: dict[str, str] = None, limit: int | None = None) -> tuple[str, list]:
    """Per `by`, the sums of the view's columns (alias -> column) over the rows the filters keep.

    Counts stay integers. With `limit`: the first rows in `by` order, and `total` holds how many there are."""
    sql_where, params = filtered
    sums = [f"CAST(sum({c}) AS BIGINT) AS {a}" for a, c in (counts or {}).items()]
    sums += [f"sum({c}) AS {a}" for a, c in (amounts or {}).items()]
    keys = ", ".join(by)
    sql = f"SELECT {', '.join(list(by) + sums)}"
    sql += ", count(*) OVER () AS total" if limit else ""
    sql += f" FROM {view}{sql_where}"
    if by:
        sql += f" GROUP BY {keys} ORDER BY {keys}"
    return sql + (f" LIMIT {int(limit)}" if limit else ""), params


def first(view: str, filtered: tuple[str, list], order: str, limit: int, columns: str = "*",
          counted: bool = False) -> tuple[str, list]:
    """The first `limit` rows of a view in `order`; with `counted`, `total` holds how many there are."""
    sql_where, params = filtered
    rows = f"FROM {view}{sql_where} ORDER BY {order} LIMIT {int(limit)}"
    if not counted:
        return f"SELECT {columns} {rows}", params
    page = f"SELECT * {rows}"
    # The page, then the rows counted apart: a count(*) OVER () kept every row of the view to sort them with it.
    # The filters run twice, so no caller of this passes a search (whose scan is most of its cost).
    return (f"SELECT {columns}, (SELECT count(*) FROM {view}{sql_where}) AS total FROM ({page}) "
            f"ORDER BY {order}", params + params)
