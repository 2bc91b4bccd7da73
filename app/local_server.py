"""Serve a PartnerNet app on a free loopback port in a background thread.

For local tools that drive a browser against the app: the browser tests, the screenshot
script and the page benchmarks (production serving is :mod:`app.gunicorn_server`).

Example:
    >>> with serving(app) as base_url:                  # doctest: +SKIP
    ...     urllib.request.urlopen(base_url + "/")
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import make_server


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Run ``app`` under werkzeug's threaded WSGI server on 127.0.0.1; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="partnernet-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
