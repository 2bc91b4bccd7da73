"""Fast versions of the slow networkx measures, on sparse matrices (scipy).

networkx's betweenness, closeness, Burt's constraint, effective size and eigenvector
centrality loop over nodes in Python; at 50,000 organisations they take minutes. The
functions here give the same numbers (the tests check them against networkx on small
graphs) with matrix operations:

- :func:`shortest_path_measures`: Brandes' betweenness with breadth-first searches from
  a batch of sources at once (one sparse-times-dense product per level), sampling the
  sources as ``networkx.betweenness_centrality(G, k, seed)`` does; closeness from the
  same searches, exact when every node is a source and otherwise estimated from the
  sampled sources (Eppstein and Wang's pivots);
- :func:`burt`: constraint and effective size (weighted, as networkx with
  ``weight="weight"``);
- :func:`eigenvector`: networkx's power iteration on ``A + I``;
- :func:`two_step_reach`: share of the other nodes within two steps;
- :func:`clustering`, :func:`core_number`, :func:`pagerank`: networkx's own below
  :data:`IGRAPH_MIN_NODES` nodes (the reference), igraph's C implementations of the
  same measures above (networkx takes minutes there; the tests check both agree).

Like networkx, each function takes the graph first and returns dicts node -> value.
Distances count steps (edge weights are tie strength, not length).

Example:
    >>> import networkx as nx
    >>> bc, cc, _ = shortest_path_measures(nx.path_graph(3))
    >>> bc[1], cc[0]
    (1.0, 0.6666666666666666)
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp

# Cells of the n x batch work matrices per batch: bounds memory (~8 arrays of 8 bytes).
BATCH_CELLS = 4_000_000
# From this many nodes on, clustering, k-core and PageRank come from igraph.
IGRAPH_MIN_NODES = 20_000
PAGERANK_DAMPING = 0.85  # networkx's default alpha


@dataclass(frozen=True)
class Sampling:
    """How betweenness and closeness were computed: exactly or from sampled sources."""

    exact: bool
    sources: int
    seed: int | None


def adjacency(graph: nx.Graph, weight: str | None = "weight") -> tuple[list[Any], sp.csr_array]:
    """The node order and the symmetric sparse adjacency (weights, or ones)."""
    nodes = list(graph)
    matrix = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, format="csr", dtype=float)
    return nodes, sp.csr_array(matrix)


def _binary(matrix: sp.csr_array) -> sp.csr_array:
    ones = matrix.copy()
    ones.data[:] = 1.0
    return ones


def shortest_path_measures(
    graph: nx.Graph, k: int | None = None, seed: int | None = None
) -> tuple[dict[Any, float], dict[Any, float], Sampling]:
    """Normalised betweenness and closeness (Wasserman-Faust), exact or from ``k`` sources.

    With ``k`` below the number of nodes the sources are ``random.Random(seed).sample``
    of the nodes, exactly as networkx samples them, and betweenness is rescaled as
    networkx does; closeness of a node is then estimated from its mean distance to
    the sampled sources in its component (exact for nodes of components without a
    sampled source, which are small: those are searched in full).
    """
    nodes, weighted = adjacency(graph)
    n = len(nodes)
    matrix = _binary(weighted)
    exact = k is None or k >= n
    if exact:
        sources = np.arange(n)
    else:
        assert k is not None
        position = {node: i for i, node in enumerate(nodes)}
        sources = np.array([position[v] for v in random.Random(seed).sample(nodes, k)], dtype=np.int64)
    betweenness = np.zeros(n)
    dist_sum = np.zeros(n)
    dist_count = np.zeros(n)
    # Isolated nodes neither lie on paths nor lead anywhere: search the rest only.
    linked = np.flatnonzero(np.diff(matrix.indptr) > 0)
    inner = np.full(n, -1)
    inner[linked] = np.arange(len(linked))
    searched = inner[sources]
    searched = searched[searched >= 0]
    core = matrix[linked][:, linked]
    batch = max(1, min(len(searched), BATCH_CELLS // max(len(linked), 1)))
    for start in range(0, len(searched), batch):
        dist, delta = _brandes_batch(core, searched[start : start + batch])
        betweenness[linked] += delta.sum(axis=1)
        reached = dist > 0
        dist_sum[linked] += np.where(reached, dist, 0).sum(axis=1)
        dist_count[linked] += reached.sum(axis=1)
    betweenness *= _betweenness_scale(n, len(sources), exact, sources)
    closeness = _closeness(graph, nodes, matrix, sources, exact, dist_sum, dist_count)
    sampling = Sampling(exact=exact, sources=len(sources), seed=None if exact else seed)
    return dict(zip(nodes, betweenness.tolist(), strict=True)), closeness, sampling


def _brandes_batch(matrix: sp.csr_array, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distances (-1 unreached) and dependencies of every node on each source's paths."""
    n, b = matrix.shape[0], len(sources)
    cols = np.arange(b)
    dist = np.full((n, b), -1, dtype=np.int32)
    sigma = np.zeros((n, b))
    dist[sources, cols] = 0
    sigma[sources, cols] = 1.0
    frontier = sigma.copy()
    level = 0
    while True:
        arriving = matrix @ frontier  # paths reaching each node from the last level
        new = (arriving > 0) & (dist < 0)
        if not new.any():
            break
        level += 1
        dist[new] = level
        frontier = np.where(new, arriving, 0.0)
        sigma += frontier
    delta = np.zeros((n, b))
    for d in range(level, 0, -1):
        at_d = dist == d
        coef = np.where(at_d, (1.0 + delta) / np.where(at_d, sigma, 1.0), 0.0)
        delta += np.where(dist == d - 1, sigma * (matrix @ coef), 0.0)
    delta[sources, cols] = 0.0
    return dist, delta


