"""Paths between two organisations, and the brokers (intermediate organisations) on them.

Organisations are connected through joint projects and network memberships; every
shortest path is returned (up to a limit), and each organisation that lies inside a
path is a potential broker for an introduction, ranked by how many paths pass it.

Example:
    >>> result = find_paths(store, "blia", "agenda-21")        # doctest: +SKIP
    >>> [b.id for b in result.brokers][:1]                      # doctest: +SKIP
    ['anbpr']
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from graph.errors import NotFound
from graph.explore.network import NetEdge, NetNode, Network, with_metrics
from graph.models import Slug
from graph.outputs import OutModel, Ref
from graph.store.driver import Store
from graph.store.queries import query

SHORTEST_PATHS = query("paths/shortest_paths")
ORG_EXISTS = query("paths/org_exists")


class PathQuery(BaseModel):
    """``?from=A&to=B``: the two organisations to connect."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    source: Slug = Field(alias="from")
    target: Slug = Field(alias="to")
    limit: int = Field(default=20, ge=1, le=100)


class Step(OutModel):
    id: str
    name: str
    type: str
    kind: str | None = None
    country: str | None = None


class Broker(OutModel):
    """An organisation inside at least one shortest path."""

    id: str
    name: str
    kind: str | None = None
    country: str | None = None
    paths: int


class PathResult(OutModel):
    """The shortest paths; ``hops`` counts the links of each (a project is two links away)."""

    source: Ref
    target: Ref
    hops: int | None
    paths: list[list[Step]]
    brokers: list[Broker]


def find_paths(store: Store, source: str, target: str, limit: int = 20) -> PathResult:
    """Every shortest path (up to ``limit``) from ``source`` to ``target``, with brokers.

    Raises :class:`NotFound` naming the organisation that does not exist.
    """
    known = {row["id"]: row for row in store.read(ORG_EXISTS, ids=[source, target])}
    for org_id in (source, target):
        if org_id not in known:
            raise NotFound(f"no organisation with id {org_id!r}")
    rows = [] if source == target else store.read(SHORTEST_PATHS, source=source, target=target, limit=limit)
    paths = [[Step.model_validate(s) for s in row["steps"]] for row in rows]
    counts: Counter[str] = Counter()
    steps_by_id: dict[str, Step] = {}
    for path in paths:
        for step in path[1:-1]:
            if step.type == "organisation":
                counts[step.id] += 1
                steps_by_id[step.id] = step
    brokers = [
        Broker(id=i, name=steps_by_id[i].name, kind=steps_by_id[i].kind, country=steps_by_id[i].country, paths=n)
        for i, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return PathResult(
        source=Ref.model_validate(known[source]),
        target=Ref.model_validate(known[target]),
        hops=len(paths[0]) - 1 if paths else None,
        paths=paths,
        brokers=brokers,
    )


def path_network(result: PathResult, cap: int) -> Network:
    """The union of the paths as one network of organisations and projects."""
    nodes: dict[str, NetNode] = {}
    edges: dict[tuple[str, str], NetEdge] = {}
    for path in result.paths:
        for step in path:
            nid = f"project:{step.id}" if step.type == "project" else step.id
            nodes.setdefault(
                nid,
                NetNode(
                    id=nid,
                    name=step.name,
                    type=step.type,  # type: ignore[arg-type]
                    kind=step.kind,
                    country=step.country,
                ),
            )
        ids = [f"project:{s.id}" if s.type == "project" else s.id for s in path]
        for a, b in zip(ids, ids[1:], strict=False):
            key = (min(a, b), max(a, b))
            edges.setdefault(key, NetEdge(source=key[0], target=key[1], rel="path"))
    return with_metrics(Network(nodes=list(nodes.values()), edges=list(edges.values()), found=len(nodes), cap=cap))
