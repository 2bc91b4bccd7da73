"""A networkx graph as arrays: numbered nodes, a sparse adjacency and an igraph Graph.

networkx is the reference and the API: the metrics take a networkx graph and give dicts
node -> value. The fast versions (scipy, numpy, igraph's C core) need the nodes numbered
``0..n-1`` and the edges as arrays; converting a graph of 200,000 organisations takes
seconds (``nx.to_scipy_sparse_array`` alone 3-9 s), so :class:`GraphArrays` converts
once, in one pass over the edges, and every measure of the table shares it.

:data:`IGRAPH_MIN_NODES` is where a measure that networkx computes slowly switches to
igraph's C implementation of the same measure (:func:`switch_to_igraph`); below it networkx
itself runs, the reference the tests compare igraph with.

Example:
    >>> import networkx as nx
    >>> arrays = GraphArrays.of(nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c")]))
    >>> arrays.nodes, arrays.weights.toarray().tolist()
    (['a', 'b', 'c'], [[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    >>> arrays.igraph.es["weight"], arrays.values([0.5, 1.0, 0.5])
    ([2.0, 1.0], {'a': 0.5, 'b': 1.0, 'c': 0.5})
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp

# From this many nodes on, PageRank, clustering, k-core and Louvain come from igraph.
IGRAPH_MIN_NODES = 20_000


@dataclass(frozen=True, eq=False)
class GraphArrays:
    """``graph`` with its nodes in a fixed order (``nodes[i]`` is node ``i``) as arrays.

    Edge weights are the ``weight`` attribute (1 where missing): tie strength, which the
    strength measures use; distances count steps. The graph must not change while its
    arrays are in use.
    """

    graph: nx.Graph
    nodes: list[Any]
    position: dict[Any, int]  # node -> its place in ``nodes``
    ends: np.ndarray  # (edges, 2) int32: the places of each edge's two nodes, each edge once
    weights: sp.csr_array  # symmetric weighted adjacency; a self-loop once, as networkx
    ones: sp.csr_array  # the same with every tie counted once (1.0), whatever its weight
    igraph: ig.Graph  # the same graph in igraph, edge attribute "weight"

    @classmethod
    def of(cls, graph: nx.Graph) -> GraphArrays:
        """The arrays of a simple undirected networkx graph (one pass over its edges)."""
        if graph.is_directed() or graph.is_multigraph():
            raise ValueError("the metrics need a simple undirected graph (nx.Graph)")
        nodes = list(graph)
        n = len(nodes)
        position = {node: i for i, node in enumerate(nodes)}
        edges = np.array(
            [(position[u], position[v], w) for u, v, w in graph.edges(data="weight", default=1.0)], dtype=float
        ).reshape(-1, 3)
        # 32-bit positions: scipy's graph searches copy any other index type on every call.
        u, v, w = edges[:, 0].astype(np.int32), edges[:, 1].astype(np.int32), edges[:, 2]
        loop = u == v
        rows, cols = np.concatenate([u, v[~loop]]), np.concatenate([v, u[~loop]])
        weights = sp.csr_array((np.concatenate([w, w[~loop]]), (rows, cols)), shape=(n, n))
        ones = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        ends = np.column_stack([u, v])
        converted = ig.Graph(n=n, edges=ends.tolist(), edge_attrs={"weight": w.tolist()})
        return cls(graph, nodes, position, ends, weights, ones, converted)

    @property
    def n(self) -> int:
        """The number of nodes."""
        return len(self.nodes)

    def values(self, per_position: Iterable[Any]) -> dict[Any, Any]:
        """node -> value, from values in node order (a list or an array)."""
        listed = per_position.tolist() if isinstance(per_position, np.ndarray) else list(per_position)
        return dict(zip(self.nodes, listed, strict=True))


def switch_to_igraph(arrays: GraphArrays, choice: bool | None = None) -> bool:
    """Whether a switching measure runs in igraph: ``choice``, or by size when None."""
    return arrays.n >= IGRAPH_MIN_NODES if choice is None else choice


def library(arrays: GraphArrays) -> str:
    """The library that computes the switching measures of ``arrays`` by default."""
    return "igraph" if switch_to_igraph(arrays) else "networkx"
