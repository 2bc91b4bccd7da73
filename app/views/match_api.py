"""JSON API for matching and consortium building (the pages are in app/views/match_pages.py).

``GET /api/match/<org_id>`` takes the filters and weights as query parameters
(``kinds=library,ngo&countries=RO,BG&cross_border=1&top=5&w.need=2``, read by
:func:`app.params.match_args`); ``POST /api/consortium`` takes a call as a JSON body. Bad
input answers 400 naming the parameter or field (:mod:`app.errors`); an unknown
organisation 404.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from pydantic import ValidationError

from app.db import get_store
from app.errors import invalid_body
from app.params import match_args
from app.render import respond
from graph.matching.consortium import Call, build
from graph.matching.index import MatchIndex
from graph.matching.match import match
from graph.params import BadParameter

bp = Blueprint("match_api", __name__)


@bp.get("/api/match/<org_id>")
def api_match(org_id: str) -> ResponseReturnValue:
    filters, weights = match_args()
    store = get_store()
    return respond(None, match(store, org_id, filters, weights, index=MatchIndex.current(store)))


@bp.post("/api/consortium")
def api_consortium() -> ResponseReturnValue:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadParameter("body", "a JSON object describing the call is required")
    try:
        call = Call.model_validate(body)
    except ValidationError as exc:
        return invalid_body({".".join(str(p) for p in e["loc"]) or "body": e["msg"] for e in exc.errors()})
    return respond(None, build(get_store(), call))
