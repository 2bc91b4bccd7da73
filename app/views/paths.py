"""Paths between two organisations and the brokers on them (page and /api/ twin)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request
from werkzeug.wrappers import Response

from app.db import get_store
from app.network_view import explorer_data
from app.params import parse_args
from app.render import requested_format, respond
from graph.explore.paths import PathQuery, find_paths, path_network
from graph.params import BadParameter

bp = Blueprint("paths", __name__)


@bp.get("/api/path")
@bp.get("/path")
def path() -> Response | str:
    if requested_format() == "html" and not (request.args.get("from") and request.args.get("to")):
        # The form, prefilled with whichever end is given (profiles link "from here").
        return render_template("paths/path.html", data=None, asked={})
    asked = parse_args(PathQuery)
    if asked.source == asked.target:
        raise BadParameter("to", "must name another organisation than 'from'")
    result = find_paths(get_store(), asked.source, asked.target, asked.limit)
    context: dict[str, Any] = {"asked": {"from": asked.source, "to": asked.target}}
    if requested_format() == "html" and result.paths:
        net = path_network(result, current_app.config["NODE_CAP"])
        context.update(explorer=explorer_data(net, focus=asked.source), network=net)
    return respond("paths/path.html", result, rows=result.brokers, filename="brokers.csv", **context)
