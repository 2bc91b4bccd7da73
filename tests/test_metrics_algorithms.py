"""Metrics on small known graphs: hand-computed values, and agreement with networkx."""

from __future__ import annotations

import io
import math

import networkx as nx
import pytest

from graph.metrics import centrality
from graph.metrics.arrays import GraphArrays
from graph.metrics.compute import METRICS, MetricOptions, NodeMetrics, compute_metrics, sort_rows
from graph.readwrite import graphfiles


def _graph(edges: list[tuple[str, str]], countries: dict[str, str] | None = None) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from(edges, weight=1.0)
    for node in graph:
        graph.nodes[node].update(type="organisation", label=node.upper(), country=(countries or {}).get(node, "RO"))
    return graph


STAR = [("c", "x"), ("c", "y"), ("c", "z")]
TRIANGLE = [("a", "b"), ("b", "c"), ("a", "c")]
PATH = [("a", "b"), ("b", "c")]

# (edges, node, metric, value worked out by hand)
KNOWN = [
    (STAR, "c", "degree", 3),
    (STAR, "c", "betweenness", 1.0),
    (STAR, "x", "betweenness", 0.0),
    (STAR, "c", "closeness", 1.0),
    (STAR, "x", "closeness", 3 / 5),
    (STAR, "c", "clustering", 0.0),
    (STAR, "c", "constraint", 1 / 3),
    (STAR, "x", "constraint", 1.0),
    (STAR, "c", "effective_size", 3.0),
    (STAR, "c", "efficiency", 1.0),
    (STAR, "x", "two_step_reach", 1.0),
    (STAR, "c", "core_number", 1),
    (TRIANGLE, "a", "betweenness", 0.0),
    (TRIANGLE, "a", "clustering", 1.0),
    (TRIANGLE, "a", "constraint", 2 * (1 / 2 + 1 / 4) ** 2),
    (TRIANGLE, "a", "effective_size", 1.0),
    (TRIANGLE, "a", "efficiency", 0.5),
    (TRIANGLE, "a", "core_number", 2),
    (TRIANGLE, "a", "eigenvector", 1 / math.sqrt(3)),
    (TRIANGLE, "a", "pagerank", 1 / 3),
    (PATH, "b", "betweenness", 1.0),
    (PATH, "a", "closeness", 2 / 3),
    (PATH, "b", "constraint", 0.5),
    (PATH, "a", "constraint", 1.0),
    (PATH, "a", "two_step_reach", 1.0),
]


@pytest.mark.parametrize(("edges", "node", "metric", "expected"), KNOWN)
def test_known_values(edges: list[tuple[str, str]], node: str, metric: str, expected: float) -> None:
    rows = {row.id: row for row in compute_metrics(_graph(edges)).nodes}
    assert getattr(rows[node], metric) == pytest.approx(expected, abs=1e-6)


def test_isolated_node_has_no_brokerage() -> None:
    graph = _graph(PATH)
    graph.add_node("lonely", type="organisation", label="Lonely", country="BG")
    row = next(r for r in compute_metrics(graph).nodes if r.id == "lonely")
    assert (row.degree, row.closeness, row.constraint, row.effective_size, row.efficiency) == (0, 0.0, None, None, None)


def test_metric_table_documents_every_column() -> None:
    documented = {m.name for m in METRICS}
    descriptive = {"id", "label", "type", "kind", "country", "region"}
    assert documented == set(NodeMetrics.model_fields) - descriptive
    assert all(m.broker.endswith(".") and len(m.broker) < 120 for m in METRICS)


def _samples() -> list[nx.Graph]:
    weighted = nx.les_miserables_graph()
    split = nx.disjoint_union(nx.karate_club_graph(), nx.cycle_graph(7))
    split.add_node("isolated")
    random = nx.gnm_random_graph(80, 140, seed=3)
    for graph in (split, random):
        for a, b in graph.edges():
            graph[a][b].setdefault("weight", 1.0 + (hash((a, b)) % 3))
    return [weighted, split, random]


