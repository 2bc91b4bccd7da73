"""Health checks for load balancers and supervisors: liveness and readiness.

``/healthz`` answers 200 whenever the process serves requests; ``/readyz`` answers 200
only when the graph server is reachable and the schema is in place, 503 otherwise,
both with a JSON body. The reason of a 503 (server address, port, constraint names) is
internal: it goes to the log, never into the answer, which anyone may read.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from app.db import get_store
from graph.store.driver import StoreUnavailable
from graph.store.embedded import EmbeddedServerError
from graph.store.health import missing_constraints

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return jsonify(status="ok")


def _unavailable(reason: str, **state: bool):  # type: ignore[no-untyped-def]
    """A 503 answer saying what is not ready; the reason goes to the log only."""
    current_app.logger.warning("not ready: %s", reason)
    return jsonify(status="unavailable", **state), 503


@bp.get("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    try:
        missing = missing_constraints(get_store())
    except (StoreUnavailable, EmbeddedServerError) as exc:
        return _unavailable(str(exc).splitlines()[0], graph=False)
    if missing:
        return _unavailable("missing constraints: " + ", ".join(missing), graph=True, schema=False)
    return jsonify(status="ready", graph=True, schema=True)
