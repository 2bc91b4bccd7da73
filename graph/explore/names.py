"""The name search index: which organisations' normalised name or city holds a text.

Why: the graph server has no full-text index usable from Cypher here (ArcadeDB's are not
reachable through it), and ``CONTAINS`` reads every organisation: at 500,000 organisations
every new search text would scan them all. This index keeps, beside the graph, the
trigrams (three consecutive UTF-8 bytes) of every organisation's ``name_norm`` and
``city_norm`` as sorted numpy arrays; a text of three bytes or more is looked up by
intersecting the postings of its trigrams (smallest first), and the few candidates left
are checked with ``in``, so the answer is exactly what ``CONTAINS`` gives. It follows
the change log like the matching index (:mod:`graph.store.follow`): an organisation
created, renamed or moved is re-read (and checked directly until the next rebuild).

Example:
    >>> names = NameIndex(["a", "b"], ["biblioteca judeteana", "asociatia"], ["timisoara", "cluj"])
    >>> names.matching("timis"), names.matching("tia"), names.matching("ti")
    (['a'], ['b'], None)
"""

from __future__ import annotations

import threading
import time

import numpy as np

from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.follow import Follower, server_clock
from graph.store.queries import query

INDEX_NAMES = query("search/index_names")
NAMES_OF = query("search/names_of")


def _postings(texts: list[str], owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(trigram codes, owner) pairs, distinct and sorted by code then owner."""
    encoded = [t.encode() for t in texts]
    lengths = np.array([len(b) for b in encoded], dtype=np.int64)
    buf = np.frombuffer(b"\0".join(encoded) + b"\0", dtype=np.uint8).astype(np.int64)
    if len(buf) < 3:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    grams = (buf[:-2] << 16) | (buf[1:-1] << 8) | buf[2:]
    whole = (buf[:-2] > 0) & (buf[1:-1] > 0) & (buf[2:] > 0)  # not across two texts
    who = np.repeat(owners, lengths + 1)[: len(grams)]
    pairs = np.unique((grams[whole] << 32) | who[whole])
    return pairs >> 32, pairs & 0xFFFFFFFF


def _grams(key: bytes) -> np.ndarray:
    b = np.frombuffer(key, dtype=np.uint8).astype(np.int64)
    return np.unique((b[:-2] << 16) | (b[1:-1] << 8) | b[2:])


class NameIndex:
    """Trigram postings of every organisation's normalised name and city."""

    def __init__(self, ids: list[str], names: list[str], cities: list[str]) -> None:
        self.built_at = time.monotonic()
        self.read_at = 0
        self.refreshing = False
        self.lock = threading.Lock()
        self.ids = list(ids)
        self.pos = {x: i for i, x in enumerate(self.ids)}
        self.texts = list(zip(names, cities, strict=True))
        n = len(self.ids)
        self.codes, self.owners = _postings([*names, *cities], np.tile(np.arange(n, dtype=np.int64), 2))
        self.changed: set[int] = set()  # rows re-read since the build: checked directly

    @classmethod
    def build(cls, store: Store) -> NameIndex:
        """The index of every organisation in the graph."""
        read_at = server_clock(store)
        rows = store.read(INDEX_NAMES)
        row = rows[0] if rows else {"id": [], "name": [], "city": []}
        index = cls(row["id"], row["name"], row["city"])
        index.read_at = read_at
        return index

    @classmethod
    def current(cls, store: Store) -> NameIndex:
        """The index of ``store``, following its writes (graph.store.follow)."""
        return _follower.current(store)

    def __len__(self) -> int:
        return len(self.ids)

    def update(self, store: Store, org_ids: list[str]) -> None:
        """Re-read the names and cities of ``org_ids`` (removed ones match nothing)."""
        rows = {r["id"]: (r["name"], r["city"]) for r in store.read(NAMES_OF, ids=org_ids)}
        with self.lock:
            for org_id in org_ids:
                i = self.pos.get(org_id)
                if i is None:
                    i = self.pos[org_id] = len(self.ids)
                    self.ids.append(org_id)
                    self.texts.append(("", ""))
                self.texts[i] = rows.get(org_id, ("", ""))
                self.changed.add(i)

    def matching(self, key: str) -> list[str] | None:
        """Ids of the organisations whose name or city contains ``key`` (a normalised
        text), in no particular order; None when ``key`` is too short to look up
        (under three bytes: the caller scans)."""
        raw = key.encode()
        if len(raw) < 3:
            return None
        with self.lock:
            found: np.ndarray | None = None
            for gram in sorted(_grams(raw), key=self._count):
                rows = self.owners[np.searchsorted(self.codes, gram) : np.searchsorted(self.codes, gram, "right")]
                found = rows if found is None else np.intersect1d(found, rows, assume_unique=True)
                if not len(found):
                    break
            candidates = set(found.tolist() if found is not None else []) - self.changed
            hits = [i for i in candidates | self.changed if key in self.texts[i][0] or key in self.texts[i][1]]
            return [self.ids[i] for i in hits]

    def _count(self, gram: np.int64) -> int:
        return int(np.searchsorted(self.codes, gram, "right") - np.searchsorted(self.codes, gram))


_follower: Follower[NameIndex] = Follower(NameIndex.build, frozenset({Topic.ORGS}))