def _close(ours: dict, theirs: dict, tol: float = 1e-9) -> bool:
    return ours.keys() == theirs.keys() and all(
        (math.isnan(ours[k]) and math.isnan(theirs[k])) or abs(ours[k] - theirs[k]) <= tol for k in ours
    )


@pytest.mark.parametrize("graph", _samples(), ids=["les-miserables", "split", "random"])
def test_fast_versions_agree_with_networkx(graph: nx.Graph) -> None:
    arrays = GraphArrays.of(graph)
    degree, strength = centrality.degrees(arrays)
    assert degree == dict(graph.degree())
    assert _close(strength, dict(graph.degree(weight="weight")))
    betweenness, closeness, sampling = centrality.shortest_path_measures(arrays)
    assert sampling.exact
    assert _close(betweenness, nx.betweenness_centrality(graph))
    assert _close(closeness, nx.closeness_centrality(graph))
    sampled, _, info = centrality.shortest_path_measures(arrays, k=12, seed=5)
    assert (info.exact, info.sources, info.seed) == (False, 12, 5)
    assert _close(sampled, nx.betweenness_centrality(graph, k=12, seed=5))
    constraint, effective = centrality.burt(arrays)
    assert _close(constraint, nx.constraint(graph, weight="weight"))
    # networkx's whole-graph shortcut for weighted effective size disagrees with its own
    # definition; compare with the definition (asking for the nodes explicitly).
    assert _close(effective, nx.effective_size(graph, nodes=list(graph), weight="weight"))
    eigen = centrality.eigenvector(arrays)
    assert eigen is not None
    assert _close(eigen, nx.eigenvector_centrality(graph, weight="weight", max_iter=1000), 1e-6)
    reach = {v: (len(nx.single_source_shortest_path_length(graph, v, cutoff=2)) - 1) / (len(graph) - 1) for v in graph}
    assert _close(centrality.two_step_reach(arrays), reach)


def test_sampled_closeness_is_close_to_exact_on_a_connected_graph() -> None:
    graph = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=1)
    _, estimate, _ = centrality.shortest_path_measures(GraphArrays.of(graph), k=80, seed=1)
    exact = nx.closeness_centrality(graph)
    assert max(abs(estimate[v] - exact[v]) / exact[v] for v in graph) < 0.1


def test_sampled_closeness_is_exact_in_components_without_two_sources() -> None:
    big = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=1)
    graph = nx.disjoint_union_all([big, nx.path_graph(5), nx.complete_graph(3), nx.star_graph(3)])
    small = [v for v in graph if v >= 400]
    _, estimate, _ = centrality.shortest_path_measures(GraphArrays.of(graph), k=40, seed=2)
    exact = nx.closeness_centrality(graph)
    assert all(estimate[v] == pytest.approx(exact[v], abs=1e-12) for v in small)
    assert any(abs(estimate[v] - exact[v]) > 1e-6 for v in big)  # estimated there


def test_sampled_betweenness_is_reproducible_and_reported() -> None:
    graph = nx.relabel_nodes(nx.connected_watts_strogatz_graph(300, 4, 0.2, seed=2), str)
    options = MetricOptions(exact_max=100, samples=40, seed=9)
    first, second = compute_metrics(graph, options), compute_metrics(graph, options)
    assert first.info.betweenness_exact is False
    assert (first.info.betweenness_sources, first.info.seed) == (40, 9)
    assert [r.betweenness for r in first.nodes] == [r.betweenness for r in second.nodes]
    assert [r.community for r in first.nodes] == [r.community for r in second.nodes]
    other = compute_metrics(graph, MetricOptions(exact_max=100, samples=40, seed=10))
    assert [r.betweenness for r in other.nodes] != [r.betweenness for r in first.nodes]


def test_eigenvector_non_convergence_is_reported_not_raised() -> None:
    graph = nx.les_miserables_graph()
    assert centrality.eigenvector(GraphArrays.of(graph), max_iter=2) is None


