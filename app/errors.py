"""Error pages: 404 for what does not exist, 503 when the graph server is unreachable.

API requests (paths under ``/api/``) get JSON bodies; pages get friendly HTML. Never a
stack trace.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graph.errors import NotFound
from graph.store.driver import StoreUnavailable


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(StoreUnavailable)
    def unavailable(exc: StoreUnavailable):  # type: ignore[no-untyped-def]
        app.logger.warning("graph unavailable: %s", exc)
        message = "The partner network database is not reachable right now. Please try again in a minute."
        if _wants_json():
            return jsonify(error="service_unavailable", message=message), 503
        return render_template("error.html", code=503, message=message), 503

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound):  # type: ignore[no-untyped-def]
        if _wants_json():
            return jsonify(error="not_found", message=str(exc)), 404
        return render_template("error.html", code=404, message=str(exc)), 404

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        if _wants_json():
            return jsonify(error=exc.name.lower().replace(" ", "_"), message=exc.description), exc.code
        return render_template("error.html", code=exc.code, message=exc.description), exc.code
