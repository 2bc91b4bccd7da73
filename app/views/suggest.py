"""``/api/suggest``: the autocomplete of every field that names a node."""

from __future__ import annotations

from flask import Blueprint, abort, request
from werkzeug.wrappers import Response

from app.db import get_store
from app.render import json_response
from graph.explore.suggest import PickKind, suggest

bp = Blueprint("suggest", __name__)


@bp.get("/api/suggest")
def api_suggest() -> Response:
    """``?type=org|project|competence|region&q=text``: up to ten nodes by name, best first."""
    asked = request.args.get("type", "")
    try:
        kind = PickKind(asked)
    except ValueError:
        abort(400, description=f"parameter 'type' must be one of {', '.join(PickKind)} (got {asked!r})")
    text = request.args.get("q", "")
    if len(text) > 200:
        abort(400, description="parameter 'q' is longer than 200 characters")
    choices = suggest(get_store(), kind, text)
    return json_response({"type": kind.value, "q": text, "choices": [c.model_dump() for c in choices]})
