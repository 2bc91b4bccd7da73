"""An in-memory index of the facts matching and consortium building read.

Why: ArcadeDB's Cypher spends tens of microseconds per row and about a millisecond per
subquery, so at 50,000 organisations even explaining ten candidates in Cypher takes
60–120 ms, and a seeker who needs a common competence has tens of thousands of
complementary organisations. The index holds every organisation's offers, needs, kind,
place, projects, memberships and introductions in numpy arrays (sparse ties as CSR
adjacency), so :mod:`graph.matching.scoring` scores all candidates at once and explains
the top k from memory, and :mod:`graph.matching.consortium` takes its candidates from it.

Building: eight queries run side by side, most returning one record of parallel lists
(``collect``), which Bolt transfers several times faster than one record per row; numpy
arrays are built from those lists directly (5–8 s at 50,000 organisations, about 1 s at
5,000; see bench/match.py).

Staleness rule (:meth:`MatchIndex.current`):

- built at first use, synchronously;
- a write through any :class:`graph.store.driver.Store` sharing this one's data directory
  (this process, another worker of the web server, a ``partnernet load``) increments
  ``store.generation`` (:mod:`graph.store.generation`); the next request sees the changed
  generation and rebuilds synchronously, so no results older than a known write are
  served;
- writes by processes with another data directory (several machines on one Neo4j
  server) are seen once the index is older than ``max_age`` (5 minutes): the first
  request after that starts a rebuild in a background thread and is served the
  previous index, as are requests until the rebuild is done (a few seconds). Those
  writes are therefore visible within ``max_age`` plus one build time.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import numpy as np

from graph.matching.model import Seeker
from graph.store.driver import Store
from graph.store.queries import Query, query

INDEX_ORGS = query("match/index_orgs")
INDEX_COMPETENCES = query("match/index_competences")
INDEX_OFFERS = query("match/index_offers")
INDEX_NEEDS = query("match/index_needs")
INDEX_PARTICIPATIONS = query("match/index_participations")
INDEX_MEMBERSHIPS = query("match/index_memberships")
INDEX_INTRODUCTIONS = query("match/index_introductions")
INDEX_BALKAN = query("match/index_balkan")
MAX_AGE = 300.0

log = logging.getLogger(__name__)


class Csr:
    """Sparse rows: the row ``i`` of a relation is ``indices[indptr[i]:indptr[i+1]]``."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n_rows: int) -> None:
        order = np.argsort(rows, kind="stable")
        self.indices = cols[order].astype(np.int64)
        self.indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=self.indptr[1:])

    def row(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def gather(self, rows: np.ndarray) -> np.ndarray:
        """The concatenated rows ``rows`` (with repeats), without a Python loop."""
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        if lengths.sum() == 0:
            return np.zeros(0, dtype=np.int64)
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        return self.indices[np.arange(lengths.sum()) + offsets]


Rows = dict[Query, list[dict[str, Any]]]
QUERIES = (
    INDEX_OFFERS,
    INDEX_NEEDS,
    INDEX_ORGS,
    INDEX_PARTICIPATIONS,
    INDEX_MEMBERSHIPS,
    INDEX_INTRODUCTIONS,
    INDEX_COMPETENCES,
    INDEX_BALKAN,
)


def _fetch(store: Store) -> Rows:
    """The rows of every index query, run side by side (the server works while the
    driver decodes another answer)."""
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="match-index") as pool:
        return dict(zip(QUERIES, pool.map(store.read, QUERIES), strict=True))


