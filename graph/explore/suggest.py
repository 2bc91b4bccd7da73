"""Picking organisations, projects, competences and regions by name, never by id.

:func:`suggest` lists what a typed text may mean (diacritics-insensitive, "timis" finds
"Timiș"), for the autocomplete of every field that names a node; :func:`resolve` turns
what a user typed into one node or raises :class:`Unresolved` with the candidates, so a
form works without JavaScript: the server resolves the name and asks back when it is
ambiguous. An exact id still resolves, so links and bookmarks with ids keep working.

Example:
    >>> resolve(store, PickKind.ORG, "ANBPR").id                 # doctest: +SKIP
    'anbpr'
    >>> [c.name for c in suggest(store, PickKind.COMPETENCE, "advoc")]   # doctest: +SKIP
    ['Advocacy', 'Advocacy training']
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from babel import Locale

from graph.explore.finder import SearchIndex
from graph.models import NAME_LANGUAGES
from graph.outputs import OutModel
from graph.store.cache import cached
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query
from graph.text import normalise

SUGGEST = {
    "project": query("suggest/projects"),
    "competence": query("suggest/competences"),
}
ALL_REGIONS = query("suggest/regions")

LIMIT = 10
RESOLVE_LIMIT = 20


class PickKind(StrEnum):
    """What a field names."""

    ORG = "org"
    PROJECT = "project"
    COMPETENCE = "competence"
    REGION = "region"


class Choice(OutModel):
    """A node a typed text may mean: its id (for links), name and a line that tells it apart."""

    id: str
    name: str
    detail: str | None = None


class Unresolved(ValueError):
    """The text names no node, or several: ``choices`` holds the candidates (maybe none)."""

    def __init__(self, kind: PickKind, text: str, choices: list[Choice]) -> None:
        self.kind, self.text, self.choices = kind, text, choices
        what = "several" if choices else "no"
        super().__init__(f"{what} {kind.value}s match {text!r}")


def _detail(kind: PickKind, row: dict[str, Any]) -> str | None:
    if kind is PickKind.ORG:
        parts = [row.get("city"), row.get("country")]
    elif kind is PickKind.PROJECT:
        start = row.get("start")
        parts = [row.get("funder"), str(start.year) if start is not None else None]
    elif kind is PickKind.COMPETENCE:
        parts = [row.get("broader")]
    else:
        parts = [row.get("country") if row.get("level") != "country" else None]
    return " · ".join(str(p) for p in parts if p) or None


@cached(maxsize=1, depends=frozenset({Topic.BULK}))
def _regions(store: Store) -> list[dict[str, Any]]:
    """Every region with its search keys (a few hundred rows; regions change only by loads):
    its name's and, for a country, those of its names in the partners' languages (CLDR's,
    through Babel), so that "Grecia" or "Ελλάδα" finds Greece as "Greece" does."""
    rows = []
    for row in store.read(ALL_REGIONS):
        names = {row["name"]} | (_country_names(row["id"]) if row["level"] == "country" else set())
        rows.append({**row, "key": normalise(row["name"]), "keys": {normalise(name) for name in names}})
    return rows


def _country_names(code: str) -> set[str]:
    """The names of the country ``code`` in English and the partners' languages."""
    names = (Locale.parse(language).territories.get(code) for language in ("en", *NAME_LANGUAGES))
    return {name for name in names if name}


def region_names(store: Store) -> dict[str, str]:
    """Every region's name by its code (from the graph, in the data's language)."""
    return {r["id"]: r["name"] for r in _regions(store)}


def _rows(store: Store, kind: PickKind, text: str, limit: int) -> list[dict[str, Any]]:
    key = normalise(text)
    if kind is PickKind.REGION:
        code = text.upper()
        found = [r for r in _regions(store) if r["id"] == code or any(key in k for k in r["keys"])]
        found.sort(
            key=lambda r: (
                r["id"] != code,
                key not in r["keys"],
                not any(k.startswith(key) for k in r["keys"]),
                r["key"],
                r["id"],
            )
        )
        return found[:limit]
    if kind is PickKind.ORG:  # from the search index: tens of thousands, not a few hundred
        return SearchIndex.current(store).named(key, text.lower(), limit)
    return store.read(SUGGEST[kind.value], id=text.lower(), text=key, limit=limit)


def suggest(store: Store, kind: PickKind, text: str, limit: int = LIMIT) -> list[Choice]:
    """Up to ``limit`` nodes of ``kind`` whose name contains ``text`` (or whose id it is), best first."""
    text = text.strip()
    if not text:
        return []
    return [Choice(id=r["id"], name=r["name"], detail=_detail(kind, r)) for r in _rows(store, kind, text, limit)]


def _named(store: Store, kind: PickKind, choice: Choice, key: str) -> bool:
    """Whether ``choice`` is named exactly ``key`` (a search key): a country in any of its names."""
    if kind is PickKind.REGION:
        return any(r["id"] == choice.id and key in r["keys"] for r in _regions(store))
    return normalise(choice.name) == key


def resolve(store: Store, kind: PickKind, text: str) -> Choice:
    """The one node ``text`` names: its id, its exact name, or the only name containing it.

    Raises :class:`Unresolved` with up to :data:`LIMIT` candidates otherwise.
    """
    text = text.strip()
    choices = suggest(store, kind, text, RESOLVE_LIMIT)
    code = text.upper() if kind is PickKind.REGION else text.lower()
    key = normalise(text)
    exact = [c for c in choices if c.id == code] or [c for c in choices if _named(store, kind, c, key)]
    if len(exact) == 1:
        return exact[0]
    if len(choices) == 1:
        return choices[0]
    raise Unresolved(kind, text, (exact or choices)[:LIMIT])
