"""igraph against networkx, the reference: the arrays both work on, the measures that switch
to igraph on large graphs, and Louvain with its modularity."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.metrics import arrays as arrays_module
from graph.metrics import centrality, communities
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
# Graphs made of clear clusters: any good Louvain finds exactly these.
CLUSTERED = {
    "ring-of-cliques": nx.ring_of_cliques(8, 6),
    "planted": nx.planted_partition_graph(6, 30, 0.5, 0.01, seed=4),
    "caveman": nx.relaxed_caveman_graph(10, 8, 0.05, seed=2),
}


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
    degree, strength = centrality.degrees(arrays)  # a self-loop counts twice, as in networkx
    assert degree == dict(graph.degree()) == {"a": 1, "b": 2, "c": 3, "alone": 0}
    assert strength == dict(graph.degree(weight="weight")) == {"a": 2.5, "b": 3.5, "c": 9.0, "alone": 0.0}


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


@SAMPLES
@pytest.mark.parametrize("resolution", [1.0, 1.7])
def test_modularity_is_the_same_number_in_both(graph: nx.Graph, resolution: float) -> None:
    arrays = GraphArrays.of(graph)
    groups = communities.louvain(arrays, resolution, seed=1)
    reference = nx.community.modularity(graph, groups, weight="weight", resolution=resolution)
    assert communities.modularity(arrays, groups, resolution, use_igraph=False) == pytest.approx(reference, abs=1e-12)
    assert communities.modularity(arrays, groups, resolution, use_igraph=True) == pytest.approx(reference, abs=1e-12)


@pytest.mark.parametrize("graph", CLUSTERED.values(), ids=CLUSTERED.keys())
@pytest.mark.parametrize("resolution", [1.0, 2.0])
def test_louvain_finds_the_same_clear_clusters(graph: nx.Graph, resolution: float) -> None:
    arrays = GraphArrays.of(graph)
    reference = communities.louvain(arrays, resolution, seed=42, use_igraph=False)
    fast = communities.louvain(arrays, resolution, seed=42, use_igraph=True)
    assert len(fast) == len(reference) > 1
    assert sorted(map(sorted, fast)) == sorted(map(sorted, reference))


@SAMPLES
def test_louvain_modularity_close_on_less_clear_graphs(graph: nx.Graph) -> None:
    arrays = GraphArrays.of(graph)
    quality = [
        communities.modularity(arrays, communities.louvain(arrays, 1.0, seed=42, use_igraph=choice), 1.0)
        for choice in (False, True)
    ]
    assert quality[0] is not None and quality[1] is not None
    assert abs(quality[0] - quality[1]) < 0.03


def test_igraph_louvain_is_reproducible_and_seeded() -> None:
    arrays = GraphArrays.of(nx.gnm_random_graph(400, 1200, seed=8))
    first = communities.louvain(arrays, 1.0, seed=3, use_igraph=True)
    assert communities.louvain(arrays, 1.0, seed=3, use_igraph=True) == first
    others = [communities.louvain(arrays, 1.0, seed=s, use_igraph=True) for s in range(4, 8)]
    assert any(other != first for other in others)


def test_igraph_louvain_keeps_isolated_nodes_alone() -> None:
    graph = nx.ring_of_cliques(3, 4)
    graph.add_nodes_from(["x", "y"])
    groups = communities.louvain(GraphArrays.of(graph), 1.0, seed=1, use_igraph=True)
    assert [len(g) for g in groups] == [4, 4, 4, 1, 1]
    assert {"x"} in groups and {"y"} in groups


def test_large_graphs_use_igraph_and_the_report_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.relabel_nodes(nx.ring_of_cliques(4, 5), str)
    small = compute_metrics(graph, MetricOptions())
    assert small.info.library == "networkx"
    # From the threshold on, networkx is not called for the switching measures.
    monkeypatch.setattr(arrays_module, "IGRAPH_MIN_NODES", graph.number_of_nodes())
    for name in ("core_number", "clustering", "pagerank"):
        monkeypatch.setattr(nx, name, None)
    monkeypatch.setattr(nx.community, "louvain_communities", None)
    monkeypatch.setattr(nx.community, "modularity", None)
    large = compute_metrics(graph, MetricOptions())
    assert large.info.library == "igraph"
    assert [(r.id, r.community, r.core_number) for r in large.nodes] == [
        (r.id, r.community, r.core_number) for r in small.nodes
    ]
    for column in ("clustering", "pagerank"):
        assert [getattr(r, column) for r in large.nodes] == pytest.approx([getattr(r, column) for r in small.nodes])
    assert large.info.modularity == pytest.approx(small.info.modularity, abs=1e-12)
