"""The metrics page and its API: ``/metrics``, ``/api/metrics`` and ``/api/export``.

Filters and metric options travel in the URL (the same names as the CLI options and
the fields of :class:`graph.metrics.subgraph.SubgraphFilter` and
:class:`graph.metrics.compute.MetricOptions`), so a view can be bookmarked; a bad one gives
400 naming the parameter.

The page shows the first :data:`PAGE_ROWS` rows in the order ``?sort=`` asks for (a
column; ``-column`` for descending), sorted over all rows on the server, so sorting by a
column shows its real top. The table's rows are rendered once per computed report and
order (:mod:`app.fragments`): at 50,000 organisations they were most of the page's CPU.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from app.db import get_store
from app.fragments import fragment
from graph.metrics.compute import (
    METRICS,
    SORT_COLUMNS,
    MetricOptions,
    MetricsReport,
    network_metrics,
    sort_rows,
)
from graph.metrics.subgraph import (
    FilterError,
    Projection,
    SubgraphFilter,
    parse_params,
    reject_unknown,
)
from graph.models import OrgKind
from graph.readwrite.exports import (
    GRAPH_FORMATS,
    MEDIA_TYPES,
    METRICS_FORMATS,
    write_graph,
    write_metrics,
)

bp = Blueprint("metrics_api", __name__)

PAGE_ROWS = 200  # rows shown on the page; downloads have them all
DEFAULT_SORT = "-betweenness"  # the report's own order
_CONTROL = ("format", "lang")


def _compute(
    control: tuple[str, ...] = _CONTROL,
) -> tuple[SubgraphFilter, MetricOptions, Any, MetricsReport]:
    """The filter, options, subgraph and report the URL asks for; parameters in
    ``control`` are the view's own, any other unknown one is refused."""
    params = {k: request.args.getlist(k) for k in request.args if k not in control}
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
    return Response(
        buffer.getvalue(),
        mimetype=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@bp.errorhandler(FilterError)
def bad_filter(exc: FilterError):  # type: ignore[no-untyped-def]
    if request.path.startswith("/api/"):
        return jsonify(error="bad_request", parameter=exc.parameter, message=str(exc)), 400
    return render_template("metrics.html", error=exc, report=None, form=request.args, **_choices()), 400


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
    return {"kinds": [k.value for k in OrgKind], "projections": [p.value for p in Projection], "metrics": METRICS}


def _sort() -> tuple[str, bool]:
    """(column, descending) from ``?sort=``; FilterError names the parameter."""
    asked = request.args.get("sort", DEFAULT_SORT)
    column = asked.removeprefix("-")
    if column not in SORT_COLUMNS:
        raise FilterError(
            "sort", f"must be one of {', '.join(SORT_COLUMNS)}, with a leading '-' for descending (got {asked!r})"
        )
    return column, asked.startswith("-")


@bp.get("/metrics")
def page() -> str:
    column, descending = _sort()
    flt, options, _, report = _compute((*_CONTROL, "sort"))
    query = {**flt.as_params(), **{k: str(v) for k, v in options.model_dump(exclude_defaults=True).items()}}
    rows = fragment(
        report,
        "_metrics_rows.html",
        lambda: {
            "rows": sort_rows(report.nodes, column, descending)[:PAGE_ROWS],
            "metrics": METRICS,
        },
        column,
        descending,
    )
    return render_template(
        "metrics.html",
        report=report,
        rows=rows,
        shown=min(PAGE_ROWS, len(report.nodes)),
        sort=("-" if descending else "") + column,
        sort_column=column,
        form=request.args,
        query=query,
        error=None,
        graph_formats=GRAPH_FORMATS,
        **_choices(),
    )
