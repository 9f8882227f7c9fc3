"""The names catalog: what planning staff know about institutions, kept as data in data/catalog/.

`institutions.csv` lists each institution once: its name as the dashboard shows it, the short name for
chart legends, its country (which says what a bare '$' means), its colour, and the folded phrases that
name it in a workbook's title rows (separated by '|'). Editing the file is enough; no code names an
institution.

`spellings.csv` maps the spellings units use for the same axis (perspective) or organisational unit to one
canonical name: `kind` is `axis` or `unit`, `institution` limits a row to one institution (empty: all),
`spelling` is matched blind to accents, case, spaces and punctuation, `canonical` is what the store keeps.
A row for one institution wins over a row for all.

`countries.csv` says, for each country an institution may be in: its name, its currency (what an amount
without a mark means), what a bare '$' means there (`dollar`: the peso in the Dominican Republic, Mexico or
Colombia; US dollars in El Salvador, Guatemala or Peru), and the folded words that name it in a title.
`currencies.csv` lists the marks that name each currency in an amount (`Bs.`, `S/`, `RD$`, `COP`, `quetzales`);
a row with no currency holds the marks that name none ('$', 'pesos'), which the institution's country decides.
A folder in POA_CATALOG without these two files uses the bundled ones.
"""
from __future__ import annotations

import csv
import os
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.normalize.text import fold

CATALOG_DIR = Path(__file__).resolve().parent.parent / "data" / "catalog"

# Colour-blind-safe colours for institutions the catalog gives none; never the grey that means "Sin meta".
# No green, red, amber or grey: beside a status chart those read as Cumplida, Atrasada, Pendiente, Sin meta
# (dashboard/labels.py STATUS_COLORS); tests/app/test_formats.py keeps them apart.
FALLBACK_COLORS = ("#8c564b", "#e377c2", "#bcbd22", "#aec7e8", "#c5b0d5", "#7b4173", "#f7b6d2", "#9edae5")


@dataclass(frozen=True)
class Institution:
    name: str
    short_name: str
    country: str  # ISO 3166 alpha-2
    color: str | None
    aliases: tuple[str, ...]  # folded phrases that name it in a title row


def catalog_dir() -> Path:
    return Path(os.environ.get("POA_CATALOG") or CATALOG_DIR)


@lru_cache(maxsize=4)
def _institutions(path: Path) -> tuple[Institution, ...]:
    if not path.exists():
        return ()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        name = " ".join((row.get("name") or "").split())
        if not name:
            continue
        aliases = tuple(a for a in (fold(x) for x in (row.get("aliases") or "").split("|")) if a)
        out.append(Institution(
            name=name,
            short_name=(row.get("short_name") or "").strip() or name,
            country=(row.get("country") or "").strip().upper(),
            color=(row.get("color") or "").strip() or None,
            aliases=aliases,
        ))
    return tuple(out)


def institutions() -> tuple[Institution, ...]:
    return _institutions(catalog_dir() / "institutions.csv")


def lookup(name: str | None) -> Institution | None:
    """The catalogued institution a free-typed name refers to, if any."""
    text = f" {fold(name)} "
    for inst in institutions():
        if fold(inst.name) == text.strip() or any(f" {a} " in text for a in inst.aliases):
            return inst
    return None


def short_name(name: str) -> str:
    """The legend name: 'Caja Mutual (MINED)' for the long official one; the name itself when unknown."""
    inst = lookup(name) if name else None
    return inst.short_name if inst else name


def color(name: str) -> str:
    """The catalog's colour for an institution; others get a stable one from the fallback colours."""
    inst = lookup(name) if name else None
    if inst and inst.color:
        return inst.color
    return FALLBACK_COLORS[zlib.crc32((name or "").encode()) % len(FALLBACK_COLORS)]


SPELLING_KINDS = ("axis", "unit")


@lru_cache(maxsize=4)
def _spellings(path: Path, _mtime: float) -> tuple[tuple[tuple[str, str, str, str], ...], tuple[str, ...]]:
    """(kind, folded institution or '', folded spelling, canonical) for each usable row, and what is
    wrong with the others, in Spanish."""
    if not path.exists():
        return (), ()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out, problems = [], []
    for line, row in enumerate(rows, start=2):
        kind = (row.get("kind") or "").strip().lower()
        spelling = fold(row.get("spelling"))
        canonical = " ".join((row.get("canonical") or "").split())
        if kind in SPELLING_KINDS and spelling and canonical:
            out.append((kind, _institution_key(row.get("institution")), spelling, canonical))
        elif any((v or "").strip() for k, v in row.items() if k != "comment" and isinstance(v, str)):
            problems.append(f"{path.name}, fila {line}: se omitió; necesita kind (axis o unit), "
                            f"spelling y canonical (kind «{kind}», spelling «{row.get('spelling') or ''}», "
                            f"canonical «{canonical}»).")
    return tuple(out), tuple(problems)


def _institution_key(name: str | None) -> str:
    if not (name or "").strip():
        return ""
    inst = lookup(name)
    return fold(inst.name if inst else name)


def spellings_path() -> Path:
    return catalog_dir() / "spellings.csv"


def _read_spellings():
    path = spellings_path()
    # The file's time is part of the key: `python -m etl names` right after an edit sees the edit.
    return _spellings(path, path.stat().st_mtime if path.exists() else 0.0)


def spelling_problems() -> tuple[str, ...]:
    """Rows of spellings.csv that were skipped, and why, for whoever edited the file."""
    return _read_spellings()[1]


