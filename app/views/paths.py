"""Paths between two organisations and the brokers on them (page and /api/ twin)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue

from app.db import get_store
from app.network_view import explorer_data
from app.params import parse_args
from app.picking import abort_unresolved, form_status, pick, unresolved
from app.render import requested_format, respond
from graph.explore.paths import PathQuery, find_paths, path_network
from graph.explore.suggest import PickKind
from graph.params import BadParameter

bp = Blueprint("paths", __name__)


@bp.get("/api/path")
@bp.get("/path")
def path() -> ResponseReturnValue:
    """``?from=A&to=B``, each an organisation's name (or id); an ambiguous name is asked back."""
    both = bool(request.args.get("from") and request.args.get("to"))
    html = requested_format() == "html"
    required = both or not html
    source, target = pick("from", PickKind.ORG, required), pick("to", PickKind.ORG, required)
    problems = unresolved(source, target)
    if not html:
        abort_unresolved(problems)
    elif problems or not both:
        # The form, prefilled with whichever end is given (profiles link "from here").
        return render_template("paths/path.html", data=None, source=source, target=target), form_status(problems)
    asked = parse_args(PathQuery, resolved={"from": source.id, "to": target.id})
    if asked.source == asked.target:
        raise BadParameter("to", "must name another organisation than 'from'")
    result = find_paths(get_store(), asked.source, asked.target, asked.limit)
    context: dict[str, Any] = {"source": source, "target": target}
    if html and result.paths:
        net = path_network(result, current_app.config["NODE_CAP"])
        context.update(explorer=explorer_data(net, focus=asked.source), network=net)
    return respond("paths/path.html", result, rows=result.brokers, filename="brokers.csv", **context)