def _betweenness_scale(n: int, k: int, exact: bool, sources: np.ndarray) -> np.ndarray | float:
    """networkx's normalisation (endpoints excluded), sampling adjustment included."""
    if n <= 2:
        return 1.0
    if exact:
        return 1.0 / ((n - 1) * (n - 2))
    scale = np.full(n, 1.0 / (k * (n - 2)))
    scale[sources] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    return scale


def _closeness(
    graph: nx.Graph,
    nodes: list[Any],
    matrix: sp.csr_array,
    sources: np.ndarray,
    exact: bool,
    dist_sum: np.ndarray,
    dist_count: np.ndarray,
) -> dict[Any, float]:
    n = len(nodes)
    if n <= 1:
        return dict.fromkeys(nodes, 0.0)
    _, labels = sp.csgraph.connected_components(matrix, directed=False)
    reach = np.bincount(labels)[labels] - 1.0  # others in the node's component
    mean = np.divide(dist_sum, dist_count, out=np.zeros(n), where=dist_count > 0)
    if not exact:
        # A node's mean distance is estimated from the sampled sources of its component
        # (itself excluded); components with fewer than two are small: searched in full.
        sampled = np.zeros(n)
        sampled[sources] = 1.0
        per_component = np.bincount(labels, weights=sampled)[labels]
        missing = np.flatnonzero((per_component < 2) & (reach > 0))
        if len(missing):
            mean[missing] = _exact_mean_distance(matrix, labels, missing)
    values = np.divide(reach, (n - 1) * mean, out=np.zeros(n), where=mean > 0)
    return dict(zip(nodes, values.tolist(), strict=True))


def _exact_mean_distance(matrix: sp.csr_array, labels: np.ndarray, which: np.ndarray) -> np.ndarray:
    """Exact mean distance to the rest of the component, for whole components ``which``."""
    order = which[np.argsort(labels[which], kind="stable")]
    groups = np.split(order, np.flatnonzero(np.diff(labels[order])) + 1)
    means = np.empty(len(order))
    at = 0
    for members in groups:
        distances = sp.csgraph.shortest_path(matrix[members][:, members], unweighted=True, directed=False)
        means[at : at + len(members)] = distances.sum(axis=1) / (len(members) - 1)
        at += len(members)
    out = np.empty(len(which))
    out[np.argsort(labels[which], kind="stable")] = means
    return out


