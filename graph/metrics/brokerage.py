"""Brokerage questions on a metrics report: who bridges communities, who could introduce
whom, and how countries are tied to each other.

These answer an analyst's next questions after the metrics table (the brokerage and
cross-border notebooks use them); each returns plain rows, ready for ``pandas``.

Example:
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> [(r["candidate"], r["via"]) for r in introductions(g, "a")]
    [('c', ['b'])]
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from graph.metrics.compute import MetricsReport


def community_bridges(graph: nx.Graph, report: MetricsReport) -> list[dict[str, Any]]:
    """Nodes by how many other communities their ties reach (then by ties outside their own)."""
    community = {row.id: row.community for row in report.nodes}
    rows = []
    for node, data in graph.nodes(data=True):
        own = community[str(node)]
        outside = [community[str(n)] for n in graph[node] if community[str(n)] != own]
        rows.append(
            {
                "id": node,
                "label": data.get("label", node),
                "country": data.get("country"),
                "community": own,
                "communities_reached": len(set(outside)),
                "ties_outside": len(outside),
            }
        )
    rows.sort(key=lambda r: (-r["communities_reached"], -r["ties_outside"], str(r["id"])))
    return rows


def introductions(graph: nx.Graph, org: Any, limit: int = 10) -> list[dict[str, Any]]:
    """Organisations two steps from ``org`` and the partners who could introduce them.

    Candidates with more common partners come first (a warmer introduction).
    """
    partners = set(graph[org])
    via: dict[Any, list[Any]] = {}
    for partner in sorted(partners, key=str):
        for candidate in graph[partner]:
            if candidate != org and candidate not in partners:
                via.setdefault(candidate, []).append(partner)
    ranked = sorted(via.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))[:limit]
    return [
        {
            "candidate": c,
            "label": graph.nodes[c].get("label", c),
            "country": graph.nodes[c].get("country"),
            "via": v,
            "common_partners": len(v),
        }
        for c, v in ranked
    ]


def country_links(graph: nx.Graph) -> list[dict[str, Any]]:
    """Ties between organisations summed per pair of countries (each pair once, A <= B).

    ``ties`` counts edges, ``weight`` sums their weights (joint projects).
    """
    ties: Counter[tuple[str, str]] = Counter()
    weight: Counter[tuple[str, str]] = Counter()
    country = dict(graph.nodes(data="country"))
    for a, b, w in graph.edges(data="weight", default=1.0):
        ca, cb = country.get(a), country.get(b)
        if (
            ca
            and cb
            and graph.nodes[a].get("type", "organisation") == "organisation"
            and graph.nodes[b].get("type", "organisation") == "organisation"
        ):
            pair = (min(ca, cb), max(ca, cb))
            ties[pair] += 1
            weight[pair] += w
    return [{"country_a": a, "country_b": b, "ties": ties[(a, b)], "weight": weight[(a, b)]} for a, b in sorted(ties)]
