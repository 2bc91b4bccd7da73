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

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from pydantic import BaseModel, field_validator

from app.db import get_store
from app.errors import error_response
from app.fragments import fragment
from app.params import PAGE_PARAMS, Resolved, parse_args, query_params
from app.picking import Pick, form_status, pick_each, unresolved
from app.render import wants_json
from graph.explore.suggest import PickKind
from graph.metrics.compute import (
    METRICS,
    SORT_COLUMNS,
    MetricOptions,
    MetricsReport,
    network_metrics,
    sort_rows,
)
from graph.metrics.subgraph import Projection, SubgraphFilter
from graph.models import OrgKind
from graph.params import BadParameter, param_names, reject_unknown
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


class SortOrder(BaseModel):
    """The page's ``?sort=``: a column, with a leading '-' for descending."""

    sort: str = DEFAULT_SORT

    @field_validator("sort")
    @classmethod
    def _column(cls, value: str) -> str:
        if value.removeprefix("-") not in SORT_COLUMNS:
            raise ValueError(
                f"must be one of {', '.join(SORT_COLUMNS)}, with a leading '-' for descending (got {value!r})"
            )
        return value


def _compute(
    own: frozenset[str] = PAGE_PARAMS, resolved: Resolved | None = None
) -> tuple[SubgraphFilter, MetricOptions, Any, MetricsReport]:
    """The filter, options, subgraph and report the URL asks for; parameters in
    ``own`` are the view's own, any other unknown one is refused; ``resolved`` holds the
    ids of the fields the page named by name."""
    reject_unknown(query_params(), param_names(SubgraphFilter) | param_names(MetricOptions) | own)
    flt, options = parse_args(SubgraphFilter, resolved=resolved), parse_args(MetricOptions)
    graph, report = network_metrics(get_store(), flt, options)
    return flt, options, graph, report


def _format(allowed: tuple[str, ...], default: str) -> str:
    fmt = request.args.get("format", default)
    if fmt not in allowed:
        raise BadParameter("format", f"must be one of {', '.join(allowed)} (got {fmt!r})")
    return fmt


def _download(fmt: str, name: str, write: Any) -> Response:
    buffer = io.BytesIO()
    write(buffer)
    return Response(
        buffer.getvalue(),
        mimetype=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@bp.errorhandler(BadParameter)
def bad_filter(exc: BadParameter) -> ResponseReturnValue:
    """The page shows the refused filter above its form; programs get the JSON error."""
    if wants_json():
        return error_response(400, str(exc), exc.parameter)
    fields = _named_fields()[1]
    return render_template("metrics.html", error=exc, report=None, form=request.args, **fields, **_choices()), 400


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


# The page's fields that name nodes by name, commas between several (the API takes ids and codes).
NAMED = {"regions": PickKind.REGION, "competences": PickKind.COMPETENCE, "projects": PickKind.PROJECT}


def _named_fields() -> tuple[Resolved, dict[str, Pick]]:
    """The page's regions, competences and projects named by name: the ids of the names
    resolved, and the fields to show again (``regions_field``...)."""
    named = {param: pick_each(param, kind) for param, kind in NAMED.items()}
    ids: Resolved = {param: [p.id for p in picks if p.id] for param, (picks, _) in named.items()}
    return ids, {f"{param}_field": field for param, (_, field) in named.items()}


def _choices() -> dict[str, Any]:
    """The page's choices, the metrics with their titles and explanations in its language."""
    metrics = [m._replace(title=gettext(m.title), broker=gettext(m.broker)) for m in METRICS]
    return {"kinds": [k.value for k in OrgKind], "projections": [p.value for p in Projection], "metrics": metrics}


@bp.get("/metrics")
def page() -> ResponseReturnValue:
    """The table; its regions, competences and projects are named by name (commas between several)."""
    asked = parse_args(SortOrder).sort
    column, descending = asked.removeprefix("-"), asked.startswith("-")
    resolved, fields = _named_fields()
    if problems := unresolved(*fields.values()):
        page = render_template("metrics.html", error=None, report=None, form=request.args, **fields, **_choices())
        return page, form_status(problems)
    flt, options, _, report = _compute(PAGE_PARAMS | {"sort"}, resolved)
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
        **fields,
        **_choices(),
    )
