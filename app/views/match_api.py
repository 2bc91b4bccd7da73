"""JSON API for matching and consortium building (the pages come later, on top of it).

``GET /api/match/<org_id>`` takes the filters and weights as query parameters
(``kinds=library,ngo&countries=RO,BG&cross_border=1&top=5&w.need=2``);
``POST /api/consortium`` takes a call as a JSON body. Bad input answers 400 with a
message naming the parameter; an unknown organisation answers 404.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from pydantic import ValidationError

from app.db import get_store
from graph.consortium import Call, build
from graph.match_index import MatchIndex
from graph.matching import MatchFilters, Weights, match

bp = Blueprint("match_api", __name__)
LIST_PARAMS = {"kinds", "countries", "regions"}


def _bad_request(exc: ValidationError, prefix: str = ""):  # type: ignore[no-untyped-def]
    err = exc.errors()[0]
    name = prefix + ".".join(str(p) for p in err["loc"])
    return jsonify(error="bad_request", parameter=name, message=f"{name}: {err['msg']}"), 400


@bp.get("/api/match/<org_id>")
def api_match(org_id: str):  # type: ignore[no-untyped-def]
    args = request.args
    filters = {k: (v.replace(",", ";") if k in LIST_PARAMS else v)
               for k, v in args.items() if not k.startswith("w.")}
    weights = {k[2:]: v for k, v in args.items() if k.startswith("w.")}
    try:
        f = MatchFilters.model_validate(filters)
    except ValidationError as exc:
        return _bad_request(exc)
    try:
        w = Weights.model_validate(weights)
    except ValidationError as exc:
        return _bad_request(exc, "w.")
    store = get_store()
    report = match(store, org_id, f, w, index=MatchIndex.current(store))
    return jsonify(report.model_dump(mode="json", by_alias=True))


@bp.post("/api/consortium")
def api_consortium():  # type: ignore[no-untyped-def]
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="bad_request", parameter="body",
                       message="body: a JSON object describing the call is required"), 400
    try:
        call = Call.model_validate(body)
    except ValidationError as exc:
        return _bad_request(exc)
    return jsonify(build(get_store(), call).model_dump(mode="json"))
