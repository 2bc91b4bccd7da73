"""Errors, one shape: a friendly HTML page, or for programs ONE JSON body.

Every error a program gets (an ``/api/`` path or ``?format=json``, see
:func:`app.render.wants_json`) is::

    {"error": "<code>", "message": "<a sentence>", "parameter": "<name>"?, "fields": {...}?}

``error`` is the HTTP status's name in snake case (``bad_request``, ``unauthorized``,
``forbidden``, ``not_found``, ``method_not_allowed``, ``request_entity_too_large``,
``service_unavailable``...); ``parameter`` names the query parameter, path segment
or body field at fault; ``fields`` maps each refused field of a body to its message.
Pages get ``error.html`` with the message. Never a stack trace.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, make_response, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.render import json_response, wants_json
from graph.errors import NotFound
from graph.params import BadParameter
from graph.store.driver import StoreUnavailable

UNAVAILABLE = _l("The partner network database is not reachable right now. Please try again in a minute.")


def error_response(
    status: int,
    message: str,
    parameter: str | None = None,
    fields: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> ResponseReturnValue:
    """The answer to a refused request: JSON for programs, the error page for people.

    ``extra`` adds what a program needs to act on this refusal (a 409's current version
    and what changed meanwhile) beside the shape's keys."""
    if wants_json():
        body: dict[str, Any] = {
            "error": HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_"),
            "message": message,
        }
        if parameter is not None:
            body["parameter"] = parameter
        if fields:
            body["fields"] = fields
        body |= extra or {}
        return json_response(body, status)
    return render_template("error.html", code=status, message=message), status


def invalid_body(fields: dict[str, str]) -> ResponseReturnValue:
    """400 for a JSON body with refused fields: each field's message, the first one named."""
    first, message = next(iter(fields.items()))
    return error_response(400, f"invalid field {first!r}: {message}", first, fields)


def init_app(app: Flask) -> None:
    """Answer every error through :func:`error_response`."""

    @app.errorhandler(BadParameter)
    def bad_parameter(exc: BadParameter) -> ResponseReturnValue:
        return error_response(400, str(exc), exc.parameter)

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound) -> ResponseReturnValue:
        return error_response(404, str(exc))

    @app.errorhandler(StoreUnavailable)
    def unavailable(exc: StoreUnavailable) -> ResponseReturnValue:
        app.logger.warning("graph unavailable: %s", exc)
        return error_response(503, str(UNAVAILABLE))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> ResponseReturnValue:
        response = make_response(error_response(exc.code or 500, exc.description or "Something went wrong."))
        for name, value in exc.get_headers():  # Allow (405), Retry-After, ...
            if name.lower() != "content-type":
                response.headers[name] = value
        return response
