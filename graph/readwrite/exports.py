"""Writing metrics tables and graphs for spreadsheets, notebooks and Gephi.

Metrics: CSV (one row per node) or JSON (info, the column legend, rows, community and
country summaries). Graphs: GraphML and GEXF (kind, country, region and every
computed metric as node attributes; Gephi opens both), a Gephi edge list CSV
(``Source,Target,Weight,Type``) and node-link JSON (``nodes`` and ``links``).

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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any

import networkx as nx

from graph.metrics.compute import METRICS, MetricsReport, NodeMetrics
from graph.models import CONTACT_FIELDS
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


def write_graph(graph: nx.Graph, report: MetricsReport | None, fmt: str, out: IO[bytes]) -> None:
    """Write ``graph`` (with ``report``'s metrics) as graphml, gexf, csv or json."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"format: must be one of {', '.join(GRAPH_FORMATS)} (got {fmt!r})")
    public = annotated(graph, report)
    with _text(out) as text:
        if fmt == "graphml":
            graphfiles.write_graphml(public, text)
        elif fmt == "gexf":
            graphfiles.write_gexf(public, text)
        elif fmt == "csv":
            edges = public.edges(data="weight", default=1.0)
            write_rows(text, ["Source", "Target", "Weight", "Type"], ([a, b, w, "Undirected"] for a, b, w in edges))
        else:
            text.write(json.dumps(nx.node_link_data(public, edges="links"), ensure_ascii=False))
