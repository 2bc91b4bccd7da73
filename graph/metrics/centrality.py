"""Fast versions of the slow networkx measures: igraph's C core and sparse matrices (scipy).

networkx's betweenness, closeness, Burt's constraint, effective size, eigenvector
centrality, clustering, k-core and PageRank loop over nodes in Python; at 50,000
organisations they take minutes. The functions here give the same numbers (the tests
check them against networkx on small graphs):

- :func:`degrees`: degree and weighted degree from the adjacency's rows;
- :func:`shortest_path_measures`: betweenness by igraph's Brandes, from every node or
  from sources sampled as ``networkx.betweenness_centrality(G, k, seed)`` samples them;
  closeness from breadth-first searches (scipy), exact when every node is a source and
  otherwise estimated from the sampled sources (Eppstein and Wang's pivots);
- :func:`burt`: constraint and effective size (weighted, as networkx with
  ``weight="weight"``);
- :func:`eigenvector`: networkx's power iteration on ``A + I``;
- :func:`two_step_reach`: share of the other nodes within two steps (igraph);
- :func:`clustering`, :func:`core_number`, :func:`pagerank`: networkx's own below
  :data:`graph.metrics.arrays.IGRAPH_MIN_NODES` nodes (the reference), igraph's C
  implementations of the same measures from there on.

Each function takes the graph's :class:`~graph.metrics.arrays.GraphArrays` first (one
conversion for the whole table) and returns a dict node -> value. Distances count
steps (edge weights are tie strength, not length).

Example:
    >>> import networkx as nx
    >>> bc, cc, _ = shortest_path_measures(GraphArrays.of(nx.path_graph(3)))
    >>> bc[1], cc[0]
    (1.0, 0.6666666666666666)
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.metrics.arrays import GraphArrays, switch_to_igraph

PAGERANK_DAMPING = 0.85  # networkx's default alpha
# Betweenness sources per igraph call: a few seconds each at 500,000 organisations.
SOURCES_PER_CALL = 16


@dataclass(frozen=True)
class Sampling:
    """How betweenness and closeness were computed: exactly or from sampled sources."""

    exact: bool
    sources: int
    seed: int | None


def degrees(arrays: GraphArrays) -> tuple[dict[Any, int], dict[Any, float]]:
    """Each node's degree and weighted degree, as networkx's ``G.degree()`` and
    ``G.degree(weight="weight")`` (a self-loop counts twice)."""
    loops = arrays.ones.diagonal().astype(np.int64)
    degree = np.diff(arrays.ones.indptr) + loops
    strength = np.asarray(arrays.weights.sum(axis=1)).ravel() + arrays.weights.diagonal()
    return arrays.values(degree), arrays.values(strength)


def shortest_path_measures(
    arrays: GraphArrays, k: int | None = None, seed: int | None = None
) -> tuple[dict[Any, float], dict[Any, float], Sampling]:
    """Normalised betweenness and closeness (Wasserman-Faust), exact or from ``k`` sources.

    With ``k`` below the number of nodes the sources are ``random.Random(seed).sample``
    of the nodes, exactly as networkx samples them, and betweenness is rescaled as
    networkx does; closeness of a node is then estimated from its mean distance to
    the sampled sources in its component (exact for nodes of components without two
    sampled sources, which are small: those are searched in full).
    """
    n = arrays.n
    exact = k is None or k >= n
    if exact:
        sources = np.arange(n)
    else:
        assert k is not None
        sampled = random.Random(seed).sample(arrays.nodes, k)
        sources = np.array([arrays.position[v] for v in sampled], dtype=np.int64)
    paths = np.zeros(n)
    # A source's dependencies add up, so the sources go to igraph a few at a time: it
    # holds the GIL for a whole call, and the web app's other threads (and gunicorn's
    # heartbeat) run between calls.
    for start in range(0, len(sources), SOURCES_PER_CALL):
        chunk = sources[start : start + SOURCES_PER_CALL].tolist()
        paths += arrays.igraph.betweenness(directed=False, sources=chunk)
    # igraph counts each unordered pair once; networkx sums over ordered ones.
    betweenness = 2 * paths * _betweenness_scale(n, len(sources), exact, sources)
    closeness = _closeness(arrays.ones, sources, exact)
    sampling = Sampling(exact=exact, sources=len(sources), seed=None if exact else seed)
    return arrays.values(betweenness), arrays.values(closeness), sampling


def _betweenness_scale(n: int, k: int, exact: bool, sources: np.ndarray) -> np.ndarray | float:
    """networkx's normalisation (endpoints excluded), sampling adjustment included."""
    if n <= 2:
        return 1.0
    if exact:
        return 1.0 / ((n - 1) * (n - 2))
    scale = np.full(n, 1.0 / (k * (n - 2)))
    scale[sources] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    return scale


