"""An in-memory pruning index for matching on large graphs.

Why: ArcadeDB's Cypher spends about 15 µs per row, and a seeker who needs a common
competence has tens of thousands of complementary organisations at 50,000 (one
competence is offered by 27,000 of them), so scoring every candidate in Cypher takes
seconds. The index keeps the offer levels, need priorities, kinds, places and ties of
every organisation in numpy arrays and computes, for all candidates at once, the part
of the score that does not depend on earlier ties (need coverage, reciprocity,
cross-sector, geography). Familiarity and reachability only ever apply to the seeker's
neighbourhood (organisations it has a joint project, membership or introduction with,
and theirs), so the shortlist is:

- every neighbourhood candidate that passes the filters, and
- the other candidates whose base score reaches the k-th best base score (minus a
  rounding margin, so near-ties are kept and Cypher orders them exactly).

No other candidate can enter the top k, so :func:`graph.matching.match` then scores
the shortlist in Cypher and returns exactly what scoring every candidate would.

Invalidation: the index remembers the store's write generation (every write through
:class:`graph.store.Store` increments it) and is rebuilt by :meth:`MatchIndex.current`
when it changed, or when it is older than ``max_age`` seconds (writes from another
process, e.g. ``partnernet load`` against a shared server, are seen after at most that).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from typing import ClassVar

import numpy as np

from graph.matching import MatchFilters, Weights
from graph.queries import query
from graph.store import Store

INDEX_ORGS = query("match/index_orgs")
INDEX_OFFERS = query("match/index_offers")
INDEX_NEEDS = query("match/index_needs")
INDEX_TIES = query("match/index_ties")
INDEX_BALKAN = query("match/index_balkan")

MARGIN = 1e-6  # keeps near-ties whose order numpy's and Cypher's rounding might swap


class MatchIndex:
    """Offer/need matrices and ties of every organisation, for candidate pruning."""

    _cache: ClassVar[dict[int, MatchIndex]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, store: Store) -> None:
        self.generation = store.generation
        self.built_at = time.monotonic()
        orgs = sorted(store.read(INDEX_ORGS), key=lambda r: r["id"])
        self.ids = np.array([r["id"] for r in orgs], dtype=object)
        self.pos = {r["id"]: i for i, r in enumerate(orgs)}
        self.kind = np.array([r["kind"] for r in orgs], dtype=object)
        self.country = np.array([r["country"] for r in orgs], dtype=object)
        self.region = np.array([r["region"] for r in orgs], dtype=object)
        balkan = {r["id"] for r in store.read(INDEX_BALKAN)}
        self.balkan = np.array([c in balkan for c in self.country], dtype=bool)
        offers, needs = store.read(INDEX_OFFERS), store.read(INDEX_NEEDS)
        names = sorted({r["competence"] for r in offers + needs}
                       | {r["broader"] for r in offers if r["broader"]})
        self.comp = {c: j for j, c in enumerate(names)}
        shape = (len(orgs), max(1, len(names)))
        self.direct = np.zeros(shape, dtype=np.float64)   # level offered directly
        self.narrow = np.zeros(shape, dtype=np.float64)   # best level via a narrower one
        self.need = np.zeros(shape, dtype=np.float64)     # priority
        for r in offers:
            i = self.pos[r["org"]]
            self.direct[i, self.comp[r["competence"]]] = r["level"]
            if r["broader"]:
                j = self.comp[r["broader"]]
                self.narrow[i, j] = max(self.narrow[i, j], r["level"])
        for r in needs:
            self.need[self.pos[r["org"]], self.comp[r["competence"]]] = r["priority"]
        self._ties(store)

    def _ties(self, store: Store) -> None:
        members: dict[str, list[str]] = defaultdict(list)
        self.ties: dict[str, set[str]] = defaultdict(set)      # joint project or membership
        self.familiar: dict[str, set[str]] = defaultdict(set)  # joint project or introduction
        for row in store.read(INDEX_TIES):
            a, b = row["a"], row["b"]
            if row["kind"] == "project":
                members[b].append(a)
                continue
            if row["kind"] == "membership":
                self.ties[a].add(b)
                self.ties[b].add(a)
            else:
                self.familiar[a].add(b)
                self.familiar[b].add(a)
        for orgs in members.values():
            for a in orgs:
                others = set(orgs) - {a}
                self.ties[a] |= others
                self.familiar[a] |= others

    @classmethod
    def build(cls, store: Store) -> MatchIndex:
        """A fresh index of the graph in ``store``."""
        return cls(store)

    @classmethod
    def current(cls, store: Store, max_age: float = 300.0) -> MatchIndex:
        """The cached index for ``store``, rebuilt if the graph was written or it is old."""
        with cls._lock:
            index = cls._cache.get(id(store))
            if (index is None or index.generation != store.generation
                    or time.monotonic() - index.built_at > max_age):
                index = cls.build(store)
                cls._cache[id(store)] = index
            return index

    def neighbourhood(self, org_id: str) -> set[str]:
        """Organisations whose familiarity or reachability term can be non-zero."""
        near = set(self.familiar[org_id]) | self.ties[org_id]
        for x in self.ties[org_id]:
            near |= self.ties[x]
        near.discard(org_id)
        return near

    def shortlist(
        self, store: Store, org_id: str, filters: MatchFilters, weights: Weights
    ) -> list[str]:
        """Candidate ids that contain the exact top k for ``org_id`` (see module doc)."""
        del store  # the index answers from memory; the parameter keeps match()'s contract
        a = self.pos.get(org_id)
        if a is None:
            return []
        disc = weights.narrower_discount
        needs = np.nonzero(self.need[a])[0]
        mine_direct, mine_narrow = self.direct[a], self.narrow[a]
        offers = np.nonzero((mine_direct > 0) | (mine_narrow > 0))[0]
        eff_theirs = np.where(self.direct[:, needs] > 0, self.direct[:, needs],
                              disc * self.narrow[:, needs])
        covered = ((self.direct[:, needs] > 0) | (self.narrow[:, needs] > 0)).any(axis=1)
        mine = np.where(mine_direct[offers] > 0, mine_direct[offers], disc * mine_narrow[offers])
        wanted = self.need[:, offers]
        mask = covered | (wanted > 0).any(axis=1)
        mask[a] = False
        mask &= self._filter_mask(a, filters)
        base = (weights.need * (eff_theirs @ self.need[a, needs])
                + weights.reciprocity * (wanted @ mine)
                + np.where(self.kind != self.kind[a], weights.cross_sector, 0.0)
                + np.where(self.region == self.region[a], weights.same_region,
                           np.where(self.country == self.country[a], weights.same_country,
                                    weights.cross_border)))
        near = np.zeros(len(self.ids), dtype=bool)
        near_ids = [self.pos[x] for x in self.neighbourhood(org_id) if x in self.pos]
        near[near_ids] = True
        keep = mask & near
        others = np.nonzero(mask & ~near)[0]
        if len(others) > filters.top:
            kth = np.partition(base[others], len(others) - filters.top)[len(others) - filters.top]
            others = others[base[others] >= kth - MARGIN]
        keep[others] = True
        return sorted(self.ids[keep].tolist())

    def _filter_mask(self, a: int, f: MatchFilters) -> np.ndarray:
        mask = np.ones(len(self.ids), dtype=bool)
        if f.kinds:
            mask &= np.isin(self.kind, [k.value for k in f.kinds])
        if f.countries:
            mask &= np.isin(self.country, f.countries)
        if f.regions:
            mask &= np.isin(self.region, f.regions) | np.isin(self.country, f.regions)
        if f.cross_border:
            mask &= self.country != self.country[a]
        if f.balkan:
            mask &= self.balkan
        if f.exclude_partners:
            partners = [self.pos[x] for x in self.ties[self.ids[a]] if x in self.pos]
            mask[partners] = False
        return mask
