"""Health checks for load balancers and supervisors: liveness and readiness.

``/healthz`` answers 200 whenever the process serves requests; ``/readyz`` answers 200
only when the graph server is reachable and the schema is in place, 503 otherwise,
both with a JSON body.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.db import get_store
from graph.store.driver import StoreUnavailable
from graph.store.embedded import EmbeddedServerError
from graph.store.health import missing_constraints

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    try:
        missing = missing_constraints(get_store())
    except (StoreUnavailable, EmbeddedServerError) as exc:
        return jsonify(status="unavailable", graph=False, message=str(exc).splitlines()[0]), 503
    if missing:
        return jsonify(
            status="unavailable",
            graph=True,
            schema=False,
            message="missing constraints: " + ", ".join(missing),
        ), 503
    return jsonify(status="ready", graph=True, schema=True)