def _closeness(matrix: sp.csr_array, sources: np.ndarray, exact: bool) -> np.ndarray:
    """Wasserman-Faust closeness from each node's mean distance to ``sources``."""
    n = matrix.shape[0]
    if n <= 1:
        return np.zeros(n)
    dist_sum = np.zeros(n)
    dist_count = np.zeros(n)
    place = np.empty(n, dtype=np.int64)
    for source in sources.tolist():
        order, distance = _breadth_first(matrix, source, place)
        dist_sum[order] += distance
        dist_count[order[1:]] += 1
    _, labels = sp.csgraph.connected_components(matrix, directed=False)
    reach = np.bincount(labels)[labels] - 1.0  # others in the node's component
    mean = np.divide(dist_sum, dist_count, out=np.zeros(n), where=dist_count > 0)
    if not exact:
        # A node's mean distance is estimated from the sampled sources of its component
        # (itself excluded); components with fewer than two are small: searched in full.
        sampled = np.zeros(n)
        sampled[sources] = 1.0
        per_component = np.bincount(labels, weights=sampled)[labels]
        for node in np.flatnonzero((per_component < 2) & (reach > 0)).tolist():
            mean[node] = _breadth_first(matrix, node, place)[1].sum() / reach[node]
    return np.divide(reach, (n - 1) * mean, out=np.zeros(n), where=mean > 0)


def _breadth_first(matrix: sp.csr_array, source: int, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The nodes ``source`` reaches, in breadth-first order, and their distances from it.

    scipy gives the order and each node's parent. Along a breadth-first order the
    parents' places never decrease, so a level ends after the last node whose parent is
    in the level before: one binary search per level. ``place`` is scratch space (n).
    """
    # The matrix is symmetric: a directed search finds the same, without a copy.
    order, parent = sp.csgraph.breadth_first_order(matrix, source, directed=True, return_predecessors=True)
    place[order] = np.arange(len(order))
    parent_place = place[parent[order[1:]]]
    ends = [1]
    while ends[-1] < len(order):
        ends.append(1 + int(np.searchsorted(parent_place, ends[-1], side="left")))
    return order, np.repeat(np.arange(len(ends)), np.diff(ends, prepend=0))


def burt(arrays: GraphArrays) -> tuple[dict[Any, float], dict[Any, float]]:
    """Burt's constraint and effective size of every node (NaN for isolated nodes).

    With P the adjacency normalised by row sums and M by row maxima (networkx's
    "normalised mutual weight"): constraint(i) = sum over neighbours j of
    (P_ij + (P P)_ij)^2, and effective size(i) = degree(i) - sum over neighbours j of
    (P M^T)_ij.
    """
    weights, ones = arrays.weights, arrays.ones
    with np.errstate(divide="ignore", invalid="ignore"):
        row_sum = np.asarray(weights.sum(axis=1)).ravel()
        row_max = np.asarray(weights.max(axis=1).toarray()).ravel()
        p = sp.csr_array(sp.diags_array(1.0 / np.where(row_sum > 0, row_sum, 1.0)) @ weights)
        m = sp.csr_array(sp.diags_array(1.0 / np.where(row_max > 0, row_max, 1.0)) @ weights)
    indirect = (p @ p).multiply(ones)
    constraint = np.asarray(((p + indirect).power(2)).sum(axis=1)).ravel()
    redundancy = np.asarray((p @ m.T).multiply(ones).sum(axis=1)).ravel()
    degree = np.asarray(ones.sum(axis=1)).ravel()
    isolated = degree == 0
    constraint[isolated] = np.nan
    effective = degree - redundancy
    effective[isolated] = np.nan
    return arrays.values(constraint), arrays.values(effective)


def eigenvector(arrays: GraphArrays, max_iter: int = 1000, tol: float = 1e-6) -> dict[Any, float] | None:
    """networkx's weighted eigenvector centrality (power iteration on A + I), or None if
    it does not converge within ``max_iter`` iterations."""
    n = arrays.n
    if n == 0:
        return {}
    weights = arrays.weights
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + weights @ last
        norm = float(np.hypot.reduce(x)) or 1.0
        x = x / norm
        if float(np.abs(x - last).sum()) < n * tol:
            return arrays.values(x)
    return None


def two_step_reach(arrays: GraphArrays) -> dict[Any, float]:
    """Share of the other nodes within two steps of each node."""
    n = arrays.n
    if n <= 1:
        return arrays.values(np.zeros(n))
    within = np.array(arrays.igraph.neighborhood_size(order=2), dtype=float) - 1.0  # not itself
    return arrays.values(within / (n - 1))


def clustering(arrays: GraphArrays, use_igraph: bool | None = None) -> dict[Any, float]:
    """Each node's local clustering coefficient (unweighted), as ``networkx.clustering``.

    ``use_igraph`` chooses the implementation (default: by size, see the module doc).
    """
    if not switch_to_igraph(arrays, use_igraph):
        return dict(nx.clustering(arrays.graph))
    return arrays.values(arrays.igraph.transitivity_local_undirected(mode="zero"))


def core_number(arrays: GraphArrays, use_igraph: bool | None = None) -> dict[Any, int]:
    """Each node's k-core number, as ``networkx.core_number``."""
    if not switch_to_igraph(arrays, use_igraph):
        return dict(nx.core_number(arrays.graph))
    return arrays.values(arrays.igraph.coreness())


def pagerank(arrays: GraphArrays, use_igraph: bool | None = None) -> dict[Any, float] | None:
    """Weighted PageRank, as ``networkx.pagerank(G, weight="weight")`` (None when its power
    iteration does not converge). igraph solves it exactly, so the two differ by at most
    networkx's tolerance (1e-6 x n in total)."""
    if not switch_to_igraph(arrays, use_igraph):
        try:
            return dict(nx.pagerank(arrays.graph, alpha=PAGERANK_DAMPING, weight="weight", max_iter=200))
        except nx.PowerIterationFailedConvergence:
            return None
    return arrays.values(arrays.igraph.pagerank(damping=PAGERANK_DAMPING, weights="weight"))
