"""Ego-network ties from the matching index: profile and network pages without a query.

Why: an ego network read from the graph costs 15–45 ms of the graph server's time at
50,000 organisations, and the profile page and the network page (a third of what people
open) each draw one. The matching index (:mod:`graph.matching.index`) already holds every
organisation's name, kind, place, projects, memberships and introductions, follows the change
log, and puts a process's own edits in place at once. :class:`IndexTies` answers the
questions of ``graph.explore.network.MemoryTies`` from it, rows shaped as ``network/links.cypher``
returns them, so :func:`graph.explore.network.ego_network` draws the same network from
either source (``tests/test_ego_from_index.py`` compares them).

While the index is rebuilt after a bulk load (``refreshing``), :func:`index_ties` gives
None and the network is read from the graph, so a load's new ties show at once.

Example:
    >>> net = ego_network(store, "anbpr", EgoFilters(), 300, ties=index_ties(store))  # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from graph.matching.index import MatchIndex
from graph.store.driver import Store

# The kinds of tie, as graph.explore.network.LinkKind names them.
PARTNER, MEMBER, INTRODUCED = "partner", "member", "introduced"


class IndexTies:
    """Organisations and their ties as the matching index ``index`` holds them now."""

    def __init__(self, index: MatchIndex) -> None:
        self.index = index

    def knows(self, org_id: str) -> bool:
        with self.index.lock:
            return self.index.knows(org_id)

    def introduced(self, org_id: str) -> bool:
        """Whether some introduction (in any stage) names ``org_id``: most name none, so a
        profile need not ask the graph for its introductions."""
        ix = self.index
        with ix.lock:
            return ix.knows(org_id) and ix.intros.row(ix.pos[org_id]).size > 0

    def nodes(self, ids: list[str]) -> list[dict[str, Any]]:
        ix = self.index
        with ix.lock:
            return [self._node(ix.pos[org_id]) for org_id in ids if ix.knows(org_id)]

    def links(self, ids: list[str], rels: Sequence[str]) -> list[dict[str, Any]]:
        return self._links(ids, rels, within=None)

    def links_among(self, ids: list[str], rels: Sequence[str]) -> list[dict[str, Any]]:
        return self._links(ids, rels, within=ids)

    def _node(self, i: int) -> dict[str, Any]:
        """Organisation row ``i``'s fields (the index keeps a missing value as "")."""
        ix = self.index
        return {
            "id": ix.ids[i],
            "name": ix.names[i],
            "kind": ix.kinds[ix.kind[i]] or None,
            "country": ix.countries[ix.country[i]] or None,
            "region": ix.regions[ix.region[i]] or None,
        }

    def _links(self, ids: list[str], rels: Sequence[str], within: list[str] | None) -> list[dict[str, Any]]:
        """Tie rows from ``ids`` (to organisations of ``within`` only, when given): partners
        weighted by joint projects, members of either side weighted 1, and introductions
        counted in both directions, as the graph's query counts them."""
        ix = self.index
        rows: list[dict[str, Any]] = []
        with ix.lock:
            keep = None if within is None else {ix.pos[x] for x in within if ix.knows(x)}
            for org_id in ids:
                if not ix.knows(org_id):
                    continue
                i = ix.pos[org_id]
                found: list[tuple[str, Counter[int]]] = []
                if PARTNER in rels:  # row by row: an organisation has a few projects
                    partners: Counter[int] = Counter()
                    for project in ix.org_proj.row(i).tolist():
                        partners.update(ix.proj_org.row(project).tolist())
                    found.append((PARTNER, partners))
                if MEMBER in rels:
                    networks = set(ix.member_of.row(i).tolist()) | set(ix.members.row(i).tolist())
                    found.append((MEMBER, Counter(networks)))
                if INTRODUCED in rels:
                    found.append((INTRODUCED, Counter(ix.intros.row(i).tolist())))
                for rel, weights in found:
                    for j, weight in weights.items():
                        if j == i or not ix.alive[j] or (keep is not None and j not in keep):
                            continue
                        node = self._node(j)
                        rows.append({"source": org_id, "target": node.pop("id"), "weight": weight, "rel": rel, **node})
        return rows


def index_ties(store: Store) -> IndexTies | None:
    """The ties of the store's matching index as it is now (it follows the change log first),
    or None while a rebuild after a bulk load is under way: the graph answers then."""
    index = MatchIndex.current(store)
    return None if index.refreshing else IndexTies(index)
