"""igraph against networkx, the reference: the arrays both work on and the measures that
switch to igraph on large graphs."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.metrics import arrays as arrays_module
from graph.metrics import centrality
from graph.metrics.arrays import GraphArrays
from graph.metrics.compute import MetricOptions, compute_metrics


def _weighted(graph: nx.Graph) -> nx.Graph:
    for a, b in graph.edges():
        graph[a][b].setdefault("weight", 1.0 + (a * 7 + b) % 3 if isinstance(a, int) else 1.0)
    return graph


def _samples() -> list[nx.Graph]:
    split = nx.disjoint_union(nx.karate_club_graph(), nx.cycle_graph(7))
    split.add_node("isolated")
    return [nx.les_miserables_graph(), _weighted(split), _weighted(nx.gnm_random_graph(80, 140, seed=3))]


SAMPLES = pytest.mark.parametrize("graph", _samples(), ids=["les-miserables", "split", "random"])


def _close(ours: dict, theirs: dict, tol: float = 1e-9) -> bool:
    return ours.keys() == theirs.keys() and all(
        (math.isnan(ours[k]) and math.isnan(theirs[k])) or abs(ours[k] - theirs[k]) <= tol for k in ours
    )


def test_arrays_hold_the_graph_networkx_would_give() -> None:
    graph = nx.Graph([("a", "b", {"weight": 2.5}), ("b", "c"), ("c", "c", {"weight": 4.0})])
    graph.add_node("alone")
    arrays = GraphArrays.of(graph)
    expected = nx.to_scipy_sparse_array(graph, nodelist=arrays.nodes, weight="weight")
    assert arrays.nodes == ["a", "b", "c", "alone"]
    assert (arrays.weights != expected).nnz == 0
    assert arrays.ones.toarray().tolist() == [[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 1, 0], [0, 0, 0, 0]]
    converted = arrays.igraph
    assert converted.vcount() == 4
    edges = {(arrays.nodes[e.source], arrays.nodes[e.target]): e["weight"] for e in converted.es}
    assert edges == {("a", "b"): 2.5, ("b", "c"): 1.0, ("c", "c"): 4.0}


def test_arrays_refuse_directed_and_multigraphs() -> None:
    for graph in (nx.DiGraph([(1, 2)]), nx.MultiGraph([(1, 2), (1, 2)])):
        with pytest.raises(ValueError, match="simple undirected"):
            GraphArrays.of(graph)


@SAMPLES
def test_switching_measures_agree(graph: nx.Graph) -> None:
    arrays = GraphArrays.of(graph)
    assert _close(centrality.clustering(arrays, use_igraph=True), nx.clustering(graph))
    assert centrality.core_number(arrays, use_igraph=True) == nx.core_number(graph)
    assert _close(centrality.pagerank(arrays, use_igraph=False) or {}, centrality.pagerank(arrays) or {}, 0)
    # networkx stops its power iteration within 1e-6 x n in total; igraph solves exactly.
    exact = nx.pagerank(graph, weight="weight", tol=1e-14, max_iter=10_000)
    assert _close(centrality.pagerank(arrays, use_igraph=True) or {}, exact, 1e-9)


def test_large_graphs_use_igraph(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.relabel_nodes(nx.ring_of_cliques(4, 5), str)
    small = compute_metrics(graph, MetricOptions())
    # From the threshold on, networkx is not called for the switching measures.
    monkeypatch.setattr(arrays_module, "IGRAPH_MIN_NODES", graph.number_of_nodes())
    for name in ("core_number", "clustering", "pagerank"):
        monkeypatch.setattr(nx, name, None)
    large = compute_metrics(graph, MetricOptions())
    assert [(r.id, r.community, r.core_number) for r in large.nodes] == [
        (r.id, r.community, r.core_number) for r in small.nodes
    ]
    for column in ("clustering", "pagerank"):
        assert [getattr(r, column) for r in large.nodes] == pytest.approx([getattr(r, column) for r in small.nodes])
    assert large.info.modularity == pytest.approx(small.info.modularity, abs=1e-12)