def burt(graph: nx.Graph, weight: str = "weight") -> tuple[dict[Any, float], dict[Any, float]]:
    """Burt's constraint and effective size of every node (NaN for isolated nodes).

    With P the adjacency normalised by row sums and M by row maxima (networkx's
    "normalised mutual weight"): constraint(i) = sum over neighbours j of
    (P_ij + (P P)_ij)^2, and effective size(i) = degree(i) - sum over neighbours j of
    (P M^T)_ij.
    """
    nodes, weights = adjacency(graph, weight)
    ones = _binary(weights)
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
    return (dict(zip(nodes, constraint.tolist(), strict=True)), dict(zip(nodes, effective.tolist(), strict=True)))


def eigenvector(
    graph: nx.Graph, weight: str = "weight", max_iter: int = 1000, tol: float = 1e-6
) -> dict[Any, float] | None:
    """networkx's eigenvector centrality (power iteration on A + I), or None if it
    does not converge within ``max_iter`` iterations."""
    nodes, weights = adjacency(graph, weight)
    n = len(nodes)
    if n == 0:
        return {}
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + weights @ last
        norm = float(np.hypot.reduce(x)) or 1.0
        x = x / norm
        if float(np.abs(x - last).sum()) < n * tol:
            return dict(zip(nodes, x.tolist(), strict=True))
    return None


def two_step_reach(graph: nx.Graph) -> dict[Any, float]:
    """Share of the other nodes within two steps of each node."""
    nodes, weights = adjacency(graph, None)
    n = len(nodes)
    if n <= 1:
        return dict.fromkeys(nodes, 0.0)
    ones = _binary(weights)
    within = ones + ones @ ones
    within.setdiag(0)
    within.eliminate_zeros()
    counts = np.diff(within.indptr)
    return dict(zip(nodes, (counts / (n - 1)).tolist(), strict=True))


def to_igraph(graph: nx.Graph, weight: str = "weight") -> tuple[list[Any], ig.Graph]:
    """The nodes of ``graph`` in order and the same graph in igraph (edge attribute
    ``weight``, 1 where missing), vertex ``i`` being node ``i``."""
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    edges = list(graph.edges(data=weight, default=1.0))
    converted = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v, _ in edges])
    converted.es["weight"] = [float(w) for _, _, w in edges]
    return nodes, converted


def _fast(graph: nx.Graph, use_igraph: bool | None) -> bool:
    return graph.number_of_nodes() >= IGRAPH_MIN_NODES if use_igraph is None else use_igraph


def clustering(graph: nx.Graph, use_igraph: bool | None = None) -> dict[Any, float]:
    """Each node's local clustering coefficient (unweighted), as ``networkx.clustering``.

    ``use_igraph`` chooses the implementation (default: by size, see the module doc).
    """
    if not _fast(graph, use_igraph):
        return dict(nx.clustering(graph))
    nodes, converted = to_igraph(graph)
    return dict(zip(nodes, converted.transitivity_local_undirected(mode="zero"), strict=True))


def core_number(graph: nx.Graph, use_igraph: bool | None = None) -> dict[Any, int]:
    """Each node's k-core number, as ``networkx.core_number``."""
    if not _fast(graph, use_igraph):
        return dict(nx.core_number(graph))
    nodes, converted = to_igraph(graph)
    return dict(zip(nodes, converted.coreness(), strict=True))


def pagerank(graph: nx.Graph, use_igraph: bool | None = None) -> dict[Any, float] | None:
    """Weighted PageRank, as ``networkx.pagerank(G, weight="weight")`` (None when its power
    iteration does not converge). igraph solves it exactly, so the two differ by at most
    networkx's tolerance (1e-6 x n in total)."""
    if not _fast(graph, use_igraph):
        try:
            return dict(nx.pagerank(graph, alpha=PAGERANK_DAMPING, weight="weight", max_iter=200))
        except nx.PowerIterationFailedConvergence:
            return None
    nodes, converted = to_igraph(graph)
    return dict(zip(nodes, converted.pagerank(damping=PAGERANK_DAMPING, weights="weight"), strict=True))
