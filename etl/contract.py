"""The store contract (sql/contract.toml): every table and view, its columns, types and checks."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

CONTRACT = Path(__file__).resolve().parent.parent / "sql" / "contract.toml"
COLUMN_CHECKS = ("not_null", "unique", "accepted_values", "relationship")


@cache
def load() -> dict:
    with CONTRACT.open("rb") as f:
        return tomllib.load(f)


def models(layer: str | None = None) -> list[str]:
    """Model names in the contract's order, optionally of one layer."""
    return [name for name, m in load()["models"].items() if layer is None or m["layer"] == layer]


def model(name: str) -> dict:
    return load()["models"][name]


def stored(name: str) -> bool:
    """A table or view of its own; a derived model of materialized "columns" lives in its fact table."""
    return model(name).get("materialized") != "columns"


def relation(name: str) -> str:
    """What to read the model from in SQL: its table or view, or the columns it keeps in its fact table."""
    if stored(name):
        return _q(name)
    return f"(SELECT {', '.join(_q(c['name']) for c in columns(name))} FROM {_q(model(name)['table'])})"


def columns(name: str) -> list[dict]:
    """The model's columns in order, those of the model it is `like` first (but those it lists in `without`)."""
    m = model(name)
    inherited = columns(m["like"]) if "like" in m else []
    return [c for c in inherited if c["name"] not in m.get("without", [])] + m.get("columns", [])


def column_names(name: str) -> list[str]:
    return [c["name"] for c in columns(name)]


def _q(identifier: str) -> str:
    # Names come from the contract file, never from a user; quoted so a reserved word still works.
    return '"' + identifier.replace('"', '""') + '"'


def checks(name: str) -> list[tuple[str, str, list]]:
    """(label, sql, params) per check of the model; each query counts the rows that break it."""
    t = relation(name)
    out = []
    for c in columns(name):
        col = _q(c["name"])
        if c.get("not_null"):
            out.append((f"{name}.{c['name']} not_null", f"SELECT count(*) FROM {t} WHERE {col} IS NULL", []))
        if c.get("unique"):
            out.append((f"{name}.{c['name']} unique",
                        f"SELECT count(*) FROM (SELECT {col} FROM {t} WHERE {col} IS NOT NULL "
                        f"GROUP BY {col} HAVING count(*) > 1)", []))
        if "accepted_values" in c:
            out.append((f"{name}.{c['name']} accepted_values",
                        f"SELECT count(*) FROM {t} WHERE {col} IS NOT NULL AND {col} NOT IN (SELECT unnest(?))",
                        [c["accepted_values"]]))
        if "relationship" in c:
            other, other_col = c["relationship"].split(".")
            out.append((f"{name}.{c['name']} relationship {c['relationship']}",
                        f"SELECT count(*) FROM {t} WHERE {col} IS NOT NULL AND {col} NOT IN "
                        f"(SELECT {_q(other_col)} FROM {_q(other)} WHERE {_q(other_col)} IS NOT NULL)", []))
    for cols in model(name).get("unique", []):
        keys = ", ".join(map(_q, cols))
        out.append((f"{name} unique ({', '.join(cols)})",
                    f"SELECT count(*) FROM (SELECT {keys} FROM {t} GROUP BY {keys} HAVING count(*) > 1)", []))
    for rule in model(name).get("expect", []):
        out.append((f"{name} expect {rule['rule']}", f"SELECT count(*) FROM {t} WHERE {rule['broken_when']}", []))
    return out