def names_for(institution: str | None) -> dict[tuple[str, str], str]:
    """{(kind, folded spelling): canonical} that apply to this institution's plans."""
    rows, _ = _read_spellings()
    key = _institution_key(institution)
    general = {(k, s): c for k, i, s, c in rows if not i}
    own = {(k, s): c for k, i, s, c in rows if i and i == key}
    return {**general, **own}


def canonical(kind: str, value: str | None, institution: str | None = None,
              names: dict[tuple[str, str], str] | None = None) -> str | None:
    """The catalog's name for an axis or unit spelling; the value itself when the catalog has none."""
    if not value:
        return value
    names = names_for(institution) if names is None else names
    return names.get((kind, fold(value)), value)


@dataclass(frozen=True)
class Country:
    code: str          # ISO 3166 alpha-2, as institutions.csv's country column writes it
    name: str          # in Spanish
    currency: str      # ISO 4217: what an amount with no mark means in its plans
    dollar: str        # ISO 4217: what a bare '$' means there (the peso, or US dollars)
    words: tuple[str, ...]  # folded phrases that name the country in a title ('santo domingo')


def _catalog_file(name: str) -> Path:
    """The file in the catalog folder, or the bundled one when a POA_CATALOG folder has none (a catalog of one's
    own institutions need not repeat the countries and currencies)."""
    path = catalog_dir() / name
    return path if path.exists() else CATALOG_DIR / name


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _iso(value: str | None, size: int) -> str:
    code = (value or "").strip().upper()
    return code if len(code) == size and code.isalpha() and code.isascii() else ""


@lru_cache(maxsize=4)
def _countries(path: Path, _mtime: float) -> tuple[dict[str, Country], tuple[str, ...]]:
    """countries.csv: country (ISO 3166 alpha-2), name, currency and dollar (ISO 4217), words ('|'); rows that
    cannot be used are skipped and said, in Spanish."""
    out: dict[str, Country] = {}
    problems = []
    for line, row in enumerate(_rows(path), start=2):
        code, currency = _iso(row.get("country"), 2), _iso(row.get("currency"), 3)
        dollar = _iso(row.get("dollar"), 3) or currency
        if code and currency and code not in out:
            words = tuple(w for w in (fold(x) for x in (row.get("words") or "").split("|")) if w)
            out[code] = Country(code, " ".join((row.get("name") or "").split()) or code, currency, dollar, words)
        elif any((v or "").strip() for k, v in row.items() if k != "comment" and isinstance(v, str)):
            why = "repetido" if code in out else "necesita country (dos letras, ISO 3166) y currency (tres, ISO 4217)"
            problems.append(f"{path.name}, fila {line}: se omitió; {why} (country «{row.get('country') or ''}», "
                            f"currency «{row.get('currency') or ''}»).")
    return out, tuple(problems)


def _read_countries():
    path = _catalog_file("countries.csv")
    return _countries(path, path.stat().st_mtime if path.exists() else 0.0)


def countries() -> dict[str, Country]:
    """ISO country code -> Country, from countries.csv."""
    return _read_countries()[0]


@lru_cache(maxsize=4)
def _currency_marks(path: Path, _mtime: float) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """currencies.csv: (mark in capitals, ISO 4217 code or '' for a mark that names no one currency), longest mark
    first; and the rows skipped, in Spanish. A mark given to two currencies is kept for the first only."""
    marks: dict[str, str] = {}
    problems = []
    for line, row in enumerate(_rows(path), start=2):
        raw = (row.get("currency") or "").strip()
        code = _iso(raw, 3)
        listed = [" ".join(m.split()).upper() for m in (row.get("marks") or "").split("|") if m.strip()]
        if (raw and not code) or not listed:
            if any((v or "").strip() for k, v in row.items() if k != "comment" and isinstance(v, str)):
                problems.append(f"{path.name}, fila {line}: se omitió; necesita currency (ISO 4217, o vacía para "
                                f"marcas como «$») y marks (currency «{raw}»).")
            continue
        for mark in listed:
            if marks.setdefault(mark, code) != code:
                problems.append(f"{path.name}, fila {line}: la marca «{mark}» ya es de {marks[mark] or '(ninguna)'}; "
                                "se omitió para esta moneda.")
    return tuple(sorted(marks.items(), key=lambda kv: -len(kv[0]))), tuple(problems)


def currency_marks() -> tuple[tuple[str, str], ...]:
    """(mark in capitals, ISO 4217 code or ''), longest first: 'US$' before '$'."""
    path = _catalog_file("currencies.csv")
    return _currency_marks(path, path.stat().st_mtime if path.exists() else 0.0)[0]


def money_problems() -> tuple[str, ...]:
    """Rows of countries.csv and currencies.csv that were skipped, and why, for whoever edited them."""
    path = _catalog_file("currencies.csv")
    marks = _currency_marks(path, path.stat().st_mtime if path.exists() else 0.0)[1]
    return _read_countries()[1] + marks


@dataclass(frozen=True)
class Limits:
    max_amount: float = 1e12
    max_figure: float = 1e12


@lru_cache(maxsize=4)
def _limits(path: Path) -> Limits:
    import tomllib

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Limits()
    values = {k: float(v) for k, v in raw.items() if k in Limits.__dataclass_fields__
              and isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0}
    return Limits(**values)


def limits() -> Limits:
    """limits.toml: the figures above which a load warns (a missing file or key: the defaults above)."""
    return _limits(catalog_dir() / "limits.toml")

