"""The search index: organisations by text, kind, place and competence, from memory.

Why: the search read every organisation in Cypher (``CONTAINS`` on names, cities,
descriptions and competence names), seconds at 50,000 organisations on a busy machine. This
index holds every organisation's search text (its name, city and description normalised
with :func:`graph.text.normalise`, so that "judeteana" finds "Județeană" and the cedilla
ş ţ count as the comma-below ș ț) in :class:`graph.explore.trigrams.Trigrams`, and its
kind, place and competences in numpy arrays: a search costs in proportion to its hits,
not to all organisations. It sits beside the matching index and is kept fresh the same
way (:mod:`graph.store.follow`): built once, then updated in place from the facts of this
process's own writes and from the change log for the others' (:meth:`SearchIndex.update`
re-reads the organisations a change names).

What a text matches (:meth:`SearchIndex.find`): organisations whose name, city or
description holds its search key, or that offer or need a competence whose name does.
Rows come in the order of the name's key, then the id, as the Cypher search gave them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

import numpy as np

from graph.explore.trigrams import Trigrams, distinct
from graph.store.changes import Fact, Link, Props, Topic, apply_facts
from graph.store.driver import Store
from graph.store.follow import Follower, log_position
from graph.store.queries import query
from graph.text import normalise

INDEX_ORGS = query("search/index_orgs")
INDEX_LINKS = query("search/index_links")
INDEX_COMPETENCES = query("search/index_competences")
INDEX_DELTA = query("search/index_delta")
# The change-log topics the index holds: names, kinds, places; offers and needs; descriptions.
TOPICS = frozenset({Topic.ORGS, Topic.LINKS, Topic.TEXT})
# An organisation's properties that the index holds (as index_orgs.cypher reads them).
PLACES = ("kind", "country", "region")
KEYS = ("name_norm", "city_norm", "description")


def _text(name_norm: str, city_norm: str, description: str) -> str:
    """An organisation's search text: its fields' keys, apart (no match spans two)."""
    return f"{name_norm}\0{city_norm}\0{_key(description)}"


def _key(description: str | None) -> str:
    """The search key of a description (stored as typed, unlike names and cities)."""
    return normalise(description) if description else ""


class _Column:
    """A column of short strings (kinds, countries, regions) as codes into its values."""

    def __init__(self, values: list[str]) -> None:
        self.values = sorted(set(values))
        self._code = {v: c for c, v in enumerate(self.values)}
        self.codes = np.array([self._code[v] for v in values], dtype=np.int32)

    def code(self, value: str) -> int:
        """The code of ``value`` (a new one for a value not seen before)."""
        if value not in self._code:
            self._code[value] = len(self.values)
            self.values.append(value)
        return self._code[value]

    def known(self, value: str) -> int:
        """The code of ``value``, -1 when no organisation has it."""
        return self._code.get(value, -1)

    def count(self, rows: np.ndarray) -> Counter[str]:
        """How many of ``rows`` have each value (the empty one left out)."""
        counts = np.bincount(self.codes[rows], minlength=len(self.values)).tolist()
        return Counter({v: n for v, n in zip(self.values, counts, strict=True) if n and v})


class SearchIndex:
    """Every organisation's search text, list fields, kind, place and competences.

    Rows are organisations in the order read; organisations created since are appended and
    removed ones kept, emptied (``alive`` False). Rows whose text changed since the build
    are ``stale`` in the trigrams and checked directly. Reads and updates hold ``lock``.
    """

    def __init__(self, store: Store) -> None:
        self.built_at = time.monotonic()
        # Changes since (less the log's lag) are applied after, but for those it holds already.
        self.read_at, self.included = log_position(store)
        self.refreshing = False  # set while a newer index is built in the background
        self.lock = threading.RLock()
        orgs = store.columns(INDEX_ORGS)
        self.ids: list[str] = list(orgs["id"])
        self.pos = {x: i for i, x in enumerate(self.ids)}
        self.names: list[str] = list(orgs["name"])
        self.cities: list[str] = list(orgs["city"])
        self.keys: list[str] = list(orgs["name_norm"])  # the order of results
        self.texts = [_text(*parts) for parts in zip(*(orgs[k] for k in KEYS), strict=True)]
        self.columns = {p: _Column(list(orgs[p])) for p in PLACES}
        self.alive = np.ones(len(self.ids), dtype=bool)
        self.grams = Trigrams(self.texts)
        self.stale = np.zeros(len(self.ids), dtype=bool)
        self.changed: list[int] = []  # the stale rows
        comps = store.read(INDEX_COMPETENCES)
        self.comps: list[str] = [c["id"] for c in comps]
        self.comp = {c: j for j, c in enumerate(self.comps)}
        self.comp_keys: list[str] = [c["name_norm"] for c in comps]
        self.offers = np.zeros((len(self.ids), max(1, len(comps))), dtype=bool)
        self.needs = np.zeros_like(self.offers)
        links = store.columns(INDEX_LINKS)
        for competence, offered_by, needed_by in zip(*links.values(), strict=True):
            j = self.comp.get(competence)
            for table, orgs_of in ((self.offers, offered_by), (self.needs, needed_by)):
                if j is not None:  # rows of organisations created meanwhile come with the change log
                    table[[i for i in map(self.pos.get, orgs_of) if i is not None], j] = True
        self._rank()

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """A fresh index of the organisations in ``store``."""
        return cls(store)

    @classmethod
    def current(cls, store: Store) -> SearchIndex:
        """The index of ``store``, following its writes (graph.store.follow)."""
        return FOLLOWER.current(store)

    def __len__(self) -> int:
        return len(self.ids)

    def _rank(self) -> None:
        """Every row's place in the order of results (name key, then id)."""
        order = sorted(range(len(self.ids)), key=lambda i: (self.keys[i], self.ids[i]))
        self.rank = np.empty(len(order), dtype=np.int64)
        self.rank[order] = np.arange(len(order))

    # -- searching --------------------------------------------------------------------

    def _containing(self, key: str, texts: list[str]) -> np.ndarray:
        """The live rows whose ``texts`` hold ``key`` (the trigrams of the search text,
        which holds every field, give the candidates)."""
        found = self.grams.candidates(key)
        if found is None:
            rows: Iterable[int] = range(len(self.ids))
        else:
            rows = [*found[~self.stale[found]].tolist(), *self.changed]
        hits = np.fromiter((i for i in rows if key in texts[i]), dtype=np.int64)
        return np.sort(hits[self.alive[hits]])

    def find(
        self,
        key: str | None,
        kind: str | None = None,
        region: str | None = None,
        offers: str | None = None,
        needs: str | None = None,
        among: Collection[str] | None = None,
    ) -> np.ndarray:
        """The rows of the organisations matching every filter given, in result order:
        ``key`` (a search key, module doc), ``kind``, ``region`` (a country or region code),
        competence ``offers`` or ``needs`` (ids), ``among`` (organisation ids)."""
        with self.lock:
            if key is None:
                rows = np.flatnonzero(self.alive)
            else:
                rows = self._containing(key, self.texts)
                named = [j for j, k in enumerate(self.comp_keys) if key in k]
                if named:
                    linked = (self.offers[:, named] | self.needs[:, named]).any(axis=1) & self.alive
                    rows = distinct(np.concatenate([rows, np.flatnonzero(linked)]))
            if kind is not None:
                rows = rows[self.columns["kind"].codes[rows] == self.columns["kind"].known(kind)]
            if region is not None:
                country, place = (self.columns[p].known(region) for p in ("country", "region"))
                rows = rows[
                    (self.columns["country"].codes[rows] == country) | (self.columns["region"].codes[rows] == place)
                ]
            for competence, table in ((offers, self.offers), (needs, self.needs)):
                if competence is not None:
                    j = self.comp.get(competence)
                    rows = rows[table[rows, j]] if j is not None else rows[:0]
            if among is not None:
                rows = rows[np.isin(rows, [self.pos[x] for x in among if x in self.pos])]
            return rows[np.argsort(self.rank[rows], kind="stable")]

    def named(self, key: str, exact: str, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` organisations whose id is ``exact`` or whose name's key holds
        ``key``: the id first, then names starting with the key, then in result order."""
        with self.lock:
            rows = self._containing(key, self.keys)
            first = self.pos.get(exact)
            if first is not None and self.alive[first]:
                rows = distinct(np.append(rows, first))
            later = np.array([not self.keys[i].startswith(key) for i in rows.tolist()], dtype=bool)
            order = np.lexsort((self.rank[rows], later, rows != (-1 if first is None else first)))
            return self.summaries(rows[order][:limit])

    def summaries(self, rows: Iterable[int]) -> list[dict[str, Any]]:
        """The list fields (id, name, kind, country, region, city) of ``rows``."""
        with self.lock:
            places = {p: self.columns[p] for p in PLACES}
            return [
                {
                    "id": self.ids[i],
                    "name": self.names[i],
                    "city": self.cities[i] or None,
                    **{p: c.values[c.codes[i]] or (None if p == "region" else "") for p, c in places.items()},
                }
                for i in (int(r) for r in rows)
            ]

    def facets(self, rows: np.ndarray) -> tuple[Counter[str], Counter[str], Counter[str]]:
        """How many of ``rows`` are of each kind, in each country, and offer or need each competence."""
        with self.lock:
            linked = (self.offers[rows] | self.needs[rows]).sum(axis=0).tolist()
            competences = Counter({c: n for c, n in zip(self.comps, linked, strict=False) if n})
            return self.columns["kind"].count(rows), self.columns["country"].count(rows), competences

    # -- updates in place ---------------------------------------------------------------

    def update(self, store: Store, org_ids: list[str]) -> None:
        """Re-read the organisations ``org_ids`` (one query) and put them in place: new
        ones are appended, removed ones emptied."""
        rows = {r["id"]: r for r in store.read(INDEX_DELTA, ids=org_ids)}
        with self.lock:
            new = [x for x in org_ids if x not in self.pos and x in rows]
            self._grow(new)
            renamed = [self._put(self.pos[x], rows.get(x)) for x in org_ids if x in self.pos]
            if new or any(renamed):
                self._rank()

    def apply(self, facts: tuple[Fact, ...]) -> set[str]:
        """Put in place the facts of a write made by this process (graph.store.journal),
        without a query; the organisations it does not hold are returned, to be re-read."""

        def link(i: int, fact: Link) -> None:
            j = self.comp.get(fact.competence)
            if j is not None:
                (self.offers if fact.relation == "offers" else self.needs)[i, j] = fact.value > 0

        def props(i: int, fact: Props) -> None:
            if self._set(i, fact.values):
                self._rank()

        with self.lock:
            return apply_facts(facts, self._row, link, props)

    def _row(self, org: str) -> int | None:
        """``org``'s row, if it holds it (and it was not removed)."""
        i = self.pos.get(org)
        return i if i is not None and self.alive[i] else None

    def _grow(self, new: list[str]) -> None:
        """Append empty rows for the organisations ``new``."""
        k = len(new)
        if not k:
            return
        for x in new:
            self.pos[x] = len(self.ids)
            self.ids.append(x)
        self.names += new
        self.cities += [""] * k
        self.keys += [""] * k
        self.texts += [""] * k
        for column in self.columns.values():
            column.codes = np.append(column.codes, np.full(k, column.code(""), dtype=np.int32))
        self.alive = np.append(self.alive, np.zeros(k, dtype=bool))
        self.stale = np.append(self.stale, np.zeros(k, dtype=bool))
        blank = np.zeros((k, self.offers.shape[1]), dtype=bool)
        self.offers, self.needs = np.vstack([self.offers, blank]), np.vstack([self.needs, blank])

    def _put(self, i: int, row: dict[str, Any] | None) -> bool:
        """Row ``i`` from an index_delta ``row`` (None: the organisation is gone); True
        when its name's key changed."""
        self.alive[i] = row is not None
        self.offers[i], self.needs[i] = False, False
        if row is None:
            return self._set(i, {"name_norm": "", "city_norm": "", "description": ""})
        for table, items in ((self.offers, row["offers"]), (self.needs, row["needs"])):
            table[i, [self.comp[c] for c in items if c in self.comp]] = True
        return self._set(i, row)

    def _set(self, i: int, values: dict[str, Any]) -> bool:
        """Row ``i``'s fields from the properties ``values`` (those absent stay, None is
        empty); True when its name's key changed (and with it the order of results)."""
        if "name" in values:
            self.names[i] = values["name"] or self.ids[i]
        if "city" in values:
            self.cities[i] = values["city"] or ""
        for p in PLACES:
            if p in values:
                self.columns[p].codes[i] = self.columns[p].code(values[p] or "")
        if not any(k in values for k in KEYS):
            return False
        name, city, description = (self.texts[i].split("\0") + ["", "", ""])[:3]
        name = values.get("name_norm", name) or ""
        city = values.get("city_norm", city) or ""
        if "description" in values:
            description = _key(values["description"])
        self.texts[i] = f"{name}\0{city}\0{description}"
        if not self.stale[i]:
            self.stale[i] = True
            self.changed.append(i)
        renamed = self.keys[i] != name
        self.keys[i] = name
        return renamed


# The search index of each store, following the change log.
FOLLOWER: Follower[SearchIndex] = Follower(SearchIndex.build, TOPICS)
