"""PartnerNet's web front end: the Flask application factory.

Example:
    >>> app = create_app(store=store)             # doctest: +SKIP
    >>> app.test_client().get("/").status_code    # doctest: +SKIP
    200
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from app import db, errors
from app.views import home
from graph.config import Settings
from graph.store import Store


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    config: dict[str, Any] | None = None,
) -> Flask:
    """Build the app: settings from the environment unless given, then ``config`` on top.

    Pass ``store`` to share an open store (tests do); otherwise the app opens one on
    first use and keeps it for its lifetime.
    """
    app = Flask(__name__)
    settings = settings or Settings.from_env()
    app.config.from_mapping(
        PARTNERNET_SETTINGS=settings,
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
    )
    if config:
        app.config.update(config)
    db.init_app(app, store)
    errors.init_app(app)
    app.register_blueprint(home.bp)
    return app
