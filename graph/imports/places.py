"""Country and county names as people write them, turned into ISO 3166 codes.

Imports meet "Romania", "România", "RO", "Grecia", "EL" (the EU's code for Greece) and
Romanian county names with or without diacritics ("Timiș", "Timis", "Judetul Cluj",
"Municipiul București"). ``pycountry`` supplies the ISO names and their Romanian
translations; lookups compare search keys (:func:`graph.text.normalise`), so cedilla
and comma-below letters are the same here too.

Example:
    >>> country_code("Grecia"), country_code("EL"), subdivision_code("RO", "Judetul Timis")
    ('GR', 'GR', 'RO-TM')
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from functools import cache

import pycountry

from graph import models as m
from graph.text import normalise

# The EU's own codes (CORDIS, Eurostat) for two countries whose ISO codes differ.
EU_CODES = {"EL": "GR", "UK": "GB"}
# Kosovo has a user-assigned code that ISO's lists leave out.
EXTRA_COUNTRIES = {"XK": "Kosovo"}
_COUNTY_WORDS = re.compile(r"^(judetul|judet|jud\.?|municipiul|county of)\s+|\s+(county|judet)$")


@cache
def _countries() -> dict[str, str]:
    """Search key of every English and Romanian name and code -> ISO alpha-2 code."""
    romanian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ro"], fallback=True)
    keys: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = {code, country.alpha_3, country.name, getattr(country, "common_name", country.name)}
        names |= {getattr(country, "official_name", country.name), romanian.gettext(country.name)}
        for name in names:
            keys[normalise(name)] = code
    for code, name in EXTRA_COUNTRIES.items():
        keys[normalise(code)] = keys[normalise(name)] = code
    for eu, iso in EU_CODES.items():
        keys[normalise(eu)] = iso
    return keys


def country_code(text: str) -> str | None:
    """The ISO 3166-1 code of a country name or code in English or Romanian, or None.

    >>> country_code("Bulgaria"), country_code("Germania"), country_code("uk"), country_code("Atlantis")
    ('BG', 'DE', 'GB', None)
    """
    return _countries().get(normalise(text.strip()))


@cache
def _subdivisions(country: str) -> dict[str, str]:
    keys: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=country) or []:
        keys[normalise(sub.name)] = sub.code
        keys[normalise(sub.code)] = keys[normalise(sub.code.split("-", 1)[1])] = sub.code
    if country == "RO":
        keys["bucuresti"] = keys["bucharest"] = "RO-B"
    return keys


def subdivision_code(country: str, text: str) -> str | None:
    """The ISO 3166-2 code of a county or region name within ``country``, or None.

    >>> subdivision_code("RO", "Constanţa"), subdivision_code("RO", "Municipiul București")
    ('RO-CT', 'RO-B')
    """
    key = _COUNTY_WORDS.sub("", normalise(text.strip()))
    return _subdivisions(country).get(key)


def region_name(code: str) -> str:
    """The English name of an ISO 3166-1 or 3166-2 code (the code itself when unknown)."""
    if code in EXTRA_COUNTRIES:
        return EXTRA_COUNTRIES[code]
    found = pycountry.subdivisions.get(code=code) if "-" in code else pycountry.countries.get(alpha_2=code)
    return found.name if found is not None else code


def missing_regions(codes: Iterable[str], known: set[str]) -> list[m.Region]:
    """Region rows for the codes not yet in the graph (countries before subdivisions).

    An import from a country the graph has not met adds that country, so its
    organisations have somewhere to be located; existing regions are never touched.
    """
    wanted: set[str] = set()
    for code in codes:
        wanted.add(code)
        if "-" in code:
            wanted.add(code.split("-", 1)[0])
    rows = []
    for code in sorted(wanted - known, key=lambda c: ("-" in c, c)):
        parent = code.split("-", 1)[0] if "-" in code else None
        rows.append(m.Region(id=code, name=region_name(code), parent=parent))
    return rows
