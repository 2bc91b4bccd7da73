"""The metrics page and its API: ``/metrics``, ``/api/metrics`` and ``/api/export``.

Filters and metric options travel in the URL (the same names as the CLI options and
the fields of :class:`graph.subgraph.SubgraphFilter` and
:class:`graph.metrics.MetricOptions`), so a view can be bookmarked; a bad one gives
400 naming the parameter.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from app.db import get_store
from graph.exports import (
    GRAPH_FORMATS,
    MEDIA_TYPES,
    METRICS_FORMATS,
    write_graph,
    write_metrics,
)
from graph.metrics import METRICS, MetricOptions, MetricsReport, network_metrics
from graph.models import OrgKind
from graph.subgraph import (
    FilterError,
    Projection,
    SubgraphFilter,
    parse_params,
    reject_unknown,
)

bp = Blueprint("metrics_api", __name__)

PAGE_ROWS = 500  # rows shown on the page; downloads have them all
_CONTROL = ("format", "lang")


def _compute() -> tuple[SubgraphFilter, MetricOptions, Any, MetricsReport]:
    params = {k: request.args.getlist(k) for k in request.args if k not in _CONTROL}
    reject_unknown(params, (SubgraphFilter, MetricOptions))
    flt = parse_params(SubgraphFilter, params)
    options = parse_params(MetricOptions, params)
    graph, report = network_metrics(get_store(), flt, options)
    return flt, options, graph, report


def _format(allowed: tuple[str, ...], default: str) -> str:
    fmt = request.args.get("format", default)
    if fmt not in allowed:
        raise FilterError("format", f"must be one of {', '.join(allowed)} (got {fmt!r})")
    return fmt


def _download(fmt: str, name: str, write: Any) -> Response:
    buffer = io.BytesIO()
    write(buffer)
    return Response(buffer.getvalue(), mimetype=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


@bp.errorhandler(FilterError)
def bad_filter(exc: FilterError):  # type: ignore[no-untyped-def]
    if request.path.startswith("/api/"):
        return jsonify(error="bad_request", parameter=exc.parameter, message=str(exc)), 400
    return render_template("metrics.html", error=exc, report=None, form=request.args,
                           **_choices()), 400


@bp.get("/api/metrics")
def api_metrics() -> Response:
    fmt = _format(METRICS_FORMATS, "json")
    _, _, _, report = _compute()
    return _download(fmt, "partnernet-metrics", lambda out: write_metrics(report, fmt, out))


@bp.get("/api/export")
def api_export() -> Response:
    fmt = _format(GRAPH_FORMATS, "graphml")
    _, _, graph, report = _compute()
    suffix = "edges" if fmt == "csv" else "network"
    return _download(fmt, f"partnernet-{suffix}", lambda out: write_graph(graph, report, fmt, out))


def _choices() -> dict[str, Any]:
    return {"kinds": [k.value for k in OrgKind], "projections": [p.value for p in Projection],
            "metrics": METRICS}


@bp.get("/metrics")
def page() -> str:
    flt, options, _, report = _compute()
    query = {**flt.as_params(),
             **{k: str(v) for k, v in options.model_dump(exclude_defaults=True).items()}}
    return render_template(
        "metrics.html", report=report, rows=report.nodes[:PAGE_ROWS], form=request.args,
        query=query, error=None, graph_formats=GRAPH_FORMATS, **_choices())
