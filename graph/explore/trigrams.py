"""Substring search by trigrams: which texts may contain a key, without reading them all.

Why: the graph server offers no text index that Cypher can use here (ArcadeDB's full-text
indexes are not reachable through it), and ``CONTAINS`` reads every organisation. A
:class:`Trigrams` keeps, for every three consecutive bytes of the UTF-8 texts it was built
from, the sorted numbers of the texts that hold them (the postings). A key of three bytes
or more is looked up by intersecting the postings of its trigrams, the rarest first: the
texts left hold every trigram of the key, and so nearly always the key itself; the caller
checks those few with ``in``, so that the answer is exactly what ``CONTAINS`` gives, at a
cost in proportion to the candidates. A shorter key has no trigram (the caller scans:
such a key is in most texts anyway).

A text may hold several fields separated by ``"\\0"``: no trigram spans a separator, and
keys (user text) hold no control characters.

Example:
    >>> grams = Trigrams(["biblioteca judeteana\\0timisoara", "asociatia\\0cluj"])
    >>> grams.candidates("judet").tolist(), grams.candidates("tia").tolist(), grams.candidates("ti")
    ([0], [1], None)
    >>> grams.candidates("anatimis").tolist()  # no such trigram: not across fields either
    []
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

EMPTY = np.zeros(0, dtype=np.int32)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct ``values``, sorted. (numpy 2's ``np.unique`` hashes integers first,
    which is ten times slower on millions of mostly distinct values than sorting.)

    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _codes(raw: np.ndarray) -> np.ndarray:
    """The trigram code of each position of the bytes ``raw`` (but the last two)."""
    b = raw.astype(np.uint32)
    return (b[:-2] << 16) | (b[1:-1] << 8) | b[2:]


class Trigrams:
    """The postings of every trigram of some texts (module doc); immutable."""

    def __init__(self, texts: Sequence[str]) -> None:
        encoded = [t.encode() for t in texts]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        raw = np.frombuffer(b"\0".join(encoded) + b"\0", dtype=np.uint8)
        self.size = len(encoded)
        if len(raw) < 3:
            self.keys, self.starts, self.rows = np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64), EMPTY
            return
        codes = _codes(raw)
        whole = (raw[:-2] > 0) & (raw[1:-1] > 0) & (raw[2:] > 0)  # not across a separator
        owner = np.repeat(np.arange(len(encoded), dtype=np.int64), lengths + 1)[: len(codes)]
        pairs = distinct((codes[whole].astype(np.int64) << 32) | owner[whole])
        self.rows = (pairs & 0xFFFFFFFF).astype(np.int32)  # sorted by trigram, then by text
        grams = (pairs >> 32).astype(np.uint32)
        # Where each trigram's run begins (none when no text has three characters).
        starts = np.flatnonzero(np.concatenate(([True], grams[1:] != grams[:-1])))[: len(grams)]
        self.keys = grams[starts]
        self.starts = np.append(starts, len(pairs)).astype(np.int64)

    def postings(self, code: int) -> np.ndarray:
        """The texts holding the trigram ``code``, in order."""
        j = int(np.searchsorted(self.keys, code))
        if j == len(self.keys) or self.keys[j] != code:
            return EMPTY
        return self.rows[self.starts[j] : self.starts[j + 1]]

    def candidates(self, key: str) -> np.ndarray | None:
        """The texts holding every trigram of ``key``, in order (check them with ``in``);
        None when ``key`` is under three bytes."""
        raw = np.frombuffer(key.encode(), dtype=np.uint8)
        if len(raw) < 3:
            return None
        lists = sorted((self.postings(int(c)) for c in distinct(_codes(raw))), key=len)
        found = lists[0]
        for more in lists[1:]:
            if not len(found):
                break
            found = np.intersect1d(found, more, assume_unique=True)
        return found
