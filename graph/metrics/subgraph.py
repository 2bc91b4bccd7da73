"""Choosing what to analyse: a validated filter, and the networkx graph it selects.

A :class:`SubgraphFilter` names organisation kinds, countries or regions (a country
includes its subdivisions), Balkan countries only, competences (offered or needed),
projects and a project period; and the projection:

- ``coparticipation``: organisations only, linked when they took part in the same
  project; ``joint_projects`` counts those projects and ``weight`` is that count, or,
  with ``half_life`` (years), the sum of ``0.5 ** (age / half_life)`` so that recent
  projects weigh more (age counted from a project's end to ``until``, or today);
- ``multi``: the multi-type graph of the selected organisations with their projects,
  competences (offers and needs), regions and network memberships.

The period only decides which projects count as ties; the other filters select the
organisations (and, for ``projects``, also the ties). The graph is built while the
rows stream from the store: one row per organisation, never the whole database when a
filter is given. Contact fields are never read.

The filter is read from URL or CLI parameters by :func:`graph.params.parse_params`.

Example:
    >>> from graph.params import parse_params
    >>> flt = parse_params(SubgraphFilter, {"regions": ["RO,BG"], "kinds": ["library"]})
    >>> flt.regions, [k.value for k in flt.kinds]
    (['RO', 'BG'], ['library'])
    >>> G = load_subgraph(store, flt)                      # doctest: +SKIP
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.models import OrgKind, RegionCode, Slug
from graph.store.changes import Topic
from graph.store.driver import Store
from graph.store.queries import query

SELECT_SUBGRAPH = query("metrics/select_subgraph")
SELECT_SUBGRAPH_MULTI = query("metrics/select_subgraph_multi")


class Projection(StrEnum):
    """Which graph the metrics run on."""

    COPARTICIPATION = "coparticipation"
    MULTI = "multi"


class SubgraphFilter(BaseModel):
    """What to analyse; every field is optional (empty selects the whole network)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: list[OrgKind] = Field(default=[], description="organisation kinds")
    regions: list[RegionCode] = Field(
        default=[], description="countries (with their subdivisions) or regions, e.g. RO, RO-TM"
    )
    balkan: bool = Field(default=False, description="only organisations in Balkan countries")
    competences: list[Slug] = Field(default=[], description="organisations offering or needing these")
    projects: list[Slug] = Field(default=[], description="only these projects (and their participants)")
    since: date | None = Field(default=None, description="projects ending on or after this date")
    until: date | None = Field(default=None, description="projects starting on or before this date")
    projection: Projection = Field(default=Projection.COPARTICIPATION, description="coparticipation or multi")
    half_life: float | None = Field(default=None, gt=0, le=100, description="years; weight recent joint projects more")

    @field_validator("regions", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [v.strip().upper() if isinstance(v, str) else v for v in value]
        return value

    @model_validator(mode="after")
    def _period(self) -> SubgraphFilter:
        if self.since and self.until and self.until < self.since:
            raise ValueError(f"until {self.until} is before since {self.since}")
        return self

    @property
    def topics(self) -> frozenset[Topic]:
        """What writes may change the subgraph (graph.store.changes): organisations and their
        ties; offers and needs only when competences select or the multi-type graph shows them
        (an offer edit leaves a region's co-participation metrics alone)."""
        if self.competences or self.projection is Projection.MULTI:
            return frozenset({Topic.ORGS, Topic.TIES, Topic.LINKS})
        return frozenset({Topic.ORGS, Topic.TIES})

    def cypher_params(self) -> dict[str, Any]:
        """The query parameters: an empty list filter becomes null (no filter)."""
        return {
            "kinds": [k.value for k in self.kinds] or None,
            "regions": self.regions or None,
            "balkan": self.balkan,
            "competences": self.competences or None,
            "projects": self.projects or None,
            "since": self.since,
            "until": self.until,
        }

    def as_params(self) -> dict[str, str]:
        """The filter as URL/CLI parameters (lists comma-joined, defaults left out)."""
        out: dict[str, str] = {}
        for name, value in self.model_dump(mode="json", exclude_defaults=True).items():
            if isinstance(value, list):
                out[name] = ",".join(map(str, value))
            elif isinstance(value, bool):
                out[name] = "true" if value else "false"
            else:
                out[name] = str(value)
        return out


# -- building the graph ---------------------------------------------------------------


def load_subgraph(store: Store, flt: SubgraphFilter, today: date | None = None) -> nx.Graph:
    """The undirected graph ``flt`` selects, built while rows stream from the store.

    Nodes carry ``type`` (organisation, project, competence, region), ``label`` and,
    for organisations, ``kind``, ``country`` and ``region``; edges carry ``weight``
    (and ``joint_projects`` in the co-participation projection, ``relation`` in the
    multi-type one; not ``type``, ``start`` or ``end``, which GEXF reserves).
    Organisation nodes are keyed by their id, other nodes by ``type:id`` (ids are
    slugs, which have no ':', so the keys never collide).
    """
    select = SELECT_SUBGRAPH_MULTI if flt.projection is Projection.MULTI else SELECT_SUBGRAPH
    return build_subgraph(flt, store.stream(select, **flt.cypher_params()), today)


def build_subgraph(flt: SubgraphFilter, rows: Iterable[Mapping[str, Any]], today: date | None = None) -> nx.Graph:
    """The graph of ``flt``'s projection built from rows shaped as the store's selection
    (``metrics/select_subgraph``, or ``_multi`` for the multi-type projection) returns them,
    one per selected organisation: :func:`load_subgraph` streams them from the store, the
    metrics benchmark makes them from generated tables."""
    reference = flt.until or today or date.today()
    build = _build_multi if flt.projection is Projection.MULTI else _build_coparticipation
    graph = build(flt, reference, iter(rows))
    graph.graph.update({"projection": flt.projection.value, **flt.as_params()})
    return graph


def _org_node(graph: nx.Graph, row: Mapping[str, Any]) -> None:
    graph.add_node(
        row["id"],
        type="organisation",
        label=row["name"],
        kind=row["kind"],
        country=row["country"],
        region=row["region"],
    )


def _recency(end: date | None, reference: date, half_life: float | None) -> float:
    """A project's weight: 1, or halved every ``half_life`` years since it ended."""
    if half_life is None or end is None:
        return 1.0
    age = max(0.0, (reference - end).days / 365.25)
    return float(0.5 ** (age / half_life))


def _build_coparticipation(flt: SubgraphFilter, reference: date, rows: Iterator[Mapping[str, Any]]) -> nx.Graph:
    graph = nx.Graph()
    members: dict[str, list[str]] = defaultdict(list)
    project_weight: dict[str, float] = {}
    for row in rows:
        _org_node(graph, row)
        for project in row["projects"]:
            members[project["id"]].append(row["id"])
            project_weight[project["id"]] = _recency(project.get("end"), reference, flt.half_life)
    for project_id, orgs in members.items():
        weight = project_weight[project_id]
        for a, b in itertools.combinations(sorted(orgs), 2):
            data = graph.get_edge_data(a, b)
            if data is None:
                graph.add_edge(a, b, joint_projects=1, weight=weight)
            else:
                data["joint_projects"] += 1
                data["weight"] += weight
    if flt.half_life is not None:
        for _, _, data in graph.edges(data=True):
            data["weight"] = round(data["weight"], 6)
    return graph


def _build_multi(flt: SubgraphFilter, reference: date, rows: Iterator[Mapping[str, Any]]) -> nx.Graph:
    graph = nx.Graph()
    memberships: list[tuple[str, str]] = []
    for row in rows:
        org = row["id"]
        _org_node(graph, row)
        for p in row["projects"]:
            key = f"project:{p['id']}"
            graph.add_node(
                key,
                type="project",
                label=p["title"],
                **_present(start_date=_iso(p.get("start")), end_date=_iso(p.get("end"))),
            )
            graph.add_edge(
                org,
                key,
                relation="PARTICIPATED_IN",
                role=p.get("role") or "partner",
                weight=_recency(p.get("end"), reference, flt.half_life),
            )
        for rel, items, strength in (("OFFERS", row["offers"], "level"), ("NEEDS", row["needs"], "priority")):
            for c in items:
                key = f"competence:{c['id']}"
                graph.add_node(key, type="competence", label=c["name"])
                _add_typed_edge(graph, org, key, rel, float(c[strength] or 1))
        for r in row["located_in"]:
            key = f"region:{r['id']}"
            graph.add_node(key, type="region", label=r["name"], country=r["country"])
            graph.add_edge(org, key, relation="LOCATED_IN", weight=1.0)
        memberships.extend((org, network) for network in row["member_of"])
    for org, network in memberships:
        if network in graph:  # a network outside the filter is not drawn
            _add_typed_edge(graph, org, network, "MEMBER_OF", 1.0)
    return graph


def _add_typed_edge(graph: nx.Graph, a: str, b: str, rel: str, weight: float) -> None:
    """Add an edge; a second relationship between the same pair joins its name (A+B)."""
    data = graph.get_edge_data(a, b)
    if data is None:
        graph.add_edge(a, b, relation=rel, weight=weight)
    else:
        data["relation"] = f"{data['relation']}+{rel}"
        data["weight"] += weight


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _present(**values: Any) -> dict[str, Any]:
    """Only the attributes that have a value (GraphML and GEXF have no null)."""
    return {k: v for k, v in values.items() if v is not None}


def organisations(graph: nx.Graph) -> Iterable[str]:
    """The organisation nodes of ``graph`` (all of them in the co-participation projection)."""
    return (n for n, t in graph.nodes(data="type") if t == "organisation")
