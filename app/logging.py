"""Structured request logs: one JSON line per request on the ``partnernet.requests`` logger.

Each line gives method, route (the URL rule, e.g. ``/orgs/<org_id>``), path, status,
milliseconds, and the process id (which worker of ``partnernet serve`` answered). The
query string is never logged, since it may carry tokens or other secrets; the path is
what the router matched.
"""

from __future__ import annotations

import json
import logging
import os
import time

from flask import Flask, Response, g, request

logger = logging.getLogger("partnernet.requests")


def init_app(app: Flask) -> None:
    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        started = g.get("request_started")
        elapsed = (time.perf_counter() - started) * 1000 if started is not None else None
        logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "route": request.url_rule.rule if request.url_rule is not None else None,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round(elapsed, 1) if elapsed is not None else None,
                    "pid": os.getpid(),
                }
            )
        )
        return response


def configure() -> None:
    """Print request lines on stderr (for ``partnernet serve``)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logger.setLevel(logging.INFO)
