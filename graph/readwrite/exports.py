"""Writing metrics tables and graphs for spreadsheets, notebooks and Gephi.

Metrics: CSV (one row per node) or JSON (info, the column legend, rows, community and
country summaries). Graphs: GraphML and GEXF (kind, country, region and every
computed metric as node attributes; Gephi opens both), a Gephi edge list CSV
(``Source,Target,Weight,Type``) and node-link JSON (``nodes`` and ``links``).

GEXF files carry Gephi's visual attributes (``viz:color`` by kind, ``viz:size`` by
degree, ``viz:position`` when the nodes have a layout), so Gephi opens them coloured.
:class:`DrawnView` is a view as the web explorer drew it (its nodes' colours, sizes and
positions), which :func:`drawn_graph` turns into a graph to write the same way.

Contact fields (:data:`graph.models.CONTACT_FIELDS`) never appear in any export: the
selection query does not read them, and every attribute passes through
:func:`public_attributes` on the way out as well.

Example:
    >>> with open("network.gexf", "wb") as out:                   # doctest: +SKIP
    ...     write_graph(graph, report, "gexf", out)
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Annotated, Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from graph.metrics.compute import METRICS, MetricsReport, NodeMetrics
from graph.models import CONTACT_FIELDS
from graph.palette import kind_colour, rgb
from graph.readwrite import graphfiles
from graph.readwrite.csvfile import write_dicts, write_rows

METRICS_FORMATS = ("csv", "json")
GRAPH_FORMATS = ("graphml", "gexf", "csv", "json")
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}
# Node attributes that describe the node rather than measure it (already on the graph).
_DESCRIPTIVE = {"id", "label", "type", "kind", "country", "region"}


def public_attributes(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """``attrs`` without contact fields and without empty values (GraphML has no null)."""
    return {k: v for k, v in attrs.items() if k not in CONTACT_FIELDS and v is not None}


@contextmanager
def _text(out: IO[bytes]) -> Iterator[IO[str]]:
    """A UTF-8 text view of a binary stream, detached (not closed) afterwards."""
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def write_metrics(report: MetricsReport, fmt: str, out: IO[bytes]) -> None:
    """Write the metrics table as ``csv`` or ``json`` to the binary stream ``out``."""
    if fmt not in METRICS_FORMATS:
        raise ValueError(f"format: must be one of {', '.join(METRICS_FORMATS)} (got {fmt!r})")
    with _text(out) as text:
        if fmt == "csv":
            write_dicts(
                text, list(NodeMetrics.model_fields), (public_attributes(row.model_dump()) for row in report.nodes)
            )
        else:
            payload = report.model_dump(mode="json")
            payload["columns"] = [m._asdict() for m in METRICS]
            payload["nodes"] = [public_attributes(row) for row in payload["nodes"]]
            text.write(json.dumps(payload, ensure_ascii=False))


def annotated(graph: nx.Graph, report: MetricsReport | None = None) -> nx.Graph:
    """A copy of ``graph`` with public attributes only, and the metrics on its nodes."""
    metrics = {row.id: row for row in report.nodes} if report else {}
    out = nx.Graph()
    out.graph.update(public_attributes(graph.graph))
    for node, data in graph.nodes(data=True):
        attrs = public_attributes(data)
        row = metrics.get(str(node))
        if row is not None:
            attrs.update(public_attributes({k: v for k, v in row.model_dump().items() if k not in _DESCRIPTIVE}))
        out.add_node(node, **attrs)
    out.add_edges_from((a, b, public_attributes(d)) for a, b, d in graph.edges(data=True))
    return out


Text = Annotated[str, StringConstraints(max_length=300)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
Coordinate = Annotated[float, Field(allow_inf_nan=False, ge=-1e7, le=1e7)]


class DrawnNode(BaseModel):
    """A node as the explorer drew it: what it is, and its colour, size and position."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Text
    label: Text
    type: Text = "organisation"
    kind: Text | None = None
    country: Text | None = None
    region: Text | None = None
    colour: Colour | None = None
    size: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)] | None = None
    x: Coordinate | None = None
    y: Coordinate | None = None


class DrawnEdge(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    source: Text
    target: Text
    rel: Text
    weight: Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)] = 1


class DrawnView(BaseModel):
    """The current view of the explorer (at most 5,000 nodes and 50,000 ties)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    nodes: Annotated[list[DrawnNode], Field(max_length=5000)]
    edges: Annotated[list[DrawnEdge], Field(max_length=50_000)] = []


def drawn_graph(view: DrawnView) -> nx.Graph:
    """``view`` as a graph: node attributes as drawn; ties between drawn nodes only."""
    graph = nx.Graph()
    for node in view.nodes:
        graph.add_node(node.id, **node.model_dump(exclude={"id"}, exclude_none=True))
    for edge in view.edges:
        if edge.source in graph and edge.target in graph:
            graph.add_edge(edge.source, edge.target, rel=edge.rel, weight=edge.weight)
    return graph


def with_viz(graph: nx.Graph) -> nx.Graph:
    """``graph`` with Gephi's visual attributes on each node (networkx's ``viz`` key).

    Colour: the node's ``colour`` if drawn, else its kind's; size: as drawn, else grows
    with the square root of the degree; position: the node's ``x`` and ``y`` if it has
    them (a layout), with y turned upwards as Gephi draws it.
    """
    out = nx.Graph()
    out.graph.update(graph.graph)
    for node, data in graph.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k not in ("colour", "size", "x", "y")}
        red, green, blue = rgb(data.get("colour") or kind_colour(data.get("kind") or data.get("type")))
        viz: dict[str, Any] = {
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "size": float(data["size"]) if data.get("size") is not None else 4 + 4 * math.sqrt(graph.degree(node)),
        }
        if data.get("x") is not None and data.get("y") is not None:
            viz["position"] = {"x": float(data["x"]), "y": -float(data["y"]), "z": 0.0}
        out.add_node(node, **attrs, viz=viz)
    out.add_edges_from(graph.edges(data=True))
    return out


def graph_rows(graph: nx.Graph, fmt: str) -> int:
    """How many rows :func:`write_graph` writes as ``fmt``: nodes and edges (the edge list: edges)."""
    return graph.number_of_edges() + (0 if fmt == "csv" else graph.number_of_nodes())


def write_graph(
    graph: nx.Graph,
    report: MetricsReport | None,
    fmt: str,
    out: IO[bytes],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write ``graph`` (with ``report``'s metrics) as graphml, gexf, csv or json.

    ``progress(n)`` hears of the rows written (:func:`graph_rows`), every
    :data:`graphfiles.PROGRESS_EVERY`; node-link JSON is one document, told of at the end.
    """
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"format: must be one of {', '.join(GRAPH_FORMATS)} (got {fmt!r})")
    public = annotated(graph, report)
    with _text(out) as text:
        if fmt == "graphml":
            graphfiles.write_graphml(public, text, progress)
        elif fmt == "gexf":
            graphfiles.write_gexf(with_viz(public), text, progress)
        elif fmt == "csv":
            edges = graphfiles.counted(public.edges(data="weight", default=1.0), progress)
            write_rows(text, ["Source", "Target", "Weight", "Type"], ([a, b, w, "Undirected"] for a, b, w in edges))
        else:
            text.write(json.dumps(nx.node_link_data(public, edges="links"), ensure_ascii=False))
            if progress is not None:
                progress(graph_rows(public, fmt))
