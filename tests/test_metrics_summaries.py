"""Community and country summaries against their definition, counted node by node."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import networkx as nx
import pytest

from graph.metrics.arrays import GraphArrays
from graph.metrics.summaries import by_country, summarise


def _definition(graph: nx.Graph, members: set[Any]) -> dict[str, Any]:
    """One group's summary, straight from the words of summarise's docstring."""
    country = {
        n: c
        for n, c in graph.nodes(data="country")
        if c and graph.nodes[n].get("type", "organisation") == "organisation"
    }
    touching = {frozenset((a, b)) for a in members for b in graph[a]}
    ties = [e for e in touching if all(n in country for n in e)]
    counts = Counter(country[n] for n in members if n in country)
    size = len(members)
    internal = graph.subgraph(members).number_of_edges()
    return {
        "size": size,
        "internal_ties": internal,
        "density": 2 * internal / (size * (size - 1)) if size > 1 else 0.0,
        "ties": len(ties),
        "cross_border_share": (sum(len({country[n] for n in e}) > 1 for e in ties) / len(ties) if ties else None),
        "countries": len(counts),
        "main_country": min(counts, key=lambda c: (-counts[c], c)) if counts else None,
    }


def _network(seed: int) -> nx.Graph:
    """Organisations in a few countries (some without one), projects and a self-loop."""
    rng = random.Random(seed)
    graph = nx.gnm_random_graph(120, 300, seed=seed)
    for node in graph:
        if node % 10 == 0:
            graph.nodes[node].update(type="project")
        else:
            graph.nodes[node].update(type="organisation", country=rng.choice(["RO", "BG", "GR", None]))
    graph.add_edge(3, 3)
    return graph


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summaries_follow_their_definition(seed: int) -> None:
    graph = _network(seed)
    rng = random.Random(seed)
    nodes = list(graph)
    rng.shuffle(nodes)
    groups = {"a": set(nodes[:50]), "b": set(nodes[50:52]), "c": {nodes[52]}, "d": set(nodes[53:90])}
    arrays = GraphArrays.of(graph)
    for found in (summarise(arrays, groups), summarise(arrays, by_country(graph))):
        chosen = groups if found[0].group == "a" else by_country(graph)
        assert [s.group for s in found] == list(chosen)
        for summary in found:
            expected = _definition(graph, set(chosen[summary.group]))
            assert summary.model_dump(exclude={"group"}) == pytest.approx(expected)


def test_main_country_ties_go_to_the_first_alphabetically() -> None:
    graph = nx.Graph([("a", "b"), ("c", "d")])
    nx.set_node_attributes(graph, {"a": "RO", "b": "BG", "c": "BG", "d": "RO"}, "country")
    [summary] = summarise(GraphArrays.of(graph), {"all": {"a", "b", "c", "d"}})
    assert (summary.countries, summary.main_country, summary.cross_border_share) == (2, "BG", 1.0)
