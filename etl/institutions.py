"""Institutions we know by name, their country (for its currency and '$'), and finding name and year in a title's text
(etl/titles.py decides which rows are titles)."""
from __future__ import annotations

import re

from etl import catalog
from etl.catalog import Institution, lookup  # noqa: F401  (re-exported)
from etl.normalize.text import fold


def canonical_name(name: str) -> str:
    inst = lookup(name)
    return inst.name if inst else " ".join(name.split())


def country_of(name: str | None) -> str | None:
    """The institution's country: the catalog's, else one named in the name ('Hospital de Santo Domingo'),
    by the words of data/catalog/countries.csv."""
    inst = lookup(name)
    if inst:
        return inst.country
    text = fold(name)
    for country in catalog.countries().values():
        if any(w in text for w in country.words):
            return country.code
    return None


def currency_of(name: str | None) -> str | None:
    """The currency of the institution's country (countries.csv): what an amount with no mark means in its
    plans, DOP in the Dominican Republic, USD in El Salvador, BOB in Bolivia."""
    country = catalog.countries().get(country_of(name) or "")
    return country.currency if country else None


def dollar_of(name: str | None) -> str | None:
    """What a bare '$' means for this institution: the peso where '$' writes the peso (DO, MX, CO, AR, CL, UY),
    US dollars where the currency has a sign of its own (BO 'Bs', PE 'S/', GT 'Q', CR '₡') or is the dollar."""
    country = catalog.countries().get(country_of(name) or "")
    return country.dollar if country else None


def find_institution(text: str) -> str | None:
    """A known institution named in the title text.

    Lines are joined first, because titles are often split over rows ('CAJA MUTUAL DE' / 'LOS EMPLEADOS').
    """
    folded = f" {fold(text)} "
    best = None
    for inst in catalog.institutions():
        for alias in inst.aliases:
            pos = folded.find(f" {alias} ")
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, inst.name)
    return best[1] if best else _named_in_titles(text)


_INSTITUTION_WORDS = (
    "instituto", "tesoreria", "caja", "ministerio", "superintendencia", "direccion general",
    "consejo nacional", "seguro nacional", "administradora", "ars ", "fondo", "hospital",
    "corporacion", "autoridad", "servicio nacional", "oficina nacional", "comision", "banco",
    "procuraduria", "universidad", "alcaldia", "ayuntamiento", "gobernacion", "contraloria",
)
_SMALL_WORDS = {"de", "del", "la", "las", "los", "el", "y", "e", "para", "en", "a"}


def _named_in_titles(text: str) -> str | None:
    """An institution we do not know yet, named in a title cell ('INSTITUTO NACIONAL DE ...')."""
    for cell in text.split(" \n "):
        folded = fold(cell)
        if 2 <= len(folded.split()) <= 14 and folded.startswith(_INSTITUTION_WORDS):
            return _title_case(cell)
    return None


def _title_case(name: str) -> str:
    name = " ".join(name.split())
    if not name.isupper():
        return name
    words = name.lower().split()
    return " ".join(
        w if (i and w in _SMALL_WORDS) else (w.upper() if len(w) <= 4 and w.isalpha() and w in {"ars", "isss", "tss"} else w.capitalize())
        for i, w in enumerate(words)
    )


_PLAN_YEAR = re.compile(r"(?:plan operativo|plan anual|poa|poi|plan de trabajo)[^0-9]{0,60}?((?:19|20)\d\d)\b")
_OTHER_YEAR = re.compile(r"(?:\bano|ejercicio|fecha)[^0-9]{0,60}?((?:19|20)\d\d)\b")


def find_year(text: str) -> int | None:
    """The plan year from 'Plan Operativo Anual 2024', 'POI/POA 2023', 'Fecha: Enero 2023 - Diciembre 2023'.

    The plan's own title wins over other dates on the cover ('ANEXO ... DE FECHA 28/AGOSTO/2020').
    """
    folded = fold(text)
    m = _PLAN_YEAR.search(folded) or _OTHER_YEAR.search(folded)
    return int(m.group(1)) if m else None
