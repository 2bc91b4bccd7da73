"""Per-group summaries of the metrics report: a community's or a country's size, cohesion
and share of cross-border ties.

Counted with arrays over the edges (:class:`~graph.metrics.arrays.GraphArrays`): a loop
over each member's neighbours took seconds per 100,000 organisations.

Example:
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(g, {"a": "RO", "b": "RO", "c": "BG"}, "country")
    >>> [(s.group, s.size, s.ties, s.cross_border_share) for s in summarise(GraphArrays.of(g), by_country(g))]
    [('RO', 2, 2, 0.5), ('BG', 1, 1, 1.0)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np
from pydantic import BaseModel, ConfigDict

from graph.metrics.arrays import GraphArrays


class GroupSummary(BaseModel):
    """A community's or a country's size, cohesion and share of cross-border ties."""

    model_config = ConfigDict(frozen=True)

    group: str
    size: int
    internal_ties: int
    density: float
    ties: int
    cross_border_share: float | None
    countries: int
    main_country: str | None


def by_country(graph: nx.Graph) -> dict[str, set[Any]]:
    """The organisations of each country, largest country first (then by code)."""
    groups: dict[str, set[Any]] = defaultdict(set)
    for node, data in graph.nodes(data=True):
        if data.get("type", "organisation") == "organisation" and data.get("country"):
            groups[data["country"]].add(node)
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def summarise(arrays: GraphArrays, groups: Mapping[str, Iterable[Any]]) -> list[GroupSummary]:
    """Size, density and cross-border share of ties of each group of nodes, in order.

    Groups do not overlap. Ties are the group members' edges between two organisations
    with a country (an edge inside the group counts once); a tie is cross-border when
    the two countries differ. ``main_country`` is the most common country of the
    group's organisations (ties: the first in alphabetical order).
    """
    names = list(groups)
    count = len(names)
    label = np.full(arrays.n, -1, dtype=np.int64)
    for index, members in enumerate(groups.values()):
        label[[arrays.position[m] for m in members]] = index
    countries, country = _country_codes(arrays)
    u, v = arrays.ends[:, 0], arrays.ends[:, 1]
    lu, lv = label[u], label[v]

    def per_group(edges: np.ndarray) -> np.ndarray:
        """How many of ``edges`` (a mask) touch each group, an edge inside one once."""
        ends_u = lu[edges & (lu >= 0)]
        ends_v = lv[edges & (lv >= 0) & (lv != lu)]
        return np.bincount(ends_u, minlength=count) + np.bincount(ends_v, minlength=count)

    internal = per_group(lu == lv)
    both = (country[u] >= 0) & (country[v] >= 0)
    ties = per_group(both)
    cross = per_group(both & (country[u] != country[v]))
    size = np.bincount(label[label >= 0], minlength=count)
    spread, main = _main_countries(label, country, count, len(countries))
    return [
        GroupSummary(
            group=name,
            size=int(size[i]),
            internal_ties=int(internal[i]),
            density=2 * int(internal[i]) / (int(size[i]) * (int(size[i]) - 1)) if size[i] > 1 else 0.0,
            ties=int(ties[i]),
            cross_border_share=int(cross[i]) / int(ties[i]) if ties[i] else None,
            countries=int(spread[i]),
            main_country=countries[main[i]] if main[i] >= 0 else None,
        )
        for i, name in enumerate(names)
    ]


def _country_codes(arrays: GraphArrays) -> tuple[list[str], np.ndarray]:
    """The countries in alphabetical order, and each node's place in that list (-1: an
    organisation without a country, or not an organisation)."""
    of_node = [
        data.get("country") if data.get("type", "organisation") == "organisation" else None
        for _, data in arrays.graph.nodes(data=True)
    ]
    countries = sorted({c for c in of_node if c})
    code = {c: i for i, c in enumerate(countries)}
    return countries, np.array([code[c] if c else -1 for c in of_node], dtype=np.int64).reshape(-1)


def _main_countries(
    label: np.ndarray, country: np.ndarray, groups: int, countries: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per group: how many countries its organisations are in, and the most common one
    (its code; -1 when none)."""
    known = (label >= 0) & (country >= 0)
    pairs, members = np.unique(label[known] * countries + country[known], return_counts=True)
    group, code = pairs // max(countries, 1), pairs % max(countries, 1)
    spread = np.bincount(group, minlength=groups)
    main = np.full(groups, -1, dtype=np.int64)
    # Most members first, then the alphabetically first country; the first row per group wins.
    order = np.lexsort((code, -members, group))
    first = order[np.r_[True, np.diff(group[order]) != 0]] if len(order) else order
    main[group[first]] = code[first]
    return spread, main
