"""JSON API for matching and consortium building (the pages are in app/views/match_pages.py).

``GET /api/match/<org_id>`` takes the filters and weights as query parameters
(``kinds=library,ngo&countries=RO,BG&cross_border=1&top=5&w.need=2``, parsed by
:mod:`app.match_params`); ``POST /api/consortium`` takes a call as a JSON body. Bad
input answers 400 with a message naming the parameter; an unknown organisation 404.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from pydantic import ValidationError

from app.db import get_store
from app.match_params import BadParameter, match_args
from graph.matching.consortium import Call, build
from graph.matching.index import MatchIndex
from graph.matching.match import match
from graph.matching.model import MatchReport

bp = Blueprint("match_api", __name__)


def _bad_request(parameter: str, message: str):  # type: ignore[no-untyped-def]
    return jsonify(error="bad_request", parameter=parameter, message=f"{parameter}: {message}"), 400


def report_json(report: MatchReport) -> Response:
    """A match report as the API gives it ("from" keys in introducer paths)."""
    return jsonify(report.model_dump(mode="json", by_alias=True))


@bp.get("/api/match/<org_id>")
def api_match(org_id: str):  # type: ignore[no-untyped-def]
    try:
        filters, weights = match_args(request.args)
    except BadParameter as exc:
        return _bad_request(exc.parameter, exc.message)
    store = get_store()
    return report_json(match(store, org_id, filters, weights, index=MatchIndex.current(store)))


@bp.post("/api/consortium")
def api_consortium():  # type: ignore[no-untyped-def]
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _bad_request("body", "a JSON object describing the call is required")
    try:
        call = Call.model_validate(body)
    except ValidationError as exc:
        err = exc.errors()[0]
        return _bad_request(".".join(str(p) for p in err["loc"]), err["msg"])
    return jsonify(build(get_store(), call).model_dump(mode="json"))
