"""Profiles: a workbook layout a loader mapped by hand, kept as a plain file under data/profiles/.

A profile says, for each header (folded, as etl.normalize.text.fold gives it, years left out), the role of its column
(etl.roles.COLUMN_ROLES, or a period code such as `target:q1`, `actual:h2`, `mark:m3`). The reader applies
it by itself to the next workbook whose header has every one of those headers: the next follow-up of a plan
loads without asking. Planning staff may read, edit or delete the files; docs/layouts/ says how.
"""
from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from etl import paths
from etl.normalize.text import fold
from etl.roles import COLUMN_ROLES, parse_period_code, without_years


@dataclass
class Profile:
    name: str
    columns: dict[str, str]  # folded header -> role
    label: str = ""
    institution: str | None = None
    saved_by: str | None = None
    saved_on: str | None = None
    path: Path | None = field(default=None, compare=False)

    def role(self, header: str) -> str | None:
        return self.columns.get(header)


class ProfileError(ValueError):
    pass


def profiles_dir() -> Path:
    return Path(os.environ.get("POA_PROFILES") or paths.ROOT / "data" / "profiles")


def header_key(header: str) -> str:
    """A header as a profile names it: folded, and without its years, so that the profile a loader saved for
    «T1 PLANEADO 2025» reads next year's «T1 PLANEADO 2026» (the reader keeps the plan year's columns)."""
    return without_years(fold(header))


def valid_role(role: str) -> bool:
    return role in COLUMN_ROLES or parse_period_code(role) is not None


def load(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"el perfil {path.name} no se puede leer: {exc}") from None
    columns = {header_key(k): str(v) for k, v in (data.get("columns") or {}).items()}
    bad = [f"«{k}» = «{v}»" for k, v in columns.items() if not valid_role(v)]
    if bad:
        raise ProfileError(f"el perfil {path.name} da papeles que no existen: {', '.join(bad)}")
    if "activity" not in columns.values():
        raise ProfileError(f"el perfil {path.name} no dice qué columna es la actividad")
    return Profile(name=str(data.get("name") or path.stem), columns=columns, label=str(data.get("label") or ""),
                   institution=data.get("institution") or None, saved_by=data.get("saved_by") or None,
                   saved_on=str(data.get("saved_on") or "") or None, path=path)


def all_profiles() -> list[Profile]:
    """Every profile under data/profiles/, by name; a file that cannot be read is left out (listed by `problems`)."""
    out = []
    for path in sorted(profiles_dir().glob("*.toml")):
        try:
            out.append(load(path))
        except ProfileError:
            continue
    return out


def problems() -> list[str]:
    out = []
    for path in sorted(profiles_dir().glob("*.toml")):
        try:
            load(path)
        except ProfileError as exc:
            out.append(str(exc))
    return out


def named(name: str) -> Profile:
    for p in all_profiles():
        if p.name == name or (p.path and p.path.stem == name):
            return p
    known = ", ".join(p.name for p in all_profiles()) or "ninguno"
    raise ProfileError(f"no hay un perfil «{name}» (perfiles guardados: {known})")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "perfil"


def save(name: str, columns: dict[str, str], label: str = "", institution: str | None = None,
         saved_by: str | None = None) -> Profile:
    """Write the profile as data/profiles/<name>.toml (replacing one of that name)."""
    columns = {header_key(k): v for k, v in columns.items() if header_key(k) and v}
    bad = [v for v in columns.values() if not valid_role(v)]
    if bad:
        raise ProfileError(f"papeles que no existen: {', '.join(bad)}")
    if "activity" not in columns.values():
        raise ProfileError("falta decir qué columna es la actividad")
    label, name = label or name, slug(name)
    folder = profiles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Perfil de lectura de un libro POA: qué guarda cada columna (docs/layouts/README.md).",
        "# Las claves son los encabezados del libro tal como el tablero los compara: sin tildes, mayúsculas",
        "# ni signos. Se aplica solo a un libro cuyo encabezado tenga todas estas columnas.",
        f"name = {json.dumps(name, ensure_ascii=False)}",
        f"label = {json.dumps(label or name, ensure_ascii=False)}",
    ]
    if institution:
        lines.append(f"institution = {json.dumps(institution, ensure_ascii=False)}")
    if saved_by:
        lines.append(f"saved_by = {json.dumps(saved_by, ensure_ascii=False)}")
    lines += [f"saved_on = {json.dumps(date.today().isoformat())}", "", "[columns]"]
    lines += [f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v)}" for k, v in columns.items()]
    path = folder / f"{name}.toml"
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return load(path)
