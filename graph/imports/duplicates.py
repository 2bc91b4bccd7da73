"""Organisations that are probably the same under another spelling.

"Biblioteca Judeteana Timis" and "Biblioteca Județeană Timiș „Sorin Titel”" are one
library: names are compared as search keys without punctuation (diacritics, cedilla
letters and quotes aside) with ``rapidfuzz``'s token-set ratio (a name that is the
other plus a few words scores 100), and a token-sort floor keeps a bare "Biblioteca"
from matching every library. Only organisations in the same country are compared, and
two with cities only when the cities agree, which is also what makes 50,000
organisations take seconds, not hours.

Example:
    >>> a = OrgKey("a", "Biblioteca Judeteana Timis", "Timisoara", "RO")
    >>> b = OrgKey("b", "Biblioteca Județeană Timiș „Sorin Titel”", "Timișoara", "RO")
    >>> c = OrgKey("c", "Biblioteca Judeteana Arad", "Timișoara", "RO")
    >>> [(d.first, d.second, d.score) for d in find_duplicates([a, b, c])]
    [('a', 'b', 100)]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from graph.text import normalise

THRESHOLD = 90
SORT_FLOOR = 60
_CHUNK = 2000
_PUNCTUATION = re.compile(r"[^\w ]+")


@dataclass(frozen=True)
class OrgKey:
    """What duplicate detection compares: an organisation's name, city and country."""

    id: str
    name: str
    city: str | None
    country: str


@dataclass(frozen=True)
class Duplicate:
    """Two organisations that are probably one; ``first`` < ``second`` by id."""

    first: str
    second: str
    score: int

    @property
    def pair(self) -> str:
        return f"{self.first}|{self.second}"


def name_key(name: str) -> str:
    """A name as compared: search key, punctuation and quotes out, single spaces.

    >>> name_key("Asociaţia „Ştiinţa” - Iaşi")
    'asociatia stiinta iasi'
    """
    return " ".join(_PUNCTUATION.sub(" ", normalise(name)).split())


def find_duplicates(
    orgs: Sequence[OrgKey], among: Iterable[str] | None = None, threshold: int = THRESHOLD
) -> list[Duplicate]:
    """Pairs of probable duplicates, best first.

    With ``among`` (ids, e.g. those an import just brought), only pairs with at least one
    of them are returned; otherwise every pair in ``orgs``.
    """
    subjects = set(among) if among is not None else None
    keys = [name_key(o.name) for o in orgs]
    cities = [normalise(o.city).strip() if o.city else "" for o in orgs]
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, org in enumerate(orgs):
        blocks[(org.country, cities[index])].append(index)
    found: dict[tuple[str, str], int] = {}
    for (country, city), members in blocks.items():
        # An organisation without a city is compared with every one of its country.
        others = members if city else [i for (c, _), b in blocks.items() if c == country for i in b]
        for first, second, score in _similar(keys, members, others, threshold):
            a, b = orgs[first].id, orgs[second].id
            if a == b or (subjects is not None and a not in subjects and b not in subjects):
                continue
            if fuzz.token_sort_ratio(keys[first], keys[second]) < SORT_FLOOR:
                continue
            pair = (a, b) if a < b else (b, a)
            found[pair] = max(found.get(pair, 0), score)
    return sorted((Duplicate(a, b, s) for (a, b), s in found.items()), key=lambda d: (-d.score, d.first, d.second))


def _similar(keys: list[str], rows: list[int], columns: list[int], threshold: int) -> Iterable[tuple[int, int, int]]:
    """(row index, column index, score) for the name pairs scoring at least ``threshold``."""
    choices = [keys[i] for i in columns]
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        scores = process.cdist(
            [keys[i] for i in chunk],
            choices,
            scorer=fuzz.token_set_ratio,
            score_cutoff=threshold,
            dtype=np.uint8,
            workers=-1,
        )
        for r, c in zip(*np.nonzero(scores), strict=True):
            if chunk[r] != columns[c]:
                yield chunk[r], columns[c], int(scores[r, c])
