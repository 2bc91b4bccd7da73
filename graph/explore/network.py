"""Organisation networks: ego networks (1-2 hops), capping, aggregation and metrics.

Two organisations are tied when they share projects (``partner``, weight = joint
projects), when one is a member of the other (``member``) or when a broker recorded an
introduction between them (``introduced``). Networks larger than a node cap are trimmed
(strongest ties kept) or aggregated (organisations grouped by region or country), and
say so, so a browser is never handed more than it can draw.

Example:
    >>> net = ego_network(store, "anbpr", EgoFilters(depth=2), cap=300)   # doctest: +SKIP
    >>> net.nodes[0].id, net.truncated                                   # doctest: +SKIP
    ('anbpr', False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from enum import StrEnum
from itertools import combinations
from typing import Any, Literal, Protocol

import networkx as nx
from neo4j import ManagedTransaction
from pydantic import BaseModel, ConfigDict, Field, field_validator

from graph.errors import NotFound
from graph.models import OrgKind
from graph.outputs import OutModel
from graph.store.driver import Store, run
from graph.store.queries import query

ORG_NODES = query("network/org_nodes")
PARTICIPATIONS = query("network/participations")


class LinkKind(StrEnum):
    """The kinds of tie between two organisations."""

    PARTNER = "partner"
    MEMBER = "member"
    INTRODUCED = "introduced"


# Every kind of tie in one query: each round trip to the graph costs the web process
# more CPU than the rows it brings.
LINKS = query("network/links")

SizeMetric = Literal["degree", "strength", "betweenness"]


class EgoFilters(BaseModel):
    """Ego-network options, as the URL carries them (``?depth=2&kinds=library,ngo``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    depth: int = Field(default=1, ge=1, le=2)
    kinds: list[OrgKind] = []
    rels: list[LinkKind] = Field(default_factory=lambda: list(LinkKind))
    size: SizeMetric = "degree"

    @field_validator("rels")
    @classmethod
    def _some_rel(cls, value: list[LinkKind]) -> list[LinkKind]:
        return value or list(LinkKind)


class NetNode(OutModel):
    """A node of a drawn network: an organisation, a project, or a group of organisations."""

    id: str
    name: str
    type: Literal["organisation", "project", "group"] = "organisation"
    kind: str | None = None
    country: str | None = None
    region: str | None = None
    depth: int | None = None
    members: int = 1
    degree: int = 0
    strength: float = 0
    betweenness: float | None = None


class NetEdge(OutModel):
    source: str
    target: str
    rel: str
    weight: float = 1


class Network(OutModel):
    """Nodes and edges to draw, and whether (and how) the network was cut down."""

    nodes: list[NetNode]
    edges: list[NetEdge]
    found: int
    truncated: bool = False
    aggregated_by: str | None = None
    cap: int


class Ties(Protocol):
    """Where an ego network's organisations and ties come from: the graph (:class:`GraphTies`,
    in one read transaction) or the matching index (``graph.matching.ties.IndexTies``), which
    follows the change log and answers from memory. Rows are shaped as
    ``network/links.cypher`` returns them; ``rels`` holds :class:`LinkKind` values."""

    def nodes(self, ids: list[str]) -> list[dict[str, Any]]:
        """The organisations ``ids`` that exist: id, name, kind, country, region."""

    def links(self, ids: list[str], rels: Sequence[str]) -> list[dict[str, Any]]:
        """Tie rows (source, target, weight, rel, target's fields) from ``ids`` to anyone."""

    def links_among(self, ids: list[str], rels: Sequence[str]) -> list[dict[str, Any]]:
        """Tie rows (source, target, weight, rel) between organisations of ``ids`` only."""


class MemoryTies(Ties, Protocol):
    """:class:`Ties` held in memory, which may not hold every organisation yet."""

    def knows(self, org_id: str) -> bool:
        """True when ``org_id`` is an organisation this source holds."""


class GraphTies:
    """:class:`Ties` read from the graph in the read transaction ``tx``."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self.tx = tx

    def nodes(self, ids: list[str]) -> list[dict[str, Any]]:
        return run(self.tx, ORG_NODES, ids=ids)

    def links(self, ids: list[str], rels: Sequence[str]) -> list[dict[str, Any]]:
        return run(self.tx, LINKS, ids=ids, rels=[str(rel) for rel in rels], within=None)

    def links_among(self, ids: list[str], rels: Sequence[str]) -> list[dict[str, Any]]:
        """Partner ties are paired here from each organisation's projects: one hop in the
        graph instead of two, which matters when ``ids`` holds hundreds of organisations."""
        rows: list[dict[str, Any]] = []
        others = [str(rel) for rel in rels if rel != LinkKind.PARTNER]
        if LinkKind.PARTNER in rels:
            members: dict[str, list[str]] = defaultdict(list)
            for row in run(self.tx, PARTICIPATIONS, ids=ids):
                members[row["project"]].append(row["org"])
            joint: dict[tuple[str, str], int] = defaultdict(int)
            for orgs in members.values():
                for a, b in combinations(sorted(set(orgs)), 2):
                    joint[(a, b)] += 1
            rows.extend(
                {"source": a, "target": b, "weight": w, "rel": LinkKind.PARTNER.value} for (a, b), w in joint.items()
            )
        if others:
            rows.extend(run(self.tx, LINKS, ids=ids, rels=others, within=ids))
        return rows


def _dedupe(rows: list[dict[str, Any]]) -> list[NetEdge]:
    """One edge per unordered pair and kind (queries report both directions)."""
    seen: dict[tuple[str, str, str], NetEdge] = {}
    for row in rows:
        a, b = sorted((row["source"], row["target"]))
        seen.setdefault((a, b, row["rel"]), NetEdge(source=a, target=b, rel=row["rel"], weight=row["weight"]))
    return list(seen.values())


def ego_network(store: Store, org_id: str, filters: EgoFilters, cap: int, ties: MemoryTies | None = None) -> Network:
    """The organisations within ``filters.depth`` ties of ``org_id``, at most ``cap`` nodes.

    Each hop keeps the neighbours with the strongest ties first (summed weight over tie
    kinds), so a trimmed network shows the closest partners. Raises :class:`NotFound`.
    The organisations and ties come from ``ties`` when given and it knows ``org_id`` (the
    matching index: no query at all), else from the graph, in one read transaction for all
    its queries (a third less CPU than a transaction each).
    """
    if ties is not None and ties.knows(org_id):
        net = _ego_network(ties, org_id, filters, cap)
    else:
        net = store.read_tx(lambda tx: _ego_network(GraphTies(tx), org_id, filters, cap))
    return with_metrics(net, betweenness=filters.size == "betweenness")


def _ego_network(ties: Ties, org_id: str, filters: EgoFilters, cap: int) -> Network:
    """:func:`ego_network`'s nodes and edges, without their metrics."""
    ego = ties.nodes([org_id])
    if not ego:
        raise NotFound(f"no organisation with id {org_id!r}")
    nodes: dict[str, NetNode] = {org_id: NetNode(**ego[0], depth=0)}
    kinds = {k.value for k in filters.kinds}
    frontier, found, truncated = [org_id], 1, False
    rows: list[dict[str, Any]] = []
    for hop in (1, 2)[: filters.depth]:
        hop_rows = ties.links(frontier, filters.rels)
        rows.extend(hop_rows)
        strength: dict[str, float] = defaultdict(float)
        fields: dict[str, dict[str, Any]] = {}
        for row in hop_rows:
            target = row["target"]
            if target in nodes or (kinds and row["kind"] not in kinds):
                continue
            strength[target] += row["weight"]
            fields[target] = row
        ranked = sorted(strength, key=lambda t: (-strength[t], t))
        found += len(ranked)
        room = max(0, cap - len(nodes))
        truncated = truncated or len(ranked) > room
        for target in ranked[:room]:
            row = fields[target]
            nodes[target] = NetNode(
                id=target, name=row["name"], kind=row["kind"], country=row["country"], region=row["region"], depth=hop
            )
        frontier = ranked[:room]
        if not frontier:
            break
    if frontier:
        # Ties among the nodes the last hop added are the only ones no query has seen yet.
        rows.extend(ties.links_among(frontier, filters.rels))
    edges = _dedupe([r for r in rows if r["source"] in nodes and r["target"] in nodes])
    return Network(nodes=list(nodes.values()), edges=edges, found=found, truncated=truncated, cap=cap)


def with_metrics(net: Network, betweenness: bool = False) -> Network:
    """``net`` with each node's degree and weighted degree in the network, and its
    betweenness if asked (the costly one: about half a second at 300 nodes)."""
    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in net.nodes)
    for e in net.edges:
        if graph.has_edge(e.source, e.target):
            graph[e.source][e.target]["weight"] += e.weight
        else:
            graph.add_edge(e.source, e.target, weight=e.weight)
    between = nx.betweenness_centrality(graph, normalized=True) if betweenness else {}
    strength = dict(graph.degree(weight="weight"))
    nodes = [
        n.model_copy(
            update={
                "degree": graph.degree(n.id),
                "strength": strength[n.id],
                "betweenness": round(between[n.id], 4) if between else None,
            }
        )
        for n in net.nodes
    ]
    return net.model_copy(update={"nodes": nodes})