def _one(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The single record of a query returning parallel lists (empty on an empty graph)."""
    return rows[0] if rows else {}


def _codes(values: list[str]) -> tuple[list[str], np.ndarray]:
    """Distinct values (sorted) and each value's position among them."""
    table, codes = np.unique(np.array(values, dtype=object).astype(str), return_inverse=True)
    return table.tolist(), codes.astype(np.int32)


class MatchIndex:
    """Offers, needs, places and ties of every organisation, as numpy arrays."""

    _cache: ClassVar[weakref.WeakKeyDictionary[Store, MatchIndex]] = weakref.WeakKeyDictionary()
    _lock: ClassVar[threading.Lock] = threading.Lock()
    _rebuilding: ClassVar[set[int]] = set()

    def __init__(self, store: Store) -> None:
        self.generation = store.generation  # before reading: a write meanwhile makes it stale
        self.built_at = time.monotonic()
        data = _fetch(store)
        orgs = _one(data[INDEX_ORGS])
        ids = orgs.get("id", [])
        order = np.argsort(np.array(ids, dtype=str), kind="stable")
        self.ids: list[str] = [ids[i] for i in order]
        self._ids = np.array(self.ids, dtype=str)
        self.pos = {x: i for i, x in enumerate(self.ids)}
        self.names: list[str] = [orgs["name"][i] for i in order] if ids else []
        self.kinds, self.kind = _codes([orgs["kind"][i] for i in order])
        self.countries, self.country = _codes([orgs["country"][i] for i in order])
        self.regions, self.region = _codes([orgs["region"][i] for i in order])
        balkan = {r["id"] for r in data[INDEX_BALKAN]}
        self.balkan = np.isin(self.country, [i for i, c in enumerate(self.countries) if c in balkan])
        self._competences(data)
        self._ties(data)

    def levels(self, rows: slice | int, c: Any, discount: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(offered?, level, factor) of competence ``c`` for the organisations ``rows``.

        The one statement of the narrower-competence rule (DESIGN.md, matching): the level
        offered directly (factor 1), else the best level of a directly narrower competence
        with factor ``discount``. Scoring, its explanations and consortia all read it here.
        """
        direct = self.direct[rows, c].astype(np.float64)
        narrow = self.narrow[rows, c].astype(np.float64)
        has_direct = direct > 0
        return has_direct | (narrow > 0), np.where(has_direct, direct, narrow), np.where(has_direct, 1.0, discount)

    def seeker(self, org_id: str) -> Seeker:
        """The summary of a known organisation, as :func:`graph.matching.match.seeker` gives it."""
        i = self.pos[org_id]
        return Seeker(
            id=org_id,
            name=self.names[i],
            kind=self.kinds[self.kind[i]],
            country=self.countries[self.country[i]],
            region=self.regions[self.region[i]],
        )

    def _known(self, *columns: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Which rows of parallel id ``columns`` name only organisations the index holds,
        and the positions of the ids (another process may write between the index's
        queries; rows about organisations it has not seen wait for the next build)."""
        ok = np.ones(len(columns[0]), dtype=bool)
        out = []
        for column in columns:
            ids = np.array(column, dtype=str)
            pos = np.searchsorted(self._ids, ids).clip(0, max(len(self.ids) - 1, 0))
            ok &= (self._ids[pos] == ids) if self.ids else False
            out.append(pos.astype(np.int64))
        return ok, out

    def _competences(self, data: Rows) -> None:
        comps = sorted(data[INDEX_COMPETENCES], key=lambda r: r["id"])
        self.comps: list[str] = [r["id"] for r in comps]
        self.comp = {c: j for j, c in enumerate(self.comps)}
        self.comp_names: list[str] = [r["name"] for r in comps]
        n, m = len(self.ids), max(1, len(comps))
        self.direct = np.zeros((n, m), dtype=np.int8)  # level offered directly, 0 = none
        self.need = np.zeros((n, m), dtype=np.int8)  # priority, 0 = none
        for table, rows, value in (
            (self.direct, _one(data[INDEX_OFFERS]), "level"),
            (self.need, _one(data[INDEX_NEEDS]), "priority"),
        ):
            if rows.get("org"):
                ok, (org,) = self._known(rows["org"])
                cols = np.array([self.comp.get(c, -1) for c in rows["competence"]], dtype=np.int64)
                ok &= cols >= 0
                table[org[ok], cols[ok]] = np.array(rows[value], dtype=np.int8)[ok]
        # The best level offered through a narrower competence, and which one (the first
        # by id among equals: children are visited in id order and argmax keeps the first).
        self.narrow = np.zeros((n, m), dtype=np.int8)
        self.through = np.full((n, m), -1, dtype=np.int16)
        self.children: dict[int, list[int]] = {}
        for j, r in enumerate(comps):
            if r["broader"] in self.comp:
                self.children.setdefault(self.comp[r["broader"]], []).append(j)
        for up, kids in self.children.items():
            levels = self.direct[:, kids]
            best = levels.argmax(axis=1)
            self.narrow[:, up] = levels[np.arange(n), best]
            self.through[:, up] = np.where(self.narrow[:, up] > 0, np.array(kids, dtype=np.int16)[best], -1)

    def _ties(self, data: Rows) -> None:
        n = len(self.ids)
        parts = _one(data[INDEX_PARTICIPATIONS])
        ok, (org,) = self._known(parts.get("org", []))
        projects, proj = _codes(np.array(parts.get("project", []), dtype=object)[ok].tolist())
        self.projects: list[str] = projects
        org = org[ok]
        self.org_proj = Csr(org, proj.astype(np.int64), n)
        self.proj_org = Csr(proj.astype(np.int64), org, len(projects))
        self.coordinated = np.zeros(n, dtype=bool)
        self.coordinated[org[np.array(parts.get("coordinator", []), dtype=bool)[ok]]] = True
        mem = _one(data[INDEX_MEMBERSHIPS])
        ok, (member, network) = self._known(mem.get("org", []), mem.get("network", []))
        member, network = member[ok], network[ok]
        self.member_of = Csr(member, network, n)  # member -> networks
        self.members = Csr(network, member, n)  # network -> members
        intro = _one(data[INDEX_INTRODUCTIONS])
        ok, (src, dst) = self._known(intro.get("source", []), intro.get("target", []))
        src, dst = src[ok], dst[ok]
        self.intros = Csr(np.concatenate([src, dst]), np.concatenate([dst, src]), n)

    # -- cache ------------------------------------------------------------------------

    @classmethod
    def build(cls, store: Store) -> MatchIndex:
        """A fresh index of the graph in ``store``."""
        return cls(store)

    @classmethod
    def current(cls, store: Store, max_age: float = MAX_AGE) -> MatchIndex:
        """The index for ``store`` under the staleness rule of the module doc."""
        with cls._lock:
            index = cls._cache.get(store)
            if index is None or index.generation != store.generation:
                index = cls._cache[store] = cls.build(store)
            elif time.monotonic() - index.built_at > max_age and id(store) not in cls._rebuilding:
                cls._rebuilding.add(id(store))
                threading.Thread(target=cls._rebuild, args=(store,), daemon=True, name="match-index-rebuild").start()
            return index

    @classmethod
    def _rebuild(cls, store: Store) -> None:
        try:
            index = cls.build(store)
        except Exception:  # the previous index keeps serving; the next request retries
            log.exception("background rebuild of the matching index failed")
            index = None
        with cls._lock:
            cls._rebuilding.discard(id(store))
            if index is not None and index.generation == store.generation:
                cls._cache[store] = index

    # -- ties -------------------------------------------------------------------------

    def tied(self, a: int) -> np.ndarray:
        """Organisations with a joint project or a membership (either way) with ``a``."""
        near = np.concatenate([self.proj_org.gather(self.org_proj.row(a)), self.member_of.row(a), self.members.row(a)])
        near = np.unique(near)
        return near[near != a]

    def ties(self, a: int) -> list[tuple[str, str, str]]:
        """(other, via, ref) for ``a``'s joint projects, then memberships, in path order."""
        ids = self.ids
        projects = sorted(
            (ids[x], "project", self.projects[p]) for p in self.org_proj.row(a) for x in self.proj_org.row(p) if x != a
        )
        memberships = sorted(
            {(ids[x], "membership", ids[x]) for x in self.member_of.row(a)}
            | {(ids[x], "membership", ids[a]) for x in self.members.row(a)}
        )
        return projects + memberships