def test_communities_and_country_summaries() -> None:
    # Two triangles, one Romanian and one Bulgarian, joined by one cross-border tie.
    edges = TRIANGLE + [("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")]
    graph = _graph(edges, {"d": "BG", "e": "BG", "f": "BG"})
    report = compute_metrics(graph)
    assert report.info.communities == 2 and report.info.modularity == pytest.approx(5 / 14)
    countries = {s.group: s for s in report.countries}
    assert countries["RO"].size == 3 and countries["RO"].internal_ties == 3
    assert countries["RO"].density == 1.0
    assert countries["RO"].cross_border_share == pytest.approx(1 / 4)
    community = report.communities[0]
    assert community.size == 3 and community.countries == 1


@pytest.mark.parametrize(
    "writer,reader", [(graphfiles.write_graphml, nx.read_graphml), (graphfiles.write_gexf, nx.read_gexf)]
)
def test_streaming_writers_read_back(writer, reader) -> None:  # type: ignore[no-untyped-def]
    graph = nx.Graph(projection="coparticipation")
    graph.add_node("a", label="Biblioteca „Ion Creangă” & Co <ro>", kind="library", score=0.5, rank=3, flag=True)
    graph.add_node("b", label="B", kind="ngo", score=2, rank=4, flag=False)
    graph.add_edge("a", "b", weight=2.5, joint_projects=2)
    text = io.StringIO()
    writer(graph, text)
    back = reader(io.BytesIO(text.getvalue().encode("utf-8")))
    assert set(back.nodes) == {"a", "b"} and set(map(frozenset, back.edges)) == {frozenset("ab")}
    assert back.nodes["a"]["label"] == "Biblioteca „Ion Creangă” & Co <ro>"
    assert back.nodes["a"]["kind"] == "library" and back.nodes["b"]["score"] == 2.0
    assert back.nodes["a"]["rank"] == 3 and back.nodes["a"]["flag"] is True
    assert back.edges["a", "b"]["weight"] == 2.5 and back.edges["a", "b"]["joint_projects"] == 2


def test_brokerage_helpers() -> None:
    from graph.metrics.brokerage import community_bridges, country_links, introductions

    edges = TRIANGLE + [("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")]
    graph = _graph(edges, {"d": "BG", "e": "BG", "f": "BG"})
    report = compute_metrics(graph)
    bridges = community_bridges(graph, report)
    assert {bridges[0]["id"], bridges[1]["id"]} == {"c", "d"}
    assert bridges[0]["communities_reached"] == 1 and bridges[2]["communities_reached"] == 0
    offers = introductions(graph, "a")
    assert [(o["candidate"], o["via"]) for o in offers] == [("d", ["c"])]
    links = {(r["country_a"], r["country_b"]): r["ties"] for r in country_links(graph)}
    assert links == {("BG", "BG"): 3, ("BG", "RO"): 1, ("RO", "RO"): 3}


def test_readme_documents_every_metric() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    for metric in METRICS:
        assert f"| `{metric.name}` | {metric.title} | {metric.broker} |" in readme


def test_sort_rows_puts_missing_values_last_and_keeps_ties_in_order() -> None:
    graph = _graph(STAR + [("p", "q")], countries={"c": "BG", "x": "gr", "y": "RO"})
    graph.nodes["z"]["country"] = None
    graph.add_node("lone", type="organisation", label="Lone", country="MD")
    rows = compute_metrics(graph).nodes  # by betweenness, then degree, then id
    for descending in (True, False):
        by_constraint = sort_rows(rows, "constraint", descending)
        assert by_constraint[-1].id == "lone"  # isolated: no constraint, last both ways
        known = [r.constraint for r in by_constraint[:-1]]
        assert known == sorted(known, reverse=descending)
        by_country = [r.id for r in sort_rows(rows, "country", descending)]
        assert by_country[-1] == "z"
    assert [r.id for r in sort_rows(rows, "country", False)][:3] == ["c", "x", "lone"]  # case
    ties = [r.id for r in sort_rows(rows, "degree", True)]
    assert ties == ["c", "p", "q", "x", "y", "z", "lone"]  # degree 1 ties keep the report's order
    with pytest.raises(ValueError, match="cannot sort"):
        sort_rows(rows, "colour", True)
