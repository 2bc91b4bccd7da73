"""Louvain communities and their modularity: networkx's, or igraph's on large graphs.

Below :data:`graph.metrics.arrays.IGRAPH_MIN_NODES` nodes networkx's
``louvain_communities`` runs (the reference); from there on igraph's
``community_multilevel``, the same algorithm (Blondel et al.) in C: a minute of networkx
at 200,000 organisations takes seconds. Louvain visits nodes in a random order, so the
two find partitions of the same quality but not always the same one; the tests check
that they agree on the number of communities of clearly clustered graphs and on
modularity within a tolerance. Both are seeded, so one seed always gives the same
communities. Modularity itself is deterministic: both libraries give the same number.

Example:
    >>> import networkx as nx
    >>> arrays = GraphArrays.of(nx.barbell_graph(4, 0))
    >>> groups = louvain(arrays, resolution=1.0, seed=42)
    >>> sorted(len(g) for g in groups), round(modularity(arrays, groups, 1.0) or 0, 3)
    ([4, 4], 0.423)
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import igraph as ig
import networkx as nx

from graph.metrics.arrays import GraphArrays, switch_to_igraph

# igraph draws from one process-wide generator: a seeded run holds it alone.
_RANDOM = threading.Lock()


def louvain(arrays: GraphArrays, resolution: float, seed: int, use_igraph: bool | None = None) -> list[set[Any]]:
    """Louvain communities, largest first (ties by smallest member): stable numbering.

    Isolated nodes are always communities of their own. ``use_igraph`` chooses the
    implementation (default: by size).
    """
    graph = arrays.graph
    if switch_to_igraph(arrays, use_igraph):
        with _seeded(seed):
            found = arrays.igraph.community_multilevel(weights="weight", resolution=resolution)
        groups: list[set[Any]] = [set() for _ in range(len(found))]
        for node, community in zip(arrays.nodes, found.membership, strict=True):
            groups[community].add(node)
    else:
        linked = graph.subgraph(n for n, d in graph.degree() if d > 0)
        groups = nx.community.louvain_communities(linked, weight="weight", resolution=resolution, seed=seed)
        groups.extend({n} for n, d in graph.degree() if d == 0)
    return sorted(groups, key=lambda c: (-len(c), min(str(v) for v in c)))


def modularity(
    arrays: GraphArrays, communities: Sequence[set[Any]], resolution: float, use_igraph: bool | None = None
) -> float | None:
    """The weighted modularity of ``communities`` (a partition of the nodes), None without edges."""
    if arrays.igraph.ecount() == 0:
        return None
    if not switch_to_igraph(arrays, use_igraph):
        return float(nx.community.modularity(arrays.graph, communities, weight="weight", resolution=resolution))
    member = {node: index for index, group in enumerate(communities) for node in group}
    membership = [member[node] for node in arrays.nodes]
    return float(arrays.igraph.modularity(membership, weights="weight", resolution=resolution))


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers from ``random.Random(seed)`` for the block, then its default
    again (Python's ``random`` module)."""
    with _RANDOM:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)
