"""Plans over time: which loaded copy of each unit of a plan is current (table plan_versions).

A plan is an institution and a year; a workbook covers some of its units. A unit's copy in a new workbook
is a new version of an earlier copy when the two share most of their activities (by code or by text): the
later follow-up is current, the other stays as history. A unit no earlier workbook covers adds to the plan.
Called by etl/store/writer.py inside the write's transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from etl.followup import label
from etl.model import WorkbookData
from etl.normalize.text import fold

# Share of the smaller copy's activities the two copies must have in common to be one unit's versions.
MATCH_SHARE = 0.5


@dataclass
class Version:
    file_id: int
    unit: str | None
    followup: int | None
    file_name: str
    activities: list[tuple[str | None, str]] = field(default_factory=list)  # (code, text)


def unit_key(unit: str | None) -> str:
    return fold(unit or "")


def same_activities(new: list[tuple[str | None, str]], old: list[tuple[str | None, str]]) -> bool:
    """Most actions of the smaller side are in the other, by code or by text ('largely the same')."""
    if not new or not old:
        return False
    codes = {fold(c) for c, _ in old if fold(c)}
    texts = {fold(t) for _, t in old}
    shared = sum(1 for c, t in new if (fold(c) and fold(c) in codes) or fold(t) in texts)
    return shared >= MATCH_SHARE * min(len(new), len(old))


def is_newer(new: int | None, old: int | None) -> bool:
    """The follow-up numbers decide when both workbooks state one; otherwise the later load wins."""
    return new is None or old is None or new >= old


def record(con, file_id: int, data: WorkbookData, write: Callable[[dict[str, list]], None],
           reloaded: set[str] = frozenset(), others: list[int] | None = None) -> list[str]:
    """Write plan_versions for a load just written, superseding older copies of its units.

    `reloaded`: unit keys of the loads this one replaced outright (the same file again), so not new to the plan.
    `others`: the plan's other loaded files when the caller has looked them up (none: nothing to compare
    with, so the activities are not read). Returns what it did, in Spanish, for the load report."""
    units: dict[str, Version] = {}
    for a in data.activities:
        units.setdefault(unit_key(a.unit), Version(file_id, a.unit, data.followup, data.file_name)) \
            .activities.append((a.code, a.activity))
    current = _current_versions(con, data.institution, data.year, file_id, others)
    replaced: dict[tuple, list[str]] = {}
    history: dict[int, list[str]] = {}
    added: list[str] = []
    rows: list[tuple] = []
    for key, new in units.items():
        matches = [old for old in current if unit_key(old.unit) == key
                   and same_activities(new.activities, old.activities)]
        newer = [old for old in matches if not is_newer(data.followup, old.followup)]
        superseded_by = None
        if newer:
            keep = max(newer, key=lambda v: (v.followup or 0, v.file_id))
            superseded_by = keep.file_id
            history.setdefault(keep.followup, []).append(_unit_label(new.unit))
        else:
            for old in matches:
                _supersede(con, old, file_id)
                replaced.setdefault((old.followup, old.file_name), []).append(_unit_label(new.unit))
            if not matches and current and key not in reloaded:
                added.append(_unit_label(new.unit))
        rows.append((new.unit, key, superseded_by))
    if rows:
        write({"file_id": [file_id] * len(rows), "unit": [r[0] for r in rows], "unit_key": [r[1] for r in rows],
               "followup": [data.followup] * len(rows), "cutoff": [data.cutoff] * len(rows),
               "superseded_by": [r[2] for r in rows]})
    notes = [
        f"reemplaza {'el ' + label(followup) if followup else 'la versión anterior'} para {_and(names)} "
        f"(de «{name}»)"
        for (followup, name), names in replaced.items()
    ]
    if added:
        notes.append(f"añade {_and(added)} al plan")
    notes += [
        f"más antiguo que el {label(followup)} ya cargado para {_and(names)}: se guardó solo como historial"
        for followup, names in history.items()
    ]
    return notes


def rename_unit(con, institution: str, old: str, new: str) -> None:
    """A unit renamed in activities (`python -m etl names`): its copies follow, or its activities would lose
    their version row and every copy, history too, would count as current. Where the load already has a copy
    under the new name (two spellings made one), that copy stands for both."""
    loads = "file_id IN (SELECT file_id FROM source_files WHERE institution = ?)"
    con.execute(f"DELETE FROM plan_versions o WHERE unit = ? AND {loads} AND EXISTS "
                "(SELECT 1 FROM plan_versions n WHERE n.file_id = o.file_id AND n.unit = ?)",
                [old, institution, new]).fetchall()
    con.execute(f"UPDATE plan_versions SET unit = ?, unit_key = ? WHERE unit = ? AND {loads}",
                [new, unit_key(new), old, institution]).fetchall()


def _current_versions(con, institution: str, year: int, file_id: int,
                      files: list[int] | None = None) -> list[Version]:
    """The current copy of each unit of the plan, from earlier loads, with their activities.

    `files`: the plan's other loaded files, when known; their ids let the scan skip the rest of the store."""
    if files is not None and not files:
        return []
    narrow = " AND a.file_id IN (SELECT unnest(?))" if files else ""
    rows = con.execute(
        "SELECT a.file_id, a.unit, v.followup, f.file_name, a.code, a.activity "
        "FROM activities a JOIN source_files f USING (file_id) "
        "LEFT JOIN plan_versions v ON v.file_id = a.file_id AND v.unit IS NOT DISTINCT FROM a.unit "
        f"WHERE f.status = 'loaded' AND a.institution = ? AND a.year = ? AND a.file_id <> ?{narrow} "
        "AND v.superseded_by IS NULL ORDER BY a.file_id",
        [institution, year, file_id, *([files] if files else [])],
    ).fetchall()
    versions: dict[tuple, Version] = {}
    for fid, unit, followup, name, code, text in rows:
        versions.setdefault((fid, unit), Version(fid, unit, followup, name)).activities.append((code, text))
    return list(versions.values())


def _supersede(con, old: Version, file_id: int) -> None:
    where = "WHERE file_id = ? AND unit IS NOT DISTINCT FROM ?"
    done = con.execute(f"UPDATE plan_versions SET superseded_by = ? {where}",
                       [file_id, old.file_id, old.unit]).fetchall()
    if not done or not done[0][0]:  # a load the store has no version row for: it was current
        con.execute(
            "INSERT INTO plan_versions (file_id, unit, unit_key, followup, superseded_by) VALUES (?, ?, ?, ?, ?)",
            [old.file_id, old.unit, unit_key(old.unit), old.followup, file_id],
        ).fetchall()


def _unit_label(unit: str | None) -> str:
    return unit or "(sin unidad)"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " y " + names[-1]