def _group(node: NetNode, attribute: str, home: str | None) -> tuple[str, str]:
    """(group id, group name) of ``node``: by ``attribute``, or by country when abroad."""
    if home and node.country != home and attribute == "region":
        attribute = "country"
    value = getattr(node, attribute) or "?"
    return f"group:{value}", value


def aggregate(net: Network, attribute: Literal["region", "country", "kind"], home: str | None = None) -> Network:
    """``net`` with its organisations grouped by ``attribute`` and ties summed per pair.

    With ``home`` (a country code) and ``attribute="region"``, organisations of ``home``
    are grouped by region and those abroad by country, which keeps a region's own map
    detailed and its partners readable. Group ids are ``group:<value>``; a tie inside
    one group is dropped.
    """
    group_of = {n.id: _group(n, attribute, home) for n in net.nodes}
    groups: dict[str, NetNode] = {}
    for n in net.nodes:
        gid, value = group_of[n.id]
        current = groups.get(gid)
        groups[gid] = NetNode(
            id=gid,
            name=value,
            type="group",
            kind=n.kind if attribute == "kind" else None,
            country=n.country if attribute != "kind" else None,
            region=value if "-" in value else None,
            members=(current.members + 1) if current else 1,
        )
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for e in net.edges:
        a, b = sorted((group_of[e.source][0], group_of[e.target][0]))
        if a != b:
            weights[(a, b)] += e.weight
    edges = [NetEdge(source=a, target=b, rel="aggregate", weight=w) for (a, b), w in sorted(weights.items())]
    return with_metrics(
        Network(
            nodes=list(groups.values()),
            edges=edges,
            found=net.found,
            truncated=net.truncated,
            aggregated_by=attribute,
            cap=net.cap,
        )
    )


def fit(net: Network, home: str | None = None) -> Network:
    """``net`` if it has at most ``net.cap`` nodes, else aggregated by region (``home``'s
    organisations; see :func:`aggregate`), then by country."""
    if len(net.nodes) > net.cap:
        net = aggregate(net, "region", home)
    if len(net.nodes) > net.cap:
        net = aggregate(net, "country")
    return net
